/* Site-wide behaviour. A region that scrolls (a wide or tall table) can be reached and scrolled with the
   keyboard: it gets tabindex="0" and a name (WCAG 2.1.1; axe-core's scrollable-region-focusable). */
(function () {
  function reachScrollers(root) {
    (root || document).querySelectorAll(".table-responsive, [data-scrolls]").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        if (!el.hasAttribute("role")) { el.setAttribute("role", "region"); }
        if (!el.hasAttribute("aria-label")) {
          var caption = el.querySelector("caption, [data-label]");
          var heading = el.closest("section, .card, div") && el.previousElementSibling;
          var name = (caption && caption.textContent) || (heading && heading.textContent) || document.title;
          el.setAttribute("aria-label", name.trim().slice(0, 80));
        }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { reachScrollers(document); });
  window.addEventListener("resize", function () { reachScrollers(document); });
  document.addEventListener("htmx:afterSettle", function (e) { reachScrollers(e.target); });
})();

/* Batch forms: a checkbox with data-check-all="<form id>" ticks or clears every enabled checkbox of that
   form whose name is its data-check-name; a counter [data-check-count="<form id>"] shows how many are
   ticked, and the form's submit buttons stay disabled while none is. */
(function () {
  function boxes(formId, name) {
    return Array.prototype.filter.call(
      document.querySelectorAll('input[type=checkbox][name="' + name + '"]'),
      function (b) { return (b.form && b.form.id === formId) && !b.disabled; });
  }
  function refresh(formId, name) {
    var n = boxes(formId, name).filter(function (b) { return b.checked; }).length;
    document.querySelectorAll('[data-check-count="' + formId + '"]').forEach(function (el) { el.textContent = n; });
    var form = document.getElementById(formId);
    if (form) {
      form.querySelectorAll("[data-needs-check]").forEach(function (btn) { btn.disabled = n === 0; });
    }
  }
  function refreshAll() {
    document.querySelectorAll("[data-check-all]").forEach(function (t) {
      refresh(t.getAttribute("data-check-all"), t.getAttribute("data-check-name"));
    });
  }
  document.addEventListener("DOMContentLoaded", refreshAll);
  document.addEventListener("htmx:afterSettle", refreshAll);
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches && t.matches("[data-check-all]")) {
      var formId = t.getAttribute("data-check-all"), name = t.getAttribute("data-check-name");
      boxes(formId, name).forEach(function (b) { b.checked = t.checked; });
      refresh(formId, name);
    } else if (t.matches && t.matches("input[type=checkbox]") && t.form && t.form.hasAttribute("data-batch")) {
      refresh(t.form.id, t.name);
    }
  });
})();

/* Behaviour wired by data attributes, never by inline handlers (the Content-Security-Policy allows no
   onclick="…", no hx-on, no inline <script>):
   - data-autosubmit on a select: choosing a value submits its form (the language switch, the settings' term);
   - data-confirm="question" on a form (on submit) or a button (on click): asks first, stops when refused;
   - data-enter-triggers="event" on an input: Enter fires that htmx event on it instead of submitting the form;
   - data-move-when-checked="<id>" on a checkbox: once ticked, its .form-check moves into that container;
   - data-reset-after-request="<selector>" on an htmx form: after each request the form is cleared and the
     field the selector names gets the focus again (the check-in desk's card reader);
   - data-print on a button: prints the page (the recovery codes). */
(function () {
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t.matches) { return; }
    if (t.matches("select[data-autosubmit]") && t.form) {
      t.form.submit();
    } else if (t.matches("input[type=checkbox][data-move-when-checked]") && t.checked) {
      var box = document.getElementById(t.getAttribute("data-move-when-checked"));
      var row = t.closest(".form-check");
      if (box && row) { box.appendChild(row); }
    }
  });
  // capture phase: asked before htmx or the browser act on the submit or click
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-confirm], a[data-confirm], input[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("button[data-print]")) { window.print(); }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "Enter" && t.matches && t.matches("[data-enter-triggers]") && window.htmx) {
      e.preventDefault();
      window.htmx.trigger(t, t.getAttribute("data-enter-triggers"));
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.target.closest && e.target.closest("form[data-reset-after-request]");
    if (!form) { return; }
    form.reset();
    var field = form.querySelector(form.getAttribute("data-reset-after-request"));
    if (field) { field.focus(); }
  });
})();
