"""Frozen outputs of the text engine, so speed work cannot silently change results.

The fixture holds ``to_dict()`` of about fifty hand-written texts (customer and staff;
chat, tweets with emoji, mentions, hashtags and URLs, long emails, other languages and
near-empty texts). After an intended change of behaviour or a retrain, regenerate it:
``python tests/analyse/test_text_speed_equivalence.py`` and review the diff.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

FIXTURE = Path(__file__).parent / "data" / "text_frozen_outputs.json"

CUSTOMER = [
    "",
    "   ",
    "?",
    "ok",
    "👍",
    "😡😡😡",
    "thanks ❤️",
    "arrived today :)",
    "still waiting :(",
    "!!!",
    "My parcel is three days late and nobody answers the phone.",
    "I've called four times about the same broken heater, this is ridiculous",
    "Cancel my subscription. I'm switching to your competitor tomorrow.",
    "If this isn't fixed by Friday I will be contacting my lawyer.",
    "I'm going to post about this on Twitter and leave a 1 star review",
    "Oh great, another 'delivery attempt' while I was home all day. Brilliant service.",
    "No complaints at all, everything arrived on time and works perfectly",
    "how do I change the delivery address on my order?",
    "Can you send me a copy of last month's invoice please",
    "Thanks to Sarah at the front desk, she was amazing!",
    "Big thanks to Tom, he sorted it out in five minutes",
    "WORST SERVICE EVER!!! I want my money back NOW",
    "this is sooooo bad, honestly the worst",
    "sooooo goooood, love it 😍",
    "not happy with my order, the blender arrived cracked",
    "the service was not good",
    "i want to lodge a recamation against ur company",
    "my pakage still hasnt arived and ur chat bot is useless",
    "@AcmeAir my bag never arrived #LostLuggage https://t.co/abc123",
    "@shopco love the new app update!! #happycustomer 🎉",
    "RT @someone: the queue at the Main St branch is 40 minutes long again #fail",
    "You charged me twice for the same order, please refund the second payment",
    "I was double billed and the refund still hasn't shown up after two weeks",
    "The technician was supposed to come between 8 and 12, nobody showed up",
    "urgent: my account is locked and I need to pay rent today",
    "Bonjour, je voudrais annuler ma commande s'il vous plaît, elle est en retard",
    "Hola, mi pedido no ha llegado todavía y estoy muy enfadado",
    "Ich bin sehr unzufrieden mit dem Service und möchte mein Geld zurück",
    "这是一个非常糟糕的服务，我要退款",
    "Привет, где мой заказ? Жду уже две недели.",
    (
        "Hello,\n\nI am writing about order 48213. I placed it on 3 March and paid for next "
        "day delivery. It is now 17 March. I have contacted your support team three times; "
        "each time I was promised a call back that never came. The tracking page has said "
        "'in transit' for eleven days. I would like a full refund of the delivery charge and "
        "an explanation, otherwise I will dispute the payment with my bank.\n\nRegards,\nDana"
    ),
    (
        "Hi team, just wanted to say the new booking flow is much easier than the old one. "
        "I managed to reschedule my appointment in under a minute on my phone. One small "
        "thing: the confirmation email took about an hour to arrive, which made me worry "
        "that it had not gone through. Otherwise great work, thank you!"
    ),
]
STAFF = [
    "I'm so sorry about this, I completely understand your frustration. I'll fix it now.",
    "That's not our fault, you should have read the terms.",
    "As I already told you, there is nothing we can do.",
    "Thanks for your patience, I've issued a full refund and it will arrive in 3-5 days.",
    "I apologise for the delay. I have escalated this to my manager and will update you today.",
    "PLEASE READ THE FAQ BEFORE CONTACTING US",
    "Your order has been dispatched.",
    "sorry about that",
]


def _outputs() -> dict[str, list[dict]]:
    from amends.analyse.text import analyse_many

    def strip(d: dict) -> dict:
        d = dict(d)
        d.pop("model_version")  # compared on its own below
        return d

    return {
        "customer": [strip(r.to_dict()) for r in analyse_many(CUSTOMER)],
        "staff": [strip(r.to_dict()) for r in analyse_many(STAFF, author="staff")],
        "named": [
            strip(r.to_dict())
            for r in analyse_many(CUSTOMER[18:21], staff_names=["Sarah", "Tom", "Ana Lu"])
        ],
    }


def _diffs(a: object, b: object, path: str = "") -> list[str]:
    """Where two JSON values differ (floats equal within 1e-9)."""
    if isinstance(a, float) and isinstance(b, float):
        return [] if math.isclose(a, b, rel_tol=0.0, abs_tol=1e-9) else [f"{path}: {a} != {b}"]
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return [f"{path}: keys {list(a)} != {list(b)}"]
        return [d for k in a for d in _diffs(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _diffs(x, y, f"{path}[{i}]")
        ]
    return [] if (a == b and type(a) is type(b)) else [f"{path}: {a!r} != {b!r}"]


def _frozen() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_outputs_match_the_frozen_fixture() -> None:
    frozen = _frozen()
    now = json.loads(json.dumps(_outputs()))  # tuples -> lists, as stored
    diffs = _diffs(frozen["outputs"], now)
    assert not diffs, "text engine output changed:\n" + "\n".join(diffs[:20])


def test_frozen_fixture_was_made_with_this_model() -> None:
    from amends.analyse.text import MODEL_VERSION

    # A retrain changes outputs legitimately: regenerate the fixture (see module docstring).
    assert _frozen()["model_version"] == MODEL_VERSION, (
        "the model changed: regenerate the fixture with "
        "`python tests/analyse/test_text_speed_equivalence.py` and review the diff"
    )


def test_model_version_is_a_hash_of_the_model_files() -> None:
    from amends.analyse.text import MODEL_VERSION
    from amends.analyse.text.model import file_version

    version = file_version()
    assert MODEL_VERSION == f"amends-text/{version}"
    assert version.startswith("text-") and len(version) == len("text-") + 12


def test_model_version_changes_with_the_weights(tmp_path: Path) -> None:
    from amends.analyse.text.model import MODEL_DIR, MODEL_NAME, file_version, read_model

    original = read_model()
    assert original is not None
    for path in MODEL_DIR.iterdir():  # the model's files and the word vectors beside them
        if path.is_file():
            (tmp_path / path.name).write_bytes(path.read_bytes())
    same = read_model(tmp_path)
    assert same is not None and same.version == original.version
    # Same vocabulary, one weight nudged: a different model, so a different version.
    import numpy as np

    with np.load(tmp_path / f"{MODEL_NAME}.npz") as z:
        arrays = {k: z[k] for k in z.files}
    arrays["weights"] = arrays["weights"].copy()
    arrays["weights"][0, 0] += np.float16(0.5)
    np.savez_compressed(tmp_path / f"{MODEL_NAME}.npz", **arrays)
    changed = read_model(tmp_path)
    assert changed is not None and changed.version != original.version
    assert changed.version == file_version(tmp_path)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from amends.analyse.text import MODEL_VERSION as _VERSION

    FIXTURE.write_text(
        json.dumps({"model_version": _VERSION, "outputs": _outputs()}, ensure_ascii=False, indent=1)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {FIXTURE}")
