// Sends a form once: a second click (a double-click) while the first submission is on
// its way is ignored. Forms opt in with the attribute `data-submit-once`.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", () => {
    for (const form of document.querySelectorAll("form[data-submit-once]")) {
      let sent = false;
      form.addEventListener("submit", (event) => {
        if (sent) {
          event.preventDefault();
          return;
        }
        sent = true;
      });
      // Back to this page from the browser's history: it may be sent again.
      window.addEventListener("pageshow", () => {
        sent = false;
      });
    }
  });
})();
