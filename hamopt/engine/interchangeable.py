"""Quad exercises the model cannot tell apart: one candidate instead of several.

A full gym offers the kettlebell and the dumbbell goblet squat. To every rule and to the
objective they are the same exercise (same family, zones, time, joint loads, fit), so a
program with one has a twin of equal cost with the other, and the proof of optimality
explores both: adding the dumbbell goblet squat and the dumbbell reverse lunge to the catalog
took `sprinter_injury_prevention` from 0.7 to 17 deterministic seconds, the same optimum.
Here the twins of an exercise that sorts first by id get no candidate.

Exact, under these conditions, which the tests hold:

* quad exercises only: while long_length_bias's weekly variety counted exercises, a
  hamstring twin was a second allowance, not a duplicate; it counts movement families now
  (twins share one), so this condition is conservative, kept until the hamstrings' case is
  argued and tested as the quads' is;
* one exercise per family a session is a hard rule (``Rule.families_exclusive``), so two twins never
  share a session, and quads are not limited across sessions: any use of a twin can be
  swapped for the kept exercise in place;
* everything a rule or the objective reads is equal (``signature``): the fit's inputs,
  the time model's, the contraindications' and the progression's; ``equipment`` only as
  whether there is any (the time model's changeover), since both must be usable;
* neither is named by the scenario's preferences or is another exercise's progression;
* in a plan of several phases, neither has a progression of its own: progression's
  "outgrown variation" counts weeks per exercise, and a twin would let a phase carry on
  under another id.

The checkers and the program's output still see the whole catalog.
"""

from __future__ import annotations

from collections.abc import Sequence

from hamopt.domain.fit import LOADABLE, usable
from hamopt.domain.models import Catalog, Exercise, Loading, Mode, Scenario
from hamopt.rules.contract import ActiveRule


def _loading_class(exercise: Exercise) -> str:
    # What the fit reads of the loading: barbell (a beginner's technique cost), loadable
    # (progresses in small steps), or the band / bodyweight kind itself.
    if exercise.loading is Loading.barbell:
        return "barbell"
    return "loadable" if exercise.loading in LOADABLE else str(exercise.loading)


def read_attributes(exercise: Exercise) -> dict[str, object]:
    """Every attribute a rule or the objective reads of an exercise, by its field's name (not
    its id, name, cue text or sources); ``length_bias`` is the long-length bias (its field's
    name is a rule's id, which the engine does not write: tests/architecture)."""
    return {
        "region": exercise.region,
        "actions": tuple(exercise.actions),
        "stimulus": tuple(sorted(exercise.stimulus.model_dump().items())),
        "laterality": exercise.laterality,
        "length_bias": exercise.long_length_bias,
        "difficulty": exercise.difficulty,
        "lower_back_load": exercise.lower_back_load,
        "rep_range": exercise.rep_range,
        "progresses_to": exercise.progresses_to,
        "tempo": exercise.tempo,
        "kneeling": exercise.kneeling,
        "knee_stress": exercise.knee_stress,
        "family": exercise.family,
        "loading": _loading_class(exercise),
        "fatigue": exercise.fatigue,
        "seeds": tuple(exercise.seeds),
        "equipment": bool(exercise.equipment),
    }


def signature(exercise: Exercise) -> tuple[object, ...]:
    """Every attribute a rule or the objective reads of a quad exercise."""
    return tuple(read_attributes(exercise).values())


def twins_to_skip(
    scenario: Scenario, catalog: Catalog, rules: Sequence[ActiveRule]
) -> frozenset[str]:
    """Ids of quad exercises whose twin (by ``signature``) sorts first and stays."""
    one_per_family = any(
        a.mode is Mode.hard
        and a.rule.families_exclusive is not None
        and a.rule.families_exclusive(a.params)
        for a in rules
    )
    if not one_per_family:
        return frozenset()
    named = {ex_id for _field, ex_id in scenario.preferences.all_ids()}
    phased = len(scenario.phase_plan()) > 1
    targets = {e.progresses_to for e in catalog.exercises if e.progresses_to}
    kept: dict[tuple[object, ...], str] = {}
    skip: set[str] = set()
    for exercise in sorted(catalog.exercises, key=lambda e: e.id):
        if (
            not exercise.is_quad
            or exercise.family is None
            or exercise.id in named
            or exercise.id in targets
            or (phased and exercise.progresses_to is not None)
            or not usable(exercise, scenario)
        ):
            continue
        key = signature(exercise)
        if key in kept:
            skip.add(exercise.id)
        else:
            kept[key] = exercise.id
    return frozenset(skip)
