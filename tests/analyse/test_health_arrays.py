"""Array helpers agree with numpy's reference functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from amends.analyse.arrays import epoch_seconds, group_ids, sorted_unique


@given(st.lists(st.integers(-5, 50), max_size=200))
def test_group_ids_matches_np_unique(values: list[int]) -> None:
    arr = np.asarray(values, dtype=np.int64)
    uniq, inverse = group_ids(arr)
    ref_uniq, ref_inverse = np.unique(arr, return_inverse=True)
    assert np.array_equal(uniq, ref_uniq)
    assert np.array_equal(inverse, ref_inverse.ravel())
    assert np.array_equal(sorted_unique(arr), ref_uniq)


def test_group_ids_works_for_strings() -> None:
    uniq, inverse = group_ids(np.array(["b", "a", "b"]))
    assert list(uniq) == ["a", "b"] and list(inverse) == [1, 0, 1]


def test_epoch_seconds_accepts_aware_datetime64_and_numbers() -> None:
    aware = datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    expected = aware.timestamp()
    assert epoch_seconds(np.array([aware], dtype=object))[0] == expected
    as_utc = np.array([aware.astimezone(UTC).replace(tzinfo=None)], dtype="datetime64[us]")
    assert epoch_seconds(as_utc)[0] == expected
    assert epoch_seconds([expected])[0] == expected
    with pytest.raises(ValueError, match="timezone-aware"):
        epoch_seconds(np.array([datetime(2025, 1, 1)], dtype=object))
