"""The inference path looks features up by token (``FeatureIds``) instead of building the
strings training uses (``doc_features``); both must give the model the same counts."""

from __future__ import annotations

from collections import Counter

import pytest

from amends.analyse.text.features import FeatureIds, doc_features
from amends.analyse.text.model import load_model
from amends.analyse.text.normalise import normalise

TEXTS = [
    "",
    "ok",
    "My parcel is three days late and nobody answers the phone.",
    "I don't think this isn't broken, not at all!!!",
    "WORST SERVICE EVER!!! never again, not happy at all",
    "sooooo goooood, love it 😍 thanks @Sam #happy https://t.co/x",
    "the refund hasn't arrived, can't log in and won't be charged twice again",
    "Bonjour, je voudrais annuler ma commande",
    "not bad. not bad at all. but not great either; still, no complaints",
]


@pytest.fixture(scope="module")
def model():
    found = load_model()
    if found is None:
        pytest.skip("no committed model")
    return found


@pytest.mark.parametrize("chars", [False, True])
@pytest.mark.parametrize("text", TEXTS)
def test_feature_ids_count_the_same_features_as_the_strings(model, text, chars):
    doc = normalise(text)
    from_strings = Counter(model.vocab[f] for f in doc_features(doc, chars) if f in model.vocab)
    from_ids = Counter(i for i in FeatureIds(model.vocab).ids(doc, chars) if i >= 0)
    assert from_ids == from_strings
