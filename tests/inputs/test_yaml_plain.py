"""yaml_plain.plain_data: PyYAML's data in one pass for plain documents, None for the rest."""

from __future__ import annotations

import datetime
import gc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import hamopt
from hamopt.io import yaml_files
from hamopt.io.errors import InputError, InputErrors
from hamopt.io.yaml_files import MAX_EXPANDED_NODES, parse_yaml
from hamopt.io.yaml_plain import plain_data

_LOADER = yaml_files._LOADER


def _both(text: str, max_expanded: int = MAX_EXPANDED_NODES) -> tuple[Any, Any]:
    """plain_data's answer and PyYAML's constructor's, on one composition of ``text``."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        return plain_data(node, loader, max_expanded), loader.construct_document(node)
    finally:
        loader.dispose()


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.dates()
    | st.binary(max_size=8)
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.integers(-99, 99), inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(_DATA, st.booleans())
def test_plain_documents_mean_what_pyyaml_reads_in_them(data: Any, flow: bool) -> None:
    shared = {"doc": data, "again": data}  # a shared object is dumped as an anchor and alias
    text = yaml.safe_dump(shared, default_flow_style=flow, allow_unicode=True)
    fast, slow = _both(text)
    assert fast is not None
    assert fast == slow
    assert parse_yaml(text, "f.yaml")[0] == slow


def test_an_alias_is_the_same_object_as_pyyaml_makes_it() -> None:
    fast, slow = _both("a: &x {k: [1, 2]}\nb: *x\n")
    assert fast == slow
    assert fast["a"] is fast["b"] and slow["a"] is slow["b"]


def test_scalars_go_through_pyyamls_own_constructors() -> None:
    fast, _ = _both("d: 2026-12-06\nn: ~\nb: yes\no: 017\nx: 0x1F\nf: 1.5e+3\nk: 1e5\n")
    assert fast == {
        "d": datetime.date(2026, 12, 6),
        "n": None,
        "b": True,
        "o": 15,
        "x": 31,
        "f": 1500.0,
        "k": "1e5",
    }


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",  # a merge key
        "a: 1\na: 2\n",  # a duplicate key
        "? [1, 2]\n: v\n",  # a list as a key
        "a: !!set {x, y}\n",  # a collection PyYAML fills through a generator
        "a: !!python/name:os.system\n",  # a Python tag
        "a: !custom 1\n",  # a tag nobody constructs
        "a: &r [1, *r]\n",  # an alias inside its own anchor
    ],
)
def test_what_is_not_plain_goes_to_the_general_path(text: str) -> None:
    loader = _LOADER(text)
    try:
        assert plain_data(loader.get_single_node(), loader, MAX_EXPANDED_NODES) is None
    finally:
        loader.dispose()


def test_the_expansion_bound_sends_a_document_to_the_general_path() -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"  # 4 + (1 + 3 x 4) + 2 keys + root = 20 values
    assert _both(text, max_expanded=20)[0] is not None
    assert _both(text, max_expanded=19)[0] is None


def test_the_general_path_still_reports_each_problem_with_its_line() -> None:
    with pytest.raises(InputError, match="duplicate key 'a'") as exc:
        parse_yaml("x: 1\na: 1\na: 2\n", "f.yaml")
    assert exc.value.line == 3
    with pytest.raises((InputError, InputErrors), match="unsupported YAML tag"):
        parse_yaml("a: !!python/object:os.system {}\n", "f.yaml")
    merged, _ = parse_yaml("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert merged["derived"] == {"x": 1, "y": 2}


def test_a_plain_documents_lines_are_read_when_asked_for() -> None:
    data, lines = parse_yaml("name: a\nslots:\n  - day: mon\n  - day: wed\n", "f.yaml")
    assert data == {"name": "a", "slots": [{"day": "mon"}, {"day": "wed"}]}
    assert lines.line(("slots", 1, "day")) == 4
    assert lines.line(("slots", 1, "missing")) == 4  # the nearest parent
    assert ("slots", 0) in lines


def test_the_shipped_catalog_takes_the_one_pass_path() -> None:
    # The speed-up is the point: a shipped file falling back to the general path would still
    # load (and every other test pass) while the catalog's parse took twice as long.
    text = (Path(hamopt.__file__).parent / "data" / "exercises.yaml").read_text()
    fast, slow = _both(text)
    assert fast is not None and fast == slow


def test_a_parse_leaves_nothing_for_the_garbage_collector() -> None:
    # The walk was a closure calling itself: a reference cycle holding every value it built
    # until a full collection (the service parses a scenario per request).
    text = (Path(hamopt.__file__).parent.parent / "scenarios" / "balanced_lifter.yaml").read_text()
    loader = _LOADER(text)
    node = loader.get_single_node()
    gc.collect()
    gc.disable()
    try:
        data = plain_data(node, loader, MAX_EXPANDED_NODES)
        assert data is not None
        del data
        assert gc.collect() == 0
    finally:
        gc.enable()
        loader.dispose()
