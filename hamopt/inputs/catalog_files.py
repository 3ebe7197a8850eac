"""Catalog files: a gym's or a researcher's own exercise library.

A catalog file is ``exercises: [...]``, checked exactly as the shipped catalog is (the same
``Catalog`` model, the same messages with file, field and line). It replaces the shipped
catalog, or adds to it with ``extends: default``. It reaches a solve through ``--catalog FILE``
(solve, explain, check, batch, compare) or ``catalog:`` in a scenario or a gym profile, whose
path is relative to that file. The HTTP service never reads one (hamopt/serve/inputs.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hamopt.domain.models import MAX_CATALOG, Catalog
from hamopt.io.errors import InputError, raise_all
from hamopt.io.yaml_files import (
    MAX_CATALOG_FILE_BYTES,
    LineMap,
    PathT,
    did_you_mean,
    load_yaml,
    require_mapping,
    validate_all,
)

DEFAULT_NAME = "the default catalog"


def exercise_issues(
    items: Any,
    base: PathT,
    file: str,
    linemap: LineMap,
    known: set[str],
    known_as: str = DEFAULT_NAME,
) -> list[InputError]:
    """Duplicate ids, ids already in ``known`` (the catalog these entries are added to, named
    ``known_as``) and unknown ``progresses_to`` among raw exercise entries, with lines."""
    if not isinstance(items, list):
        return []
    errors: list[InputError] = []
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        ex_id = item["id"]
        path = (*base, i, "id")
        if ex_id in first:
            where = ".".join(str(p) for p in (*base, first[ex_id]))
            errors.append(
                InputError(
                    f"duplicate exercise id {ex_id!r} (already used by {where}, line "
                    f"{linemap.line((*base, first[ex_id]))}); ids must be unique",
                    file=file,
                    path=path,
                    line=linemap.line(path),
                )
            )
        elif ex_id in known:
            errors.append(
                InputError(
                    f"exercise id {ex_id!r} is already in {known_as}; give this "
                    "exercise a new id (see `hamopt catalog`)",
                    file=file,
                    path=path,
                    line=linemap.line(path),
                )
            )
        else:
            first[ex_id] = i
    ids = known | set(first)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        target = item.get("progresses_to")
        if isinstance(target, str) and target not in ids:
            path = (*base, i, "progresses_to")
            errors.append(
                InputError(
                    f"progresses_to names unknown exercise {target!r}{did_you_mean(target, ids)}",
                    file=file,
                    path=path,
                    line=linemap.line(path),
                )
            )
    return errors


def merge_root_errors(
    model_errors: list[InputError], precise: list[InputError]
) -> list[InputError]:
    """Field errors plus the precise cross-checks; the latter replace whole-model errors."""
    if not precise:
        return model_errors
    return [e for e in model_errors if e.path] + precise


def catalog_from_data(data: Any, file: str, linemap: LineMap) -> Catalog:
    """A catalog file's data, checked and, with ``extends: default``, merged after the
    shipped exercises (a file's exercise may then progress to a shipped one)."""
    from hamopt.domain.catalog import default_catalog

    data = require_mapping(data, file, "an `exercises` list")
    base = default_catalog() if data.get("extends") == "default" else None
    known = {e.id for e in base.exercises} if base is not None else set()
    precise = exercise_issues(data.get("exercises"), ("exercises",), file, linemap, known)
    catalog, errors = validate_all(Catalog, data, file, linemap)
    raise_all(merge_root_errors(errors, precise))
    assert catalog is not None
    if base is None:
        return catalog
    total = len(base.exercises) + len(catalog.exercises)
    if total > MAX_CATALOG:
        raise InputError(
            f"with the default catalog's {len(base.exercises)} exercises this catalog has "
            f"{total}; at most {MAX_CATALOG} (drop `extends: default`, or some exercises)",
            file=file,
            path=("exercises",),
            line=linemap.line(("exercises",)),
        )
    return Catalog(exercises=[*base.exercises, *catalog.exercises])


def load_catalog(path: str | Path) -> Catalog:
    """A catalog file: ``exercises: [...]``, ids unique, ``progresses_to`` resolvable, and
    the shipped exercises first when it ``extends: default``."""
    data, linemap = load_yaml(path, MAX_CATALOG_FILE_BYTES)
    return catalog_from_data(data, str(path), linemap)


def catalog_path(ref: str, base_dir: Path) -> Path:
    """Where a scenario's or gym profile's ``catalog:`` points: relative to its own folder."""
    path = Path(ref)
    return path if path.is_absolute() else base_dir / path


def referenced(ref: str, file: str, linemap: LineMap) -> Catalog:
    """The catalog a file's ``catalog:`` names. A reference that leads nowhere (no such file,
    a folder, too large) is that file's error, at its ``catalog`` line; a mistake inside the
    catalog file names the catalog file and its own line."""
    path = catalog_path(ref, Path(file).parent)
    try:
        return load_catalog(path)
    except InputError as exc:
        if exc.file != str(path) or exc.line is not None or exc.path:
            raise
        raise InputError(
            f"catalog {ref!r} ({path}): {exc.message}",
            file=file,
            path=("catalog",),
            line=linemap.line(("catalog",)),
        ) from None
