/* Progress of a statistics import (monitoring): the confirm form is posted to the stream URL,
   whose JSON lines ({"phase", "done", "total"} …, then "done" or "error") move a <progress>.
   Without this script (or without fetch streams) the form posts normally: import, redirect. */
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("import-confirm");
  if (!form || !script || !window.fetch || !window.TextDecoder || !window.ReadableStream) {
    return;
  }
  var box = document.getElementById("import-progress");
  var bar = document.getElementById("import-progress-bar");
  var status = document.getElementById("import-progress-status");
  var errors = document.getElementById("import-progress-errors");
  var done = document.getElementById("import-progress-done");
  var labels = script.dataset;
  var phases = ["read", "check", "write", "derive"];

  function show(event) {
    if (event.phase === "done") {
      bar.value = 100;
      status.textContent = event.message;
      done.hidden = false;
      return;
    }
    if (event.phase === "error") {
      bar.removeAttribute("value");
      status.textContent = "";
      var list = errors.querySelector("ul");
      list.textContent = "";
      (event.errors || [labels.failed]).forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      errors.hidden = false;
      errors.focus();
      form.hidden = false;
      return;
    }
    // each phase is a quarter of the bar; within it, done of total
    var index = Math.max(0, phases.indexOf(event.phase));
    var share = event.total > 0 ? Math.min(1, event.done / event.total) : 0;
    bar.value = Math.round((index + share) * 25);
    var label = labels["phase" + event.phase.charAt(0).toUpperCase() + event.phase.slice(1)];
    status.textContent = label + (event.total > 0 ? " – " + event.done.toLocaleString() + " / " + event.total.toLocaleString() : "");
  }

  form.addEventListener("submit", function (submit) {
    submit.preventDefault();
    form.hidden = true;
    box.hidden = false;
    errors.hidden = true;
    bar.value = 0;
    var finished = false;
    fetch(form.dataset.streamUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok || !response.body) {
        throw new Error(String(response.status));
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            if (!finished) { show({ phase: "error" }); }
            return;
          }
          buffer += decoder.decode(chunk.value, { stream: true });
          var lines = buffer.split("\n");
          buffer = lines.pop();
          lines.forEach(function (line) {
            if (!line.trim()) { return; }
            var event = JSON.parse(line);
            if (event.phase === "done" || event.phase === "error") { finished = true; }
            show(event);
          });
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      show({ phase: "error" });
    });
  });
})();
