// The error summary (templates/includes/error_summary.html): focused when the page loads,
// so it is on screen and read out (without one, an element marked data-focus-on-load is);
// each of its links moves focus to its field, with the field's label (or, for checkboxes
// and radios, the group's legend) scrolled into view.
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
    // Without errors, a page may name what takes the focus instead: the survey's step
    // heading, described by its progress ("Step 2 of 8"), read out on each new step.
    const target = summaries[0] || document.querySelector("[data-focus-on-load]");
    if (!target) return;
    // A form posted from a page reached through a link to a fragment (the skip link's
    // "#main") comes back with that fragment, and the browser would move the focus to
    // it once the page has loaded, away from the error summary: drop the fragment.
    if (window.location.hash) {
      window.history.replaceState(
        window.history.state,
        "",
        window.location.pathname + window.location.search,
      );
    }
    target.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
