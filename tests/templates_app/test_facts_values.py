# ruff: noqa: E501  (the example table reads best one case per line)
"""Facts are compared as values: the same fact written another way passes, a
different fact is flagged, in every language with rules; unknown forms are left alone."""

from decimal import Decimal

import pytest

from templates_app.tone.facts import facts
from templates_app.tone.facts.values import Clock, Duration, Money, Percent
from templates_app.tone.lint import ChannelTone, lint_text

HELP = ChannelTone(tone="plain", max_length=None, format="markdown")
LANGUAGES = {"en", "ja", "fi", "zh-hant"}

# (form, language, English source, translation, same fact)
CASES = [
    # numbers: words, kanji numerals, 万/萬, counters
    ("number", "en", "Each passenger may bring two bags.", "Each passenger may bring 2 bags.", True),
    ("number", "en", "Each passenger may bring two bags.", "Each passenger may bring three bags.", False),
    ("number", "ja", "Each passenger may bring two bags.", "お一人様ふたつまでお持ちいただけます。", True),
    ("number", "ja", "Each passenger may bring two bags.", "お一人様ひとつまでお持ちいただけます。", False),
    ("number", "ja", "The limit is 10,000 points.", "上限は1万ポイントです。", True),
    ("number", "ja", "The limit is 10,000 points.", "上限は10万ポイントです。", False),
    ("number", "fi", "Each passenger may bring two bags.", "Jokainen matkustaja saa ottaa kaksi laukkua.", True),
    ("number", "fi", "Each passenger may bring two bags.", "Jokainen matkustaja saa ottaa kolme laukkua.", False),
    ("number", "fi", "The limit is 10,000 points.", "Raja on 10 000 pistettä.", True),
    ("number", "zh-hant", "Each passenger may bring two bags.", "每位旅客可攜帶兩件行李。", True),
    ("number", "zh-hant", "Each passenger may bring two bags.", "每位旅客可攜帶三件行李。", False),
    ("number", "zh-hant", "The limit is 10,000 points.", "上限為1萬點。", True),
    # ranges
    ("range", "en", "Delivery takes one to eight weeks.", "Delivery takes 1–8 weeks.", True),
    ("range", "en", "Delivery takes one to eight weeks.", "Delivery takes 1–6 weeks.", False),
    ("range", "ja", "Delivery takes one to eight weeks.", "配送には1〜8週間かかります。", True),
    ("range", "ja", "Delivery takes one to eight weeks.", "配送には1〜6週間かかります。", False),
    ("range", "fi", "Delivery takes one to eight weeks.", "Toimitus kestää 1–8 viikkoa.", True),
    ("range", "fi", "Delivery takes one to eight weeks.", "Toimitus kestää 1–6 viikkoa.", False),
    ("range", "zh-hant", "Delivery takes one to eight weeks.", "配送需要1至8週。", True),
    ("range", "zh-hant", "Delivery takes one to eight weeks.", "配送需要1至6週。", False),
    ("range", "zh-hant", "Refunds take 1–3 working days.", "退款需要1到3個工作天。", True),
    # times of day, 12-hour and 24-hour
    ("time", "en", "We're open until 8 pm.", "We're open until 20:00.", True),
    ("time", "en", "We're open until 8 pm.", "We're open until 9 pm.", False),
    ("time", "ja", "We're open until 8 pm.", "20時まで営業しています。", True),
    ("time", "ja", "We're open until 8 pm.", "18時まで営業しています。", False),
    ("time", "ja", "Order by 5:30 pm.", "17時30分までにご注文ください。", True),
    ("time", "ja", "Your flight leaves at 7:45 pm.", "フライトは午後5時45分に出発します。", False),
    ("time", "fi", "We're open until 8 pm.", "Olemme auki klo 20 asti.", True),
    ("time", "fi", "We're open until 8 pm.", "Olemme auki klo 18 asti.", False),
    ("time", "fi", "Order by 5:30 pm.", "Tilaa viimeistään 17.30.", True),
    ("time", "fi", "Order by 5:30 pm.", "Tilaa viimeistään 16.30.", False),
    ("time", "zh-hant", "We're open until 8 pm.", "我們營業到晚上8點。", True),
    ("time", "zh-hant", "We're open until 8 pm.", "我們營業到晚上9點。", False),
    ("time", "zh-hant", "Order by 4:30 pm.", "請在下午4點半前下單。", True),
    ("time", "zh-hant", "Open 8:00–20:00.", "營業時間8:00–18:00。", False),
    # dates in each language's order and punctuation
    ("date", "en", "The offer ends on 31 May.", "The offer ends on May 31.", True),
    ("date", "en", "The offer ends on 31 May.", "The offer ends on May 30.", False),
    ("date", "ja", "The offer ends on 31 May.", "キャンペーンは5月31日に終了します。", True),
    ("date", "ja", "The offer ends on 31 May.", "キャンペーンは5月30日に終了します。", False),
    ("date", "ja", "The sale runs from 1 to 7 December.", "セールは12月1日から7日までです。", True),
    ("date", "fi", "The offer ends on 31 May.", "Tarjous päättyy 31.5.", True),
    ("date", "fi", "The offer ends on 31 May.", "Tarjous päättyy 30.5.", False),
    ("date", "fi", "The sale runs from 1 to 7 December.", "Ale kestää 1.–7.12.", True),
    ("date", "zh-hant", "The offer ends on 31 May.", "優惠於5月31日結束。", True),
    ("date", "zh-hant", "The offer ends on 31 May.", "優惠於6月1日結束。", False),
    # durations with units; "a year" is 1 year
    ("duration", "en", "Refunds take two working days.", "Refunds take 2 working days.", True),
    ("duration", "en", "Refunds take two working days.", "Refunds take 3 working days.", False),
    ("duration", "en", "You have 14 days to cancel.", "You have two weeks to cancel.", True),
    ("duration", "ja", "Refunds take two working days.", "返金には2営業日かかります。", True),
    ("duration", "ja", "Refunds take two working days.", "返金には3営業日かかります。", False),
    ("duration", "ja", "The warranty lasts a year.", "保証期間は1年です。", True),
    ("duration", "ja", "Your order leaves in 10 minutes.", "ご注文は十分後に出発します。", True),
    ("duration", "fi", "Refunds take two working days.", "Palautus kestää kaksi arkipäivää.", True),
    ("duration", "fi", "You can return items within 30 days.", "Voit palauttaa tuotteet kolmen päivän kuluessa.", False),
    ("duration", "fi", "It takes 10 minutes.", "Se kestää kymmenen minuuttia.", True),
    ("duration", "fi", "The loan runs over 5 years.", "Laina-aika on neljän vuoden mittainen.", False),
    ("duration", "zh-hant", "It takes three days.", "需要三天。", True),
    ("duration", "zh-hant", "It takes three days.", "需要五天。", False),
    ("duration", "zh-hant", "It takes half an hour.", "大約需要半小時。", True),
    ("duration", "zh-hant", "It arrives in about 25 minutes.", "大約半小時送到。", False),
    ("duration", "zh-hant", "The warranty lasts a year.", "保固期為一年。", True),
    # frequencies: "twice" is 2 times
    ("frequency", "en", "You can change it twice.", "You can change it 2 times.", True),
    ("frequency", "en", "You can change it twice.", "You can change it three times.", False),
    ("frequency", "ja", "You can change it twice a year.", "年2回まで変更できます。", True),
    ("frequency", "ja", "You can change it twice a month.", "月に三回まで変更できます。", False),
    ("frequency", "fi", "You can change it twice a month.", "Voit muuttaa sitä kahdesti kuukaudessa.", True),
    ("frequency", "fi", "You can change it twice a year.", "Voit muuttaa sitä kerran vuodessa.", False),
    ("frequency", "zh-hant", "You can change it twice a year.", "一年可以更改兩次。", True),
    ("frequency", "zh-hant", "You can change it twice.", "您可以更改三次。", False),
    # amounts with currencies
    ("money", "en", "The fee is €4.90.", "The fee is 4.90 EUR.", True),
    ("money", "en", "The fee is €4.90.", "The fee is €4.95.", False),
    ("money", "ja", "The fee is €4.90.", "手数料は4.90ユーロです。", True),
    ("money", "ja", "The fee is ¥10,000.", "料金は1万円です。", True),
    ("money", "ja", "The fee is €2.50.", "手数料は2.05ユーロです。", False),
    ("money", "fi", "The fee is €4.90.", "Maksu on 4,90 €.", True),
    ("money", "fi", "The limit is €10,000.", "Raja on 10 000 euroa.", True),
    ("money", "fi", "The plan costs €120 a year.", "Tilaus maksaa 102 € vuodessa.", False),
    ("money", "zh-hant", "The fee is NT$50,000.", "費用為新台幣5萬元。", True),
    ("money", "zh-hant", "The loan is €15,000.", "貸款金額為1萬5千歐元。", True),
    ("money", "zh-hant", "Orders over €50 ship free.", "訂單超過40歐元免運費。", False),
    # percentages and discount conventions
    ("percent", "en", "Members get 15% off.", "Members save 15%.", True),
    ("percent", "en", "Members get 15% off.", "Members get 20% off.", False),
    ("percent", "ja", "Members get 20% off.", "会員は全品2割引です。", True),
    ("percent", "ja", "Members get 20% off.", "会員は全品3割引です。", False),
    ("percent", "ja", "The interest is 4.9%.", "金利は4.9%です。", True),
    ("percent", "fi", "Members get 15% off.", "Jäsenet saavat 15 %:n alennuksen.", True),
    ("percent", "fi", "Members get 15% off.", "Jäsenet saavat 20 %:n alennuksen.", False),
    ("percent", "fi", "The interest is 4.9%.", "Korko on 4,9 %.", True),
    ("percent", "zh-hant", "Members get 15% off.", "會員享85折優惠。", True),
    ("percent", "zh-hant", "Members get 10% off.", "會員享9折優惠。", True),
    ("percent", "zh-hant", "Members get 15% off.", "會員享8折優惠。", False),
    # links, e-mail addresses, phone numbers
    ("link", "en", "Write to help@shop.example or see https://shop.example/help.", "Write to help@shop.example or see shop.example/help.", True),
    ("link", "en", "See https://shop.example/help.", "See https://shop.example/helps.", False),
    ("link", "ja", "Write to help@shop.example.", "help@shop.exampleにメールしてください。", True),
    ("link", "ja", "Write to help@shop.example.", "support@shop.exampleにメールしてください。", False),
    ("link", "fi", "Call 020 123 456.", "Soita numeroon 020 123 456.", True),
    ("link", "fi", "Call 020 123 456.", "Soita numeroon 020 123 457.", False),
    ("link", "zh-hant", "Write to help@example.com.", "請寄信到help@example.com，謝謝。", True),
    ("link", "zh-hant", "Write to help@example.com.", "請寄信到help@example.com.tw，謝謝。", False),
]  # fmt: skip


def fact_findings(source: str, language: str, body: str, title: str = "T") -> list:
    findings = lint_text(
        title=title, body=body, language=language, channel=HELP, source=f"T\n{source}"
    )
    return [f for f in findings if f.rule == "fact-mismatch"]


def _id(case: tuple) -> str:
    return f"{case[0]}-{case[1]}-{case[3][:24]}"


@pytest.mark.parametrize(
    ("form", "language", "source", "body", "same"), CASES, ids=[_id(c) for c in CASES]
)
def test_a_fact_is_flagged_only_when_its_value_differs(form, language, source, body, same):
    found = fact_findings(source, language, body)
    assert (not found) == same, [(f.message, body[f.start : f.end]) for f in found]
    for finding in found:
        assert 0 <= finding.start < finding.end <= len(body)


def test_every_fact_form_has_same_and_different_examples_in_every_language():
    for form in {case[0] for case in CASES}:
        for same in (True, False):
            languages = {c[1] for c in CASES if c[0] == form and c[4] is same}
            assert languages == LANGUAGES, (form, same, LANGUAGES - languages)


def test_the_message_shows_the_fact_as_written_and_as_read_and_what_the_source_has():
    body = "Voit palauttaa tuotteet kolmen päivän kuluessa."
    (finding,) = fact_findings("You can return items within 30 days.", "fi", body)
    assert body[finding.start : finding.end] == "kolmen päivän"
    assert (
        finding.message == "“kolmen päivän” (3 days) is not in the source text, which has 30 days."
    )
    assert finding.severity in {"error", "warning"}


def test_a_fact_the_source_has_no_kind_of_asks_to_check_it():
    (finding,) = fact_findings("Open Settings.", "zh-hant", "請在5天內打開設定。")
    assert finding.message.startswith("“5天” (5 days) is not in the source text; check")


def test_a_title_is_compared_too():
    assert fact_findings("December sale", "ja", "本文", title="12月のセール") == []
    (found,) = fact_findings("December sale", "ja", "本文", title="11月のセール")
    assert found.field == "title"


def test_the_same_fact_is_one_value_in_every_language():
    two_days = Duration(Decimal(2), "working day")
    for text, language in [
        ("Refunds take two working days.", "en"),
        ("返金には2営業日かかります。", "ja"),
        ("Palautus kestää kaksi arkipäivää.", "fi"),
        ("退款需要兩個工作天。", "zh-hant"),
    ]:
        (fact,) = facts(text, language)
        assert (fact.kind, fact.value) == ("duration", two_days), text
        assert str(fact.value) == "2 working days"


@pytest.mark.parametrize(
    ("text", "language", "kind", "value"),
    [
        ("It costs €4.90.", "en", "money", Money(Decimal("4.9"), "EUR")),
        ("Se maksaa 4,90 €.", "fi", "money", Money(Decimal("4.90"), "EUR")),
        ("新台幣5萬元", "zh-hant", "money", Money(Decimal(50000), "TWD")),
        ("Open until 8 pm.", "en", "time", Clock(20, 0)),
        ("klo 20", "fi", "time", Clock(20, 0)),
        ("晚上8點", "zh-hant", "time", Clock(20, 0)),
        ("下午4點半", "zh-hant", "time", Clock(16, 30)),
        ("85折", "zh-hant", "percent_off", Percent(Decimal(15), off=True)),
        ("2割引", "ja", "percent_off", Percent(Decimal(20), off=True)),
        ("半小時", "zh-hant", "duration", Duration(Decimal(30), "minute")),
        ("a year", "en", "duration", Duration(Decimal(1), "year")),
    ],
)
def test_facts_are_typed_values(text, language, kind, value):
    (fact,) = facts(text, language)
    assert fact.kind == kind
    assert fact.value == value


def test_both_ends_of_a_range_must_be_in_the_source():
    (fact,) = facts("1〜6週間", "ja")
    assert str(fact.value) == "1–6 weeks"
    assert [str(v) for _, v in fact.atoms()] == ["1 week", "6 weeks"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # "enough", "together", "once more", "several hundred yen", "two or three days"
        (
            "十分ご注意ください。一緒に確認しましょう。もう1度お試しください。数百円の差です。二三日お待ちください。",
            "ja",
        ),
        # "together", "a moment", "try once more", "these days", "a little faster", "the second one"
        ("我們一起看一下。請再試一次。這兩天會處理。快一點。第2個。", "zh-hant"),
        # "one thing", "it rains", "once more", "contact us"
        ("Yksi asia vielä: ulkona sataa. Yritä vielä kerran. Ota yhteyttä.", "fi"),
        # "one of", "once" as "as soon as", "double-check"
        ("One of our team will call once you log in. Please double-check the form.", "en"),
        # 2番目: an ordinal; 1件につき: "per order"
        ("2番目の項目をご確認ください。ご注文1件につき送料がかかります。", "ja"),
    ],
)
def test_unknown_or_ambiguous_forms_are_left_alone(text, language):
    assert facts(text, language) == []


def test_a_number_in_a_form_not_understood_still_agrees_with_the_same_number():
    # "30 calendar-ish days" is not read as a duration; its 30 still matches 30日以内.
    assert (
        fact_findings("Return it within 30 so-called days.", "ja", "30日以内に返品できます。") == []
    )


def test_a_language_without_rules_compares_digits_links_and_addresses():
    assert [(f.kind, str(f.value)) for f in facts("Det tar 3 dagar, se shop.example/a", "sv")] == [
        ("number", "3"),
        ("url", "shop.example/a"),
    ]


def test_full_width_digits_and_offsets_point_at_the_original_text():
    text = "お届けまで３日以内です。"
    (fact,) = facts(text, "ja")
    assert text[fact.start : fact.end] == "３日"
    assert str(fact.value) == "3 days"
