/* 采纳 (routing proposal): fill the assign form's lead unit; the staff member still submits or changes it */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-routing-accept]");
  if (!button) return;
  var value = button.getAttribute("data-routing-accept");
  var lead = document.getElementById("id_assign-lead_unit_ids");
  var co = document.getElementById("id_assign-co_unit_ids");
  if (!lead) return;
  Array.prototype.forEach.call(lead.options, function (o) { o.selected = o.value === value; });
  if (co) Array.prototype.forEach.call(co.options, function (o) { if (o.value === value) o.selected = false; });
  lead.dispatchEvent(new Event("change", { bubbles: true }));
  document.querySelectorAll("[data-routing-accept]").forEach(function (b) {
    b.classList.toggle("active", b === button);
    b.setAttribute("aria-pressed", b === button ? "true" : "false");
  });
});
