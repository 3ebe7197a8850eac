"""The exercise catalog: the shipped default plus whatever a scenario adds.

The default catalog is data (``hamopt/data/exercises.yaml``), not code, so a coach can read and
review the per-head stimulus numbers and their sources without reading Python. It is loaded with
``yaml.safe_load`` only (the file is data, never objects) and validated by the same pydantic
``Catalog`` model as any user input, so a bad edit to the shipped file fails loudly at load time.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml

from hamopt.domain.models import Catalog, Exercise, Scenario

_PACKAGE = "hamopt"
_DATA_DIR = "data"
_CATALOG_FILE = "exercises.yaml"


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """Return the validated default catalog shipped with the package.

    Read through ``importlib.resources`` so it works from a source tree, a wheel or a zip
    import alike. Cached because every compile, check and CLI call needs it and the file never
    changes while the process runs; callers must treat the result as read-only (use
    :func:`catalog_for` to get a catalog with extra exercises).
    """
    text = (files(_PACKAGE) / _DATA_DIR / _CATALOG_FILE).read_text(encoding="utf-8")
    # libyaml's safe loader when PyYAML has it (same data, same safety): the pure-Python one
    # took ~0.15-0.3 s on this file, a sixth of `hamopt solve`'s start-up (benchmarks/).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Catalog.model_validate(yaml.load(text, Loader=loader))


def catalog_for(scenario: Scenario, base: Catalog | None = None) -> Catalog:
    """Return ``base`` (the default catalog if omitted) with ``scenario.exercises`` appended.

    A scenario whose ``catalog:`` names a file needs that file as ``base`` (ValueError without).

    A scenario may add exercises the catalog lacks (a gym's odd machine, a rehab drill), but it
    may not silently redefine a shipped one: two exercises with the same id would make
    preferences, rule parameters and program checks ambiguous, so a clash raises ``ValueError``
    naming the id. The result is validated as a whole, so a scenario exercise may name a
    catalog exercise in ``progresses_to``. ``base`` is never modified.
    """
    if base is None and scenario.catalog is not None:
        # The file is read (relative to the scenario's own file) by hamopt.inputs; a silent
        # fall-back to the shipped catalog would solve a different problem.
        raise ValueError(
            f"the scenario names catalog file {scenario.catalog!r}: pass the loaded catalog as "
            "`base` (hamopt.inputs.loading.load_scenario_for_solve resolves it)"
        )
    catalog = default_catalog() if base is None else base
    if not scenario.exercises:
        return catalog
    known = {exercise.id for exercise in catalog.exercises}
    clashes = [exercise.id for exercise in scenario.exercises if exercise.id in known]
    if clashes:
        raise ValueError(
            f"scenario exercise id {', '.join(repr(i) for i in clashes)} is already in the "
            "catalog; give the scenario exercise a new id"
        )
    return Catalog(exercises=[*catalog.exercises, *scenario.exercises])


# The last catalog put in canonical order and its answer: one solve asks several times (the
# API, then the engine), and the engine's own caches (dominated.py, fit.py) hold a catalog by
# identity, so the same catalog must give the same object back. Strong references, so no id
# is reused while cached.
_last_canonical: tuple[Catalog, Catalog] | None = None


def _canonical_key(exercise: Exercise, shipped: dict[str, int]) -> tuple[int, int, str]:
    place = shipped.get(exercise.id)
    return (0, place, "") if place is not None else (1, 0, exercise.id)


def in_canonical_order(catalog: Catalog) -> Catalog:
    """``catalog`` with its exercises in one order whatever order a file lists them in: the
    shipped exercises in the shipped file's order, then every other one by id.

    The solver's search follows the order of the candidates, so two files with the same
    exercises in another order gave programs of the same quality but different exercises
    (balanced_lifter on four shuffles of the shipped catalog: four programs; the five
    one-week scenarios tried got another equal optimum on 3-4 of 4 orders). A gym that exports
    its library again, or a researcher who sorts a spreadsheet, would see every client's
    program change for no reason. The shipped order is kept as it is (the shipped scenarios'
    programs and timings do not move); a library grown from it (benchmarks' 250-2,000
    exercise files) solved as fast in this order as in the file's, same run, seeds 0 / 1,
    deterministic s: 1,000 exercises 0.086 / 0.081 (the file's order 0.081 / 0.080), 2,000
    0.171 / 0.169 (0.151 / 0.181). The catalog itself is returned when already in order."""
    global _last_canonical
    last = _last_canonical
    if last is not None and last[0] is catalog:
        return last[1]
    shipped = {e.id: i for i, e in enumerate(default_catalog().exercises)}
    ordered = sorted(catalog.exercises, key=lambda e: _canonical_key(e, shipped))
    same = all(a is b for a, b in zip(ordered, catalog.exercises, strict=True))
    # Validated already (the same exercises): no second validation of a 2,000-exercise list.
    out = catalog if same else Catalog.model_construct(extends=catalog.extends, exercises=ordered)
    _last_canonical = (catalog, out)
    return out
