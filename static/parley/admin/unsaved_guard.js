// Asks before leaving a page whose form holds edits that were not saved.
// Forms opt in with the attribute `data-unsaved-guard`; admin change forms are
// always guarded. Submitting the form
// (any of its buttons, including ones outside it with form="...") is not leaving.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", () => {
    const forms = Array.from(
      document.querySelectorAll(
        'form[data-unsaved-guard], body.change-form #content-main > form[method="post"]'
      )
    );
    if (!forms.length) return;
    let dirty = false;
    let submitting = false;
    for (const form of forms) {
      form.addEventListener("input", () => {
        dirty = true;
      });
      form.addEventListener("submit", () => {
        submitting = true;
      });
    }
    window.addEventListener("beforeunload", (event) => {
      if (!dirty || submitting) return;
      event.preventDefault();
      event.returnValue = "";
    });
    // Back to this page from the browser's history: the form is as it was saved.
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) {
        dirty = false;
        submitting = false;
      }
    });
  });
})();
