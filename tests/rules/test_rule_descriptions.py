"""A rule's description reads its parameters: `hamopt rules`, the rule docs, the program's
`rules` block and the program card say the values in force, not the defaults."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from hamopt.cli import main
from hamopt.rules.contract import Params, Rule
from hamopt.rules.docs import document
from hamopt.rules.registry import get_rule
from hamopt.rules.testing import program, rules, scenario, session, verdicts

RULESET = """\
name: strict
extends: default
rules:
  recovery_spacing: {params: {min_hours: 36}}
  volume_range: {params: {weekly_min_sets: 0, session_max_exercises: 2}}
  volume_ramp: {mode: soft, params: {max_rise_pct: 0}}
"""


def test_summary_fills_in_the_params_in_force() -> None:
    spacing = get_rule("recovery_spacing")
    assert spacing.summary().startswith("At least 48 hours between")  # the defaults
    assert spacing.summary(spacing.params(min_hours=0)).startswith("At least 0 hours between")
    assert spacing.summary(spacing.params(min_hours=36.5)).startswith("At least 36.5 hours")
    volume = get_rule("volume_range")
    changed = volume.params(weekly_min_sets=0, session_max_exercises=2, min_reps=8)
    assert volume.summary(changed) == (
        "At least 0 hamstring sets a week; at most 10 sets over 2 exercises a session; "
        "reps 8-20."
    )


def test_text_that_names_no_parameter_or_has_braces_of_its_own_is_left_as_written() -> None:
    class P(Params):
        n: int = 3

    def nothing(*_: object) -> list:  # type: ignore[type-arg]
        return []

    rule = Rule(id="x", description="Up to {n}; {other} and {0} stay", params=P,
                encode=nothing, check=nothing)
    assert rule.summary() == "Up to 3; {other} and {0} stay"
    odd = Rule(id="y", description="A set {n!z} of braces", params=P, encode=nothing,
               check=nothing)
    assert odd.summary() == "A set {n!z} of braces"


def test_rules_command_and_rule_docs_say_the_rule_sets_values(tmp_path: Path) -> None:
    path = tmp_path / "strict.yaml"
    path.write_text(RULESET)
    text = CliRunner().invoke(main, ["rules", "--ruleset", str(path)])
    assert text.exit_code == 0, text.output
    flat = " ".join(text.output.split())
    assert "At least 36 hours between any two hamstring sessions" in flat
    assert "At least 48 hours" not in flat
    assert "At least 0 hamstring sets a week; at most 10 sets over 2 exercises" in flat
    as_json = CliRunner().invoke(main, ["rules", "--ruleset", str(path), "--format", "json"])
    by_id = {r["id"]: r for r in json.loads(as_json.output)["rules"]}
    assert by_id["volume_ramp"]["description"].startswith(
        "Weekly hamstring sets rise by at most 0% from one week"
    )
    doc = {r.id: r for r in document(str(path)).rules}
    assert doc["recovery_spacing"].description.startswith("At least 36 hours")
    default_doc = {r.id: r for r in document().rules}
    assert default_doc["recovery_spacing"].description.startswith("At least 48 hours")


def test_the_programs_rules_block_says_the_params_in_force() -> None:
    """The rules block reads the rule set's parameters, not the defaults: novice_loads with
    min_reps 10 names 10 (volume_ramp and strength_hinge were the example until they read the
    program; novice_loads printed its description until it did too)."""
    sc = scenario(weeks=2, athlete={"experience": "beginner"})
    prog = program(
        session("mon 18:00", ("seated_leg_curl", 3, (10, 12)), ("romanian_deadlift", 3, (10, 12))),
        weeks=2,
    )
    active = rules(novice_loads={"mode": "soft", "params": {"min_reps": 10}})
    found = verdicts(prog, sc, active)
    assert found["novice_loads"].justification.startswith(
        "every loaded line at 10 reps or more: Seated leg curl 10-12 and Romanian deadlift 10-12"
    )


def test_the_program_card_says_the_scenarios_values() -> None:
    from hamopt.render.html_card import _description
    from hamopt.rules.ruleset import active_rules

    sc = scenario(overrides={"recovery_spacing": {"params": {"min_hours": 30}}})
    active = {a.id: a for a in active_rules(sc)}
    assert _description("recovery_spacing", active["recovery_spacing"]).startswith(
        "At least 30 hours"
    )
    assert _description("recovery_spacing").startswith("At least 48 hours")


def test_every_built_in_rule_says_what_the_program_did() -> None:
    """Issue 19: a rules block reads the program, not a rule's generic text. A built-in rule
    without a `justify` hook printed its description as "kept" whatever the program held
    (nordic_safety's Petersen sentence for programs without a Nordic)."""
    from hamopt.rules.registry import _builtin_rules, checked_always

    rules = [*_builtin_rules(), *(a.rule for a in checked_always())]
    assert [r.id for r in rules if r.justify is None] == []


def test_parameter_comments_are_read_one_thread_at_a_time(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`hamopt serve` answers the page's first requests on several threads, each reading the
    rules' parameter comments; CPython 3.11 can fail two AST parses at once ("AST constructor
    recursion depth mismatch"), so the reading is serialized. Checked by overlap, since the
    CPython race itself is too rare to provoke."""
    import inspect
    import threading
    import time

    from hamopt.rules import docs
    from hamopt.rules.registry import all_rules

    read_source = inspect.getsource
    inside, most, count = 0, 0, threading.Lock()

    def slow_source(obj):  # type: ignore[no-untyped-def]
        nonlocal inside, most
        with count:
            inside += 1
            most = max(most, inside)
        time.sleep(0.002)  # long enough for another thread to come in, if it may
        try:
            return read_source(obj)
        finally:
            with count:
                inside -= 1

    params = [rule.params for rule in all_rules().values()]
    docs._comments.cache_clear()
    alone = [docs._comments(p) for p in params]
    docs._comments.cache_clear()
    monkeypatch.setattr(inspect, "getsource", slow_source)
    found: dict[int, list[dict[str, str]]] = {}

    def read(k: int) -> None:
        found[k] = [docs._comments(p) for p in params[k:] + params[:k]]

    threads = [threading.Thread(target=read, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    docs._comments.cache_clear()
    assert most == 1
    # Every thread read every rule's comments as one thread alone does.
    assert all((rows[-k:] + rows[:-k] if k else rows) == alone for k, rows in found.items())
