"""DemoWriter: composes realistic, varied, deterministic demo messages.

Every random choice goes through the ``random.Random`` the caller passes in, and every
pool is a tuple, so one seed always gives byte-identical output.
"""

from __future__ import annotations

import bisect
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from amends.demo_content import complaints, foreign, other, world
from amends.demo_content.style import casualise

CHANNELS = ("email", "chat", "phone", "ticket", "review", "social", "sms", "web_form",
            "survey_comment")
# Friendly spellings callers may use; Message.channel always holds the canonical name.
CHANNEL_ALIASES = {"call": "phone", "survey": "survey_comment", "webform": "web_form",
                   "form": "web_form", "web": "web_form"}
SIGNALS = ("churn_intent", "public_escalation", "legal_threat", "chargeback",
           "repeat_contact", "urgency", "praise")
SEVERITIES = ("low", "medium", "high", "critical")
DEFAULT_STAFF = ("Maya", "Tom", "Priya", "Jonas", "Aisha", "Leo")
PUBLIC_CHANNELS = ("review", "social")
_WRITTEN = ("email", "chat", "sms", "ticket", "web_form")

# How a customer message mix is weighted in any_customer_message(): (kind, weight).
MIX = (("complaint", 22), ("question", 24), ("neutral", 24), ("praise", 8),
       ("public_post", 7), ("survey_comment", 10), ("call_note", 5))
CUSTOMER_CHANNELS = (("email", 34), ("chat", 20), ("phone", 10), ("ticket", 10),
                     ("sms", 8), ("web_form", 10), ("review", 4), ("social", 4))

# Found in the composed text (before roughening), these phrases mean the customer has
# been in touch before, so the repeat_contact signal always agrees with the words.
_REPEAT = (
    "third time", "again", "twice now", "second time", "fourth time", "fifth time",
    "sixth time", "seventh time", "eighth time", "second message", "third message",
    "fourth message", "fifth message", "sixth message", "seventh message", "eighth message",
    "no answer", "nobody has", "nobody answer", "nobody called", "not one reply",
    "still waiting", "following up", "no reply", "heard nothing", "2nd time", "3rd time",
    "4th time", "already emailed", "called yesterday", "spoke to someone on chat",
    "asked on chat twice", "i emailed", "i opened ticket", "left a voicemail",
    "filled in the contact form", "sent the photos", "tried email, chat", "messaged you",
    "called the workshop twice", "asked twice",
)
# The first two name the order, so they are skipped when the note already does.
_NOTE_LEADS = ("Cust. called re {o}: {f}.", "Spoke to customer re {o}. {F}.",
               "Customer called: {f}.", "Inbound call. {F}.", "Caller says {f}.",
               "Call from customer, {f}.", "Customer rang the {town} store: {f}.")
_FORM_TOPICS = {
    "delay": ("Orders & delivery",), "delivery": ("Orders & delivery",),
    "refund": ("Returns & refunds",), "policy": ("Returns & refunds", "Other"),
    "billing": ("Billing", "Orders & delivery"), "price": ("Billing", "Other"),
    "cancellation": ("Trail Club", "Orders & delivery"), "quality": ("Repairs & warranty",),
    "booking": ("Repairs & warranty", "Rentals"), "technical": ("Website & app",),
}
_LEGAL = tuple(e for e in complaints.ESCALATIONS if "legal_threat" in e[1])
_END = (".", "!", "?", "…")
# Category-filtered line pools, keyed by (pool, category); built once, on first use.
_FITTING: dict[tuple[tuple[Any, ...], str], tuple[str, ...]] = {}
_Table = tuple[tuple[Any, ...], tuple[float, ...]]


def _table(pairs: Sequence[tuple[Any, float]]) -> _Table:
    """Precomputed cumulative weights: random.choices rebuilds them on every call."""
    total = sum(w for _, w in pairs)
    cum, run = [], 0.0
    for _, w in pairs:
        run += w / total
        cum.append(run)
    cum[-1] = 1.0
    return tuple(v for v, _ in pairs), tuple(cum)


_MIX_TABLE = _table(MIX)
_CHANNEL_TABLE = _table(CUSTOMER_CHANNELS)
_SEVERITY_TABLE = _table(tuple(zip(SEVERITIES, (30, 45, 20, 5), strict=True)))
_SEGMENTS = _table((("retail", 60), ("club", 30), ("vip", 10)))
_NEG_STARS = _table(((1, 65), (2, 25), (3, 10)))
_TAG_COUNTS = _table(((0, 30), (1, 35), (2, 25), (3, 10)))
_NAME_TABLE = _table(tuple(zip(world.NAME_POOLS, world.NAME_WEIGHTS, strict=True)))


def _repeats(text: str) -> bool:
    # plain substring tests on lowercased text: several times faster than a regex here
    low = text.lower()
    return any(phrase in low for phrase in _REPEAT)


@dataclass
class Message:
    """One generated message. ``staff_name`` is the staff member who wrote it (replies)
    or whom it is about (praise); ``metadata`` holds facts such as ``order``, ``product``,
    ``stars``, ``lang`` and ``public``."""

    text: str
    channel: str
    author: str
    kind: str
    issue: str | None = None
    sentiment: str = "neutral"
    signals: list[str] = field(default_factory=list)
    subject: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    staff_name: str | None = None


def _grammar(product: str, cat: str) -> dict[str, str]:
    """Agreement slots so one template serves "the tent is" and "the boots are"."""
    plural = cat in world.PLURAL_CATS
    if cat in world.PAIRS:
        a_product = f"a pair of {product}"
    else:
        a_product = f"{'an' if product[0] in 'AEIOU' else 'a'} {product}"
    return {"is": "are" if plural else "is", "was": "were" if plural else "was",
            "s": "" if plural else "s", "a_product": a_product,
            "cats": cat if plural else cat + "s"}


def _join(parts: Sequence[str], sep: str = " ") -> str:
    """Join sentences, adding the full stop a fragment lacks (chat lines often do)."""
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if out and sep == " " and not out[-1].endswith(_END):
            out[-1] += "."
        out.append(part)
    return sep.join(out)


def _re(subject: str | None) -> str | None:
    """Reply subject; one "RE: " however long the thread (as most mail clients do)."""
    if not subject:
        return None
    return subject if subject.startswith("RE: ") else f"RE: {subject}"


def _uncap(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _ascii(text: str) -> str:
    """Lowercase ASCII letters only, for email local parts and domains."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _channel(name: str) -> str:
    channel = CHANNEL_ALIASES.get(name, name)
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {name!r}; expected one of {CHANNELS}")
    return channel


class DemoWriter:
    """Writes the text of a fictional outdoor retailer's customer conversations."""

    def __init__(self, rng: random.Random, staff_names: Sequence[str] = DEFAULT_STAFF,
                 *, foreign_rate: float = 0.01) -> None:
        if not staff_names:
            raise ValueError("staff_names must not be empty")
        self.rng = rng
        self.staff_names = tuple(staff_names)
        self.foreign_rate = foreign_rate

    # ----------------------------------------------------------------- small helpers
    def _pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.rng.random() * len(seq))]

    def _int(self, lo: int, hi: int) -> int:
        """Like randrange(lo, hi), several times faster, and still driven only by self.rng."""
        return lo + int(self.rng.random() * (hi - lo))

    def _weighted(self, table: _Table) -> Any:
        return table[0][bisect.bisect_right(table[1], self.rng.random())]

    def _chance(self, p: float) -> bool:
        return self.rng.random() < p

    def _order(self) -> str:
        return f"NW-{self._int(10000, 100000)}"

    def _money(self, amount: float) -> str:
        return f"${amount:,.2f}"

    def _slots(self, product: Sequence[Any] | None = None, order: str | None = None,
               town: str | None = None) -> dict[str, Any]:
        """Fresh concrete details for one message; all templates draw from this dict."""
        rng = self.rng
        prod = product if product is not None else self._pick(world.PRODUCTS)
        qty = 1 if rng.random() < 0.85 else self._int(2, 6)
        cents = self._pick((0.0, 0.0, 0.99, 0.95, 0.5))
        town_i = self._int(0, len(world.STORE_SHORT))
        if town in world.STORE_SHORT:
            town_i = world.STORE_SHORT.index(town)
        days = self._int(4, 22)
        slots = {
            "product": prod[0], "cat": prod[1], "part": self._pick(prod[3]),
            "order": order or self._order(), "when": self._pick(world.RELATIVE_DAYS),
            "since": self._pick(world.SINCE),
            "amount": self._money(prod[2] * qty - 1 + cents if cents else prod[2] * qty),
            "amount2": self._money(self._int(6, 80) + self._pick((0.0, 0.95, 0.99, 0.5))),
            "store": world.STORES[town_i], "town": world.STORE_SHORT[town_i],
            "carrier": self._pick(world.CARRIERS), "days": days,
            "nw": self._pick(world.NUMBER_WORDS),
            "hours": self._pick(("two hours", "45 minutes", "an hour", "over an hour",
                                 "an hour and a half", "40 minutes")),
            "weeks": self._pick(("three weeks", "a month", "five weeks", "six weeks")),
            "staff": self._pick(self.staff_names), "trip": self._pick(world.TRIPS),
            "club": world.CLUB, "handle": world.HANDLE, "ticket": f"#{self._int(20000, 99999)}",
            "last4": f"{self._int(1000, 10000)}", "years": self._int(2, 12),
            "n_items": self._pick(("six", "eight", "ten", "twelve", "15", "20")),
        }
        slots.update(_grammar(prod[0], prod[1]))
        return slots

    def _line(self, seq: Sequence[Any], cat: str) -> str:
        """Pick a line that fits product category ``cat`` (see complaints.Line)."""
        key = (tuple(seq), cat)
        fitting = _FITTING.get(key)
        if fitting is None:
            fitting = tuple(x if isinstance(x, str) else x[0] for x in seq
                            if isinstance(x, str) or x[1] is None or cat in x[1])
            _FITTING[key] = fitting
        return fitting[int(self.rng.random() * len(fitting))]

    def _fill(self, template: str, slots: dict[str, Any]) -> str:
        return _cap(template.format_map(slots)) if template else ""

    def _person(self, sender: str | None) -> tuple[str, str]:
        full = sender or self._name()
        return full.split(" ")[0], full

    def _name(self) -> str:
        pools = world.NAME_POOLS
        first_pool = self._weighted(_NAME_TABLE)
        # about one in ten names mixes origins, as real customer lists do
        last_pool = self._pick(pools) if self._chance(0.1) else first_pool
        return f"{self._pick(first_pool[0])} {self._pick(last_pool[1])}"

    def _signoff(self, sender: str | None) -> str:
        first, full = self._person(sender)
        return self._pick(complaints.EMAIL_SIGNOFFS).format(first=first, full=full)

    def _foreign_turn(self) -> bool:
        return self.foreign_rate > 0 and self._chance(self.foreign_rate)

    # ----------------------------------------------------------------- customers
    def customer_profile(self, index: int) -> dict[str, Any]:
        """A fictional customer; ``index`` (unique per customer) makes the email unique."""
        name = self._name()
        first, last = name.split(" ", 1)
        company = None
        if self._chance(0.2):
            company = f"{self._pick(world.COMPANY_FIRST)} {self._pick(world.COMPANY_SECOND)}"
        if company:
            segment = "business"
        else:
            segment = self._weighted(_SEGMENTS)
        f, la = _ascii(first), _ascii(last)
        local = self._pick((f"{f}.{la}", f"{f}{la}", f"{f[0]}{la}", f"{f}_{la}", f"{la}.{f}",
                            f"{f}{la[0]}", f"{f}"))
        # names contain no digits, so the trailing number is exactly the index: unique
        domain = (f"{_ascii(company)[:18]}.example" if company and self._chance(0.7)
                  else self._pick(world.EMAIL_DOMAINS))
        email = f"{local}{self._pick(('', '.', '_'))}{index}@{domain}"
        return {"name": name, "email": email, "phone": self._phone(), "company": company,
                "segment": segment, "city": self._pick(world.CITIES)}

    def _phone(self) -> str:
        # 555-0100..0199 is reserved for fiction, so no real person is ever called
        area, line = self._pick(world.AREA_CODES), f"01{self._int(0, 100):02d}"
        fmt = self._pick(("({a}) 555-{n}", "{a}-555-{n}", "+1 {a} 555 {n}", "{a}.555.{n}"))
        return fmt.format(a=area, n=line)

    # ----------------------------------------------------------------- complaints
    def complaint(self, issue: str | None = None, channel: str = "email",
                  severity: str = "medium", *, sender: str | None = None) -> Message:
        """A first complaint about ``issue`` (random when None) on ``channel``."""
        channel = _channel(channel)
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}; expected one of {SEVERITIES}")
        if issue is not None and issue not in complaints.POOLS:
            raise ValueError(f"unknown issue {issue!r}; expected one of {complaints.ISSUES}")
        chosen = issue
        issue = issue or self._pick(complaints.ISSUES)
        if channel in PUBLIC_CHANNELS:
            return self.public_post(False, channel, issue=issue, severity=severity)
        if channel == "phone":
            return self.call_note(issue, severity=severity)
        sender = sender or self._name()
        if self._foreign_turn():
            msg = self._foreign_complaint(chosen, channel, sender)
            if msg is not None:
                return msg
        slots = self._slots()
        pool = complaints.POOLS[issue]
        extras, signals = self._extras(slots, severity)
        if channel in ("chat", "sms"):
            text, problem = self._short_complaint(pool, slots, extras, channel)
        else:
            text, problem = self._long_complaint(issue, slots, extras, channel, sender)
        msg = self._complaint_message(text, channel, issue, slots, signals, pool, severity)
        msg.metadata.update(sender=sender, problem=problem)
        return msg

    def _complaint_message(self, text: str, channel: str, issue: str, slots: dict[str, Any],
                           signals: list[str], pool: complaints.IssuePool, severity: str
                           ) -> Message:
        if _repeats(text) and "repeat_contact" not in signals:
            signals.append("repeat_contact")
        subject = None
        if channel in ("email", "ticket", "web_form"):
            subject = self._fill(self._pick(pool.subject), slots)
        return Message(
            text=self._roughen(text, channel), channel=channel, author="customer",
            kind="complaint", issue=issue, sentiment="negative", signals=signals,
            subject=subject, metadata=self._meta(slots, severity=severity, contact_count=1),
        )

    def _meta(self, slots: dict[str, Any], **extra: Any) -> dict[str, Any]:
        meta: dict[str, Any] = {"order": slots["order"], "product": slots["product"],
                                "lang": "en"}
        meta.update(extra)
        return meta

    def _extras(self, slots: dict[str, Any], severity: str) -> tuple[list[str], list[str]]:
        """Feeling, urgency and escalation sentences, scaled by severity, with signals."""
        p_feel, p_esc, p_urg = {"low": (0.15, 0.0, 0.05), "medium": (0.45, 0.15, 0.15),
                                "high": (0.8, 0.6, 0.4), "critical": (0.9, 1.0, 0.6)}[severity]
        parts: list[str] = []
        signals: list[str] = []
        if self._chance(p_feel):
            strong = severity in ("high", "critical") or self._chance(0.2)
            parts.append(self._pick(complaints.FEEL_STRONG if strong else complaints.FEEL_MILD))
        if self._chance(p_urg):
            parts.append(self._fill(self._pick(complaints.URGENCIES), slots))
            signals.append("urgency")
        if self._chance(p_esc):
            text, sig = self._pick(complaints.ESCALATIONS)
            if severity == "critical" and "legal_threat" not in sig:
                text, sig = self._pick(_LEGAL)
            parts.append(self._fill(text, slots))
            signals.extend(s for s in sig if s not in signals)
        return parts, signals

    def _long_complaint(self, issue: str, slots: dict[str, Any], extras: list[str],
                        channel: str, sender: str) -> tuple[str, str]:
        """An email, ticket or web form; returns the text and the core problem sentence."""
        pool = complaints.POOLS[issue]
        if self._chance(0.18):  # short and blunt: just the problem and maybe one ask
            body = [self._fill(self._line(pool.what, slots["cat"]), slots)]
            if self._chance(0.6):
                body.append(self._fill(self._pick(pool.want), slots))
            text = "\n\n".join([_join(body + extras)] + self._closing(channel, sender))
            return text, body[0]
        paragraphs, problem = self._paragraphs(pool, slots, extras)
        head = self._head(issue, slots, channel)
        return "\n\n".join(head + paragraphs + self._closing(channel, sender)), problem

    def _paragraphs(self, pool: complaints.IssuePool, slots: dict[str, Any],
                    extras: list[str]) -> tuple[list[str], str]:
        """Context and problem, what was tried, what they want; feelings mixed in."""
        fill, pick, chance, cat = self._fill, self._pick, self._chance, slots["cat"]
        context = fill(pick(complaints.CONTEXTS), slots)
        if slots["product"] in context:
            # once the product is named, people say "the tent", not the full name again
            slots = dict(slots, product=cat, a_product="it")
        opening = [context, fill(self._line(pool.what, cat), slots)]
        if chance(0.3):
            second = fill(self._line(pool.what, cat), slots)
            if second != opening[1]:
                opening.append(second)
        middle = []
        if chance(0.6):
            middle.append(fill(pick(pool.did if chance(0.6) else complaints.GENERIC_DID), slots))
        wants = [fill(pick(pool.want), slots)]
        if chance(0.3):
            wants.append(fill(pick(complaints.GENERIC_WANT), slots))
        # feelings and escalations land where people put them: middle or end
        for extra in extras:
            (middle if chance(0.4) else wants).append(extra)
        paragraphs = [p for p in (_join(b) for b in (opening, middle, wants)) if p]
        if len(paragraphs) > 1 and chance(0.3):
            paragraphs = [_join(paragraphs)]  # some people never press Enter
        return paragraphs, opening[1]

    def _head(self, issue: str, slots: dict[str, Any], channel: str) -> list[str]:
        if channel == "email" or (channel == "ticket" and self._chance(0.4)):
            return [self._pick(complaints.EMAIL_GREETINGS)]
        if channel == "web_form" and self._chance(0.5):
            topic = self._pick(_FORM_TOPICS.get(issue, ("Other",)))
            return [f"Order number: {slots['order']}\nTopic: {topic}\nMessage:"]
        return []

    def _closing(self, channel: str, sender: str) -> list[str]:
        if channel == "email" or (channel == "ticket" and self._chance(0.3)):
            sign = self._signoff(sender)
            if self._chance(0.08):
                sign += "\n\nSent from my phone"
            return [sign]
        return []

    def _short_complaint(self, pool: complaints.IssuePool, slots: dict[str, Any],
                         extras: list[str], channel: str) -> tuple[str, str]:
        lines = [self._fill(self._line(pool.short, slots["cat"]), slots)]
        if self._chance(0.35):
            lines.append(self._fill(self._pick(pool.want), slots))
        lines.extend(extras)
        # chat bubbles arrive as separate lines; sms is one run-on line
        sep = "\n" if channel == "chat" and self._chance(0.5) else " "
        text = _join(lines, sep)
        if self._chance(0.1):
            text += " " + self._pick(("🙄", ":(", "😤", "😕", "smh", "😡", ":/"))
        if self._chance(0.25):
            greet = self._pick(("hi", "hello", "hey", "Hi there", "hello?", "Hi", "hiya"))
            text = f"{greet}{self._pick((' ', ', ', chr(10)))}{text}"
        return text, lines[0]

    def _roughen(self, text: str, channel: str) -> str:
        if channel == "chat":
            return casualise(text, self.rng)
        if channel == "sms":
            return casualise(text, self.rng, lower=0.6, sms=True)
        if channel == "social":
            return casualise(text, self.rng, lower=0.3, typo=0.2)
        return text

    def follow_up_complaint(self, previous: Message, *, sender: str | None = None
                            ) -> Message:
        """The same customer writing again about the same problem, escalating: from the
        fourth contact on it is critical (always a legal threat)."""
        meta = previous.metadata
        sender = sender or meta.get("sender") or self._name()
        count = int(meta.get("contact_count", 1)) + 1
        issue = previous.issue or self._pick(complaints.ISSUES)
        slots = self._follow_slots(meta, count)
        severity = "high" if count < 4 else "critical"
        extras, signals = self._extras(slots, severity)
        if self._chance(0.5):
            extras.append(self._fill(self._pick(complaints.FOLLOW_DEMANDS), slots))
        # after a call or a public post, people usually write an email
        channel = previous.channel if previous.channel in _WRITTEN else "email"
        # an English follow-up restates an English problem, never a translated one
        problem = meta.get("problem") if meta.get("lang", "en") == "en" else None
        body = _join(self._follow_core(issue, slots, channel, problem) + extras)
        if channel == "email":
            greeting = self._pick(complaints.EMAIL_GREETINGS)
            body = "\n\n".join([greeting, body, self._signoff(sender)])
        signals = ["repeat_contact"] + [s for s in signals if s != "repeat_contact"]
        subject = _re(previous.subject)
        meta_out = self._meta(slots, severity=severity, contact_count=count, sender=sender,
                              problem=problem)
        return Message(text=self._roughen(body, channel), channel=channel, author="customer",
                       kind="complaint", issue=issue, sentiment="negative", signals=signals,
                       subject=subject, metadata=meta_out)

    def _follow_slots(self, meta: dict[str, Any], count: int) -> dict[str, Any]:
        product = next((p for p in world.PRODUCTS if p[0] == meta.get("product")), None)
        slots = self._slots(product, meta.get("order"))
        ordinals = complaints.ORDINALS
        # {count} is how many earlier messages went unanswered, in words
        slots.update(nth=ordinals[min(count, len(ordinals)) - 1],
                     count=world.NUMBER_WORDS[min(max(count - 1, 2), 6) - 2],
                     next=ordinals[min(count, len(ordinals) - 1)])
        return slots

    def _follow_core(self, issue: str, slots: dict[str, Any], channel: str,
                     problem: str | None) -> list[str]:
        if channel in ("chat", "sms"):
            return [self._fill(self._pick(complaints.FOLLOW_SHORT), slots)]
        # people restate the same problem; a new one would be a different complaint
        problem = problem or self._fill(self._line(complaints.POOLS[issue].what,
                                                   slots["cat"]), slots)
        recap = self._pick(("", "", "To recap: ", "Again: ", "Same problem: "))
        return [self._fill(self._pick(complaints.FOLLOW_OPENERS), slots),
                recap + _cap(problem)]

    # ----------------------------------------------------------------- phone
    def call_note(self, issue: str | None = None, staff_name: str | None = None, *,
                  severity: str = "medium", transcript: bool | None = None) -> Message:
        """A complaint made by phone: a staff member's call summary or a short transcript.

        The customer is the author (it is their contact); the note-taker is in
        ``metadata['taken_by']``."""
        issue = issue or self._pick(complaints.ISSUES)
        pool = complaints.POOLS[issue]
        staff = staff_name or self._pick(self.staff_names)
        slots = self._slots()
        extras, signals = self._extras(slots, severity)
        if transcript is None:
            transcript = self._chance(0.3)
        if transcript:
            text = self._transcript(pool, slots, extras, staff)
        else:
            text = self._note(pool, slots, extras)
        fmt = "transcript" if transcript else "call_note"
        msg = self._complaint_message(text, "phone", issue, slots, signals, pool, severity)
        msg.metadata.update(format=fmt, taken_by=staff,
                            duration_min=self._int(2, 38))
        return msg

    def _note(self, pool: complaints.IssuePool, slots: dict[str, Any], extras: list[str]) -> str:
        fact = self._pick(pool.note).format_map(slots)
        leads = _NOTE_LEADS if slots["order"] not in fact else _NOTE_LEADS[2:]
        lead = self._pick(leads)
        lines = [lead.format(f=fact, F=_cap(fact), o=slots["order"], town=slots["town"])]
        if self._chance(0.5):
            lines.append(self._pick(("Wants {w}.", "Asked for {w}.", "Expects {w}."))
                         .format(w=self._pick(("a callback today", "a manager to call",
                                               "a firm answer", "written confirmation",
                                               "this sorted this week"))))
        if extras:
            lines.append("Said: \"" + " ".join(extras) + "\"")
        if self._chance(0.4):
            lines.append(self._pick(("Tone: calm.", "Customer upset.", "Raised voice.",
                                     "Very polite but clearly fed up.", "Tone: frustrated.")))
        return " ".join(lines)

    def _transcript(self, pool: complaints.IssuePool, slots: dict[str, Any], extras: list[str],
                    staff: str) -> str:
        said = _join([self._fill(self._line(pool.short, slots["cat"]), slots)] + extras)
        agent = self._pick(("Northwind Outfitters, this is {s}, how can I help?",
                            "Thanks for calling Northwind, {s} speaking."))
        reply = self._pick(("Okay, let me pull that up.", "I see. Can I get the order number?",
                            "Right, bear with me a second.", "I'm sorry to hear that."))
        return (f"{staff}: {agent.format(s=staff)}\nCustomer: {said}\n"
                f"{staff}: {reply}")

    # ----------------------------------------------------------------- other customer kinds
    def praise(self, staff_name: str | None = None, channel: str = "email", *,
               sender: str | None = None) -> Message:
        """Thanks that names ``staff_name`` whenever one is given."""
        channel = _channel(channel)
        if channel in PUBLIC_CHANNELS:
            return self.public_post(True, channel, staff_name=staff_name)
        sender = sender or self._name()
        slots = self._slots()
        # generic helpers ("the guy in the bike workshop") sit mid-sentence: no capital
        who = staff_name or _uncap(self._pick(other.PRAISE_WHO_GENERIC).format_map(slots))
        if self._foreign_turn():
            return self._foreign_simple("praise", channel, slots, who, staff_name, sender)
        slots["who"] = who
        text = self._wrap(self._praise_text(slots, channel), channel, sender)
        if staff_name:
            text = self._protect(text, channel, staff_name)
        else:
            text = self._roughen(text, channel)
        subject = self._pick(("Thank you!", f"Thanks to {staff_name}" if staff_name else
                              "A quick thank you", "Great service")) \
            if channel in ("email", "ticket", "web_form") else None
        return Message(text=text, channel=channel, author="customer", kind="praise",
                       sentiment="positive", signals=["praise"], subject=subject,
                       metadata=self._meta(slots, sender=sender), staff_name=staff_name)

    def _praise_text(self, slots: dict[str, Any], channel: str) -> str:
        body = [self._fill(self._pick(other.PRAISE_CORES), slots)]
        if self._chance(0.6):
            body.append(self._fill(self._pick(other.PRAISE_DETAILS), slots))
        body.append(self._pick(other.PRAISE_CLOSES))
        text = " ".join(b for b in body if b)
        if channel == "phone":
            text = self._pick(("Customer called to pass on thanks: ", "Caller said: ",
                               "Call to say thank you. ")) + text
        return text

    def _protect(self, text: str, channel: str, name: str) -> str:
        """Roughen text but keep ``name`` recognisable (a typo there would misroute it)."""
        rough = self._roughen(text, channel)
        return rough if name.lower() in rough.lower() else text

    def _wrap(self, text: str, channel: str, sender: str | None) -> str:
        """Greeting and sign-off for email, a call-summary lead for phone, else nothing."""
        if channel == "phone" and not text.startswith(("Customer called", "Caller", "Call ")):
            return self._pick(("Call summary: ", "Caller: ", "Customer called. ")) + text
        if channel == "email":
            greeting = self._pick(complaints.EMAIL_GREETINGS)
            return "\n\n".join([greeting, text, self._signoff(sender)])
        if channel == "ticket" and self._chance(0.3):
            return f"{self._pick(complaints.EMAIL_GREETINGS)}\n\n{text}"
        return text

    def question(self, channel: str = "email", *, sender: str | None = None) -> Message:
        """A plain request for help; never a complaint."""
        channel = _channel(channel)
        sender = sender or self._name()
        slots = self._slots()
        if self._foreign_turn():
            return self._foreign_simple("question", channel, slots, None, None, sender)
        asked = [self._int(0, len(other.QUESTIONS))]
        if self._chance(0.25):
            second = self._int(0, len(other.QUESTIONS))
            if second != asked[0]:
                asked.append(second)
        parts = [self._fill(self._pick(other.QUESTION_OPENERS), slots)]
        parts += [self._fill(other.QUESTIONS[i][1], slots) for i in asked]
        parts.append(self._pick(other.QUESTION_CLOSES))
        text = " ".join(p for p in parts if p)
        text = self._roughen(self._wrap(text, channel, sender), channel)
        subject = self._pick(("Quick question", "Question about my order", "Enquiry",
                              "Question", "Hello from a customer")) \
            if channel in ("email", "ticket", "web_form") else None
        # the question ids let staff_reply answer what was actually asked
        meta = self._meta(slots, sender=sender, topic=other.QUESTIONS[asked[0]][0],
                          questions=asked, store=slots["town"])
        return Message(text=text, channel=channel, author="customer", kind="question",
                       subject=subject, metadata=meta)

    def neutral_update(self, channel: str = "email", *, sender: str | None = None
                       ) -> Message:
        """Acknowledgements, confirmations and small talk."""
        channel = _channel(channel)
        sender = sender or self._name()
        slots = self._slots()
        if self._foreign_turn():
            return self._foreign_simple("neutral", channel, slots, None, None, sender)
        slots.update(day=self._pick(other.NEUTRAL_DAYS), today=self._pick(other.NEUTRAL_TODAY),
                     time=self._pick(other.NEUTRAL_TIMES), slot=self._pick(other.NEUTRAL_SLOTS))
        parts = [self._fill(self._pick(p), slots)
                 for p in (other.NEUTRAL_ACKS, other.NEUTRAL_ACTIONS, other.NEUTRAL_TAILS)]
        text = _join(parts) or self._fill(self._pick(other.NEUTRAL_ACTIONS[:-2]), slots)
        if channel in ("chat", "sms") and self._chance(0.15):
            text += " " + self._pick(("👍", ":)", "🙂", "thx"))
        if channel == "email" and self._chance(0.5):
            text = f"{text}\n\n{self._signoff(sender)}"
        elif channel == "phone":
            text = self._wrap(text, channel, sender)
        return Message(text=self._roughen(text, channel), channel=channel, author="customer",
                       kind="neutral", metadata=self._meta(slots, sender=sender))

    def survey_comment(self, positive: bool) -> Message:
        """A free-text answer to a one-click satisfaction survey, with its 0-10 score."""
        slots = self._slots()
        if positive:
            subject, kind = self._pick(other.SURVEY_SUBJECTS)
            praise = self._pick(other.SURVEY_PRAISE[kind])
            parts = [self._fill(f"{subject} {praise}.", slots),
                     self._fill(self._pick(other.SURVEY_POS_TAILS), slots)]
            issue, score, sentiment = None, self._int(8, 11), "positive"
        else:
            text, issue = self._pick(other.SURVEY_NEG)
            parts = [text, self._pick(other.SURVEY_NEG_EXTRA)]
            if self._chance(0.5):
                pool = complaints.POOLS[issue]
                parts.insert(1, self._fill(self._line(pool.short, slots["cat"]), slots))
            score, sentiment = self._int(0, 6), "negative"
        text = _join(parts)
        if self._chance(0.2):
            text = text.lower().rstrip(".")
        named = slots["staff"] if positive and slots["staff"].lower() in text.lower() else None
        signals = ["praise"] if named else []
        if not positive:
            signals += [s for s, hit in (("repeat_contact", _repeats(text)),
                                         ("churn_intent", "won't be ordering" in text.lower()))
                        if hit]
        return Message(text=text, channel="survey_comment", author="customer",
                       kind="survey_comment", issue=issue, sentiment=sentiment,
                       signals=signals, staff_name=named,
                       metadata=self._meta(slots, score=score))

    # ----------------------------------------------------------------- public posts
    def public_post(self, positive: bool, channel: str = "review", *,
                    issue: str | None = None, severity: str = "medium",
                    staff_name: str | None = None) -> Message:
        """A review (stars in metadata) or a social post (@mention, #hashtags, emoji)."""
        channel = _channel(channel)
        if channel not in PUBLIC_CHANNELS:
            raise ValueError(f"public posts go to {PUBLIC_CHANNELS}, not {channel!r}")
        slots = self._slots()
        if not positive:
            issue = issue or self._pick(complaints.ISSUES)
        if channel == "review":
            text, title, stars, staff_name = self._review(positive, issue, slots, staff_name)
            extra: dict[str, Any] = {"stars": stars, "title": title}
        else:
            text, extra = self._social(positive, issue, slots, staff_name), {}
        signals = ["praise"] if positive else ["public_escalation"]
        if not positive and _repeats(text):
            signals.append("repeat_contact")
        return Message(
            text=text, channel=channel, author="customer", kind="public_post",
            issue=None if positive else issue,
            sentiment="positive" if positive else "negative", signals=signals,
            subject=extra.get("title"), staff_name=staff_name if positive else None,
            metadata=self._meta(slots, public=True, severity=severity, **extra),
        )

    def _review(self, positive: bool, issue: str | None, slots: dict[str, Any],
                staff_name: str | None) -> tuple[str, str, int, str | None]:
        fill, pick = self._fill, self._pick
        if positive:
            title = fill(pick(other.REVIEW_TITLES_POS), slots)
            lines = [fill(pick(other.POS_REVIEW_LINES), slots)]
            if self._chance(0.5):
                lines.append(fill(pick(other.POS_REVIEW_LINES), slots))
            if staff_name or self._chance(0.3):
                staff_name = staff_name or pick(self.staff_names)
                slots["who"] = staff_name
                lines.append(fill(pick(other.PRAISE_CORES), slots))
            lines.append(pick(other.POS_REVIEW_CLOSES))
            stars = 5 if self._chance(0.75) else 4
        else:
            pool = complaints.POOLS[issue or "quality"]
            titles = other.REVIEW_TITLES_NEG + other.REVIEW_TITLES_ISSUE.get(issue or "", ())
            title = fill(pick(titles), slots)
            lines = [fill(self._line(pool.what, slots["cat"]), slots)]
            if self._chance(0.5):
                lines.append(fill(pick(pool.did + complaints.GENERIC_DID), slots))
            if self._chance(0.6):
                lines.append(pick(complaints.FEEL_STRONG + complaints.FEEL_MILD))
            stars = self._weighted(_NEG_STARS)
            closes = other.NEG_REVIEW_CLOSES
            lines.append(pick(closes if stars == 1 else closes[:-1]))  # last: "zero stars"
        return _join(lines), title, stars, staff_name

    def _social(self, positive: bool, issue: str | None, slots: dict[str, Any],
                staff_name: str | None) -> str:
        pick = self._pick
        tags: tuple[str, ...]
        emoji: tuple[str, ...]
        if positive:
            text = self._fill(pick(other.SOCIAL_POS), slots)
            if staff_name:
                thanks = pick((f"Thanks {staff_name}!", f"{staff_name} was a star",
                               f"{staff_name} at the {slots['town']} store is the best"))
                text = _join([text, thanks])
            tags, emoji = other.HASHTAGS_POS, other.EMOJI_POS
        else:
            short = self._line(complaints.POOLS[issue or "delay"].short, slots["cat"])
            slots["short"] = short.format_map(slots)
            text = self._fill(pick(other.SOCIAL_NEG), slots)
            tags, emoji = other.HASHTAGS_NEG, other.EMOJI_NEG
        n_tags = self._weighted(_TAG_COUNTS)
        extra = self.rng.sample(tags, n_tags)
        if self._chance(0.65):
            extra.insert(self._int(0, len(extra) + 1), pick(emoji) * self._pick((1, 1, 2, 3)))
        text = " ".join([text] + extra)
        return self._protect(text, "social", staff_name) if staff_name else \
            self._roughen(text, "social")

    # ----------------------------------------------------------------- staff
    def staff_reply(self, to: Message, quality: str = "good", staff_name: str | None = None
                    ) -> Message:
        """A reply on ``to``'s channel: 'good' owns the problem and fixes it, 'curt' is a
        brush-off, 'rude' shifts the blame."""
        if quality not in ("good", "curt", "rude"):
            raise ValueError("quality must be 'good', 'curt' or 'rude'")
        staff = staff_name or self._pick(self.staff_names)
        product = next((p for p in world.PRODUCTS if p[0] == to.metadata.get("product")), None)
        slots = self._slots(product, to.metadata.get("order"), to.metadata.get("store"))
        body = {"good": self._good_reply, "curt": self._curt_reply,
                "rude": self._rude_reply}[quality](to, slots)
        text = self._sign_reply(body, to.channel, staff, to)
        sentiment = {"good": "positive", "curt": "neutral", "rude": "negative"}[quality]
        subject = _re(to.subject)
        return Message(text=text, channel=to.channel, author="staff", kind="reply",
                       issue=to.issue, sentiment=sentiment, subject=subject,
                       metadata=self._meta(slots, quality=quality,
                                           public=to.channel in PUBLIC_CHANNELS),
                       staff_name=staff)

    def _good_reply(self, to: Message, slots: dict[str, Any]) -> str:
        fill, pick = self._fill, self._pick
        if to.kind in ("praise", "public_post") and to.sentiment == "positive":
            return pick(("Thank you so much, this made our day!",
                         "Thanks for taking the time to write. I'll pass this on to the team.",
                         "That's lovely to hear, thank you. Enjoy {trip}!")).format_map(slots)
        if to.kind == "question" and to.metadata.get("questions"):
            answers = [fill(other.QUESTIONS[i][2], slots) for i in to.metadata["questions"]]
            return _join([pick(other.ANSWER_OPENERS)] + answers + [pick(other.ANSWER_CLOSES)])
        if to.kind in ("question", "neutral"):
            return pick(("Happy to help. {x}", "Thanks for getting in touch. {x}",
                         "Thanks! {x}")).format(x=pick((
                             "I've updated that for you.", "Yes, you can do that online "
                             "under My Account.", "I've emailed you the details.",
                             "The store team will have it ready for you.",
                             "All noted on your account.", "See you then!")))
        if to.channel in PUBLIC_CHANNELS:
            return fill(pick(other.GOOD_OPENERS), slots) + " Please send us a DM with your " \
                "order number and I'll sort it out today."
        fixes = other.GOOD_FIX.get(to.issue or "", other.GOOD_FIX["default"])
        parts = [fill(pick(other.GOOD_OPENERS), slots), pick(other.GOOD_OWNERSHIP),
                 fill(pick(fixes), slots), pick(other.GOOD_FOLLOW)]
        return " ".join(p for p in parts if p)

    def _curt_reply(self, to: Message, slots: dict[str, Any]) -> str:
        return self._fill(self._pick(other.CURT), slots)

    def _rude_reply(self, to: Message, slots: dict[str, Any]) -> str:
        return self._fill(self._pick(other.RUDE + other.RUDE_ISSUE.get(to.issue or "", ())),
                          slots)

    def _sign_reply(self, body: str, channel: str, staff: str, to: Message) -> str:
        if channel == "email":
            first = str(to.metadata.get("sender") or "").split(" ")[0]
            greet = self._pick((f"Hi {first}," if first else "Hi,", f"Dear {first}," if first
                                else "Dear customer,", "Hello,", "Hi there,"))
            return f"{greet}\n\n{body}\n\n{staff}\n{world.BUSINESS}"
        if channel in ("chat", "sms", "ticket", "web_form"):
            return f"{body} - {staff}" if self._chance(0.4) else body
        if channel in PUBLIC_CHANNELS:
            return f"{body} ^{staff[0]}"
        return body

    # ----------------------------------------------------------------- mixing
    def any_customer_message(self, *, sender: str | None = None) -> Message:
        """One message drawn from a realistic mix of kinds and channels.

        Used to fill a demo stream; about ``foreign_rate`` of them are not in English."""
        kind = self._weighted(_MIX_TABLE)
        channel = self._weighted(_CHANNEL_TABLE)
        if kind == "complaint":
            severity = self._weighted(_SEVERITY_TABLE)
            return self.complaint(None, channel, severity, sender=sender)
        if kind == "praise":
            staff = self._pick(self.staff_names) if self._chance(0.7) else None
            return self.praise(staff, channel, sender=sender)
        if kind == "public_post":
            return self.public_post(self._chance(0.55), self._pick(PUBLIC_CHANNELS))
        if kind == "survey_comment":
            return self.survey_comment(self._chance(0.7))
        if kind == "call_note":
            return self.call_note()
        quiet = channel if channel not in PUBLIC_CHANNELS + ("phone",) else "email"
        if kind == "question":
            return self.question(quiet, sender=sender)
        return self.neutral_update(quiet, sender=sender)

    # ----------------------------------------------------------------- other languages
    def _foreign_complaint(self, issue: str | None, channel: str, sender: str
                           ) -> Message | None:
        """A complaint in Spanish, German or French; None when the caller asked for an
        issue those few phrasings do not cover (the complaint then stays in English)."""
        lang = self._pick(foreign.LANGS)
        parts = foreign.FOREIGN[lang]
        cores = [c for c in parts["complaint"] if issue is None or c[1] == issue]
        if not cores:
            return None
        core, issue = self._pick(cores)
        slots = self._slots()
        text = " ".join([core.format_map(slots), self._pick(parts["want"])])
        text = self._foreign_wrap(text, parts, channel, sender)
        signals = ["repeat_contact"] if issue == "no_response" else []
        return Message(text=text, channel=channel, author="customer", kind="complaint",
                       issue=issue, sentiment="negative", signals=signals,
                       subject=self._foreign_subject(parts, "subject_complaint", channel, slots),
                       metadata=self._meta(slots, lang=lang, contact_count=1, sender=sender,
                                           problem=text))

    def _foreign_simple(self, kind: str, channel: str, slots: dict[str, Any],
                        who: str | None, staff_name: str | None, sender: str) -> Message:
        lang = self._pick(foreign.LANGS)
        parts = foreign.FOREIGN[lang]
        slots["who"] = who
        text = self._foreign_wrap(self._pick(parts[kind]).format_map(slots), parts, channel,
                                  sender)
        praise = kind == "praise"
        return Message(text=text, channel=channel, author="customer", kind=kind,
                       subject=self._foreign_subject(parts, "subject_other", channel, slots),
                       sentiment="positive" if praise else "neutral",
                       signals=["praise"] if praise else [], staff_name=staff_name,
                       metadata=self._meta(slots, lang=lang, sender=sender))

    def _foreign_subject(self, parts: dict[str, tuple], key: str, channel: str,
                         slots: dict[str, Any]) -> str | None:
        if channel not in ("email", "ticket", "web_form"):
            return None
        return str(self._pick(parts[key])).format_map(slots)

    def _foreign_wrap(self, text: str, parts: dict[str, tuple], channel: str,
                      sender: str | None) -> str:
        if channel != "email":
            return text
        first, full = self._person(sender)
        sign = self._pick(parts["sign"]).format(first=first, full=full)
        return "\n\n".join([self._pick(parts["greet"]), text, sign])

    # ----------------------------------------------------------------- more of the story
    def lead_enquiry(self, channel: str = "web_form", *, sender: str | None = None
                     ) -> Message:
        """First contact from a prospective client; on the phone, an after-hours voicemail."""
        channel = _channel(channel)
        sender = sender or self._name()
        slots = self._slots()
        slots["org"] = self._pick(other.ENQUIRY_ORGS)
        text = self._fill(self._pick(other.ENQUIRIES), slots)
        meta = self._meta(slots, sender=sender, prospect=True)
        if channel == "phone":
            first = sender.split(" ")[0]
            lead = self._pick(other.VOICEMAIL_LEADS).format(first=first, full=sender)
            text = lead + text + f" My number is {self._phone()}."
            meta["format"] = "voicemail"
        else:
            text = self._roughen(self._wrap(text, channel, sender), channel)
        subject = self._pick(("Group enquiry", "Quote request", "Business account",
                              "Enquiry")) if channel in ("email", "web_form", "ticket") else None
        return Message(text=text, channel=channel, author="customer", kind="enquiry",
                       subject=subject, metadata=meta)

    def quiet_exit(self, previous: Message | None = None, channel: str | None = None
                   ) -> Message:
        """The last, resigned words of a customer about to go quiet ("never mind")."""
        text, elsewhere, sentiment = self._pick(other.QUIET_EXITS)
        channel = _channel(channel or (previous.channel if previous else "email"))
        if channel in PUBLIC_CHANNELS + ("phone", "survey_comment"):
            channel = "email"
        meta = dict(previous.metadata) if previous else {"lang": "en"}
        return Message(text=self._roughen(text, channel), channel=channel, author="customer",
                       kind="complaint" if previous else "neutral",
                       issue=previous.issue if previous else None,
                       sentiment=sentiment,
                       signals=["churn_intent"] if elsewhere else [],
                       subject=_re(previous.subject) if previous else None, metadata=meta)

    def system_notice(self, channel: str = "email") -> Message:
        """An automated message from the shop (shipping, returns, reminders)."""
        channel = _channel(channel)
        slots = self._slots()
        text = self._fill(self._pick(other.SYSTEM_NOTICES), slots)
        return Message(text=text, channel=channel, author="system", kind="system",
                       metadata=self._meta(slots))

    def chat(self, issue: str | None = None, staff_name: str | None = None,
             quality: str = "good", *, sender: str | None = None) -> list[Message]:
        """A short live-chat thread: complaint, staff reply, and the customer's answer,
        which is thanks after a good reply and a sharper follow-up after a poor one."""
        opening = self.complaint(issue, "chat", self._pick(("low", "medium", "high")),
                                 sender=sender)
        reply = self.staff_reply(opening, quality, staff_name)
        if quality == "good":
            answer = self.neutral_update("chat", sender=opening.metadata.get("sender"))
        else:
            answer = self.follow_up_complaint(opening)
        return [opening, reply, answer]
