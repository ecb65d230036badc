/* The draft form: the hints of a motion (议案) or a suggestion (建议) follow the kind chosen. */
document.addEventListener("DOMContentLoaded", function () {
  var kind = document.getElementById("id_kind");
  function show() {
    var motion = kind && kind.value === "motion";
    document.querySelectorAll(".only-motion").forEach(function (el) { el.hidden = !motion; });
    document.querySelectorAll(".only-suggestion").forEach(function (el) { el.hidden = motion; });
  }
  if (kind) { kind.addEventListener("change", show); show(); }
});
