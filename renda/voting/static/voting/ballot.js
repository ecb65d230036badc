// Election ballots on the deputy's phone: never mark more persons than seats (赞成 + 另选他人).
// The server counts an over-marked ballot invalid anyway; this only keeps a deputy from doing it by mistake.
(function () {
  "use strict";
  function chosen(form) {
    var yes = form.querySelectorAll('input[type=radio][value="yes"]:checked').length;
    var written = Array.prototype.filter.call(form.querySelectorAll("input.write-in"), function (i) {
      return i.value.trim() !== "";
    }).length;
    return yes + written;
  }
  function check(form, changed) {
    var seats = parseInt(form.dataset.seats, 10) || 1;
    var over = chosen(form) > seats;
    if (over && changed && changed.type === "radio") {
      changed.checked = false; // refuse the extra 赞成
      over = chosen(form) > seats;
      form.querySelector(".over-warning").classList.remove("d-none");
    } else {
      form.querySelector(".over-warning").classList.toggle("d-none", !over);
    }
    form.querySelector("button[data-testid=vote-submit]").disabled = over;
  }
  function init(form) {
    form.addEventListener("change", function (e) { check(form, e.target); });
    form.addEventListener("input", function (e) {
      if (e.target.classList.contains("write-in")) { check(form, e.target); }
    });
    form.addEventListener("submit", function (e) {
      if (chosen(form) > (parseInt(form.dataset.seats, 10) || 1)) { e.preventDefault(); check(form, null); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.ballot-form[data-seats]").forEach(init);
  });
})();
