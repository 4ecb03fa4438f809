// Questionnaire form: show a question only when the earlier answer it depends on is given.
// Progressive enhancement: without JavaScript every question is shown with a note, and the
// server ignores the answers of questions whose condition is not met.
(function () {
  "use strict";
  var form = document.querySelector("form[data-questionnaire]");
  if (!form) { return; }
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-condition-name]"));

  function answers(name) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.value) { values.push(el.value); }
    });
    return values;
  }

  function blockHidden(name) {
    var block = document.getElementById(name + "-block");
    return block ? block.hidden : false;
  }

  function update() {
    blocks.forEach(function (block) {
      var name = block.getAttribute("data-condition-name");
      var wanted = block.getAttribute("data-condition-value");
      var shown = !blockHidden(name) && answers(name).indexOf(wanted) !== -1;
      block.hidden = !shown;
    });
  }

  blocks.forEach(function (block) {
    var note = block.querySelector(".condition-note");
    if (note) { note.classList.add("visually-hidden"); }
  });
  form.addEventListener("change", update);
  update();
})();
