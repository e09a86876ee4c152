"""Filling texts: one pass, whitelist only, escaped for the channel's format."""

import pytest

from templates_app.placeholders import fill, references


def test_references_tell_placeholders_snippets_and_malformed_apart():
    text = "Hi {{customer_name}}! {{snippet:sorry-delay}} {{ customer name }} {{Order}}"
    found = [(r.kind, r.name) for r in references(text)]
    assert found == [
        ("placeholder", "customer_name"),
        ("snippet", "sorry-delay"),
        ("malformed", "customer name"),
        ("malformed", "Order"),
    ]
    first = references(text)[0]
    assert text[first.start : first.end] == "{{customer_name}}"


def test_missing_value_gets_the_default_text_of_the_language():
    assert fill("Hi {{customer_name}},", language="en", text_format="text") == "Hi there,"
    assert fill("{{customer_name}}様", language="ja", text_format="text") == "お客様"


def test_given_value_wins_over_the_default():
    out = fill(
        "Hi {{customer_name}},", language="en", text_format="text", values={"customer_name": "Ana"}
    )
    assert out == "Hi Ana,"


@pytest.mark.parametrize(
    ("text_format", "expected"),
    [
        ("html", "Hi &lt;script&gt;alert(1)&lt;/script&gt;"),
        ("markdown", r"Hi &lt;script\>alert(1)&lt;/script\>"),
        ("text", "Hi <script>alert(1)</script>"),
    ],
)
def test_values_are_escaped_for_the_format(text_format, expected):
    values = {"customer_name": "<script>alert(1)</script>"}
    out = fill("Hi {{customer_name}}", language="en", text_format=text_format, values=values)
    assert out == expected


def test_markdown_links_and_emphasis_in_a_value_stay_text():
    values = {"customer_name": "[click](https://evil.example) **now**"}
    out = fill("Hi {{customer_name}}", language="en", text_format="markdown", values=values)
    assert out == r"Hi \[click\](https://evil.example) \*\*now\*\*"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("# Big", r"\# Big"),
        ("- item", r"\- item"),
        ("1. first", r"1\. first"),
        ("Ann-Li", "Ann-Li"),
    ],
)
def test_markdown_block_markers_are_escaped_only_at_line_start(value, expected):
    out = fill(
        "{{customer_name}}", language="en", text_format="markdown", values={"customer_name": value}
    )
    assert out == expected


def test_a_value_that_looks_like_a_reference_is_not_expanded():
    values = {"customer_name": "{{snippet:secret}} {{order_number}}"}
    out = fill(
        "Hi {{customer_name}}",
        language="en",
        text_format="text",
        values=values,
        snippets={"secret": "SHOULD NOT APPEAR"},
    )
    assert out == "Hi {{snippet:secret}} {{order_number}}"


def test_values_become_one_line_without_control_characters():
    values = {"customer_name": "Ana\n\n# Heading\x00\x07"}
    out = fill("Hi {{customer_name}}", language="en", text_format="markdown", values=values)
    assert out == "Hi Ana # Heading"


def test_snippets_are_escaped_as_text_and_their_placeholders_filled():
    out = fill(
        "{{snippet:opener}}\n\nRest.",
        language="en",
        text_format="html",
        values={"customer_name": "Bo & Co"},
        snippets={"opener": "Hi {{customer_name}}, <sorry> {{snippet:nested}}"},
    )
    assert out == "Hi Bo &amp; Co, &lt;sorry&gt; \n\nRest."


def test_unknown_references_are_dropped_not_shown():
    out = fill("A {{nope}} B {{snippet:gone}} C {{ bad name }}", language="en", text_format="text")
    assert out == "A  B  C "


def test_a_10_kb_value_is_filled_once_and_inert():
    value = "<b>" + "x" * 10_000
    out = fill(
        "{{customer_name}}", language="en", text_format="html", values={"customer_name": value}
    )
    assert out == "&lt;b&gt;" + "x" * 10_000
