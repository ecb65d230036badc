// Election ballots on the deputy's phone. Whether the ballot as marked counts is the server's rule
// (rules.ballot_valid, 选举法 第44条: no more persons than seats, 赞成 and 另选他人 together, a person marked
// and written in counted once): this script asks it (voting:my_ballot_check) after every change and shows
// the answer; it never counts a ballot itself. A 赞成 that would void the ballot is refused.
(function () {
  "use strict";
  function ask(form) {
    var mine = (form.asked = (form.asked || 0) + 1);
    return fetch(form.dataset.checkUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) { return mine === form.asked ? answer : null; }) // only the latest question
      .catch(function () { return null; }); // offline: the confirmation step still tells the deputy
  }
  function check(form) {
    return ask(form).then(function (answer) {
      if (!answer) { return; }
      var extra = form.pendingYes;
      form.pendingYes = null;
      if (!answer.valid && extra && extra.checked) {
        extra.checked = false; // refuse the 赞成 that voided the ballot, say why, ask about what is left
        form.refused = true;
        return check(form);
      }
      form.querySelector(".over-warning").classList.toggle("d-none", answer.valid && !form.refused);
      form.querySelector("button[data-testid=vote-submit]").disabled = !answer.valid;
    });
  }
  function init(form) {
    var timer = null;
    form.addEventListener("change", function (e) {
      if (e.target.type !== "radio") { return; } // names written in are checked as they are typed
      form.refused = false;
      form.pendingYes = e.target.value === "yes" && e.target.checked ? e.target : null;
      check(form);
    });
    form.addEventListener("input", function (e) {
      if (!e.target.classList.contains("write-in")) { return; }
      form.refused = false;
      clearTimeout(timer);
      timer = setTimeout(function () { check(form); }, 250);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.ballot-form[data-check-url]").forEach(init);
  });
})();
