// Tone findings next to the text in the version form.
// The server renders one findings panel per language below the form; this
// moves each next to that language's body field, shows only the panels of the
// language tab in use, and re-checks the unsaved text on request (the admin's
// tone view lints the form's text without saving it).
(function () {
  "use strict";

  // The change form itself; the object tools above it hold the workflow forms.
  function changeForm() {
    return document.querySelector("#content-main form[id$='_form']");
  }

  function currentLanguage() {
    const tab = document.querySelector('.parley-language-tabs [aria-selected="true"]');
    return tab ? tab.dataset.language : "all";
  }

  function showLanguage() {
    const language = currentLanguage();
    for (const element of document.querySelectorAll("[data-parley-language]")) {
      element.hidden = language !== "all" && element.dataset.parleyLanguage !== language;
    }
  }

  function placeNextToText() {
    const form = changeForm();
    if (!form) return;
    for (const panel of document.querySelectorAll("#parley-tone .parley-tone-language")) {
      const column = panel.dataset.parleyLanguage.replace(/-/g, "_");
      const field = form.querySelector(".mt-field-body-" + column);
      const row = field && field.closest(".form-row");
      if (!row) continue; // read-only versions keep their panels in the module
      panel.classList.add("parley-tone-language--inline");
      row.after(panel);
    }
    const module = document.getElementById("parley-tone");
    if (module && !module.querySelector(".parley-tone-language")) module.hidden = true;
  }

  function render(html) {
    for (const moved of document.querySelectorAll(".parley-tone-language--inline")) moved.remove();
    document.getElementById("parley-editor-panels").innerHTML = html;
    placeNextToText();
    showLanguage();
  }

  async function checkUnsaved(button) {
    const data = new FormData(changeForm());
    button.disabled = true;
    button.textContent = "Checking…";
    try {
      const response = await fetch(button.dataset.url, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error("HTTP " + response.status);
      render(await response.text());
      button.textContent = "Checked (not saved yet) · check again";
    } catch (error) {
      button.textContent = "Check failed (" + error.message + "), try again";
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    placeNextToText();
    showLanguage();
    document.addEventListener("click", (event) => {
      if (event.target.closest(".parley-language-tabs button")) showLanguage();
    });
    const button = document.getElementById("parley-tone-check");
    if (button) button.addEventListener("click", () => checkUnsaved(button));
  });
})();
