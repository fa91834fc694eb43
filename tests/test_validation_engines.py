"""The fast engine gives exactly what plain pySHACL gives on the same shapes and data.

Same set of (rule, focus, path, value, severity) on every fixture, both conforming and
violating, as of each fixture's day, and with other settings. pySHACL parses each query
once per focus node, so these tests take most of a minute.
"""

from __future__ import annotations

import datetime

import pytest

from pcgraph.settings import Settings
from pcgraph.validation import validate
from pcgraph.validation.reference import reference_keys
from support.shape_fixtures import FIXTURES, as_of, read

FILES = sorted(FIXTURES.glob("*.ttl"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_fast_engine_matches_pyshacl_on_each_fixture(path):
    store = read(path)
    day = as_of(path)
    fast = validate(store, as_of=day).keys()
    assert fast == reference_keys(store, as_of=day)


@pytest.mark.parametrize("path", [FIXTURES / "overlap-count.conforming.ttl", FIXTURES / "overlap-duplicate.conforming.ttl"],
                         ids=lambda p: p.stem)
def test_fast_engine_matches_pyshacl_with_other_settings_and_day(path):
    """The thresholds and the day reach both engines the same way (context node vs bound variables)."""
    store = read(path)
    day = datetime.date(2026, 6, 1)
    settings = Settings(overlap_max=2, overlap_jaccard=0.5)
    fast = validate(store, as_of=day, settings=settings)
    assert fast.keys() == reference_keys(store, as_of=day, settings=settings)
    assert fast.keys() != validate(store, as_of=day).keys()
