# ruff: noqa: E501  (the example table reads best one case per line)
"""Each rule, per language: texts it must flag and texts it must leave alone."""

import pytest

from templates_app.tone.lint import ChannelTone, lint_text

CHAT = ChannelTone(tone="empathetic", max_length=120, format="text")
HELP = ChannelTone(tone="plain", max_length=None, format="markdown")
MAIL = ChannelTone(tone="empathetic", max_length=None, format="html")
OPEN_EN, CLOSE_EN = "I'm sorry about this.", "Is there anything else I can do?"

# (rule, language, channel, body, source or None, should flag)
CASES = [
    # length
    ("length", "en", CHAT, OPEN_EN + " x" * 60 + " " + CLOSE_EN, None, True),
    ("length", "ja", CHAT, "申し訳ありません。" + "あ" * 120 + "他にございますか。", None, True),
    ("length", "en", CHAT, f"{OPEN_EN} It ships today. {CLOSE_EN}", None, False),
    # passive voice (English)
    ("passive-voice", "en", CHAT, f"{OPEN_EN} Your complaint is being investigated. {CLOSE_EN}", None, True),
    ("passive-voice", "en", CHAT, f"{OPEN_EN} I'm looking into your complaint. {CLOSE_EN}", None, False),
    # brand-hiding we/our
    ("brand-we", "en", CHAT, f"Please accept our apologies. {CLOSE_EN}", None, True),
    ("brand-we", "en", CHAT, f"{OPEN_EN} We apologise for the wait. {CLOSE_EN}", None, True),
    ("brand-we", "en", CHAT, f"{OPEN_EN} I'll check it now. {CLOSE_EN}", None, False),
    ("brand-we", "en", HELP, "Our shop opens at 9.", None, False),
    # doubting "any"
    ("doubting-any", "en", CHAT, f"Sorry for any inconvenience. {CLOSE_EN}", None, True),
    ("doubting-any", "en", CHAT, f"{OPEN_EN} Is there anything else?", None, False),
    # jargon
    ("jargon", "en", CHAT, f"{OPEN_EN} Where did she alight? {CLOSE_EN}", None, True),
    ("jargon", "fi", CHAT, "Pahoittelen. Eskaloin tiketin. Voinko auttaa muussa?", None, True),
    ("jargon", "ja", CHAT, "申し訳ありません。チケット番号を教えてください。他にございますか。", None, True),
    ("jargon", "zh-hant", CHAT, "抱歉。請提供工單號碼。還有其他問題嗎？", None, True),
    ("jargon", "en", CHAT, f"{OPEN_EN} Where did she get off? {CLOSE_EN}", None, False),
    # over-formal
    ("over-formal", "en", CHAT, f"{OPEN_EN} Kindly send the receipt. {CLOSE_EN}", None, True),
    ("over-formal", "ja", CHAT, "申し訳ありません。ご査収ください。他にございますか。", None, True),
    ("over-formal", "fi", CHAT, "Pahoittelen. Mikäli tilaus puuttuu, kerro. Voinko auttaa muussa?", None, True),
    ("over-formal", "zh-hant", CHAT, "抱歉。敬請見諒。還有其他問題嗎？", None, True),
    ("over-formal", "en", CHAT, f"{OPEN_EN} Please send the receipt. {CLOSE_EN}", None, False),
    # excess apology
    ("excess-apology", "en", CHAT, f"{OPEN_EN} Sorry again, I apologise. {CLOSE_EN}", None, True),
    ("excess-apology", "ja", CHAT, "申し訳ありません。重ねてお詫びします。他にございますか。", None, True),
    ("excess-apology", "en", CHAT, f"{OPEN_EN} It ships today. {CLOSE_EN}", None, False),
    # missing acknowledgement
    ("missing-acknowledgement", "en", CHAT, f"Send the receipt. {CLOSE_EN}", None, True),
    ("missing-acknowledgement", "ja", CHAT, "領収書を送ってください。他にございますか。", None, True),
    ("missing-acknowledgement", "fi", CHAT, "Lähetä kuitti. Voinko auttaa muussa?", None, True),
    ("missing-acknowledgement", "zh-hant", CHAT, "請寄送收據。還有其他問題嗎？", None, True),
    ("missing-acknowledgement", "fi", CHAT, "Pahoittelemme viivettä. Voinko auttaa muussa?", None, False),
    ("missing-acknowledgement", "en", HELP, "Send the receipt.", None, False),
    # missing closing
    ("missing-closing", "en", CHAT, f"{OPEN_EN} It ships today.", None, True),
    ("missing-closing", "zh-hant", CHAT, "抱歉。今天出貨。", None, True),
    ("missing-closing", "ja", CHAT, "申し訳ありません。本日発送します。", None, True),
    ("missing-closing", "en", CHAT, f"{OPEN_EN} Which station was it?", None, False),
    ("missing-closing", "ja", CHAT, "申し訳ありません。他にご不明な点はございますか。", None, False),
    # plain channels
    ("plain-apology", "en", HELP, "We're sorry. Open Orders.", None, True),
    ("plain-apology", "zh-hant", HELP, "很抱歉。請打開訂單。", None, True),
    ("plain-apology", "en", HELP, "Open Orders and choose Return.", None, False),
    ("plain-small-talk", "en", HELP, "Hi! Open Orders.", None, True),
    ("plain-small-talk", "fi", HELP, "Hei! Avaa tilaukset.", None, True),
    ("plain-small-talk", "fi", HELP, "Heinäkuussa avaa tilaukset.", None, False),
    ("plain-small-talk", "en", HELP, "Open Orders and choose Return.", None, False),
    # placeholders
    ("unknown-placeholder", "en", CHAT, f"{OPEN_EN} Hi {{{{customer_nmae}}}}. {CLOSE_EN}", None, True),
    ("unknown-placeholder", "en", CHAT, f"{{{{snippet:nope}}}} {OPEN_EN} {CLOSE_EN}", None, True),
    ("unknown-placeholder", "en", CHAT, f"{OPEN_EN} Hi {{{{customer_name}}}}. {CLOSE_EN}", None, False),
    # facts against the source text
    ("fact-mismatch", "en", CHAT, f"{OPEN_EN} It takes 3 days. {CLOSE_EN}", "It takes 5 days.", True),
    ("fact-mismatch", "ja", CHAT, "申し訳ありません。３日かかります。他にございますか。", "It takes 5 days.", True),
    ("fact-mismatch", "fi", CHAT, "Pahoittelen. Maksu on 4,95 €. Voinko auttaa muussa?", "The fee is €4.90.", True),
    ("fact-mismatch", "zh-hant", CHAT, "抱歉。請看 https://example.com/b 還有其他問題嗎？", "See https://example.com/a", True),
    ("fact-mismatch", "en", CHAT, f"{OPEN_EN} Write to help@shop.example. {CLOSE_EN}", "Write to help@shop.example.", False),
    ("fact-mismatch", "fi", CHAT, "Pahoittelen. Maksu on 4,90 € ja 1 000 pistettä. Voinko auttaa muussa?", "The fee is €4.90 and 1,000 points.", False),
    ("fact-mismatch", "ja", CHAT, "申し訳ありません。５日かかります。他にございますか。", "It takes 5 days.", False),
    # unsafe markup: what sanitising would remove before a customer sees it
    ("unsafe-markup", "en", HELP, "Open [the form](javascript:alert(1)).", None, True),
    ("unsafe-markup", "en", HELP, "Open <b onclick=x>the form</b>.", None, True),
    ("unsafe-markup", "en", HELP, "Open <img/src=x/onerror=alert(1)> the form.", None, True),
    ("unsafe-markup", "en", HELP, "Type `<b>` or see:\n\n```\n<img/src=x/onerror=y>\n```", None, False),
    ("unsafe-markup", "en", MAIL, f"<p>{OPEN_EN}</p><img src=x onerror=alert(1)><p>{CLOSE_EN}</p>", None, True),
    ("unsafe-markup", "en", MAIL, f"<p>{OPEN_EN}</p><img/src=x/onerror=alert(1)><p>{CLOSE_EN}</p>", None, True),
    ("unsafe-markup", "en", MAIL, f"<p>{OPEN_EN}</p><p>{CLOSE_EN}</p><img src=x onerror=alert(1)//", None, True),
    ("unsafe-markup", "en", MAIL, f"<p>{OPEN_EN} Enable JavaScript: open Settings.</p><p>{CLOSE_EN}</p>", None, False),
    ("unsafe-markup", "en", HELP, "Open [the form](https://shop.example/form) or write to <mailto:help@shop.example>; 2 < 3.", None, False),
    ("unsafe-markup", "en", MAIL, f'<p>{OPEN_EN} <a href="https://shop.example">Shop</a></p><p>{CLOSE_EN}</p>', None, False),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "language", "channel", "body", "source", "flag"), CASES)
def test_rule_examples(rule, language, channel, body, source, flag):
    findings = lint_text(
        title="T", body=body, language=language, channel=channel, source=source, snippets={}
    )
    hits = [f for f in findings if f.rule == rule]
    assert bool(hits) == flag, [f.as_dict() for f in findings]
    for finding in hits:
        assert 0 <= finding.start <= finding.end <= len(body)
        assert finding.language == language


def test_every_contract_rule_has_flagged_and_clean_examples():
    rules = {
        "length", "passive-voice", "brand-we", "doubting-any", "jargon", "over-formal",
        "excess-apology", "missing-acknowledgement", "missing-closing", "plain-apology",
        "plain-small-talk", "unknown-placeholder", "fact-mismatch", "unsafe-markup",
    }  # fmt: skip
    assert {c[0] for c in CASES if c[5]} == rules
    assert {c[0] for c in CASES if not c[5]} == rules


def test_an_opener_snippet_counts_as_the_acknowledgement():
    findings = lint_text(
        title="T",
        body="{{snippet:opener}} It ships today. Anything else?",
        language="en",
        channel=CHAT,
        snippets={"opener": "I'm sorry about the wait."},
    )
    assert [f.rule for f in findings] == []


def test_offsets_point_at_the_words():
    body = f"{OPEN_EN} Kindly send it. {CLOSE_EN}"
    (finding,) = [
        f
        for f in lint_text(title="", body=body, language="en", channel=CHAT)
        if f.rule == "over-formal"
    ]
    assert body[finding.start : finding.end] == "Kindly"
    assert finding.severity == "warning"
