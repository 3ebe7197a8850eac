"""Tests over the shipped exercise catalog and the catalog loader.

The catalog's per-head numbers are estimates, so these tests pin down what must stay true
whatever the exact numbers: the anatomy (bf_short only flexes the knee, squats do not train
the hamstrings), the directions of the published findings the numbers were derived from, the
ids other code relies on, and that every equipment profile leaves something to train.

Each check is a function returning a list of problems, run on the shipped catalog (must be
empty) and on a deliberately broken copy (must not be), so no check can pass vacuously.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.resources import files

import pytest
import yaml

from hamopt.domain.catalog import catalog_for, default_catalog
from hamopt.domain.models import (
    EQUIPMENT_PROFILES,
    HEADS,
    SOURCED_ATTRIBUTES,
    Action,
    BackLoad,
    Catalog,
    Equipment,
    Exercise,
    Laterality,
    Level,
    Loading,
    Region,
    Scenario,
    Schedule,
    Slot,
    Stimulus,
)

Exercises = dict[str, Exercise]

# Study names exactly as /work/shared/research/evidence.md spells them. Kept here (not read at
# test time) because CI does not have the shared research folder.
ACCEPTED_STUDIES: tuple[str, ...] = (
    "Jónasson et al. 2016",
    "Lynn & Costigan 2009",
    "PMID 31277009",
    "Maeo et al., MSSE 2021",
    "Bourne et al., BJSM 2017",
    "Bourne et al., BJSM 2016/17",
    "Zebis et al., BJSM 2013",
    "Schoenfeld et al., JSCR 2015",
    "individual-differences EMG study",
    "Monajati et al., J Hum Kinet 2017",
    "Schmitt, Porcari et al. 2018",
    "PMC10124728",
    "McAllister et al., JSCR 2014",
    "Hegyi et al., SJMSS 2019",
    "Kubo et al., EJAP 2019",
    "Schellenberg et al. 2013",
    "van Dyk, Behan & Whiteley, BJSM 2019",
    "Petersen et al., AJSM 2011",
    "Schoenfeld, Ogborn & Krieger, J Sports Sci 2017",
    "Schoenfeld et al., Sports Med 2016",
    "IUSCA position stand, Schoenfeld et al. 2021",
    "Garber et al. 2011",
    "Maeo et al. 2021",
    "Coombs & Garbutt, JSSM 2002",
    "Ardern et al., JSCR 2015",
    "Timmins et al., BJSM 2016",
)
ESTIMATED = "estimated from anatomy"
DIRECTION = "direction from "

REQUIRED_HAMSTRING_IDS: tuple[str, ...] = (
    "seated_leg_curl", "single_leg_seated_leg_curl", "lying_leg_curl",
    "lying_leg_curl_accentuated_eccentric", "standing_leg_curl", "kneeling_leg_curl",
    "cable_standing_leg_curl", "dumbbell_lying_leg_curl", "glute_ham_raise",
    "nordic_hamstring_curl", "band_assisted_nordic", "eccentric_nordic",
    "stability_ball_leg_curl", "single_leg_stability_ball_curl", "slider_leg_curl",
    "towel_floor_leg_curl", "band_lying_leg_curl", "band_seated_leg_curl",
    "incline_back_extension", "romanian_deadlift", "stiff_leg_deadlift",
    "dumbbell_romanian_deadlift", "single_leg_romanian_deadlift",
    "kettlebell_single_leg_deadlift", "good_morning", "conventional_deadlift",
    "band_romanian_deadlift", "band_good_morning", "glute_bridge", "single_leg_glute_bridge",
    "straight_leg_bridge", "barbell_hip_thrust", "kettlebell_swing", "cable_pull_through",
    "reverse_hyperextension",
)  # fmt: skip
REQUIRED_QUAD_IDS: tuple[str, ...] = (
    "back_squat", "front_squat", "goblet_squat", "bodyweight_squat", "band_squat",
    "walking_lunge", "reverse_lunge", "dumbbell_split_squat", "bulgarian_split_squat",
    "barbell_step_up", "dumbbell_step_up", "leg_press", "hack_squat", "reverse_band_hack_squat",
    "leg_extension", "band_leg_extension",
)  # fmt: skip

TWO_JOINT_HEADS = ("bf_long", "semitendinosus", "semimembranosus")
LEVEL_RANK = {Level.beginner: 0, Level.intermediate: 1, Level.advanced: 2}
BACK_RANK = {BackLoad.low: 0, BackLoad.moderate: 1, BackLoad.high: 2}
EPS = 1e-9


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Exercises:
    return default_catalog().by_id()


def stim(ex: Exercise, head: str) -> float:
    return ex.stimulus.get(head)


def patched(exercises: Exercises, ex_id: str, **updates: object) -> Exercises:
    """A copy with one exercise changed, skipping validation (to build impossible data)."""
    out = dict(exercises)
    out[ex_id] = exercises[ex_id].model_copy(update=updates)
    return out


def patched_stimulus(exercises: Exercises, ex_id: str, **heads: float) -> Exercises:
    stimulus = exercises[ex_id].stimulus.model_copy(update=heads)
    return patched(exercises, ex_id, stimulus=stimulus)


def raw_exercise(**fields: object) -> Exercise:
    """An exercise built without validation, for data the model itself would reject."""
    base: dict[str, object] = {
        "id": "broken",
        "name": "Broken",
        "region": Region.hamstrings,
        "actions": [Action.knee_flexion],
        "stimulus": Stimulus(bf_long=0.7, bf_short=0.7, semitendinosus=0.7, semimembranosus=0.7),
        "equipment": [],
        "laterality": Laterality.bilateral,
        "long_length_bias": 0.5,
        "difficulty": Level.intermediate,
        "lower_back_load": BackLoad.low,
        "rep_range": (6, 12),
        "source": ESTIMATED,
        "progresses_to": None,
    }
    base.update(fields)
    return Exercise.model_construct(**base)


def zero_stimulus() -> Stimulus:
    return Stimulus(bf_long=0.0, bf_short=0.0, semitendinosus=0.0, semimembranosus=0.0)


def available(exercises: Iterable[Exercise], equipment: Iterable[Equipment]) -> list[Exercise]:
    have = set(equipment)
    return [e for e in exercises if set(e.equipment) <= have]


# --- checks (each returns a list of problems) ----------------------------------------------


def anatomy_problems(exercises: Iterable[Exercise]) -> list[str]:
    problems: list[str] = []
    for e in exercises:
        top = max(stim(e, h) for h in HEADS)
        if not e.is_knee_flexion and e.stimulus.bf_short > 0:
            problems.append(f"{e.id}: bf_short > 0 without knee flexion")
        if e.is_squat_pattern and not e.is_quad:
            problems.append(f"{e.id}: a squat pattern must be a quad exercise")
        if e.is_quad:
            if e.stimulus.total() != 0:
                problems.append(f"{e.id}: quad exercise gives the hamstrings stimulus (Kubo)")
            if e.is_knee_flexion or e.is_hip_extension:
                problems.append(f"{e.id}: quad exercise lists a hamstring action")
        if not (e.is_knee_flexion or e.is_hip_extension) and e.stimulus.total() != 0:
            problems.append(f"{e.id}: no hamstring action but hamstring stimulus")
        if e.is_hamstring:
            if e.is_knee_flexion and e.stimulus.bf_short <= 0:
                problems.append(f"{e.id}: knee-flexion exercise gives bf_short nothing")
            if top < 0.5:
                problems.append(f"{e.id}: no head reaches 0.5 (max {top})")
    return problems


def rep_range_problems(exercises: Iterable[Exercise]) -> list[str]:
    return [
        f"{e.id}: rep_range {list(e.rep_range)} does not overlap 6-20"
        for e in exercises
        if e.rep_range[1] < 6 or e.rep_range[0] > 20
    ]


def source_problems(exercises: Iterable[Exercise]) -> list[str]:
    """Each ';'-separated part must be a study name, 'estimated from anatomy' or
    'direction from <study>' (the latter only after 'estimated from anatomy')."""
    problems: list[str] = []
    for e in exercises:
        parts = [p.strip() for p in e.source.split(";")]
        for part in parts:
            if part == ESTIMATED or part in ACCEPTED_STUDIES:
                continue
            if part.startswith(DIRECTION) and part[len(DIRECTION) :] in ACCEPTED_STUDIES:
                if ESTIMATED not in parts:
                    problems.append(f"{e.id}: 'direction from' without '{ESTIMATED}'")
                continue
            problems.append(f"{e.id}: unknown source {part!r}")
    return problems


def progression_problems(exercises: Exercises) -> list[str]:
    problems: list[str] = []
    for e in exercises.values():
        if e.progresses_to is None:
            continue
        target = exercises.get(e.progresses_to)
        if target is None:
            problems.append(f"{e.id}: progresses_to unknown id {e.progresses_to!r}")
            continue
        if LEVEL_RANK[target.difficulty] < LEVEL_RANK[e.difficulty]:
            problems.append(f"{e.id} ({e.difficulty}) progresses to easier {target.id}")
        if target.region is not e.region:
            problems.append(f"{e.id} progresses to {target.id} in another region")
        seen = {e.id}
        step: Exercise | None = target
        while step is not None and step.progresses_to is not None:
            if step.progresses_to in seen:
                problems.append(f"{e.id}: progresses_to chain has a cycle")
                break
            seen.add(step.id)
            step = exercises.get(step.progresses_to)
    return problems


def profile_problems(
    exercises: Iterable[Exercise], profiles: dict[str, tuple[Equipment, ...]], level: Level
) -> list[str]:
    """Every profile needs a knee-flexion and a hip-extension hamstring exercise and a quad
    exercise at or below ``level``."""
    problems: list[str] = []
    exercises = list(exercises)
    for name, equipment in profiles.items():
        usable = [
            e
            for e in available(exercises, equipment)
            if LEVEL_RANK[e.difficulty] <= LEVEL_RANK[level]
        ]
        needs: dict[str, Callable[[Exercise], bool]] = {
            "knee-flexion hamstring": lambda e: e.is_hamstring and e.is_knee_flexion,
            "hip-extension hamstring": lambda e: e.is_hamstring and e.is_hip_extension,
            "quad": lambda e: e.is_quad,
        }
        for what, test in needs.items():
            if not any(test(e) for e in usable):
                problems.append(f"profile {name}: no {level} {what} exercise")
    return problems


# --- directions from evidence.md (each: check, and a mutation that must break it) -------------


def maeo_seated_vs_lying(m: Exercises) -> list[str]:
    p = []
    for seated, lying in [
        ("seated_leg_curl", "lying_leg_curl"),
        ("band_seated_leg_curl", "band_lying_leg_curl"),
    ]:
        s, ly = m[seated], m[lying]
        p += [f"{seated} {h} < {lying}" for h in TWO_JOINT_HEADS if stim(s, h) < stim(ly, h)]
        if abs(s.stimulus.bf_short - ly.stimulus.bf_short) > 0.1 + EPS:
            p.append(f"{seated} vs {lying}: bf_short should be about equal")
        if s.long_length_bias <= ly.long_length_bias:
            p.append(f"{seated} long_length_bias should exceed {lying}")
    return p


def bourne_hip_extension(m: Exercises) -> list[str]:
    he, nordic = m["incline_back_extension"], m["nordic_hamstring_curl"]
    p = [
        f"{e.id} bf_long >= 45-degree hip extension"
        for e in m.values()
        if e.id != he.id and stim(e, "bf_long") >= stim(he, "bf_long")
    ]
    if stim(he, "semimembranosus") <= stim(nordic, "semimembranosus"):
        p.append("semimembranosus: hip extension should beat the Nordic")
    if stim(he, "bf_long") <= stim(nordic, "bf_long"):
        p.append("bf_long: hip extension should beat the Nordic")
    p += [f"{e.id}: semitendinosus < 0.5" for e in (he, nordic) if stim(e, "semitendinosus") < 0.5]
    return p


def lateral_medial(e: Exercise) -> float:
    return stim(e, "bf_long") / stim(e, "semitendinosus")


def bourne_lateral_medial(m: Exercises) -> list[str]:
    he = m["incline_back_extension"]
    p = [
        f"{e.id}: lateral:medial >= 45-degree hip extension"
        for e in m.values()
        if e.is_hamstring and e.id != he.id and lateral_medial(e) >= lateral_medial(he)
    ]
    for low in ("nordic_hamstring_curl", "glute_bridge"):
        if lateral_medial(m[low]) >= 1:
            p.append(f"{low}: should be medial dominant")
        for other in ("romanian_deadlift", "kettlebell_swing", "lying_leg_curl"):
            if lateral_medial(m[low]) > lateral_medial(m[other]):
                p.append(f"{low}: lateral:medial above {other}")
    return p


def nordic_semitendinosus(m: Exercises) -> list[str]:
    n = m["nordic_hamstring_curl"]
    p = [
        f"{e.id} semitendinosus >= Nordic"
        for e in m.values()
        if e.id != n.id and stim(e, "semitendinosus") >= stim(n, "semitendinosus")
    ]
    p += [
        f"Nordic {h} >= semitendinosus"
        for h in ("bf_long", "semimembranosus")
        if stim(n, h) >= stim(n, "semitendinosus")
    ]
    return p


def zebis_ratios(m: Exercises) -> list[str]:
    p = []
    for ex_id in ("kettlebell_swing", "romanian_deadlift"):
        ratio = stim(m[ex_id], "semitendinosus") / stim(m[ex_id], "bf_long")
        if not 1.1 <= ratio <= 1.35:
            p.append(f"{ex_id}: semitendinosus/bf_long {ratio:.2f} not ~1.17-1.22")
    ratio = lateral_medial(m["lying_leg_curl"])
    if not 1.1 <= ratio <= 1.35:
        p.append(f"lying_leg_curl: bf_long/semitendinosus {ratio:.2f} not ~1.20-1.23")
    return p


def stiff_leg_semimembranosus(m: Exercises) -> list[str]:
    e = m["stiff_leg_deadlift"]
    if stim(e, "semimembranosus") <= stim(e, "semitendinosus"):
        return ["stiff_leg_deadlift should favour semimembranosus over semitendinosus"]
    return []


def monajati_ball_vs_nordic(m: Exercises) -> list[str]:
    ball, nordic = m["stability_ball_leg_curl"], m["nordic_hamstring_curl"]
    p = []
    # Published ratios: biceps femoris 50.3/74.8 = 0.67, semitendinosus 44.3/78.3 = 0.57.
    for head, lo, hi in (("bf_long", 0.5, 0.8), ("semitendinosus", 0.45, 0.7)):
        ratio = stim(ball, head) / stim(nordic, head)
        if not lo <= ratio <= hi:
            p.append(f"stability-ball/Nordic {head} ratio {ratio:.2f} outside {lo}-{hi}")
    return p


def schmitt_match_lying_curl(m: Exercises) -> list[str]:
    lying = m["lying_leg_curl"]
    return [
        f"{ex_id} {h} not within 0.15 of the lying curl"
        for ex_id in ("kettlebell_swing", "single_leg_romanian_deadlift")
        for h in ("bf_long", "semitendinosus")
        if abs(stim(m[ex_id], h) - stim(lying, h)) > 0.15 + EPS
    ]


def pmc_reverse_hyper_pull_through(m: Exercises) -> list[str]:
    rdl, rh, cpt = m["romanian_deadlift"], m["reverse_hyperextension"], m["cable_pull_through"]
    p = []
    for h in ("bf_long", "semitendinosus"):
        if stim(rh, h) <= stim(rdl, h):
            p.append(f"reverse hyper {h} should exceed the RDL")
        if stim(cpt, h) >= stim(rdl, h):
            p.append(f"cable pull-through {h} should be below the RDL")
    if BACK_RANK[cpt.lower_back_load] >= BACK_RANK[rdl.lower_back_load]:
        p.append("cable pull-through lower-back load should be below the RDL")
    return p


def mcallister_ranking(m: Exercises) -> list[str]:
    rdl, ghr, gm = m["romanian_deadlift"], m["glute_ham_raise"], m["good_morning"]
    p = [
        f"glute-ham raise {h} below {other.id}"
        for h in ("semitendinosus", "semimembranosus")
        for other in (rdl, gm)
        if stim(ghr, h) < stim(other, h)
    ]
    p += [
        f"RDL bf_long below {o.id}" for o in (ghr, gm) if stim(rdl, "bf_long") < stim(o, "bf_long")
    ]
    return p


def hegyi_bridge_and_hip_extension(m: Exercises) -> list[str]:
    bridge, he = m["straight_leg_bridge"], m["incline_back_extension"]
    p = []
    top = max(stim(bridge, h) for h in HEADS)
    if not 0.6 <= top <= 0.9:
        p.append(f"straight-leg bridge peak {top} not near 69-85% of max")
    if stim(bridge, "bf_long") > stim(bridge, "semitendinosus"):
        p.append("straight-leg bridge should not be biceps-femoris dominant")
    if not stim(he, "bf_long") > max(stim(he, "semitendinosus"), stim(he, "semimembranosus")):
        p.append("45-degree hip extension should be biceps-femoris dominant")
    return p


def schellenberg_back_load(m: Exercises) -> list[str]:
    gm, dl = m["good_morning"], m["conventional_deadlift"]
    if not gm.lower_back_load == dl.lower_back_load == BackLoad.high:
        return ["good morning and deadlift should both have high lower-back load"]
    return []


DIRECTIONS: list[tuple[str, Callable[[Exercises], list[str]], Callable[[Exercises], Exercises]]] = [
    (
        "Maeo 2021: seated >= lying curl",
        maeo_seated_vs_lying,
        lambda m: patched_stimulus(m, "lying_leg_curl", semitendinosus=0.95),
    ),
    (
        "Bourne 2017: 45-degree hip extension top bf_long, semimembranosus over Nordic",
        bourne_hip_extension,
        lambda m: patched_stimulus(m, "nordic_hamstring_curl", semimembranosus=0.9),
    ),
    (
        "Bourne 2016/17: lateral:medial highest in hip extension, low in Nordic and bridge",
        bourne_lateral_medial,
        lambda m: patched_stimulus(m, "glute_bridge", bf_long=0.6),
    ),
    (
        "Monajati / individual differences: Nordic highest semitendinosus",
        nordic_semitendinosus,
        lambda m: patched_stimulus(m, "glute_ham_raise", semitendinosus=1.0),
    ),
    (
        "Zebis 2013: swing/RDL favour semitendinosus, lying curl biceps femoris",
        zebis_ratios,
        lambda m: patched_stimulus(m, "kettlebell_swing", bf_long=0.78),
    ),
    (
        "individual differences: stiff-leg deadlift favours semimembranosus",
        stiff_leg_semimembranosus,
        lambda m: patched_stimulus(m, "stiff_leg_deadlift", semimembranosus=0.7),
    ),
    (
        "Monajati 2017: stability-ball curl well below the Nordic",
        monajati_ball_vs_nordic,
        lambda m: patched_stimulus(m, "stability_ball_leg_curl", semitendinosus=0.9),
    ),
    (
        "Schmitt 2018: swing and single-leg RDL match the lying curl",
        schmitt_match_lying_curl,
        lambda m: patched_stimulus(m, "single_leg_romanian_deadlift", bf_long=0.4),
    ),
    (
        "PMC10124728: reverse hyper > RDL > cable pull-through",
        pmc_reverse_hyper_pull_through,
        lambda m: patched(m, "cable_pull_through", lower_back_load=BackLoad.high),
    ),
    (
        "McAllister 2014: RDL top bf_long, glute-ham raise top medial",
        mcallister_ranking,
        lambda m: patched_stimulus(m, "good_morning", bf_long=0.7),
    ),
    (
        "Hegyi 2019: straight-leg bridge medial, hip extension lateral",
        hegyi_bridge_and_hip_extension,
        lambda m: patched_stimulus(m, "straight_leg_bridge", bf_long=0.8),
    ),
    (
        "Schellenberg 2013: good morning ~ deadlift lower-back load",
        schellenberg_back_load,
        lambda m: patched(m, "good_morning", lower_back_load=BackLoad.moderate),
    ),
]


@pytest.mark.parametrize(("name", "check", "_break"), DIRECTIONS, ids=[d[0] for d in DIRECTIONS])
def test_direction_holds(
    shipped: Exercises,
    name: str,
    check: Callable[[Exercises], list[str]],
    _break: Callable[[Exercises], Exercises],
) -> None:
    assert check(shipped) == []


@pytest.mark.parametrize(("name", "check", "breaker"), DIRECTIONS, ids=[d[0] for d in DIRECTIONS])
def test_direction_check_can_fail(
    shipped: Exercises,
    name: str,
    check: Callable[[Exercises], list[str]],
    breaker: Callable[[Exercises], Exercises],
) -> None:
    assert check(breaker(shipped)), f"{name}: the check did not notice the broken data"


# --- whole-catalog tests -----------------------------------------------------------------


def test_sizes(shipped: Exercises) -> None:
    hamstrings = [e for e in shipped.values() if e.is_hamstring]
    quads = [e for e in shipped.values() if e.is_quad]
    assert len(shipped) >= 40
    assert len(hamstrings) >= 28
    assert len(quads) >= 12


def test_required_ids_present_with_region(shipped: Exercises) -> None:
    missing = [i for i in (*REQUIRED_HAMSTRING_IDS, *REQUIRED_QUAD_IDS) if i not in shipped]
    assert missing == []
    assert [i for i in REQUIRED_HAMSTRING_IDS if not shipped[i].is_hamstring] == []
    assert [i for i in REQUIRED_QUAD_IDS if not shipped[i].is_quad] == []


# Attributes the brief (and the scenario files built on it) fix for particular exercises.
SPEC: dict[str, dict[str, object]] = {
    "standing_leg_curl": {"laterality": Laterality.unilateral},
    "kneeling_leg_curl": {"laterality": Laterality.unilateral},
    "cable_standing_leg_curl": {"laterality": Laterality.unilateral},
    "single_leg_romanian_deadlift": {"laterality": Laterality.unilateral},
    "kettlebell_single_leg_deadlift": {"laterality": Laterality.unilateral},
    "dumbbell_split_squat": {"laterality": Laterality.unilateral},
    "glute_ham_raise": {"actions": {Action.knee_flexion, Action.hip_extension}},
    "stability_ball_leg_curl": {"actions": {Action.knee_flexion, Action.hip_extension}},
    "conventional_deadlift": {
        "actions": {Action.hip_extension, Action.knee_extension},
        "lower_back_load": BackLoad.high,
    },
    "nordic_hamstring_curl": {"difficulty": Level.advanced, "equipment": {Equipment.nordic_anchor}},
    "band_assisted_nordic": {
        "difficulty": Level.beginner,
        "equipment": {Equipment.nordic_anchor, Equipment.resistance_band},
        "progresses_to": "eccentric_nordic",
    },
    "eccentric_nordic": {
        "difficulty": Level.intermediate,
        "equipment": {Equipment.nordic_anchor},
        "progresses_to": "nordic_hamstring_curl",
    },
    "towel_floor_leg_curl": {"equipment": set(), "actions": {Action.knee_flexion}},
    "slider_leg_curl": {"equipment": {Equipment.sliders}},
    "incline_back_extension": {
        "equipment": {Equipment.back_extension_bench},
        "actions": {Action.hip_extension},
    },
    "good_morning": {
        "equipment": {Equipment.barbell, Equipment.squat_rack},
        "lower_back_load": BackLoad.high,
    },
    "glute_bridge": {
        "equipment": set(),
        "difficulty": Level.beginner,
        "progresses_to": "single_leg_glute_bridge",
    },
    "straight_leg_bridge": {"equipment": {Equipment.bench}},
    "barbell_hip_thrust": {"equipment": {Equipment.barbell, Equipment.bench}},
    "reverse_hyperextension": {"equipment": {Equipment.reverse_hyper_machine}},
    "back_squat": {"equipment": {Equipment.barbell, Equipment.squat_rack}},
    "goblet_squat": {"equipment": {Equipment.kettlebell}},
    "bodyweight_squat": {"equipment": set()},
    "band_squat": {"equipment": {Equipment.resistance_band}},
    "walking_lunge": {"equipment": {Equipment.dumbbell}},
    "reverse_lunge": {"equipment": set()},
    "bulgarian_split_squat": {
        "equipment": {Equipment.dumbbell, Equipment.bench},
        "laterality": Laterality.unilateral,
    },
    "barbell_step_up": {
        "equipment": {Equipment.barbell, Equipment.plyo_box},
        "laterality": Laterality.unilateral,
    },
    "dumbbell_step_up": {
        "equipment": {Equipment.dumbbell, Equipment.plyo_box},
        "laterality": Laterality.unilateral,
    },
    "reverse_band_hack_squat": {
        "equipment": {Equipment.hack_squat_machine, Equipment.resistance_band}
    },
    "leg_extension": {
        "actions": {Action.knee_extension},
        "equipment": {Equipment.leg_extension_machine},
    },
    "band_leg_extension": {
        "actions": {Action.knee_extension},
        "equipment": {Equipment.resistance_band},
    },
}


def spec_problems(exercises: Exercises) -> list[str]:
    problems = []
    for ex_id, wanted in SPEC.items():
        e = exercises[ex_id]
        for field, value in wanted.items():
            got = getattr(e, field)
            if isinstance(value, set):
                got = set(got)
            if got != value:
                problems.append(f"{ex_id}.{field} = {got!r}, expected {value!r}")
    return problems


def test_spec_attributes(shipped: Exercises) -> None:
    assert spec_problems(shipped) == []
    broken = patched(shipped, "glute_bridge", equipment=[Equipment.bench])
    assert spec_problems(broken)


def test_anatomy(shipped: Exercises) -> None:
    assert anatomy_problems(shipped.values()) == []


@pytest.mark.parametrize(
    "broken",
    [
        raw_exercise(actions=[Action.hip_extension]),  # bf_short without knee flexion
        raw_exercise(region=Region.quads, actions=[Action.squat]),  # squat trains hamstrings
        raw_exercise(region=Region.quads, actions=[Action.knee_extension]),
        raw_exercise(actions=[Action.squat], stimulus=zero_stimulus()),  # squat as hamstring
        raw_exercise(
            stimulus=Stimulus(bf_long=0.7, bf_short=0.0, semitendinosus=0.7, semimembranosus=0.7)
        ),  # knee flexion that skips bf_short
        raw_exercise(
            stimulus=Stimulus(bf_long=0.4, bf_short=0.4, semitendinosus=0.4, semimembranosus=0.4)
        ),  # nothing reaches 0.5
    ],
)
def test_anatomy_check_catches(broken: Exercise) -> None:
    assert anatomy_problems([broken])


def test_model_rejects_bf_short_without_knee_flexion() -> None:
    with pytest.raises(ValueError, match="bf_short"):
        Exercise(
            id="x",
            name="x",
            region=Region.hamstrings,
            actions=[Action.hip_extension],
            stimulus=Stimulus(bf_long=0.5, bf_short=0.1, semitendinosus=0.5, semimembranosus=0.5),
            source=ESTIMATED,
        )


def test_rep_ranges_overlap_6_to_20(shipped: Exercises) -> None:
    assert rep_range_problems(shipped.values()) == []
    assert rep_range_problems([raw_exercise(rep_range=(1, 5))])
    assert rep_range_problems([raw_exercise(rep_range=(21, 30))])


def test_sources_name_evidence(shipped: Exercises) -> None:
    assert source_problems(shipped.values()) == []
    assert source_problems([raw_exercise(source="Some Blog, 2020")])
    assert source_problems([raw_exercise(source="direction from Zebis et al., BJSM 2013")])
    assert source_problems([raw_exercise(source=f"{ESTIMATED}; direction from a hunch")])


def test_names_unique(shipped: Exercises) -> None:
    names = [e.name for e in shipped.values()]
    assert len(names) == len(set(names))


def test_progressions(shipped: Exercises) -> None:
    assert progression_problems(shipped) == []
    chain = ["band_assisted_nordic", "eccentric_nordic", "nordic_hamstring_curl"]
    for easier, harder in zip(chain, chain[1:], strict=False):
        assert shipped[easier].progresses_to == harder


@pytest.mark.parametrize(
    "broken",
    [
        {  # advanced -> beginner
            "a": raw_exercise(id="a", difficulty=Level.advanced, progresses_to="b"),
            "b": raw_exercise(id="b", difficulty=Level.beginner),
        },
        {  # cycle
            "a": raw_exercise(id="a", progresses_to="b"),
            "b": raw_exercise(id="b", progresses_to="a"),
        },
        {  # hamstring -> quad
            "a": raw_exercise(id="a", progresses_to="b"),
            "b": raw_exercise(
                id="b", region=Region.quads, actions=[Action.squat], stimulus=zero_stimulus()
            ),
        },
    ],
)
def test_progression_check_catches(broken: Exercises) -> None:
    assert progression_problems(broken)


@pytest.mark.parametrize("level", [Level.advanced, Level.beginner])
def test_every_equipment_profile_can_train_everything(shipped: Exercises, level: Level) -> None:
    # At advanced every exercise counts; at beginner only beginner-level ones, so even a
    # beginner with only bands, dumbbells or nothing has something in each category.
    assert profile_problems(shipped.values(), EQUIPMENT_PROFILES, level) == []


@pytest.mark.parametrize(
    ("profile", "drop"),
    [
        # the only bodyweight knee-flexion exercise
        ("bodyweight_only", lambda e: e.id == "towel_floor_leg_curl"),
        ("bodyweight_only", lambda e: e.is_hamstring and e.is_hip_extension),
        ("home_bands", lambda e: e.is_quad),
    ],
    ids=["no-knee-flexion", "no-hip-extension", "no-quads"],
)
def test_profile_check_catches(
    shipped: Exercises, profile: str, drop: Callable[[Exercise], bool]
) -> None:
    kept = [e for e in shipped.values() if not drop(e)]
    problems = profile_problems(kept, {profile: EQUIPMENT_PROFILES[profile]}, Level.advanced)
    assert problems


def test_catalog_file_explains_scale() -> None:
    text = (files("hamopt") / "data" / "exercises.yaml").read_text(encoding="utf-8")
    assert text.startswith("#")
    header = text.split("\nexercises:", 1)[0]
    assert "1.0 = a full hard set" in header
    assert "estimate" in header


# --- the loader ----------------------------------------------------------------------------


def _scenario(exercises: list[Exercise]) -> Scenario:
    return Scenario(
        name="catalog test",
        schedule=Schedule(sessions_per_week=2, slots=[Slot(day="mon"), Slot(day="thu")]),
        exercises=exercises,
    )


def _extra(ex_id: str, **fields: object) -> Exercise:
    data: dict[str, object] = {
        "id": ex_id,
        "name": f"Extra {ex_id}",
        "region": Region.hamstrings,
        "actions": [Action.knee_flexion],
        "stimulus": Stimulus(bf_long=0.7, bf_short=0.7, semitendinosus=0.7, semimembranosus=0.7),
        "source": ESTIMATED,
    }
    data.update(fields)
    return Exercise(**data)


def test_default_catalog_is_cached_and_valid() -> None:
    catalog = default_catalog()
    assert catalog is default_catalog()
    assert Catalog.model_validate(catalog.model_dump()) == catalog


def test_catalog_for_without_extras_returns_base() -> None:
    assert catalog_for(_scenario([])) is default_catalog()


def test_catalog_for_appends_scenario_exercises() -> None:
    base = default_catalog()
    extra = _extra("partner_nordic_curl", progresses_to="nordic_hamstring_curl")
    merged = catalog_for(_scenario([extra]))
    assert [e.id for e in merged.exercises] == [*(e.id for e in base.exercises), extra.id]
    assert len(base.exercises) == len(merged.exercises) - 1  # base untouched
    assert "partner_nordic_curl" not in default_catalog().by_id()


def test_catalog_for_uses_given_base() -> None:
    base = Catalog(exercises=[_extra("only_one")])
    merged = catalog_for(_scenario([_extra("second")]), base=base)
    assert [e.id for e in merged.exercises] == ["only_one", "second"]
    assert [e.id for e in base.exercises] == ["only_one"]


def test_catalog_for_rejects_duplicate_id() -> None:
    with pytest.raises(ValueError, match="seated_leg_curl"):
        catalog_for(_scenario([_extra("seated_leg_curl")]))


def test_catalog_for_rejects_unknown_progression() -> None:
    with pytest.raises(ValueError, match="not_there"):
        catalog_for(_scenario([_extra("new_curl", progresses_to="not_there")]))


# --- coaching attributes (family, loading, fatigue, seeds, sources) -------------------------

# What a `sources` value may name besides ACCEPTED_STUDIES: the program-quality studies of
# evidence.md, the two facts in notes/evidence_additions.md, a seed id, or "estimated".
EXTRA_SOURCES: tuple[str, ...] = (
    "NSCA Essentials of Strength Training and Conditioning (Haff & Triplett, 4th ed. 2016)",
    "Escamilla et al., MSSE 1998",
)
SEED_IDS: tuple[str, ...] = ("000", "001", "002", "003")


def coaching_problems(exercises: Iterable[Exercise]) -> list[str]:
    problems: list[str] = []
    for e in exercises:
        if e.family is None or e.loading is None:
            problems.append(f"{e.id}: no family or loading")
        missing = [a for a in SOURCED_ATTRIBUTES if a not in e.sources]
        if missing:
            problems.append(f"{e.id}: sources lacks {missing}")
        for attr, value in e.sources.items():
            if value not in (*ACCEPTED_STUDIES, *EXTRA_SOURCES, *SEED_IDS, "estimated"):
                problems.append(f"{e.id}: sources.{attr} {value!r} is not a known source")
        problems += [f"{e.id}: unknown seed {s}" for s in e.seeds if s not in SEED_IDS]
    return problems


def test_every_exercise_has_sourced_coaching_attributes(shipped: Exercises) -> None:
    assert len(SOURCED_ATTRIBUTES) == 6
    assert coaching_problems(shipped.values()) == []
    unsourced = patched(shipped, "seated_leg_curl", sources={"family": "estimated"})
    assert coaching_problems(unsourced.values())
    made_up = patched(shipped, "seated_leg_curl", sources={a: "a blog" for a in SOURCED_ATTRIBUTES})
    assert coaching_problems(made_up.values())


def test_catalog_entries_spell_out_every_coaching_field() -> None:
    # Defaults are for scenario exercises; the shipped file says each value on purpose.
    raw = yaml.safe_load((files("hamopt") / "data" / "exercises.yaml").read_text(encoding="utf-8"))
    fields = ("family", "loading", "fatigue", "seeds", "sources")
    assert [e["id"] for e in raw["exercises"] if not all(f in e for f in fields)] == []


@pytest.mark.parametrize(
    "group",
    [
        ("seated_leg_curl", "single_leg_seated_leg_curl", "band_seated_leg_curl"),
        ("nordic_hamstring_curl", "eccentric_nordic", "band_assisted_nordic"),
        ("romanian_deadlift", "dumbbell_romanian_deadlift", "band_romanian_deadlift"),
        ("single_leg_romanian_deadlift", "kettlebell_single_leg_deadlift"),
        ("dumbbell_split_squat", "bulgarian_split_squat"),
        ("hack_squat", "reverse_band_hack_squat"),
        ("leg_extension", "band_leg_extension"),
    ],
)
def test_families_group_variants(shipped: Exercises, group: tuple[str, ...]) -> None:
    assert len({shipped[i].family for i in group}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("seated_leg_curl", "lying_leg_curl"),  # seed 001 pairs them: different lengths
        ("romanian_deadlift", "single_leg_romanian_deadlift"),
        ("nordic_hamstring_curl", "glute_ham_raise"),
        ("dumbbell_split_squat", "leg_extension"),
    ],
)
def test_families_keep_different_movements_apart(shipped: Exercises, a: str, b: str) -> None:
    assert shipped[a].family != shipped[b].family


def test_loading_default_follows_the_precedence() -> None:
    def loading(*equipment: Equipment) -> Loading | None:
        return _extra("x", equipment=list(equipment)).loading

    assert loading(Equipment.hack_squat_machine, Equipment.resistance_band) == Loading.machine
    assert loading(Equipment.barbell, Equipment.dumbbell) == Loading.barbell
    assert loading(Equipment.nordic_anchor, Equipment.resistance_band) == Loading.band
    assert loading(Equipment.cable_station) == Loading.cable
    assert loading(Equipment.glute_ham_developer) == Loading.bodyweight
    assert loading() == Loading.bodyweight
    assert _extra("y").family == "y"
    assert _extra("y").fatigue == BackLoad.moderate


def test_sources_keys_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown attribute 'colour'"):
        _extra("x", sources={"colour": "estimated"})


def test_beginner_choices_are_simple(shipped: Exercises) -> None:
    beginner = {i for i, e in shipped.items() if e.difficulty is Level.beginner}
    assert {"seated_leg_curl", "lying_leg_curl", "glute_bridge", "dumbbell_romanian_deadlift"} <= (
        beginner
    )
    assert shipped["glute_ham_raise"].difficulty is Level.advanced
    assert shipped["nordic_hamstring_curl"].difficulty is Level.advanced
    assert shipped["nordic_hamstring_curl"].fatigue is BackLoad.high
    assert shipped["seated_leg_curl"].fatigue is BackLoad.low
    assert shipped["leg_extension"].knee_stress is BackLoad.high


def test_seeds_credit_the_seed_workouts(shipped: Exercises) -> None:
    seed_000 = {"standing_leg_curl", "incline_back_extension", "dumbbell_split_squat",
                "lying_leg_curl_accentuated_eccentric", "stiff_leg_deadlift",
                "reverse_band_hack_squat", "kneeling_leg_curl", "glute_ham_raise",
                "barbell_step_up"}  # fmt: skip
    seed_001 = {"romanian_deadlift", "seated_leg_curl", "lying_leg_curl"}
    assert {i for i, e in shipped.items() if "000" in e.seeds} == seed_000
    assert seed_001 <= {i for i, e in shipped.items() if "001" in e.seeds}
    assert "000" not in shipped["leg_extension"].seeds  # seed 000's bad example


# --- one order for the same exercises (the solver's search follows it) -----------------------


def test_canonical_order_keeps_the_shipped_catalog_as_it_is() -> None:
    from hamopt.domain.catalog import in_canonical_order

    shipped = default_catalog()
    assert in_canonical_order(shipped) is shipped


def test_canonical_order_puts_shipped_exercises_first_then_the_rest_by_id() -> None:
    from hamopt.domain.catalog import in_canonical_order

    shipped = list(default_catalog().exercises)
    own = [
        shipped[0].model_copy(update={"id": ident, "progresses_to": None})
        for ident in ("zz_curl", "aa_curl", "mm_curl")
    ]
    mixed = Catalog(exercises=[own[0], shipped[3], own[1], shipped[1], shipped[2], own[2]])
    ordered = in_canonical_order(mixed)
    assert [e.id for e in ordered.exercises] == [
        shipped[1].id, shipped[2].id, shipped[3].id, "aa_curl", "mm_curl", "zz_curl",
    ]  # fmt: skip
    assert in_canonical_order(mixed) is ordered  # the engine's caches hold it by identity
    assert in_canonical_order(ordered) is ordered
