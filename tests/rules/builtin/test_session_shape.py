"""session_shape: at most 4 exercises a session, one variation of each movement family."""

from __future__ import annotations

from typing import Any

from hamopt.rules.testing import (
    catalog,
    ex,
    instances,
    only,
    program,
    quad,
    scenario,
    session,
    solve,
    violations,
)

SC = scenario(("mon 18:00",), 1)


def test_two_variations_of_one_movement_are_one_too_many() -> None:
    prog = program(
        session(
            "mon 18:00",
            ("seated_leg_curl", 3, (8, 12)),
            ("single_leg_seated_leg_curl", 3, (8, 12)),
            ("romanian_deadlift", 3, (6, 8)),
        )
    )
    found = violations("session_shape", prog, SC, None, only("session_shape"))
    assert instances(found) == {"Mon 18:00: seated_leg_curl"}
    assert "one variation a session" in found[0].message


def test_five_exercises_are_one_too_many() -> None:
    five = program(
        session(
            "mon 18:00",
            ("seated_leg_curl", 2, (8, 12)),
            ("romanian_deadlift", 2, (6, 8)),
            ("glute_bridge", 2, (8, 12)),
            ("leg_press", 2, (8, 12)),
            ("leg_extension", 2, (8, 12)),
        )
    )
    found = violations("session_shape", five, SC, None, only("session_shape"))
    assert instances(found) == {"Mon 18:00: exercises"}


def test_the_solver_takes_one_variation_where_it_would_take_two() -> None:
    # 10 sets in one session at most 4 an exercise: three exercises, one a hinge. The two
    # fullest curls are variations of one movement; with the rule the session takes one.
    fam = lambda e, f: e.model_copy(update={"family": f})  # noqa: E731
    cat = catalog(
        fam(ex("curl_a", stim=(0.9, 0.9, 0.9, 0.9)), "curl"),
        fam(ex("curl_b", stim=(0.9, 0.9, 0.9, 0.8)), "curl"),
        fam(ex("other_curl", stim=(0.5, 0.5, 0.5, 0.5)), "other_curl"),
        ex("hinge", ("hip_extension",), (0.8, 0.0, 0.6, 0.7)),
    )
    volume = {"weekly_min_sets": 10, "max_sets_per_exercise": 4}
    base = ("head_coverage", "volume_range", "head_stimulus")
    free = solve(SC, only(*base, volume_range=volume), cat)
    kept = solve(SC, only(*base, "session_shape", volume_range=volume), cat)
    held = lambda p: {x.id for x in p.weeks[0].sessions[0].exercises}  # noqa: E731
    assert held(free) == {"curl_a", "curl_b", "hinge"}
    assert kept.status == "optimal" and held(kept) == {"curl_a", "other_curl", "hinge"}


def test_the_justification_counts_each_sessions_exercises() -> None:
    # It printed the limits alone.
    from hamopt.rules.testing import verdicts

    sc = scenario(("mon 18:00", "thu 18:00"), 2, weeks=2)
    prog = program(
        session("mon 18:00", ("seated_leg_curl", 3, (8, 12)), ("romanian_deadlift", 3, (6, 8)),
                ("leg_press", 3, (8, 12))),
        session("thu 18:00", ("lying_leg_curl", 3, (8, 12)), ("leg_press", 3, (8, 12))),
        weeks=2,
    )  # fmt: skip
    prog.weeks[1].sessions[1].exercises.pop()
    said = verdicts(prog, sc, only("session_shape"))["session_shape"].justification
    assert said == (
        "exercises a session: week 1: Mon 18:00 3, Thu 18:00 2; week 2: Mon 18:00 3, Thu 18:00 1 "
        "(at most 4, one of each movement family)"
    )


GROUP = {"exclusive_groups": [["squat", "leg_press", "hack_squat"]]}


def test_an_exclusive_group_is_one_movement_pattern() -> None:
    # Leg press and goblet squat are two families but one bilateral squat pattern.
    prog = program(
        session(
            "mon 18:00",
            ("seated_leg_curl", 3, (8, 12)),
            ("leg_press", 3, (8, 12)),
            ("dumbbell_goblet_squat", 3, (8, 12)),
        )
    )
    assert not violations("session_shape", prog, SC, None, only("session_shape"))
    found = violations("session_shape", prog, SC, None, only("session_shape", session_shape=GROUP))
    assert instances(found) == {"Mon 18:00: squat / leg_press / hack_squat"}
    assert "one movement pattern" in found[0].message


def test_the_solver_pairs_no_two_of_a_group() -> None:
    # 6 quad sets at most 4 a line need two quad lifts. The two loadable ones are both
    # bilateral squats; the third is a band lift an intermediate pays for (exercise_fit), so
    # it comes in only when the group says the two loadable ones are one pattern.
    def lift(ex_id: str, family: str, loading: str) -> Any:
        return quad(ex_id).model_copy(update={"family": family, "loading": loading})

    cat = catalog(
        ex("curl", stim=(0.9, 0.9, 0.9, 0.9)),
        ex("hinge", ("hip_extension",), (0.8, 0.0, 0.6, 0.7)),
        lift("press", "leg_press", "machine"), lift("goblet", "squat", "dumbbell"),
        lift("band_split", "split_squat", "band"),
    )  # fmt: skip
    base = ("head_coverage", "volume_range", "correction_ratio", "session_shape", "exercise_fit")
    params: dict[str, Any] = {
        "volume_range": {"weekly_min_sets": 6},
        "correction_ratio": {"min_quad_sets": 6},
    }
    free = solve(SC, only(*base, **params), cat)
    kept = solve(SC, only(*base, **params, session_shape=GROUP), cat)

    def quads(prog: Any) -> set[str]:
        return {x.id for x in prog.weeks[0].sessions[0].exercises if x.region == "quads"}

    assert free.status == kept.status == "optimal"
    assert quads(free) == {"press", "goblet"}
    assert len(quads(kept) & {"press", "goblet"}) == 1 and "band_split" in quads(kept)
