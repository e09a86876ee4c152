// Language tabs for translated fields in the Parley admin.
// modeltranslation marks each language widget with the class
// "mt-field-<field>-<lang>"; this groups the form rows by language and shows
// one language at a time (or all), marking languages with empty fields.
(function () {
  "use strict";

  const STORAGE_KEY = "parley.admin.language";

  function languageOf(widget) {
    for (const cls of widget.classList) {
      if (cls.startsWith("mt-field-")) {
        return cls.slice(cls.lastIndexOf("-") + 1).replace(/_/g, "-");
      }
    }
    return null;
  }

  function isEmpty(widget) {
    return typeof widget.value === "string" && widget.value.trim() === "";
  }

  function buildTabs() {
    const widgets = Array.from(document.querySelectorAll("#content-main form .mt")).filter(
      (el) => !el.closest(".inline-group")
    );
    const rowsByLanguage = new Map();
    for (const widget of widgets) {
      const language = languageOf(widget);
      const row = widget.closest(".form-row");
      if (!language || !row) continue;
      if (!rowsByLanguage.has(language)) rowsByLanguage.set(language, []);
      rowsByLanguage.get(language).push({ row, widget });
    }
    if (rowsByLanguage.size < 2) return;

    const bar = document.createElement("div");
    bar.className = "parley-language-tabs";
    bar.setAttribute("role", "tablist");
    bar.setAttribute("aria-label", "Language");
    const buttons = new Map();

    function select(language) {
      for (const [code, items] of rowsByLanguage) {
        for (const { row } of items) row.hidden = language !== "all" && code !== language;
      }
      for (const [code, button] of buttons) {
        button.setAttribute("aria-selected", String(code === language));
      }
      try {
        window.localStorage.setItem(STORAGE_KEY, language);
      } catch (_error) {
        // Private browsing: the choice is simply not remembered.
      }
    }

    function addButton(code, label, items) {
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "tab");
      button.dataset.language = code;
      button.textContent = label;
      if (items) {
        if (items.some(({ widget }) => isEmpty(widget))) {
          button.classList.add("incomplete");
          button.title = "Some fields are empty in this language";
        }
        if (items.some(({ row }) => row.querySelector(".errorlist"))) {
          button.classList.add("has-errors");
        }
      }
      button.addEventListener("click", () => select(code));
      bar.appendChild(button);
      buttons.set(code, button);
    }

    for (const [code, items] of rowsByLanguage) addButton(code, code, items);
    addButton("all", "all languages", null);

    const firstRow = rowsByLanguage.values().next().value[0].row;
    firstRow.parentNode.insertBefore(bar, firstRow);

    let initial = null;
    try {
      initial = window.localStorage.getItem(STORAGE_KEY);
    } catch (_error) {
      initial = null;
    }
    const asked = /^#lang=([\w-]+)$/.exec(window.location.hash);
    if (asked) initial = asked[1];
    const withErrors = Array.from(buttons.values()).find((b) => b.classList.contains("has-errors"));
    if (withErrors) initial = withErrors.dataset.language;
    select(buttons.has(initial) ? initial : rowsByLanguage.keys().next().value);
  }

  document.addEventListener("DOMContentLoaded", buildTabs);
})();
