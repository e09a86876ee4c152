# ruff: noqa: E501  (the example table reads best one case per line)
"""Each rule, per language: texts it must flag and texts it must leave alone."""

import pytest

from templates_app.tone.lint import ChannelTone, lint_text
from templates_app.tone.text import mask_quoted, sentences

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


# Rules that generalise: unseen wording per language, and the look-alikes that
# must stay quiet. Written for these tests (not taken from bench/lint_data).
# (rule, language, channel, body, should flag)
FAMILIES = [
    # jargon: the shipped starter lists, trade acronyms in every language
    ("jargon", "en", HELP, "Your waybill number is printed on the receipt.", True),
    ("jargon", "en", HELP, "Quote the RMA when you post the box.", True),
    ("jargon", "en", HELP, "The engineer checks the cell site near you.", True),
    ("jargon", "en", HELP, "Train tickets are sold in the app; open the ticket to see the seat.", False),
    ("jargon", "en", HELP, "Coffee pods ship in boxes of 50.", False),
    ("jargon", "ja", HELP, "返品の際はRMA番号を箱に書いてください。", True),
    ("jargon", "ja", HELP, "配達不能の場合は翌日にお届けします。", True),
    ("jargon", "ja", HELP, "チケットはアプリで購入できます。", False),
    ("jargon", "fi", HELP, "Kirjoita rahtikirjan numero lomakkeeseen.", True),
    ("jargon", "fi", HELP, "Tikettisi on käsittelyssä.", True),
    ("jargon", "fi", HELP, "Palautuksen etiketti on laatikon kyljessä.", False),
    ("jargon", "zh-hant", HELP, "請在外箱寫上料號。", True),
    ("jargon", "zh-hant", HELP, "請提供SKU，方便我們查詢。", True),
    ("jargon", "zh-hant", HELP, "車票可以在App購買。", False),
    # over-formal: letter and contract grammar, not just words
    ("over-formal", "en", HELP, "Should you require a receipt, write to us.", True),
    ("over-formal", "en", HELP, "Card holders are required to sign the slip.", True),
    ("over-formal", "en", CHAT, f"{OPEN_EN} Shall I call you back tonight? {CLOSE_EN}", False),
    ("over-formal", "ja", HELP, "今後ともよろしくお願い申し上げます。", True),
    ("over-formal", "ja", HELP, "会員は退会前に残高を使い切るものとします。", True),
    ("over-formal", "ja", HELP, "退会前に残高を使い切ってください。", False),
    ("over-formal", "fi", HELP, "Teidän tulee vahvistaa tilaus sähköpostitse.", True),
    ("over-formal", "fi", HELP, "Laskunne on liitteenä.", True),
    ("over-formal", "fi", HELP, "Voit tulla tänne milloin vain, ja kortti on voimassa vuoden.", False),
    ("over-formal", "fi", HELP, "Toimitustilanne näkyy sovelluksessa, ja tilanne päivittyy heti.", False),
    ("over-formal", "zh-hant", HELP, "凡逾期之訂單，恕不退款。", True),
    ("over-formal", "zh-hant", HELP, "會員應於到期前完成續約。", True),
    ("over-formal", "zh-hant", HELP, "之前的訂單享有百分之十的折扣，應繳金額會自動調整。", False),
    # excess apology: two or more, counted once each; a quoted one is the app's
    ("excess-apology", "en", HELP, "Sorry about the outage. If the app says “Sorry, try again”, wait a minute.", False),
    ("excess-apology", "fi", CHAT, "Pahoittelen viivettä. Korjasin osoitteen. Anteeksi vielä! Voinko auttaa muussa?", True),
    ("excess-apology", "fi", CHAT, "Valitettavasti tuote on loppu. Pahoittelen tätä. Haluatko ilmoituksen?", False),
    ("excess-apology", "zh-hant", CHAT, "不好意思讓您久等。已經補寄了，再次向您致歉。還有其他問題嗎？", True),
    ("excess-apology", "zh-hant", CHAT, "不好意思讓您久等。已經補寄了。還有其他問題嗎？", False),
    # passive voice: the false alarms of the robot test
    ("passive-voice", "en", HELP, "Your card can be frozen in the app.", True),
    ("passive-voice", "en", HELP, "You can see how much data is left under Usage.", False),
    ("passive-voice", "en", CHAT, f"{OPEN_EN} You're all set for Friday. {CLOSE_EN}", False),
    ("passive-voice", "en", CHAT, f"{OPEN_EN} Let's reset it together. {CLOSE_EN}", False),
    ("passive-voice", "en", HELP, "If the app says “Your card was declined”, call your bank.", False),
    # plain apology: "unfortunately" alone is none; quoted app messages are none
    ("plain-apology", "en", HELP, "If the app shows `We're sorry, something went wrong`, update it.", False),
    ("plain-apology", "en", HELP, "Unfortunately, gift cards can't be exchanged for cash.", False),
    ("plain-apology", "ja", HELP, "ご不便をおかけしてすみません。アプリを更新してください。", True),
    ("plain-apology", "ja", HELP, "残念ながら、セール品は返品できません。", False),
    ("plain-apology", "ja", HELP, "「申し訳ありません。時間をおいてお試しください」と出たら、再起動してください。", False),
    ("plain-apology", "fi", HELP, "Pahoittelut katkoksesta! Päivitä sovellus.", True),
    ("plain-apology", "fi", HELP, "Valitettavasti lahjakortteja ei voi vaihtaa rahaksi.", False),
    ("plain-apology", "fi", HELP, "Jos näet ilmoituksen ”Pahoittelemme, jotain meni pieleen”, päivitä sovellus.", False),
    ("plain-apology", "zh-hant", HELP, "造成不便，敬請見諒。請更新App。", True),
    ("plain-apology", "zh-hant", HELP, "很遺憾，這個方案已經停售。", False),
    ("plain-apology", "zh-hant", HELP, "如果出現「抱歉，請稍後再試」，請重新啟動App。", False),
    # plain small talk: greetings, wishes, thanks, short exclamations; not warnings
    ("plain-small-talk", "en", HELP, "Hope you're having a lovely week! Open Orders to track it.", True),
    ("plain-small-talk", "en", HELP, "Open Orders to track it. Happy travels!", True),
    ("plain-small-talk", "en", HELP, "Easy peasy! Open Orders to track it.", True),
    ("plain-small-talk", "en", HELP, "Important! Back up your phone before the update.", False),
    ("plain-small-talk", "en", HELP, "Thanks to the new app, you can pay in one tap.", False),
    ("plain-small-talk", "en", HELP, "The best way to reach a person is chat. Take care not to share your code.", False),
    ("plain-small-talk", "en", HELP, "Pets are welcome to travel in a carrier. Say hello to the new app.", False),
    ("plain-small-talk", "en", HELP, "Open Orders to track it.\n\nKind regards,\nThe Shop team", True),
    ("plain-small-talk", "ja", HELP, "こんばんは！注文履歴から確認できます。", True),
    ("plain-small-talk", "ja", HELP, "注文履歴から確認できます。素敵な週末をお過ごしください。", True),
    ("plain-small-talk", "ja", HELP, "必ず更新してください！注文履歴から確認できます。", False),
    ("plain-small-talk", "fi", HELP, "Näet tilauksen kohdasta Tilaukset. Aurinkoista viikonloppua!", True),
    ("plain-small-talk", "fi", HELP, "Huom! Varmuuskopioi puhelin ensin.", False),
    ("plain-small-talk", "zh-hant", HELP, "在「訂單」可以查看進度。祝您旅途愉快！", True),
    ("plain-small-talk", "zh-hant", HELP, "請勿把驗證碼告訴他人！在「訂單」可以查看進度。", False),
    # brand-hiding we: any language's company "we"; not the customer and agent together
    ("brand-we", "en", CHAT, f"{OPEN_EN} Our courier will call you. {CLOSE_EN}", True),
    ("brand-we", "en", CHAT, f"{OPEN_EN} We've refunded the fee. {CLOSE_EN}", True),
    ("brand-we", "en", CHAT, f"{OPEN_EN} Let's check the settings together. {CLOSE_EN}", False),
    ("brand-we", "ja", CHAT, "ご連絡ありがとうございます。弊社で確認いたします。ほかにございますか。", True),
    ("brand-we", "ja", CHAT, "ご連絡ありがとうございます。私どもの倉庫から発送します。ほかにございますか。", True),
    ("brand-we", "ja", CHAT, "ご連絡ありがとうございます。当社の規定では交換できます。ほかにございますか。", True),
    ("brand-we", "ja", CHAT, "ご連絡ありがとうございます。一緒に設定を確認しましょう。ほかにございますか。", False),
    ("brand-we", "fi", CHAT, "Pahoittelemme viivettä. Voinko auttaa muussa?", True),
    ("brand-we", "fi", CHAT, "Kiitos viestistä. Meidän varastomme on kiinni. Voinko auttaa muussa?", True),
    ("brand-we", "fi", CHAT, "Kiitos viestistä. Katsotaan yhdessä, mitä voimme tehdä. Voinko auttaa muussa?", False),
    ("brand-we", "zh-hant", CHAT, "謝謝您。我們會寄新卡給您。還有其他問題嗎？", True),
    ("brand-we", "zh-hant", CHAT, "謝謝您。本公司將於明天出貨。還有其他問題嗎？", True),
    ("brand-we", "zh-hant", CHAT, "謝謝您。本行已收到申請。還有其他問題嗎？", True),
    ("brand-we", "zh-hant", CHAT, "謝謝您。我們一起來試試看重新開機。還有其他問題嗎？", False),
    # doubting "any": of its kind in each language; not "whichever"
    ("doubting-any", "en", CHAT, f"{OPEN_EN} If there was any error on my side, I'll fix it. {CLOSE_EN}", True),
    ("doubting-any", "en", CHAT, f"{OPEN_EN} Pick any colour you like. {CLOSE_EN}", False),
    ("doubting-any", "en", CHAT, f"{OPEN_EN} There aren't any fees for this. {CLOSE_EN}", False),
    ("doubting-any", "en", CHAT, f"{OPEN_EN} Do you see any error message? {CLOSE_EN}", False),
    ("doubting-any", "ja", CHAT, "申し訳ありません。何らかの遅延があれば返金します。ほかにございますか。", True),
    ("doubting-any", "ja", CHAT, "申し訳ありません。ご不便をおかけした場合は返金します。ほかにございますか。", True),
    ("doubting-any", "ja", CHAT, "申し訳ありません。お好きな色をどれでも選べます。ほかにございますか。", False),
    ("doubting-any", "ja", CHAT, "申し訳ありません。万が一届かない場合は、お知らせください。", False),
    ("doubting-any", "fi", CHAT, "Pahoittelen mahdollisesta viiveestä. Voinko auttaa muussa?", True),
    ("doubting-any", "fi", CHAT, "Kiitos. Korjaan mahdollisen virheen heti. Voinko auttaa muussa?", True),
    ("doubting-any", "fi", CHAT, "Kiitos. Korjaan sen mahdollisimman pian. Voinko auttaa muussa?", False),
    ("doubting-any", "fi", CHAT, "Kiitos. On mahdollista vaihtaa päivää. Voit valita minkä tahansa ajan. Sopiiko?", False),
    ("doubting-any", "zh-hant", CHAT, "抱歉。若造成任何不便，我會補償。還有其他問題嗎？", True),
    ("doubting-any", "zh-hant", CHAT, "抱歉。任何一家門市都可以取貨。還有其他問題嗎？", False),
    ("doubting-any", "zh-hant", CHAT, "抱歉。已經補寄了。如果有任何問題，歡迎隨時問我。", False),
    # missing acknowledgement: phrase families and empathy as grammar
    ("missing-acknowledgement", "en", CHAT, f"Oh no, a flat tyre on the way to the airport! {CLOSE_EN}", False),
    ("missing-acknowledgement", "en", CHAT, f"You're right, that fee shouldn't be there. {CLOSE_EN}", False),
    ("missing-acknowledgement", "en", CHAT, f"Hi Jo!\nThanks for the photos. {CLOSE_EN}", False),
    ("missing-acknowledgement", "en", CHAT, f"Hi Jo! Your order ships today. {CLOSE_EN}", True),
    ("missing-acknowledgement", "ja", CHAT, "せっかくの週末なのに、お届けが遅れて残念でしたね。ほかにございますか。", False),
    ("missing-acknowledgement", "ja", CHAT, "荷物が届かないとのこと、ご不安ですよね。ほかにございますか。", False),
    ("missing-acknowledgement", "ja", CHAT, "残念ながら在庫切れです。ほかにございますか。", True),
    ("missing-acknowledgement", "fi", CHAT, "Voi ei, kortti jäi automaattiin! Voinko auttaa muussa?", False),
    ("missing-acknowledgement", "fi", CHAT, "Valitettavasti tuote on loppunut. Voinko auttaa muussa?", True),
    ("missing-acknowledgement", "zh-hant", CHAT, "聽起來這件事真的讓您很困擾。還有其他問題嗎？", False),
    ("missing-acknowledgement", "zh-hant", CHAT, "您好！訂單今天出貨。還有其他問題嗎？", True),
    # missing closing: invitations to write back; sign-offs and wishes after them
    ("missing-closing", "fi", CHAT, "Pahoittelen. Korjasin osoitteen. Kerro, jos voin auttaa vielä jossain muussa.", False),
    ("missing-closing", "fi", CHAT, "Pahoittelen. Korjasin osoitteen. Laitan viestin, kun paketti lähtee.", True),
    ("missing-closing", "en", CHAT, f"{OPEN_EN} Just reply here if anything changes.", False),
    ("missing-closing", "en", CHAT, f"{OPEN_EN} I'll text you when it ships.", True),
    ("missing-closing", "en", MAIL, f"{OPEN_EN} {CLOSE_EN} Have a lovely evening!\n\nBest,\nLaura", False),
    ("missing-closing", "en", MAIL, f"{OPEN_EN} It ships today.\n\nLaura", True),
    ("missing-closing", "en", MAIL, f"<p>{OPEN_EN}</p><p>It ships today.</p>", True),
    ("missing-closing", "en", MAIL, f"<p>{OPEN_EN}</p><p>{CLOSE_EN}</p>", False),
    ("missing-closing", "ja", CHAT, "申し訳ありません。発送したらメールでお知らせします。", True),
    ("missing-closing", "ja", CHAT, "申し訳ありません。日程を変えたい場合はお知らせください。", False),
    ("missing-closing", "zh-hant", CHAT, "抱歉。已經補寄了。有任何問題，隨時跟我說。", False),
    ("missing-closing", "zh-hant", CHAT, "抱歉。已經補寄了。我會再通知您。", True),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "language", "channel", "body", "flag"), FAMILIES)
def test_rules_find_phrase_families_and_leave_look_alikes_alone(
    rule, language, channel, body, flag
):
    hits = [
        f
        for f in lint_text(title="T", body=body, language=language, channel=channel, snippets={})
        if f.rule == rule
    ]
    assert bool(hits) == flag, [(f.rule, body[f.start : f.end]) for f in hits]


def test_every_tone_rule_has_examples_both_ways_in_every_language_it_applies_to():
    languages = {"en", "ja", "fi", "zh-hant"}
    for rule in {case[0] for case in FAMILIES} - {"passive-voice", "excess-apology"}:
        for flag in (True, False):
            cases = [c for c in FAMILIES + [(*c[:4], c[5]) for c in CASES] if c[0] == rule]
            said = {c[1] for c in cases if c[4] == flag}
            assert said == languages, (rule, flag, languages - said)


QUOTING = [
    ("en", 'When the app says "Sorry, we can\'t reach our servers. Have a nice day!", restart it.'),
    ("en", "If you see `Sorry! Our service is down`, try again in 5 minutes."),
    ("ja", "「申し訳ございません。弊社サーバーに接続できません」と出たら、再起動してください。"),
    ("fi", "Jos näet ilmoituksen ”Pahoittelemme! Palvelumme on tauolla”, yritä hetken päästä."),
    ("zh-hant", "若出現「很抱歉，本公司系統忙碌中，祝您有美好的一天」，請稍後再試。"),
    ("zh-hant", "若出現“抱歉，請稍後再試”，請重新整理頁面。"),
]


@pytest.mark.parametrize(("language", "body"), QUOTING)
def test_quoted_ui_strings_are_the_apps_words_not_the_writers(language, body):
    """A help page quoting the app's message neither apologises nor small-talks."""
    findings = lint_text(title="T", body=body, language=language, channel=HELP)
    assert findings == []


def test_quoted_strings_are_excluded_in_chat_too_but_offsets_stay():
    body = "I'm sorry. The note says “we left it with our neighbour”. Could you check?"
    findings = lint_text(title="T", body=body, language="en", channel=CHAT)
    assert [f.rule for f in findings] == []
    body = "I'm sorry. Our note says “left at the door”. Could you check?"
    (finding,) = lint_text(title="T", body=body, language="en", channel=CHAT)
    assert (finding.rule, body[finding.start : finding.end]) == ("brand-we", "Our note")


def test_a_starter_jargon_word_suggests_the_everyday_word():
    body = f"{OPEN_EN} Where did she alight? {CLOSE_EN}"
    (finding,) = [f for f in lint_text(title="", body=body, language="en", channel=CHAT)]
    assert body[finding.start : finding.end] == "alight"
    assert "“get off”" in finding.message


def test_editors_words_extend_the_starter_list_and_can_override_its_suggestion():
    extra = (("jargon", (("docket", "delivery note"), ("rma", "return code"))),)
    body = "Print the docket and write the RMA on the box."
    findings = lint_text(title="", body=body, language="en", channel=HELP, extra_words=extra)
    marked = {body[f.start : f.end]: f.message for f in findings if f.rule == "jargon"}
    assert set(marked) == {"docket", "RMA"}
    assert "“delivery note”" in marked["docket"] and "“return code”" in marked["RMA"]
    without = lint_text(title="", body=body, language="en", channel=HELP)
    assert [body[f.start : f.end] for f in without if f.rule == "jargon"] == ["RMA"]
    # The team's suggestion wins over the shipped one.
    body = "RMA番号を書いてください。"
    (shipped,) = lint_text(title="", body=body, language="ja", channel=HELP)
    assert "“返品番号”" in shipped.message
    extra = (("jargon", (("rma", "返品コード"),)),)
    (theirs,) = lint_text(title="", body=body, language="ja", channel=HELP, extra_words=extra)
    assert "“返品コード”" in theirs.message


def test_sentences_keep_dates_times_and_numbers_whole_and_quotes_keep_offsets():
    text = "Erä erääntyy 20.7. klo 14.30. Order no. 5 is late! 今日は？はい。\nLaura"
    assert [text[a:b] for a, b in sentences(text)] == [
        "Erä erääntyy 20.7. klo 14.30.",
        "Order no. 5 is late!",
        "今日は？",
        "はい。",
        "Laura",
    ]
    quoted = 'It says "Sorry. Try again." and 「申し訳ありません」 and `we`.'
    masked = mask_quoted(quoted)
    assert len(masked) == len(quoted) and "Sorry" not in masked and "申し訳" not in masked
    assert [quoted[a:b] for a, b in sentences(masked)] == [quoted]


@pytest.mark.parametrize(
    ("language", "body", "word"),
    [
        ("en", "Please quote the MSISDN.", "MSISDN"),
        ("ja", "MSISDNを入力してください。", "MSISDN"),
        ("fi", "Anna MSISDN-numero.", "MSISDN"),
        ("zh-hant", "請填寫MSISDN。", "MSISDN"),
    ],
)
def test_trade_acronyms_are_jargon_in_every_language(language, body, word):
    (finding,) = [
        f
        for f in lint_text(title="", body=body, language=language, channel=HELP)
        if f.rule == "jargon"
    ]
    assert body[finding.start : finding.end] == word


def test_doubting_any_marks_the_words_not_the_whole_clause():
    body = f"{OPEN_EN} I'm sorry if there was any delay with the courier. {CLOSE_EN}"
    (finding,) = [
        f
        for f in lint_text(title="", body=body, language="en", channel=CHAT)
        if f.rule == "doubting-any"
    ]
    assert body[finding.start : finding.end] == "any delay"


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
