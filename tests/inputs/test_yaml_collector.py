"""parse_yaml pauses Python's cyclic collector while it composes a document, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from hamopt.io import yaml_files
from hamopt.io.errors import InputError
from hamopt.io.yaml_files import parse_yaml

DOC = "name: Test\nlist:\n  - a\n  - b\n"


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


def test_the_collector_is_off_while_composing_and_on_after(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    compose = yaml_files._compose_now

    def spy(text: str, file: str) -> Any:
        seen.append(gc.isenabled())
        return compose(text, file)

    monkeypatch.setattr(yaml_files, "_compose_now", spy)
    data, lines = parse_yaml(DOC, "f.yaml")
    assert data == {"name": "Test", "list": ["a", "b"]} and lines.line(("list", 1)) == 4
    assert seen == [False]
    assert gc.isenabled()


def test_a_bad_document_turns_it_back_on_too(collector_on: None) -> None:
    with pytest.raises(InputError, match="duplicate key 'name'"):
        parse_yaml("name: a\nname: b\n", "f.yaml")
    with pytest.raises(InputError, match="not valid YAML"):
        parse_yaml("a: [1, 2\n", "f.yaml")
    assert gc.isenabled()


def test_a_callers_own_pause_is_left_as_it_was(collector_on: None) -> None:
    gc.disable()
    try:
        parse_yaml(DOC, "f.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()
