// The answer editor: one language at a time across every channel, the source
// text mirrored beside a translation, a key suggested from the help-page title,
// and a character count where the channel has a limit.
(function () {
  "use strict";

  const STORAGE_KEY = "parley.admin.language";

  function slug(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 100)
      .replace(/-+$/, "");
  }

  function setUpTabs(form) {
    const buttons = Array.from(form.querySelectorAll(".parley-writer-tabs button[data-language]"));
    const panes = Array.from(form.querySelectorAll(".parley-pane[data-language]"));

    function select(language) {
      for (const pane of panes) pane.hidden = pane.dataset.language !== language;
      for (const button of buttons) {
        button.setAttribute("aria-selected", String(button.dataset.language === language));
      }
      for (const mirror of form.querySelectorAll("[data-mirror]")) {
        const source = document.getElementById(mirror.dataset.mirror);
        if (source) mirror.textContent = source.value;
      }
      try {
        window.localStorage.setItem(STORAGE_KEY, language);
      } catch (_error) {
        // Private browsing: the choice is not remembered.
      }
    }

    for (const button of buttons) {
      const code = button.dataset.language;
      const mine = panes.filter((pane) => pane.dataset.language === code);
      if (mine.some((pane) => pane.querySelector(".errorlist"))) button.classList.add("has-errors");
      button.addEventListener("click", () => select(code));
    }
    const withErrors = buttons.find((b) => b.classList.contains("has-errors"));
    const selected = buttons.find((b) => b.getAttribute("aria-selected") === "true");
    const asked = /^#lang=([\w-]+)$/.exec(window.location.hash);
    const linked = asked && buttons.find((b) => b.dataset.language === asked[1]);
    select((withErrors || linked || selected || buttons[0]).dataset.language);
  }

  function setUpKey(form) {
    const key = form.querySelector("#id_key");
    const firstChannel = form.querySelector(".parley-channel");
    const source = form.querySelector(".parley-writer-tabs button[aria-selected=true]");
    if (!key || !firstChannel || !source) return;
    const title = firstChannel.querySelector(
      `.parley-pane[data-language="${source.dataset.language}"] input[type=text]`
    );
    if (!title) return;
    let typedByHand = key.value !== "" && key.value !== slug(title.value);
    key.addEventListener("input", () => {
      typedByHand = key.value !== "";
    });
    title.addEventListener("input", () => {
      if (!typedByHand) key.value = slug(title.value);
    });
  }

  function setUpCounts(form) {
    for (const count of form.querySelectorAll(".parley-count[data-for]")) {
      const body = document.getElementById(count.dataset.for);
      const max = Number(count.dataset.max);
      if (!body) continue;
      const show = () => {
        const used = Array.from(body.value.replace(/\r\n?/g, "\n")).length;
        count.textContent = `${used} / ${max} characters typed (placeholders and snippets count as the text they stand for when the check runs)`;
        count.classList.toggle("parley-over", used > max);
      };
      body.addEventListener("input", show);
      show();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("answer_form");
    if (!form) return;
    setUpTabs(form);
    setUpKey(form);
    setUpCounts(form);
  });
})();
