// The import progress page (templates/compliance/import_job.html) updates its result section
// in place every few seconds while the import runs, instead of reloading the page (WCAG
// 2.2.1: a reader is never sent back to the top), and the "Pause updates" button stops it.
// Without this script the page's "Refresh" link does the same by hand.
(function () {
  "use strict";
  var section = document.querySelector("[data-import-progress]");
  if (!section) return;
  var seconds = Number(section.getAttribute("data-import-progress")) || 3;
  var paused = false;
  var timer = null;
  var announcer = document.getElementById("import-announcer");

  function controls() {
    var button = section.querySelector("[data-import-pause]");
    if (!button) return;
    button.hidden = false;
    button.textContent = paused ? button.dataset.resumeLabel : button.dataset.pauseLabel;
    button.setAttribute("aria-pressed", paused ? "true" : "false");
    button.onclick = function () {
      paused = !paused;
      controls();
      if (!paused) schedule();
    };
    var link = section.querySelector("[data-import-refresh]");
    if (link) link.hidden = true;
  }

  function schedule() {
    clearTimeout(timer);
    if (!paused && section.hasAttribute("data-import-progress")) {
      timer = setTimeout(update, seconds * 1000);
    }
  }

  function update() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var next = fresh.querySelector("#import-result");
        if (!next || paused) return;
        section.innerHTML = next.innerHTML;
        document.title = fresh.title;
        if (!next.hasAttribute("data-import-progress")) {
          section.removeAttribute("data-import-progress");
          if (announcer) announcer.textContent = next.querySelector("h2").textContent;
          return;
        }
        controls();
        schedule();
      })
      .catch(schedule);
  }

  controls();
  schedule();
})();
