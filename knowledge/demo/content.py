"""Demo content for `manage.py seed_demo`, written for Parley.

Help-page texts are dry and direct (markdown). Chat texts follow the four moves
of DOMAIN.md: acknowledge, guide (offer options), agree (next step, time
frame), close (check nothing else is open). Numbers in a chat text always
appear in the help-page text of the same entry, so the facts agree.
"""

TOPICS: dict[str, dict[str, str]] = {
    "orders": {
        "en": "Orders and delivery",
        "ja": "注文と配送",
        "fi": "Tilaukset ja toimitus",
        "zh-hant": "訂單與配送",
    },
    "billing": {
        "en": "Payments and fees",
        "ja": "お支払いと手数料",
        "fi": "Maksut",
        "zh-hant": "付款與費用",
    },
    "account": {
        "en": "Account",
        "ja": "アカウント",
        "fi": "Tili",
        "zh-hant": "帳號",
    },
    "returns": {
        "en": "Returns and damage",
        "ja": "返品と破損",
        "fi": "Palautukset",
        "zh-hant": "退貨與損壞",
    },
}

# Each entry: key, topic, tags, example questions per language, and per channel
# slug a {language: (title, body)} mapping.
ENTRIES: list[dict] = [
    {
        "key": "order-delayed",
        "topic": "orders",
        "tags": ["delivery"],
        "questions": {
            "en": ["Where is my order?", "My parcel hasn't arrived", "Delivery is taking too long"],
            "ja": ["注文した商品はどこですか", "荷物がまだ届きません", "配達が遅れています"],
            "fi": ["Missä tilaukseni on?", "Paketti ei ole tullut", "Toimitus kestää liian kauan"],
            "zh-hant": ["我的訂單在哪裡？", "包裹還沒送到", "配送太慢了"],
        },
        "help-page": {
            "en": (
                "My order is late",
                "Most orders arrive within 3–5 business days of dispatch.\n\n"
                "1. Open **My orders** and select the order.\n"
                "2. Select **Track parcel** to see where it is now.\n"
                "3. If the tracking page has not changed for 5 business days, select "
                "**Report a problem**. You can choose a replacement or a refund.",
            ),
            "ja": (
                "注文した商品が届かない",
                "通常、商品は発送から3〜5営業日でお届けします。\n\n"
                "1. **注文履歴**から該当の注文を選びます。\n"
                "2. **配送状況を確認**を選ぶと、荷物の現在地が表示されます。\n"
                "3. 配送状況が5営業日以上更新されていない場合は、**問題を報告**を選んでください。"
                "再送または返金を選べます。",
            ),
            "fi": (
                "Tilaukseni on myöhässä",
                "Useimmat tilaukset saapuvat 3–5 arkipäivän kuluessa lähetyksestä.\n\n"
                "1. Avaa **Omat tilaukset** ja valitse tilaus.\n"
                "2. Valitse **Seuraa pakettia**, niin näet paketin sijainnin.\n"
                "3. Jos seurantatieto ei ole muuttunut 5 arkipäivään, valitse "
                "**Ilmoita ongelmasta**. Voit valita korvaavan toimituksen tai hyvityksen.",
            ),
            "zh-hant": (
                "我的訂單延遲了",
                "大多數訂單會在出貨後 3–5 個工作天內送達。\n\n"
                "1. 開啟**我的訂單**並選擇該筆訂單。\n"
                "2. 選擇**追蹤包裹**，查看包裹目前的位置。\n"
                "3. 如果追蹤資訊已 5 個工作天沒有更新，請選擇**回報問題**。"
                "您可以選擇重新寄送或退款。",
            ),
        },
        "chat": {
            "en": (
                "My order is late",
                "I'm sorry your order hasn't arrived yet, {{customer_name}}. Waiting for a "
                "parcel you need is frustrating.\n\n"
                "I can check the tracking for you right now. If the parcel hasn't moved for "
                "5 business days, I can send a replacement or refund the order. Which would "
                "you prefer?\n\n"
                "Once you choose, I'll confirm the next step here in the chat, and you'll get "
                "an e-mail with the details too.\n\n"
                "Is there anything else I can help you with?",
            ),
            "ja": (
                "注文した商品が届かない",
                "{{customer_name}}様、ご注文の商品がまだ届かず、ご心配をおかけしております。"
                "待っている荷物が届かないのは本当に困りますよね。\n\n"
                "今すぐ私が配送状況をお調べします。荷物が5営業日以上動いていない場合は、"
                "再送か返金のどちらかをお選びいただけます。どちらがよろしいでしょうか。\n\n"
                "お選びいただいたら、次の手順をこのチャットでお伝えし、詳細をメールでもお送りします。\n\n"
                "ほかに何かお手伝いできることはありますか？",
            ),
            "fi": (
                "Tilaukseni on myöhässä",
                "Ikävää, ettei tilauksesi ole vielä tullut, {{customer_name}}. Tarvitsemansa "
                "paketin odottaminen on turhauttavaa.\n\n"
                "Voin tarkistaa seurantatiedot heti. Jos paketti ei ole liikkunut 5 arkipäivään, "
                "voin lähettää korvaavan tuotteen tai palauttaa rahat. Kumpi sopii sinulle "
                "paremmin?\n\n"
                "Kun olet valinnut, vahvistan seuraavan vaiheen tässä chatissa, ja saat tiedot "
                "myös sähköpostiisi.\n\n"
                "Voinko auttaa vielä jossain muussa?",
            ),
            "zh-hant": (
                "我的訂單延遲了",
                "{{customer_name}}，很抱歉您的訂單還沒送到，等待需要的包裹一定很令人焦急。\n\n"
                "我現在就幫您查詢物流狀態。如果包裹已經 5 個工作天沒有移動，"
                "我可以為您重新寄送或辦理退款。您比較希望哪一種方式呢？\n\n"
                "您選好之後，我會在這個對話中確認下一步，並把詳細資訊寄到您的電子郵件。\n\n"
                "還有其他我可以幫忙的地方嗎？",
            ),
        },
    },
    {
        "key": "item-out-of-stock",
        "topic": "orders",
        "tags": ["stock"],
        "questions": {
            "en": ["The item I want is sold out", "When will this product be back?"],
            "ja": ["欲しい商品が売り切れです", "この商品はいつ再入荷しますか"],
            "fi": ["Haluamani tuote on loppu", "Milloin tuotetta tulee taas?"],
            "zh-hant": ["我想買的商品賣完了", "這個商品什麼時候會再到貨？"],
        },
        "help-page": {
            "en": (
                "An item is out of stock",
                "When an item is out of stock, its product page shows **Out of stock**.\n\n"
                "- Select **Notify me** to get an e-mail when the item is back.\n"
                "- Select **Similar items** to see products with the same features.\n\n"
                "Most items return to stock within 14 days.",
            ),
            "ja": (
                "商品が在庫切れになっている",
                "在庫切れの商品は、商品ページに**在庫切れ**と表示されます。\n\n"
                "- **入荷お知らせ**を選ぶと、再入荷したときにメールでお知らせします。\n"
                "- **類似商品**を選ぶと、同じ機能を持つ商品が表示されます。\n\n"
                "ほとんどの商品は14日以内に再入荷します。",
            ),
            "fi": (
                "Tuote on loppunut varastosta",
                "Kun tuote on loppunut, tuotesivulla lukee **Loppunut**.\n\n"
                "- Valitse **Ilmoita minulle**, niin saat sähköpostin, kun tuotetta on taas.\n"
                "- Valitse **Samankaltaiset tuotteet**, niin näet tuotteet, joissa on samat "
                "ominaisuudet.\n\n"
                "Useimpia tuotteita tulee lisää 14 päivän kuluessa.",
            ),
            "zh-hant": (
                "商品缺貨",
                "商品缺貨時，商品頁面會顯示**缺貨**。\n\n"
                "- 選擇**到貨通知**，商品補貨時會寄電子郵件通知您。\n"
                "- 選擇**類似商品**，查看功能相同的商品。\n\n"
                "大多數商品會在 14 天內補貨。",
            ),
        },
        "chat": {
            "en": (
                "An item is out of stock",
                "I'm really sorry, {{customer_name}}: this item isn't available right now, and "
                "I understand you were counting on it.\n\n"
                "I can set up an e-mail alert for when it's back, or show you similar items "
                "you can order today. Would either of those help?\n\n"
                "If you'd like the alert, I'll switch it on now, and you'll get an e-mail as "
                "soon as the item returns, usually within 14 days.\n\n"
                "Is there anything else I can do for you?",
            ),
            "ja": (
                "商品が在庫切れになっている",
                "{{customer_name}}様、申し訳ありません。こちらの商品はただいま在庫切れです。"
                "楽しみにされていたことと思います。\n\n"
                "再入荷したときにメールでお知らせする設定か、今すぐご注文いただける類似商品の"
                "ご案内ができます。どちらかお役に立ちそうでしょうか。\n\n"
                "お知らせをご希望でしたら、今すぐ私が設定します。再入荷しだいメールが届きます"
                "（通常14日以内です）。\n\n"
                "ほかに何かお手伝いできることはありますか？",
            ),
            "fi": (
                "Tuote on loppunut varastosta",
                "Olen todella pahoillani, {{customer_name}}: tätä tuotetta ei juuri nyt ole, ja "
                "ymmärrän, että odotit sitä.\n\n"
                "Voin laittaa sinulle sähköposti-ilmoituksen, kun tuotetta tulee taas, tai näyttää "
                "samankaltaisia tuotteita, jotka voit tilata jo tänään. Auttaisiko jompikumpi?\n\n"
                "Jos haluat ilmoituksen, kytken sen nyt päälle, ja saat sähköpostin heti, kun "
                "tuote palaa – yleensä 14 päivän kuluessa.\n\n"
                "Voinko auttaa vielä jossain muussa?",
            ),
            "zh-hant": (
                "商品缺貨",
                "{{customer_name}}，真的很抱歉，這項商品目前缺貨，我明白您很期待它。\n\n"
                "我可以幫您設定到貨通知，補貨時寄電子郵件給您；也可以為您介紹今天就能訂購的"
                "類似商品。這兩種方式有幫得上忙的嗎？\n\n"
                "如果您需要到貨通知，我現在就幫您開啟，商品一補貨您就會收到郵件，"
                "通常在 14 天內。\n\n"
                "還有其他我可以為您做的嗎？",
            ),
        },
    },
    {
        "key": "change-delivery-address",
        "topic": "orders",
        "tags": ["delivery", "address"],
        "questions": {
            "en": ["I moved, can I change where my order goes?", "Wrong address on my order"],
            "ja": ["届け先を変えたいです", "住所を間違えて注文しました"],
            "fi": ["Voinko vaihtaa toimitusosoitteen?", "Tilauksessa on väärä osoite"],
            "zh-hant": ["可以改寄送地址嗎？", "訂單上的地址寫錯了"],
        },
        "help-page": {
            "en": (
                "Change the delivery address",
                "You can change the address until the order status is **Shipped**.\n\n"
                "1. Open **My orders** and select the order.\n"
                "2. Select **Change address** and enter the new address.\n"
                "3. Select **Save**.\n\n"
                "After shipping, give the carrier the tracking number and ask them to "
                "redirect the parcel.",
            ),
            "ja": (
                "お届け先住所の変更",
                "注文のステータスが**発送済み**になるまでは、住所を変更できます。\n\n"
                "1. **注文履歴**から該当の注文を選びます。\n"
                "2. **住所を変更**を選び、新しい住所を入力します。\n"
                "3. **保存**を選びます。\n\n"
                "発送後は、追跡番号を配送業者に伝えて転送を依頼してください。",
            ),
            "fi": (
                "Toimitusosoitteen muuttaminen",
                "Voit muuttaa osoitetta, kunnes tilauksen tila on **Lähetetty**.\n\n"
                "1. Avaa **Omat tilaukset** ja valitse tilaus.\n"
                "2. Valitse **Muuta osoitetta** ja kirjoita uusi osoite.\n"
                "3. Valitse **Tallenna**.\n\n"
                "Lähetyksen jälkeen anna kuljetusyhtiölle seurantanumero ja pyydä ohjaamaan "
                "paketti uuteen osoitteeseen.",
            ),
            "zh-hant": (
                "變更收件地址",
                "在訂單狀態變成**已出貨**之前，您都可以變更地址。\n\n"
                "1. 開啟**我的訂單**並選擇該筆訂單。\n"
                "2. 選擇**變更地址**並輸入新地址。\n"
                "3. 選擇**儲存**。\n\n"
                "出貨後，請將追蹤編號提供給物流業者，請他們改寄包裹。",
            ),
        },
        "chat": {
            "en": (
                "Change the delivery address",
                "Thanks for letting me know about the new address, {{customer_name}}. I know "
                "how much it matters that the parcel reaches the right door.\n\n"
                "If your order hasn't shipped yet, I can change the address for you right now. "
                "If it's already on its way, I'll give you the tracking number so you can ask "
                "the carrier to redirect it. Which of these fits your situation?\n\n"
                "Once I've updated it, I'll send you a confirmation with the new address so you "
                "can check it.\n\n"
                "Is there anything else I can help with today?",
            ),
            "ja": (
                "お届け先住所の変更",
                "{{customer_name}}様、新しいご住所をお知らせいただきありがとうございます。"
                "荷物が正しい場所に届くことは大切ですよね。\n\n"
                "まだ発送前でしたら、今すぐ私がお届け先を変更します。すでに発送済みの場合は、"
                "追跡番号をお伝えしますので、配送業者に転送をご依頼いただけます。"
                "どちらに当てはまりますか。\n\n"
                "変更が済みましたら、新しいご住所を記載した確認メールをお送りします。\n\n"
                "ほかに何かお手伝いできることはありますか？",
            ),
            "fi": (
                "Toimitusosoitteen muuttaminen",
                "Kiitos, että kerroit uudesta osoitteesta, {{customer_name}}. On tärkeää, että "
                "paketti tulee oikeaan paikkaan.\n\n"
                "Jos tilauksesi ei ole vielä lähtenyt, voin muuttaa osoitteen heti. Jos se on jo "
                "matkalla, annan sinulle seurantanumeron, jolla voit pyytää kuljetusyhtiötä "
                "ohjaamaan paketin uuteen osoitteeseen. Kumpi tilanne sinulla on?\n\n"
                "Kun olen päivittänyt osoitteen, lähetän sinulle vahvistuksen, josta voit "
                "tarkistaa sen.\n\n"
                "Voinko auttaa vielä jossain muussa?",
            ),
            "zh-hant": (
                "變更收件地址",
                "{{customer_name}}，謝謝您告訴我新的地址，我知道包裹送到正確的地方很重要。\n\n"
                "如果訂單還沒出貨，我現在就能幫您修改地址；如果已經出貨，我會提供追蹤編號，"
                "讓您請物流業者改寄。請問您是哪一種情況呢？\n\n"
                "修改完成後，我會寄一封附有新地址的確認信，方便您核對。\n\n"
                "還有其他需要我幫忙的嗎？",
            ),
        },
    },
    {
        "key": "unexpected-fee",
        "topic": "billing",
        "tags": ["fees", "delivery"],
        "questions": {
            "en": ["Why was I charged extra?", "What is this 4.90 charge?"],
            "ja": ["余分に請求されています", "この4.90の請求は何ですか"],
            "fi": ["Miksi minulta veloitettiin lisää?", "Mikä tämä 4,90 maksu on?"],
            "zh-hant": ["為什麼多收了錢？", "這筆 4.90 是什麼費用？"],
        },
        "help-page": {
            "en": (
                "Why is there a fee on my order?",
                "Orders under 30 EUR include a 4.90 EUR delivery fee. The fee appears on the "
                "last checkout page and on the receipt.\n\n"
                "- Orders of 30 EUR or more ship free.\n"
                "- Express delivery costs 9.90 EUR.\n\n"
                "To see the fees of an order, open **My orders** and select **Receipt**.",
            ),
            "ja": (
                "注文に手数料がかかっているのはなぜですか",
                "30 EUR未満のご注文には、4.90 EURの配送料がかかります。配送料は購入手続きの"
                "最後のページと領収書に表示されます。\n\n"
                "- 30 EUR以上のご注文は配送料無料です。\n"
                "- お急ぎ便は9.90 EURです。\n\n"
                "注文の手数料を確認するには、**注文履歴**を開き、**領収書**を選びます。",
            ),
            "fi": (
                "Miksi tilauksessani on maksu?",
                "Alle 30 EUR:n tilauksissa on 4,90 EUR:n toimitusmaksu. Maksu näkyy kassan "
                "viimeisellä sivulla ja kuitissa.\n\n"
                "- Vähintään 30 EUR:n tilaukset toimitetaan ilmaiseksi.\n"
                "- Pikatoimitus maksaa 9,90 EUR.\n\n"
                "Näet tilauksen maksut, kun avaat **Omat tilaukset** ja valitset **Kuitti**.",
            ),
            "zh-hant": (
                "為什麼我的訂單有額外費用？",
                "未滿 30 EUR 的訂單需支付 4.90 EUR 運費。運費會顯示在結帳的最後一頁和收據上。\n\n"
                "- 滿 30 EUR 的訂單免運費。\n"
                "- 快速配送費用為 9.90 EUR。\n\n"
                "若要查看訂單的費用，請開啟**我的訂單**並選擇**收據**。",
            ),
        },
        "chat": {
            "en": (
                "Why is there a fee on my order?",
                "I understand, {{customer_name}}: an unexpected charge is annoying, and you're "
                "right to ask about it.\n\n"
                "The 4.90 EUR is the delivery fee for orders under 30 EUR. I can show you where "
                "it appears on your receipt, or, if you add items to reach 30 EUR, delivery is "
                "free. Would you like me to go through the receipt with you?\n\n"
                "If the fee on your receipt differs from this, I'll look into it today and "
                "reply to you here by the end of the day.\n\n"
                "Is there anything else I can do for you?",
            ),
            "ja": (
                "注文に手数料がかかっているのはなぜですか",
                "{{customer_name}}様、思いがけない請求があると気になりますよね。"
                "ご確認いただきありがとうございます。\n\n"
                "こちらの4.90 EURは、30 EUR未満のご注文にかかる配送料です。領収書のどこに"
                "載っているかご案内できますし、30 EUR以上になるよう商品を追加していただくと"
                "配送料は無料になります。領収書を一緒に確認しましょうか。\n\n"
                "領収書の金額がこの説明と違う場合は、本日中に私が調べて、このチャットでご連絡します。\n\n"
                "ほかに何かお手伝いできることはありますか？",
            ),
            "fi": (
                "Miksi tilauksessani on maksu?",
                "Ymmärrän, {{customer_name}}: odottamaton maksu harmittaa, ja on hyvä, että "
                "kysyit siitä.\n\n"
                "4,90 EUR on toimitusmaksu alle 30 EUR:n tilauksille. Voin näyttää, missä "
                "kohtaa kuittia se näkyy, tai jos lisäät tilaukseen tuotteita niin, että summa on "
                "vähintään 30 EUR, toimitus on ilmainen. Katsotaanko kuittia yhdessä?\n\n"
                "Jos kuitissasi oleva maksu poikkeaa tästä, selvitän asian tänään ja vastaan "
                "sinulle tässä chatissa päivän loppuun mennessä.\n\n"
                "Voinko auttaa vielä jossain muussa?",
            ),
            "zh-hant": (
                "為什麼我的訂單有額外費用？",
                "{{customer_name}}，我明白，看到意料之外的費用一定很不舒服，您提出來是對的。\n\n"
                "這筆 4.90 EUR 是未滿 30 EUR 訂單的運費。我可以告訴您它在收據上的位置；"
                "或者您再加購商品到 30 EUR，就能免運費。需要我陪您一起看一下收據嗎？\n\n"
                "如果收據上的金額和這個說明不同，我今天就會查清楚，並在今天結束前在這個對話中"
                "回覆您。\n\n"
                "還有其他我可以幫忙的地方嗎？",
            ),
        },
    },
    {
        "key": "refund-timeline",
        "topic": "billing",
        "tags": ["refund"],
        "questions": {
            "en": ["I returned my order but have no money back", "How long do refunds take?"],
            "ja": ["返品したのにお金が戻ってきません", "返金にはどのくらいかかりますか"],
            "fi": ["Palautin tilauksen, mutta en ole saanut rahoja", "Kauanko hyvitys kestää?"],
            "zh-hant": ["我退貨了但還沒收到退款", "退款需要多久？"],
        },
        "help-page": {
            "en": (
                "When will I get my refund?",
                "Refunds go back to the original payment method within 5–7 business days after "
                "the return reaches our warehouse.\n\n"
                "- Card payments: 5–7 business days.\n"
                "- Invoice: we cancel the invoice within 2 business days.\n\n"
                "You get an e-mail when the refund starts.",
            ),
            "ja": (
                "返金はいつ受け取れますか",
                "返品が倉庫に届いてから5〜7営業日以内に、お支払いに使った方法で返金します。\n\n"
                "- カード払い：5〜7営業日\n"
                "- 請求書払い：2営業日以内に請求書を取り消します。\n\n"
                "返金の手続きが始まると、メールでお知らせします。",
            ),
            "fi": (
                "Milloin saan hyvityksen?",
                "Palautamme rahat alkuperäiselle maksutavalle 5–7 arkipäivän kuluessa siitä, kun "
                "palautus on saapunut varastoomme.\n\n"
                "- Korttimaksut: 5–7 arkipäivää.\n"
                "- Lasku: peruutamme laskun 2 arkipäivän kuluessa.\n\n"
                "Saat sähköpostin, kun hyvitys alkaa.",
            ),
            "zh-hant": (
                "什麼時候會收到退款？",
                "退貨送達倉庫後 5–7 個工作天內，款項會退回您原本的付款方式。\n\n"
                "- 信用卡付款：5–7 個工作天。\n"
                "- 發票付款：我們會在 2 個工作天內取消發票。\n\n"
                "退款開始處理時，您會收到電子郵件。",
            ),
        },
        "chat": {
            "en": (
                "When will I get my refund?",
                "I'm sorry you're still waiting for your money, {{customer_name}}. I know it's "
                "stressful when a refund takes a while.\n\n"
                "I can check where your return is right now. Once it has reached the warehouse, "
                "the money reaches your card within 5–7 business days; if you paid by invoice, "
                "I can cancel the invoice within 2 business days instead. Shall I check the "
                "status for you?\n\n"
                "As soon as I've checked, I'll tell you the exact date to expect the money.\n\n"
                "Is there anything else I can help you with?",
            ),
            "ja": (
                "返金はいつ受け取れますか",
                "{{customer_name}}様、返金をお待たせしていて申し訳ありません。"
                "お金がなかなか戻らないと不安になりますよね。\n\n"
                "今すぐ返品の状況をお調べできます。倉庫に届いていれば、カードへの返金は"
                "5〜7営業日以内です。請求書払いの場合は、2営業日以内に私が請求書を取り消す"
                "こともできます。状況をお調べしましょうか。\n\n"
                "確認が済みしだい、返金される正確な日付をお伝えします。\n\n"
                "ほかに何かお手伝いできることはありますか？",
            ),
            "fi": (
                "Milloin saan hyvityksen?",
                "Pahoittelen, että odotat yhä rahojasi, {{customer_name}}. Ymmärrän, että pitkä "
                "odotus stressaa.\n\n"
                "Voin tarkistaa palautuksesi tilan heti. Kun se on varastossa, rahat ovat "
                "kortillasi 5–7 arkipäivän kuluessa; jos maksoit laskulla, voin sen sijaan perua "
                "laskun 2 arkipäivän kuluessa. Tarkistanko tilan puolestasi?\n\n"
                "Heti kun olen tarkistanut, kerron tarkan päivän, jolloin rahat tulevat.\n\n"
                "Voinko auttaa vielä jossain muussa?",
            ),
            "zh-hant": (
                "什麼時候會收到退款？",
                "{{customer_name}}，很抱歉讓您還在等退款，我明白錢遲遲沒退回來會讓人不安。\n\n"
                "我現在就可以幫您查詢退貨狀態。退貨送達倉庫後，款項會在 5–7 個工作天內退回您的"
                "信用卡；如果您是用發票付款，我也可以在 2 個工作天內為您取消發票。"
                "需要我幫您查一下嗎？\n\n"
                "查詢完畢後，我會告訴您款項確切的入帳日期。\n\n"
                "還有其他我可以幫忙的地方嗎？",
            ),
        },
    },
    {
        "key": "reset-password",
        "topic": "account",
        "tags": ["login"],
        "questions": {
            "en": ["I forgot my password", "I can't log in to my account"],
            "ja": ["パスワードを忘れました", "ログインできません"],
            "fi": ["Unohdin salasanani", "En pääse kirjautumaan tililleni"],
            "zh-hant": ["我忘記密碼了", "我無法登入帳號"],
        },
        "help-page": {
            "en": (
                "Reset your password",
                "1. On the sign-in page, select **Forgot password?**.\n"
                "2. Enter the e-mail address of your account.\n"
                "3. Open the link in the e-mail within 60 minutes and choose a new password.\n\n"
                "No e-mail after 10 minutes? Check the spam folder, then request a new link.",
            ),
            "ja": (
                "パスワードの再設定",
                "1. ログインページで**パスワードをお忘れですか？**を選びます。\n"
                "2. アカウントのメールアドレスを入力します。\n"
                "3. 60分以内にメールのリンクを開き、新しいパスワードを設定します。\n\n"
                "10分たってもメールが届かない場合は、迷惑メールフォルダを確認してから、"
                "もう一度リンクを請求してください。",
            ),
            "fi": (
                "Salasanan vaihtaminen",
                "1. Valitse kirjautumissivulla **Unohtuiko salasana?**.\n"
                "2. Kirjoita tilisi sähköpostiosoite.\n"
                "3. Avaa sähköpostin linkki 60 minuutin kuluessa ja valitse uusi salasana.\n\n"
                "Eikö sähköposti tullut 10 minuutissa? Tarkista roskapostikansio ja pyydä sitten "
                "uusi linkki.",
            ),
            "zh-hant": (
                "重設密碼",
                "1. 在登入頁面選擇**忘記密碼？**。\n"
                "2. 輸入您帳號的電子郵件地址。\n"
                "3. 在 60 分鐘內開啟郵件中的連結，並設定新密碼。\n\n"
                "10 分鐘後仍未收到郵件？請檢查垃圾郵件資料夾，然後重新申請連結。",
            ),
        },
        "chat": {
            "en": (
                "Reset your password",
                "Being locked out of your account is frustrating, {{customer_name}}, and I'll "
                "help you get back in.\n\n"
                'You can reset the password yourself: select "Forgot password?" on the sign-in '
                "page and open the link in the e-mail within 60 minutes. If the e-mail doesn't "
                "arrive within 10 minutes, I can send you a new link from here. Which would you "
                "like to try?\n\n"
                "I'll stay here in the chat until you're signed in again.\n\n"
                "Is there anything else I can help with?",
            ),
            "ja": (
                "パスワードの再設定",
                "{{customer_name}}様、ログインできないと本当に困りますよね。"
                "使えるようになるまでお手伝いします。\n\n"
                "ご自身で再設定する場合は、ログインページで「パスワードをお忘れですか？」を選び、"
                "届いたメールのリンクを60分以内に開いてください。10分たってもメールが届かない"
                "ときは、私がここから新しいリンクをお送りします。どちらの方法になさいますか。\n\n"
                "ログインできるまで、このチャットでお待ちしています。\n\n"
                "ほかに何かお手伝いできることはありますか？",
            ),
            "fi": (
                "Salasanan vaihtaminen",
                "On tosi ärsyttävää, kun ei pääse tililleen, {{customer_name}}. Autan sinut "
                "takaisin sisään.\n\n"
                'Voit vaihtaa salasanan itse: valitse kirjautumissivulla "Unohtuiko salasana?" '
                "ja avaa sähköpostiin tuleva linkki 60 minuutin kuluessa. Jos viesti ei tule "
                "10 minuutissa, voin lähettää uuden linkin täältä. Kumpaa haluat kokeilla?\n\n"
                "Pysyn chatissa, kunnes olet taas kirjautunut sisään.\n\n"
                "Voinko auttaa vielä jossain muussa?",
            ),
            "zh-hant": (
                "重設密碼",
                "{{customer_name}}，無法登入真的很困擾，我會協助您重新登入。\n\n"
                "您可以自行重設密碼：在登入頁面選擇「忘記密碼？」，並在 60 分鐘內開啟郵件中的"
                "連結。如果 10 分鐘內沒有收到郵件，我可以從這裡再寄一次新連結給您。"
                "您想先試哪一種方式呢？\n\n"
                "在您成功登入之前，我都會在這個對話中陪著您。\n\n"
                "還有其他我可以幫忙的地方嗎？",
            ),
        },
    },
    {
        "key": "delete-account",
        "topic": "account",
        "tags": ["privacy"],
        "questions": {
            "en": ["How do I close my account?", "Remove all my data"],
            "ja": ["アカウントを削除したい", "個人データを消してください"],
            "fi": ["Miten suljen tilini?", "Poistakaa kaikki tietoni"],
            "zh-hant": ["怎麼註銷帳號？", "請刪除我所有的資料"],
        },
        "help-page": {
            "en": (
                "Delete your account",
                "1. Sign in and open **Settings → Privacy**.\n"
                "2. Select **Delete account** and confirm with your password.\n\n"
                "Deletion becomes final after 30 days. Until then, signing in cancels it. Open "
                "orders and refunds continue as normal.",
            ),
            "ja": (
                "アカウントの削除",
                "1. ログインし、**設定 → プライバシー**を開きます。\n"
                "2. **アカウントを削除**を選び、パスワードを入力して確定します。\n\n"
                "削除は30日後に確定します。それまでにログインすると、削除は取り消されます。"
                "進行中の注文や返金は通常どおり続きます。",
            ),
            "fi": (
                "Tilin poistaminen",
                "1. Kirjaudu sisään ja avaa **Asetukset → Tietosuoja**.\n"
                "2. Valitse **Poista tili** ja vahvista salasanallasi.\n\n"
                "Poisto on lopullinen 30 päivän kuluttua. Sitä ennen sisäänkirjautuminen peruu "
                "poiston. Avoimet tilaukset ja hyvitykset jatkuvat normaalisti.",
            ),
            "zh-hant": (
                "刪除帳號",
                "1. 登入後開啟**設定 → 隱私**。\n"
                "2. 選擇**刪除帳號**並輸入密碼確認。\n\n"
                "刪除會在 30 天後生效。在此之前重新登入即可取消刪除。"
                "進行中的訂單和退款會照常處理。",
            ),
        },
        "chat": {
            "en": (
                "Delete your account",
                "Thanks for telling me, {{customer_name}}. I understand you want your data gone, "
                "and that's your call to make.\n\n"
                "You can delete the account yourself under Settings → Privacy, or I can start "
                "the deletion for you from here. Before that, would you like me to check that "
                "you have no open orders or refunds?\n\n"
                "The deletion becomes final 30 days after it starts; signing in before then "
                "cancels it. I'll send you a confirmation e-mail today.\n\n"
                "Is there anything else I can do for you?",
            ),
            "ja": (
                "アカウントの削除",
                "{{customer_name}}様、お知らせいただきありがとうございます。"
                "データを削除したいというお気持ち、よくわかります。\n\n"
                "「設定 → プライバシー」からご自身で削除することも、私がここから削除の手続きを"
                "始めることもできます。その前に、進行中のご注文や返金がないか確認しましょうか。\n\n"
                "削除は手続きの開始から30日後に確定し、それまでにログインすると取り消されます。"
                "本日中に確認メールをお送りします。\n\n"
                "ほかに何かお手伝いできることはありますか？",
            ),
            "fi": (
                "Tilin poistaminen",
                "Kiitos, että kerroit, {{customer_name}}. Ymmärrän, että haluat tietosi pois, ja "
                "päätös on sinun.\n\n"
                "Voit poistaa tilin itse kohdasta Asetukset → Tietosuoja, tai voin aloittaa "
                "poiston täältä puolestasi. Tarkistanko ensin, ettei sinulla ole avoimia "
                "tilauksia tai hyvityksiä?\n\n"
                "Poisto on lopullinen 30 päivän kuluttua aloituksesta, ja sitä ennen "
                "kirjautuminen peruu sen. Lähetän sinulle vahvistuksen sähköpostilla tänään.\n\n"
                "Voinko auttaa vielä jossain muussa?",
            ),
            "zh-hant": (
                "刪除帳號",
                "{{customer_name}}，謝謝您告訴我。我理解您希望刪除自己的資料，這完全由您決定。\n\n"
                "您可以在「設定 → 隱私」自行刪除帳號，也可以由我在這裡為您啟動刪除。"
                "在那之前，需要我先幫您確認是否還有進行中的訂單或退款嗎？\n\n"
                "刪除會在啟動 30 天後生效，在此之前登入就會取消。我今天會寄一封確認信給您。\n\n"
                "還有其他我可以幫忙的地方嗎？",
            ),
        },
    },
    {
        "key": "damaged-item",
        "topic": "returns",
        "tags": ["damage", "refund"],
        "questions": {
            "en": ["The product came broken", "My package was crushed"],
            "ja": ["商品が壊れて届きました", "箱がつぶれていて中身が割れていました"],
            "fi": ["Tuote tuli rikki", "Paketti oli ruhjoutunut"],
            "zh-hant": ["商品寄來就壞了", "包裹被壓壞了"],
        },
        "help-page": {
            "en": (
                "My item arrived damaged",
                "Report damage within 14 days of delivery.\n\n"
                "1. Open **My orders** and select the item.\n"
                "2. Select **Report a problem → Damaged** and add a photo.\n"
                "3. Choose a replacement or a refund.\n\n"
                "You don't need to send the item back. Replacements leave within 2 business "
                "days; refunds reach you within 5–7 business days.",
            ),
            "ja": (
                "届いた商品が破損していた",
                "破損は配達から14日以内にご報告ください。\n\n"
                "1. **注文履歴**から該当の商品を選びます。\n"
                "2. **問題を報告 → 破損**を選び、写真を添付します。\n"
                "3. 交換か返金を選びます。\n\n"
                "商品を返送する必要はありません。交換品は2営業日以内に発送し、返金は5〜7営業日"
                "以内に完了します。",
            ),
            "fi": (
                "Tuote saapui rikkinäisenä",
                "Ilmoita vauriosta 14 päivän kuluessa toimituksesta.\n\n"
                "1. Avaa **Omat tilaukset** ja valitse tuote.\n"
                "2. Valitse **Ilmoita ongelmasta → Vaurioitunut** ja lisää kuva.\n"
                "3. Valitse korvaava tuote tai hyvitys.\n\n"
                "Tuotetta ei tarvitse lähettää takaisin. Korvaava tuote lähtee 2 arkipäivän "
                "kuluessa, ja hyvitys on tililläsi 5–7 arkipäivässä.",
            ),
            "zh-hant": (
                "收到的商品已損壞",
                "請在收貨後 14 天內回報損壞。\n\n"
                "1. 開啟**我的訂單**並選擇該商品。\n"
                "2. 選擇**回報問題 → 損壞**並附上照片。\n"
                "3. 選擇換貨或退款。\n\n"
                "您不需要寄回商品。換貨會在 2 個工作天內寄出，退款會在 5–7 個工作天內完成。",
            ),
        },
        "chat": {
            "en": (
                "My item arrived damaged",
                "I'm sorry your item arrived damaged, {{customer_name}}. That's disappointing, "
                "especially after waiting for it.\n\n"
                "I can send you a replacement or refund the full price, whichever suits you "
                "better. Could you send me a photo of the damage here in the chat?\n\n"
                "As soon as I have the photo, I'll arrange your choice: a replacement leaves "
                "within 2 business days, and a refund reaches you within 5–7 business days. "
                "You can keep the damaged item.\n\n"
                "Is there anything else I can help you with?",
            ),
            "ja": (
                "届いた商品が破損していた",
                "{{customer_name}}様、届いた商品が破損していたとのこと、申し訳ありません。"
                "楽しみに待っていただけに、がっかりされたことと思います。\n\n"
                "交換品をお送りするか、全額を返金するか、ご都合のよいほうをお選びいただけます。"
                "破損した部分の写真をこのチャットで送っていただけますか。\n\n"
                "写真を確認しだい、ご希望の対応を手配します。交換品は2営業日以内に発送し、"
                "返金は5〜7営業日以内にお手元に届きます。破損した商品はそのままお持ちください。\n\n"
                "ほかに何かお手伝いできることはありますか？",
            ),
            "fi": (
                "Tuote saapui rikkinäisenä",
                "Ikävä kuulla, että tuote saapui rikkinäisenä, {{customer_name}}. Se on "
                "pettymys, varsinkin kun olet odottanut sitä.\n\n"
                "Voin lähettää korvaavan tuotteen tai hyvittää koko hinnan, kumpi sinulle sopii "
                "paremmin. Voisitko lähettää kuvan vauriosta tähän chattiin?\n\n"
                "Heti kun saan kuvan, hoidan valintasi: korvaava tuote lähtee 2 arkipäivän "
                "kuluessa, ja hyvitys on tililläsi 5–7 arkipäivässä. Rikkinäisen tuotteen voit "
                "pitää.\n\n"
                "Voinko auttaa vielä jossain muussa?",
            ),
            "zh-hant": (
                "收到的商品已損壞",
                "{{customer_name}}，很抱歉您收到的商品有損壞，等了這麼久卻是這樣，一定很失望。\n\n"
                "我可以為您寄送新品或全額退款，看哪一種比較適合您。可以請您在這個對話中傳一張"
                "損壞處的照片給我嗎？\n\n"
                "收到照片後，我會立刻依您的選擇處理：新品會在 2 個工作天內寄出，退款則在 "
                "5–7 個工作天內退回。損壞的商品您可以留著。\n\n"
                "還有其他我可以幫忙的地方嗎？",
            ),
        },
    },
]

# An edit in progress, so the admin has an open draft to show on first run.
DRAFTS: list[dict] = [
    {
        "key": "order-delayed",
        "channel": "help-page",
        "texts": {
            "en": (
                "My order is late",
                "Most orders arrive within 3–5 business days of dispatch.\n\n"
                "1. Open **My orders** and select the order.\n"
                "2. Select **Track parcel** to see where it is now and the expected delivery "
                "date.\n"
                "3. If the tracking page has not changed for 5 business days, select "
                "**Report a problem**. You can choose a replacement or a refund.",
            ),
        },
    },
]

CHANNELS: list[dict] = [
    {
        "slug": "help-page",
        "name": "Help page",
        "tone": "plain",
        "format": "markdown",
        "max_length": None,
        "emoji_allowed": False,
        "is_primary": True,
        "public": True,
        "inherits_from": None,
        "fallback_languages": [],
    },
    {
        "slug": "chat",
        "name": "Chat widget",
        "tone": "empathetic",
        "format": "text",
        "max_length": 700,
        "emoji_allowed": True,
        "is_primary": False,
        "public": False,
        "inherits_from": None,
        "fallback_languages": [],
    },
    {
        "slug": "email",
        "name": "E-mail replies",
        "tone": "empathetic",
        "format": "html",
        "max_length": None,
        "emoji_allowed": False,
        "is_primary": False,
        "public": False,
        "inherits_from": "chat",
        "fallback_languages": [],
    },
]

# username -> group; every demo user is staff. `admin` is a superuser.
USERS: dict[str, str | None] = {
    "editor": "Editors",
    "reviewer": "Reviewers",
    "publisher": "Publishers",
    "channelmanager": "Channel managers",
    "admin": None,
}
