"""The seed articles and studies hamopt cites, by title and link (hamopt/data/sources.yaml).

Rules and catalog entries cite a seed by its file id (``003_95a5fdc3819596de.txt``) or its
number (``"003"`` in an exercise's ``seeds`` and ``sources``). A file id says nothing to a
reader, so what people read (`hamopt rules`, the catalog table) names the article:
:func:`cited` rewrites the ids in a text, :func:`seeds_in` finds the seeds a text cites, and
:func:`sources_markdown` writes docs/sources.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml


@dataclass(frozen=True)
class Seed:
    id: str  # "000"
    file: str  # "000_dd2db63edd4a1a04.txt"
    title: str
    site: str | None
    link: str | None
    gives: str

    @property
    def label(self) -> str:
        """'seed 000, “Title” (link)': how a reader is told which article it is."""
        where = self.link or self.site
        return f"seed {self.id}, “{self.title}”" + (f" ({where})" if where else "")

    @property
    def markdown(self) -> str:
        """'seed 000, [Title](link)'."""
        if self.link is None:
            return self.label
        return f"seed {self.id}, [{self.title}]({self.link})"


@dataclass(frozen=True)
class Study:
    name: str  # as the catalog and the rules write it
    citation: str
    about: str
    link: str | None
    aliases: tuple[str, ...] = ()  # other spellings of the name in the code and catalog

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@cache
def _data() -> tuple[tuple[Seed, ...], tuple[Study, ...]]:
    text = (files("hamopt") / "data" / "sources.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    seeds = tuple(Seed(**{k: entry.get(k) for k in Seed.__dataclass_fields__})
                  for entry in data["seeds"])
    studies = tuple(
        Study(**{**entry, "aliases": tuple(entry.get("aliases", ())), "link": entry.get("link")})
        for entry in data["studies"]
    )
    return seeds, studies


def seeds() -> tuple[Seed, ...]:
    return _data()[0]


def studies() -> tuple[Study, ...]:
    return _data()[1]


# A seed's file id, with or without ".txt": 000_dd2db63edd4a1a04(.txt)
_FILE_ID = re.compile(r"\b([0-9]{3})_[0-9a-f]{16}(?:\.txt)?")


def _by_id() -> dict[str, Seed]:
    return {s.id: s for s in seeds()}


def cited(text: str, *, markdown: bool = False) -> str:
    """``text`` with every seed file id replaced by the seed's label (title and link; a
    Markdown link with ``markdown``)."""
    known = _by_id()

    def label(match: re.Match[str]) -> str:
        seed = known.get(match.group(1))
        if seed is None:
            return match.group(0)
        return seed.markdown if markdown else seed.label

    return _FILE_ID.sub(label, text)


def seeds_in(texts: Iterable[str], numbers: Iterable[str] = ()) -> list[Seed]:
    """The seeds cited by file id in ``texts`` or by number in ``numbers``, in id order."""
    known = _by_id()
    ids = {m.group(1) for text in texts for m in _FILE_ID.finditer(text)} | set(numbers)
    return [known[i] for i in sorted(ids) if i in known]


def sources_markdown() -> str:
    """docs/sources.md, written from hamopt/data/sources.yaml."""
    out = [
        "# Sources",
        "",
        "Where hamopt's rules and numbers come from. Written from `hamopt/data/sources.yaml`",
        "(`make sources` writes this file again); `hamopt rules` and `hamopt catalog` name a",
        "seed by the title and link below instead of its file id.",
        "",
        "## The seed articles",
        "",
        "| Seed | File | Article | What hamopt takes from it |",
        "|---|---|---|---|",
    ]
    for s in seeds():
        title = f"[{s.title}]({s.link})" if s.link else f"{s.title} (link not recorded)"
        site = f", {s.site}" if s.site else ""
        out.append(f"| {s.id} | `{s.file}` | {title}{site} | {s.gives} |")
    out += ["", "## Studies", "", "| As cited | Citation | For |", "|---|---|---|"]
    for st in studies():
        citation = f"{st.citation} [{st.link}]({st.link})" if st.link else st.citation
        out.append(f"| {'; '.join(st.names)} | {citation} | {st.about} |")
    return "\n".join(out) + "\n"
