"""Demo snippets: openers, agreements, closings and apologies for the hard cases.

Written for this project. Each is plain text in all four languages; bodies use
them as {{snippet:<key>}}.
"""

SNIPPETS = [
    {
        "key": "opener-thanks",
        "kind": "opener",
        "description": "Thanks the customer by name for getting in touch.",
        "texts": {
            "en": "Hi {{customer_name}}, thank you for getting in touch.",
            "ja": "{{customer_name}}様、お問い合わせいただきありがとうございます。",
            "fi": "Hei {{customer_name}}, kiitos kun otit yhteyttä.",
            "zh-hant": "{{customer_name}}您好，謝謝您與我們聯絡。",
        },
    },
    {
        "key": "sorry-delivery-delay",
        "kind": "apology",
        "description": "A parcel is late.",
        "texts": {
            "en": "I'm sorry your parcel is late; I know you were counting on it.",
            "ja": "お荷物の到着が遅れており、申し訳ありません。",
            "fi": "Pahoittelen, että pakettisi on myöhässä.",
            "zh-hant": "很抱歉您的包裹延遲了，我明白您一直在等。",
        },
    },
    {
        "key": "sorry-hidden-fee",
        "kind": "apology",
        "description": "The customer found a charge they did not expect.",
        "texts": {
            "en": "I understand an unexpected charge is upsetting.",
            "ja": "予期しない請求に驚かれたことと思います。申し訳ありません。",
            "fi": "Ymmärrän, että odottamaton maksu harmittaa.",
            "zh-hant": "我理解突如其來的費用讓人不開心。",
        },
    },
    {
        "key": "sorry-poor-quality",
        "kind": "apology",
        "description": "The product did not meet expectations.",
        "texts": {
            "en": "I'm sorry the product didn't live up to what you expected.",
            "ja": "ご期待に沿えず、申し訳ありません。",
            "fi": "Pahoittelen, ettei tuote vastannut odotuksiasi.",
            "zh-hant": "很抱歉產品沒有達到您的期待。",
        },
    },
    {
        "key": "agreement-next-step",
        "kind": "agreement",
        "description": "States what happens next.",
        "texts": {
            "en": "I'll keep an eye on it and write to you as soon as it moves.",
            "ja": "状況を確認し、動きがあり次第ご連絡します。",
            "fi": "Seuraan asiaa ja kirjoitan sinulle heti, kun se etenee.",
            "zh-hant": "我會持續追蹤，一有進展就馬上通知您。",
        },
    },
    {
        "key": "closing-anything-else",
        "kind": "closing",
        "description": "Checks nothing else is open and names the channels.",
        "texts": {
            "en": "Is there anything else I can do for you? Chat is the fastest way to reach me.",
            "ja": "他にご不明な点はございますか。チャットが一番早くお返事できます。",
            "fi": "Voinko auttaa vielä jossain muussa? Chatissa vastaan nopeimmin.",
            "zh-hant": "還有其他我能幫忙的嗎？透過聊天聯絡我們最快。",
        },
    },
]
