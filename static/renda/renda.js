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
