"""An answer as a channel shows it: snippets expanded, placeholders filled and escaped."""

from collections.abc import Callable, Mapping
from typing import Any

from templates_app.markup import sanitise
from templates_app.placeholders import fill, placeholder_names, references

# language -> {snippet key: live text usable on the requesting channel}
SnippetTexts = Callable[[str], Mapping[str, str]]


def needs_filling(text: str) -> bool:
    return "{{" in (text or "")


def render_answer(
    answer: dict[str, Any],
    *,
    snippets: SnippetTexts,
    values: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """`answer` with title and body filled and made safe for the requesting channel.

    `snippets(language)` gives the live snippet texts usable on the channel;
    it is called only when a text holds a reference, so answers without any
    cost no snippet query. The answer also lists the placeholders it uses
    (`placeholders`), so a channel knows which values it may send to the
    render endpoint. The body is sanitised for the answer's format last, so
    nothing an editor, a snippet or a value holds reaches a customer unsafe.
    """
    title, body = answer["title"], answer["body"]
    if not (needs_filling(title) or needs_filling(body)):
        return {
            **answer,
            "title": sanitise(title, "text"),
            "body": sanitise(body, answer["format"]),
            "placeholders": [],
        }
    language = answer["language"]
    texts = snippets(language)
    used: list[str] = []
    for text in (title, body):
        for reference in references(text):
            if reference.kind == "placeholder":
                used.append(reference.name)
            elif reference.kind == "snippet" and reference.name in texts:
                used += [
                    r.name for r in references(texts[reference.name]) if r.kind == "placeholder"
                ]
    options = {"language": language, "values": values, "snippets": texts}
    return {
        **answer,
        # Titles are shown as plain text by every channel.
        "title": sanitise(fill(title, text_format="text", **options), "text"),
        "body": sanitise(fill(body, text_format=answer["format"], **options), answer["format"]),
        "placeholders": sorted(set(used) & set(placeholder_names())),
    }
