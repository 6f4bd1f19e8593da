"""Whom a customer praises: staff names in a praising message.

A business that lists its staff (``staff_names``) gets exact matches. Otherwise a name is
read from the contexts customers put names in: a role before it ("engineer Ravi", "the
night porter, Luis,"), a desk or shift after it ("Jo at the front desk", "Leon on the late
shift"), thanks or help ("spoke to Bethany", "helped by Elena", "thanks to Femi"), an aside
(", Nikos, was"), "especially Amir", a title ("Dr Menon"), or a verb after it ("Kelly
deserves a raise"). Contexts also fit ordinary words that start a sentence ("Parking at
the front was easy", "Breakfast was great"), so there a common word is not taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

_TITLE = r"(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Captain|Capt|Sister|Nurse|Chef|Father)\.?"
_WORD = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
# A name: a title and a surname ("Dr Okafor"), or one or two capitalised words ("Aisling",
# "Olumide Bankole", "Jean-Luc", "O'Neill"); @handles of staff count too.
_NAME = rf"(?:{_TITLE}\s+{_WORD}|@?{_WORD}(?:\s+{_WORD})?)"
_ROLES = (
    "engineer|technician|agent|adviser|advisor|rep|representative|driver|guy|lady|girl|man|"
    "woman|nurse|doctor|dentist|pharmacist|porter|waiter|waitress|server|manager|"
    "receptionist|cashier|guide|host|hostess|stylist|hairdresser|barber|instructor|trainer|"
    "teacher|tutor|plumber|electrician|courier|consultant|specialist|officer|assistant|"
    "colleague|chef|bartender|concierge|steward|stewardess|pilot|vet|carer|cleaner|fitter|"
    "installer|mechanic|surveyor|therapist|physio|optician|midwife|paramedic|postman|"
    "postwoman|handyman|decorator|gardener|caretaker|supervisor|operator|patrolman|"
    "staff member|designer|banker|broker"
)
_VERBS = (
    "deserves|was|is|has|went|did|sorted|helped|picked|answered|explained|took|spotted|"
    "kept|got|made|fixed|called|rang|stayed|always|really|truly|handled|listened|treated|"
    "gave|saved|came|arrived|looked|walked|talked|calmed|found|managed|organised|organized|"
    "even|set|showed|processed|designed|went"
)
_THANKS = (
    "spoke|speak|speaking|talked|talking|chatted|got through|thanks|thank you|"
    "thank you so much|big thanks|huge thanks|special thanks|shout ?out|kudos|props|"
    "gratitude|praise|special mention|mention|served|helped|serviced|looked after|"
    "dealt with|attended|seen|treated|impressed|experience|chat|call|help|support|service|"
    "visit|advice|care|commend|recognise|recognize|thank"
)
# Contexts in which a capitalised word is a name (each pattern names it ``n``).
_CONTEXTS = [
    # "Jo at the front desk", "Leila in accounts", "Sven from your IT helpdesk"
    re.compile(
        rf"\b(?P<n>{_NAME})\s+(?:on|at|in|from)\s+(?:the\s+|your\s+|our\s+)?"
        r"(?i:[a-z]+\s+)?(?i:phone|phones|desk|front|reception|till|tills|checkout|counter|"
        r"chat|line|helpline|branch|store|shop|shift|team|section|department|dept|office|"
        r"kiosk|bar|door|gate|ward|clinic|surgery|helpdesk|billing|accounts|returns|sales|"
        r"support|service|services|customer|night|late|early|day|morning|evening|weekend)\b"
    ),
    # "engineer Ravi", "the night porter, Luis", "Engineer came today - Declan -", "(Gavin)"
    re.compile(rf"\b(?i:{_ROLES})\s*,?\s+(?P<n>{_NAME})\b"),
    re.compile(rf"\b(?i:{_ROLES})\b[^.!?]{{0,20}}?[-–(]\s*(?P<n>{_NAME})\s*[-–),]"),
    re.compile(rf"\b(?i:shift|desk|team|counter|line),\s+(?P<n>{_NAME})\b"),
    # "spoke to Bethany", "helped by Elena", "thanks to Femi", "help from Yusuf"
    re.compile(rf"\b(?i:{_THANKS})\s+(?i:to|by|with|from|for)\s+(?:(?i:to)\s+)?(?P<n>{_NAME})\b"),
    re.compile(rf"\b(?i:commend|recognise|recognize|thank)\s+(?P<n>{_NAME})\b"),
    re.compile(rf"\b(?i:called|named)\s+(?P<n>{_NAME})\b"),
    # "Amir especially", "especially Mo"
    re.compile(rf"\b(?P<n>{_NAME}),?\s+(?i:especially|in particular)\b"),
    re.compile(rf"\b(?i:especially|particularly)\s+(?P<n>{_NAME})\b"),
    # asides: ", Nikos, was", "Wojciech who was", "Esperanza, your cleaner"
    re.compile(rf",\s+(?P<n>{_NAME}),\s+(?:{_VERBS}|who|had)\b"),
    re.compile(rf"\b(?P<n>{_NAME}),?\s+who\s+(?:{_VERBS}|had|stayed|handled)\b"),
    re.compile(rf"\b(?P<n>{_NAME}),\s+(?i:your|our|the)\s+(?i:{_ROLES})\b"),
    re.compile(rf"\b(?P<n>{_NAME})(?:'s|’s)\s+(?i:manager|supervisor|boss|team)\b"),
    re.compile(rf"\b(?i:her|his|their)\s+name\s+(?i:was|is)\s+(?P<n>{_NAME})"),
    re.compile(rf"\b(?P<n>{_NAME}),?\s+I think (?i:his|her|their) name"),
    re.compile(rf"\b(?i:thanks?|cheers|ta),?\s+(?P<n>{_NAME})\s*(?:[!.,)]|$)"),
]
# A name followed by what it did ("Kelly deserves a raise", "until Dev picked up"); not
# after a preposition ("from Heathrow to Dubai was smooth"). (The word boundary first: it
# fails at most positions, before the look-behinds run.)
_NAME_VERB = re.compile(
    rf"\b(?<!\bto )(?<!\bfrom )(?<!\bin )(?<!\bat )(?<!\bvia )(?<!\bof )(?<!\bfor )"
    rf"(?<!\bnear )(?<!\bon )(?P<n>{_NAME})\s+(?:{_VERBS})\b"
)
# "Thandiwe and Marco", "Amara and to Jonas": the name after a found one.
_AND_NAME = rf"\s+(?:and|&)\s+(?:to\s+)?(?P<n>{_NAME})\b"

_NOT_NAMES = frozenset(
    "I It This That She He They We You Everything Everyone Everybody Service Staff Team "
    "Delivery The Your Our My Food Support Customer Thanks Thank Great Amazing Shout Kudos "
    "Ask Sunday Monday Tuesday Wednesday Thursday Friday Saturday Today Yesterday Tomorrow "
    "Which Who What When Where Why How Well Also And But So Then Just Very Really Honestly "
    "January February March April May June July August September October November December "
    "Hi Hello Hey Dear Cheers Regards Kind Best Many Huge Big Special Lovely Nice Good "
    "Excellent Brilliant Fantastic Super Absolutely Definitely Highly Overall Everyone's "
    "Sir Madam Team's Manager Engineer Driver Nurse Doctor Agent Reception Receptionist "
    "Christmas Easter Bank Holiday Mum Dad Mom Grandma Grandad".split()
)


# Word endings of everyday nouns and adjectives, never of first names we would miss.
_NOT_NAME_ENDING = re.compile(
    r"(?:tion|sion|ment|ness|ity|ance|ence|ery|ship|ism|ful|less|ous|ive|able|ible|ing)$"
)


# A capitalised word inside a sentence: the cheap test for "may name someone".
MID_SENTENCE_CAPITAL = re.compile(r"[a-z,;:()&-]\s+@?[A-Z][a-z]")
_CAPITALISED = re.compile(rf"\b(?:{_TITLE}\s+[A-Z]|([A-Z][a-z]+))")


def may_name(text: str, known_words: Container[str]) -> bool:
    """True when some capitalised word could be a name: a title, or a word that is neither
    common nor a known non-name. Most texts have none, and the name patterns are skipped."""
    for m in _CAPITALISED.finditer(text):
        word = m.group(1)
        if word is None or (word not in _NOT_NAMES and word.lower() not in known_words):
            return True
    return False


def praised_names(
    text: str, staff_names: Sequence[str] = (), known_words: Container[str] = ()
) -> list[str]:
    """Names of the staff a praising ``text`` names, in order of first mention.

    ``staff_names``: the business's own staff list, matched exactly (then nothing else is
    guessed). ``known_words``: common lower-case words, not taken for names when they start
    a sentence."""
    found: list[str] = []
    for name in staff_names:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            found.append(name)
    if found:
        return found
    hits: list[tuple[int, str]] = []
    for pattern in (*_CONTEXTS, _NAME_VERB):
        hits += [(m.start("n"), m.group("n")) for m in pattern.finditer(text)]
    for _, name in list(hits):
        pair = re.search(re.escape(name) + _AND_NAME, text)
        if pair:
            hits.append((pair.start("n"), pair.group("n")))
    # Leftmost first; of two found at one place, the longer ("Mei Ling" before "Mei").
    for start, raw in sorted(hits, key=lambda h: (h[0], -len(h[1]))):
        name = raw.lstrip("@")
        first = name.split()[0].rstrip(".")
        if first in _NOT_NAMES or any(name in f or f in name for f in found):
            continue  # (one name found in two ways: "Mei" and "Mei Ling")
        titled = " " in name  # "Dr Menon": a title makes it a name wherever it stands
        if not titled and (
            _NOT_NAME_ENDING.search(name.lower())
            or (_starts_sentence(text, start) and name.lower() in known_words)
        ):
            continue  # "Parking at the front was easy": an everyday word, capitalised
        found.append(name)
    return found


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:;\n\"'(-"
