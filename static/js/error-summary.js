// The error summary (templates/includes/error_summary.html): focused when the page loads,
// so it is on screen and read out; each of its links moves focus to its field, with the
// field's label (or, for checkboxes and radios, the group's legend) scrolled into view.
(function () {
  "use strict";

  function labelFor(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      const fieldset = field.closest("fieldset");
      const legend = fieldset && fieldset.querySelector("legend");
      if (legend) return legend;
    }
    return (field.labels && field.labels[0]) || field;
  }

  function focusField(event) {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    labelFor(field).scrollIntoView();
    field.focus({ preventScroll: true });
  }

  function init() {
    const summaries = document.querySelectorAll("[data-error-summary]");
    summaries.forEach((summary) => summary.addEventListener("click", focusField));
    if (summaries.length) summaries[0].focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
