"""Turn a normalised ``Doc`` into the sparse features of the linear models.

The same function feeds training (through scikit-learn's ``CountVectorizer`` with this
function as analyser); inference uses ``FeatureIds``, which gives the same features already
looked up in the vocabulary without building their strings, so both always agree.
Features: words (marked ``NOT_`` inside a negation scope), the first four letters of longer
words (``^disa``: word forms share evidence, "disappoint"/"disappointing"), word bigrams,
and counts of intensity cues (caps, elongation, "!!", intensifiers).
"""

from __future__ import annotations

import sys
from functools import partial
from itertools import chain, compress, repeat
from typing import cast

from amends.analyse.text.lexicon import INTENSIFIERS, NEGATORS, SCOPE_BREAKERS
from amends.analyse.text.memo import TokenMemo
from amends.analyse.text.normalise import Doc

NEGATION_WINDOW = 3
PREFIX_LEN = 4  # measured: 4 letters beat 5 and char 3-grams (GoEmotions dev, UCI held out)
_PUNCT_START = frozenset(".,;:!?…")


def doc_features(doc: Doc, chars: bool = False) -> list[str]:
    """All feature strings of a document (with repeats; the vectoriser counts them).

    ``chars`` adds character 3-5-grams of longer words, which carry misspellings and word
    forms the vocabulary never saw ("disapointed", "cancelation").
    """
    toks = doc.toks
    table = _TOKEN_FEATS
    try:
        parts = [table[w] for w in toks]
    except KeyError:
        parts = [table[w] if w in table else _token_feats(w) for w in toks]
    if None in parts:
        feats = _scoped_features(toks)  # a negation: features depend on the scope
    else:
        feats = list(chain.from_iterable(cast(list[tuple[str, ...]], parts)))
    feats.extend(["_caps_"] * min(doc.n_caps, 3))
    feats.extend(["_elong_"] * doc.n_elong)
    feats.extend([a + " " + b for a, b in zip(toks, toks[1:], strict=False)])
    if chars:
        feats.extend(_char_ngrams(toks))
    return feats


# token -> its features outside a negation scope, or None for a negator (which opens a
# scope, so the text takes the token-by-token path). Most texts have no negation at all.
_TOKEN_FEATS: dict[str, tuple[str, ...] | None] = {}


def _token_feats(w: str) -> tuple[str, ...] | None:
    if w[0] in _PUNCT_START:
        out: tuple[str, ...] | None = ("_excl_",) if w[0] == "!" and len(w) > 1 else ()
    elif w in NEGATORS or w.endswith("n't"):
        out = None
    else:
        out = (w, "_intens_") if w in INTENSIFIERS else (w,)
        out += _prefix(w)
    if len(_TOKEN_FEATS) > 200_000:
        _TOKEN_FEATS.clear()
    _TOKEN_FEATS[w] = out
    return out


def _scoped_features(toks: list[str]) -> list[str]:
    """Word features with ``NOT_`` marking the words inside a negation scope."""
    feats: list[str] = []
    add = feats.append
    for w, negated in zip(toks, negation_scope(toks), strict=True):
        if w[0] in _PUNCT_START:
            if w[0] == "!" and len(w) > 1:
                add("_excl_")
            continue
        add("NOT_" + w if negated else w)
        if w in INTENSIFIERS:
            add("_intens_")
        feats.extend(_prefix(w))
    return feats


def negation_scope(toks: list[str]) -> list[bool]:
    """For each token, whether a negation before it reaches it (the ``NEGATION_WINDOW``
    words after a negator, up to punctuation or a scope breaker such as "but")."""
    negators = _NEGATES.all(toks)
    out = [False] * len(toks)
    # Only the few words after each negator are visited (texts are mostly outside a scope).
    for k in compress(range(len(toks)), negators):
        for j in range(k + 1, min(k + 1 + NEGATION_WINDOW, len(toks))):
            w = toks[j]
            if w[0] in _PUNCT_START or w in SCOPE_BREAKERS or w in NEGATORS:
                break  # (a negator opens its own scope: the outer loop's next)
            out[j] = True
            if negators[j]:
                break  # "n't" word not in NEGATORS: negated, and opens its own scope
    return out


def _is_negator(w: str) -> bool:
    return w in NEGATORS or w.endswith("n't")


_NEGATES = TokenMemo(_is_negator)


def vector_words(toks: list[str]) -> list[str]:
    """The tokens a text's mean word vector reads: all but the negators and the words they
    negate. A word vector knows what "bad" means, not that "not bad" flips it; the TF-IDF
    features carry the negation (``NOT_bad``) instead."""
    negators = _NEGATES.all(toks)
    if True not in negators:  # most texts: one C-level pass
        return toks
    return [
        w
        for w, negated, negator in zip(toks, negation_scope(toks), negators, strict=True)
        if not (negated or negator)
    ]


def _prefix(w: str) -> tuple[str, ...]:
    """``^`` and the first letters of a longer word (never negation-marked)."""
    if len(w) > PREFIX_LEN and w[0].isalpha():
        return ("^" + w[:PREFIX_LEN],)
    return ()


def _char_ngrams(toks: list[str]) -> list[str]:
    out: list[str] = []
    for w in toks:
        if len(w) < 5 or not w[0].isalpha():
            continue
        padded = f"<{w}>"
        n = len(padded)
        out.extend(["#" + padded[i : i + 3] for i in range(n - 2)])
        out.extend(["#" + padded[i : i + 5] for i in range(n - 4)])
    return out


class FeatureIds:
    """``doc_features`` already looked up in a model's vocabulary, without building the
    feature strings (the batch analyser's hot path; training uses the strings).

    ``ids(doc)`` lists the vocabulary index of every feature of ``doc_features(doc)`` that
    the vocabulary has, and -1 for some that it has not, in another order: counted per
    document, as the model does, the result is the same.
    """

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        # first word -> {second word: index} for the bigrams of the vocabulary ("a b";
        # tokens never contain a space, so the split is unique)
        self._bigrams: dict[str, dict[str, int]] = {}
        for feat, index in vocab.items():
            pair = feat.split(" ") if " " in feat else ()
            if len(pair) == 2:
                first, second = map(sys.intern, pair)
                self._bigrams.setdefault(first, {})[second] = index
        self._unigrams = TokenMemo(partial(_unigram_ids, vocab))
        # The same inside a negation scope (``NOT_`` marked), and a negator's own features
        # outside one: a negation then costs lookups, not feature strings.
        self._negated = TokenMemo(partial(_scoped_ids, vocab, True))
        self._negators = TokenMemo(partial(_scoped_ids, vocab, False))
        self._caps = vocab.get("_caps_", -1)
        self._elong = vocab.get("_elong_", -1)

    def token_ids(self, toks: list[str]) -> list[tuple[int, ...] | None]:
        """Vocabulary indices of each token's own features (the word, its first letters);
        None for a negator, whose features depend on the words after it."""
        return self._unigrams.all(toks)

    def ids(self, doc: Doc, chars: bool = False) -> list[int]:
        toks = doc.toks
        vocab_get = self.vocab.get
        parts = self._unigrams.all(toks)
        if None in parts:  # a negation: features depend on the scope (as _scoped_features)
            negated, negator = self._negated.one, self._negators.one
            parts = [
                negated(w) if scoped else negator(w) if p is None else p
                for w, p, scoped in zip(toks, parts, negation_scope(toks), strict=True)
            ]
        out = list(chain.from_iterable(cast(list[tuple[int, ...]], parts)))
        if doc.n_caps:
            out += [self._caps] * min(doc.n_caps, 3)
        if doc.n_elong:
            out += [self._elong] * doc.n_elong
        # Bigrams in two C-level passes: the second words' tables, then the lookups.
        nexts = map(self._bigrams.get, toks, repeat(_NO_BIGRAMS))
        out += map(dict.get, nexts, toks[1:], repeat(-1))
        if chars:
            out += map(vocab_get, _char_ngrams(toks), repeat(-1))
        return out


_NO_BIGRAMS: dict[str, int] = {}


def _scoped_ids(vocab: dict[str, int], negated: bool, tok: str) -> tuple[int, ...]:
    """Vocabulary indices of the features ``_scoped_features`` gives a word (not
    punctuation) inside a negation scope (``negated``) or outside one."""
    feats = ("NOT_" + tok if negated else tok, *(("_intens_",) if tok in INTENSIFIERS else ()))
    return tuple(vocab[f] for f in feats + _prefix(tok) if f in vocab)


def _unigram_ids(vocab: dict[str, int], tok: str) -> tuple[int, ...] | None:
    """Vocabulary indices of a token's features outside a negation scope (see
    ``_token_feats``; unknown features left out), or None for a negator."""
    feats = _TOKEN_FEATS[tok] if tok in _TOKEN_FEATS else _token_feats(tok)
    return None if feats is None else tuple(vocab[f] for f in feats if f in vocab)
