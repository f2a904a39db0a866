/* Skip logic on the phone: questions a jump passes over are hidden (and their answers not sent).
   The server applies the same rule (surveys/questionnaire.py), so this is a convenience, not the check. */
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var questions = Array.prototype.slice.call(form.querySelectorAll(".survey-question"));
  var index = {};
  questions.forEach(function (q, i) { index[q.dataset.code] = i; });

  function chosen(q) {
    return Array.prototype.slice.call(q.querySelectorAll("input:checked")).map(function (input) { return input.value; });
  }

  function update() {
    var visible = {};
    var i = 0;
    while (i < questions.length) {
      var q = questions[i];
      visible[i] = true;
      var jumps = JSON.parse(q.dataset.jumps || "[]");
      var values = chosen(q);
      var next = i + 1;
      for (var j = 0; j < jumps.length; j++) {
        if (values.indexOf(jumps[j].answer) !== -1 && index[jumps[j].to] > i) { next = index[jumps[j].to]; break; }
      }
      i = next;
    }
    questions.forEach(function (q, k) {
      var on = !!visible[k];
      q.hidden = !on;
      q.querySelectorAll("input, textarea").forEach(function (input) { input.disabled = !on; });
    });
  }

  form.addEventListener("change", update);
  update();
})();
