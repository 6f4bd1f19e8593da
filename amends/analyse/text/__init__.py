"""Text understanding: how the customer feels, what went wrong, and what happens next.

Public interface (stable)::

    from amends.analyse.text import analyse_text, analyse_many, MODEL_VERSION, load_taxonomy

``analyse_text(text, author="customer", *, staff_names=(), taxonomy=None)`` returns a
``TextAnalysis`` whose ``to_dict()`` is JSON-serialisable. Pure: no database, no web; the
only I/O is loading the committed model files and taxonomy once.
"""

from __future__ import annotations

from amends.analyse.text.analyse import (
    EMOTION_NAMES,
    SIGNAL_NAMES,
    TONE_NAMES,
    Finding,
    TextAnalysis,
    analyse_many,
    analyse_text,
    model_version,
)
from amends.analyse.text.taxonomy import Match, Taxonomy, TaxonomyError, load_taxonomy

__all__ = [
    "EMOTION_NAMES",
    "MODEL_VERSION",
    "SIGNAL_NAMES",
    "TONE_NAMES",
    "Finding",
    "Match",
    "Taxonomy",
    "TaxonomyError",
    "TextAnalysis",
    "analyse_many",
    "analyse_text",
    "load_taxonomy",
    "model_version",
]


def __getattr__(name: str) -> str:
    # MODEL_VERSION loads the model on first use, so importing the package stays cheap.
    if name == "MODEL_VERSION":
        return model_version()
    raise AttributeError(name)
