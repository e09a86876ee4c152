"""English passive voice, by structure: a form of *be* or *get*, then a past participle.

This is the "by a robot" test done by grammar rather than by a word list:
"Your parcel was sent (by a robot)" is passive; "I sent your parcel" is not.
Up to two adverbs may stand between ("has not yet been sent"). Participles
are regular (-ed) or from the irregular list. Words that look like
participles but work as adjectives after *be* ("I'm worried", "we're closed")
are not passive: the robot test fails on them, so they are listed as states,
as are "how much is left" and "you're all set".
"""

import re
from dataclasses import dataclass

BE = {
    "am", "is", "are", "was", "were", "be", "been", "being",
    "'m", "'s", "'re", "’m", "’s", "’re",
}  # fmt: skip
GET = {"get", "gets", "got", "gotten", "getting"}
ADVERBS = {
    "not", "never", "also", "already", "just", "still", "now", "then", "usually",
    "always", "often", "automatically", "immediately", "normally", "yet", "being",
    "been", "all", "only", "currently", "typically", "sometimes", "fully", "n't",
}  # fmt: skip
IRREGULAR = {
    "arisen", "awoken", "beaten", "become", "begun", "bent", "bitten", "blown",
    "broken", "brought", "built", "bought", "caught", "chosen", "cut", "dealt",
    "done", "drawn", "driven", "eaten", "fallen", "fed", "felt", "fought", "found",
    "forgotten", "forgiven", "frozen", "given", "gone", "grown", "held", "hidden",
    "hit", "hung", "hurt", "kept", "known", "laid", "led", "left", "lent", "let",
    "lost", "made", "meant", "met", "overlooked", "paid", "put", "read", "rung",
    "run", "said", "seen", "sent", "set", "shaken", "shown", "shut", "sold",
    "sought", "spent", "spoken", "stolen", "struck", "sung", "sunk", "taken",
    "taught", "thrown", "told", "thought", "torn", "understood", "undone", "upheld",
    "woken", "won", "worn", "written", "withdrawn", "refunded", "split", "reset",
}  # fmt: skip
# -ed words that, after "be", describe a state and fail the robot test.
STATES = {
    "interested", "tired", "excited", "worried", "concerned", "pleased", "delighted",
    "surprised", "bored", "married", "frustrated", "disappointed", "annoyed",
    "confused", "satisfied", "scared", "frightened", "relieved", "amazed", "closed",
    "located", "based", "supposed", "used", "involved", "qualified", "committed",
    "dedicated", "experienced", "limited", "allowed", "required", "needed",
    "prepared", "determined", "embarrassed", "upset", "sorry", "glad", "ashamed",
    "started", "engaged", "aged", "detailed", "advanced", "sophisticated", "tied",
    "stuck", "done",
}  # fmt: skip
# "How much is left", "what's left", "nothing was left": *left* after an amount
# means "remaining", a state; "the parcel was left at the door" is passive.
AMOUNTS = {
    "much", "many", "what", "nothing", "anything", "something", "little", "few",
    "none", "some", "there", "how", "all", "everything", "lot",
}  # fmt: skip
# "You're all set": ready, a state.
IDIOMS = {("all", "set")}
# "need", "bed", "red"...: short -ed words that are not participles.
NOT_PARTICIPLES = {"need", "bed", "red", "shed", "seed", "feed", "speed", "hundred", "sled"}

WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|['’](?:m|s|re)\b|n['’]t\b")


@dataclass(frozen=True)
class Passive:
    start: int
    end: int
    text: str


def _participle(word: str) -> bool:
    if word in STATES or word in NOT_PARTICIPLES:
        return False
    return word in IRREGULAR or (word.endswith("ed") and len(word) > 3)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    tokens = []
    for match in WORD.finditer(text):
        word = match.group(0).lower()
        start = match.start()
        # "it's" -> "it" + "'s"; "isn't" -> "is" + "n't"
        for suffix in ("n't", "n’t", "'s", "’s", "'re", "’re", "'m", "’m"):
            if word.endswith(suffix) and len(word) > len(suffix):
                stem = word[: -len(suffix)]
                tokens.append((stem, start, start + len(stem)))
                tokens.append((suffix.replace("’", "'"), start + len(stem), match.end()))
                break
        else:
            tokens.append((word, start, match.end()))
    return tokens


def find_passives(text: str) -> list[Passive]:
    """Every be/get + past participle in `text`, with offsets spanning the phrase."""
    found = []
    tokens = _tokens(text)
    for index, (word, start, _end) in enumerate(tokens):
        if word not in BE and word not in GET:
            continue
        if word == "'s" and index and tokens[index - 1][0] == "let":
            continue  # "let's reset it": let us, not "is"
        # "'s" after a noun is often possessive ("the order's status"); it is
        # only a verb when a participle follows, which the check below needs.
        look = index + 1
        skipped = 0
        while look < len(tokens) and tokens[look][0] in ADVERBS and skipped < 2:
            if tokens[look][0] in {"being", "been"}:
                skipped = 0  # "is being sent", "has been sent": auxiliaries chain
            else:
                skipped += 1
            look += 1
        if look < len(tokens) and _participle(tokens[look][0]):
            participle = tokens[look][0]
            if participle == "left" and AMOUNTS & {t[0] for t in tokens[max(0, index - 3) : index]}:
                continue
            if (tokens[look - 1][0], participle) in IDIOMS:
                continue
            end = tokens[look][2]
            if found and found[-1].end >= end:
                continue
            found.append(Passive(start, end, text[start:end]))
    return found
