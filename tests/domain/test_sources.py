"""Provenance (issue 20): every seed and study the code cites has a title and, where known, a
link; `hamopt rules` and `hamopt catalog` print them; docs/sources.md is written from them."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from hamopt.cli import main
from hamopt.domain.catalog import default_catalog
from hamopt.domain.sources import cited, seeds, seeds_in, sources_markdown, studies
from hamopt.rules.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
FILE_ID = re.compile(r"\b[0-9]{3}_[0-9a-f]{16}\.txt")


def test_docs_sources_is_written_from_the_data() -> None:
    assert (ROOT / "docs" / "sources.md").read_text() == sources_markdown(), (
        "docs/sources.md is stale: make sources"
    )


def test_every_cited_seed_and_study_is_known() -> None:
    known_files = {s.file for s in seeds()}
    rule_texts = [src for rule in all_rules().values() for src in rule.sources]
    assert {m for t in rule_texts for m in FILE_ID.findall(t)} <= known_files
    catalog = default_catalog().exercises
    numbers = {n for e in catalog for n in e.seeds} | {
        v for e in catalog for v in e.sources.values() if re.fullmatch(r"[0-9]{3}", v)
    }
    assert numbers <= {s.id for s in seeds()}
    # Each study named as the whole source of a catalog number has its citation.
    names = {n for s in studies() for n in s.names}
    whole = {v for e in catalog for v in e.sources.values() if " et al." in v}
    assert whole <= names, sorted(whole - names)


def test_cited_replaces_file_ids_with_titles() -> None:
    text = cited("~12 weekly sets (003_95a5fdc3819596de.txt); 001_b9350566f70ab695.txt")
    assert not FILE_ID.search(text)
    assert "How to Train Your Hamstring Muscles" in text
    assert "strengthlog.com" in text
    assert [s.id for s in seeds_in([text + " 000_dd2db63edd4a1a04.txt"], ["002"])] == [
        "000", "002"
    ]


def test_rules_print_titles_not_file_ids() -> None:
    for fmt in ("table", "markdown"):
        out = CliRunner().invoke(main, ["rules", "--format", fmt]).output
        source_lines = [ln for ln in out.splitlines() if ln.strip().lower().startswith("sources")]
        assert source_lines and not any(FILE_ID.search(ln) for ln in source_lines)
        assert "How to Develop Strong, Muscular Hamstrings" in out
    json_out = CliRunner().invoke(main, ["rules", "--format", "json"]).output
    assert '"references"' in json_out and "functional-strength.academy" in json_out


def test_catalog_names_its_seeds() -> None:
    out = CliRunner().invoke(main, ["catalog", "--equipment", "home_bands"]).output
    assert "seeds" in out and "Hamstring muscle strengthening exercises" in out
