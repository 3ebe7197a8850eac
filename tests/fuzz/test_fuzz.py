"""The fuzz suite in `make test`: a short seeded campaign, and every failure found, kept.

The long campaign is `make fuzz` (benchmarks/fuzz/, README's figures). Each regression below
is an input that once ended in a traceback, a hang, a wrong exit code, a message without its
file or line, or validate and a command disagreeing; each must now be clean.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # benchmarks/ is a top-level package next to hamopt/

from benchmarks.fuzz.core import (  # noqa: E402
    FAST,
    GYM,
    PROGRAM,
    ROSTER,
    Case,
    campaign,
    run_case,
)

SHORT_SEED = 21
SHORT_CASES = range(0, 50)  # ~11 s of CPU here: every input kind and command is drawn
HANG = 30.0


def test_a_short_campaign_is_clean() -> None:
    tally = campaign(SHORT_SEED, SHORT_CASES, seconds=HANG)
    failures = [f"{o.case.describe()}: {o.verdict}: {o.detail}" for o in tally.failures.values()]
    assert not failures, "\n".join(failures)
    assert tally.counts["clean"] == len(SHORT_CASES)
    assert len(tally.kinds) >= 5  # scenarios, rule sets, programs, catalogs, gyms or rosters


SCENARIO = FAST.read_text(encoding="utf-8")
CONTROL = SCENARIO.replace("name:", "name: \x01", 1)
HUGE_KEY = SCENARIO + "\n? " + "k" * 10_000 + "\n: 1\n"
NO_RULES = "name: only a name\n"
CROSS_FIELD = (
    "name: r\nrules:\n  volume_range:\n    mode: hard\n"
    "    params: {weekly_min_sets: 20, weekly_max_sets: 5}\n"
)
CLASHING_ROSTER = ROSTER.replace("c1,", "a.b,").replace("c2,", "a_b-2e7336dc8e,").replace(
    "c3,", "summary,"
)
DEEP = "[" * 400 + "1" + "]" * 400
DEEP_RULESET = (
    '{"name": "r", "rules": {"recovery_spacing": ['
    + ", ".join('{"mode": "hard", "params": {"min_hours": ' + DEEP + "}}" for _ in range(400))
    + "]}}"
)
HUGE_CELL = ROSTER + "c4," + "y" * 140_000 + "\n"

# (kind, text, args): the failures and the fuzzer's finds.
REGRESSIONS = {
    "solve -o / (ValueError)": ("scenario", SCENARIO, ["solve", "{input}", "-o", "/"]),
    "solve -o DIR (IsADirectoryError, a stray .tmp)": (
        "scenario", SCENARIO, ["solve", "{input}", "-o", "{tmp}"]
    ),
    "render -o /proc/version": ("program", PROGRAM.read_text(), [
        "render", "{input}", "-o", "/proc/version"
    ]),
    "solve into a path under a file": (
        "scenario", SCENARIO, ["solve", "{input}", "-o", "{tmp}/file/x.json"]
    ),
    "render --start 9999-12-31 (OverflowError)": (
        "program", PROGRAM.read_text(), ["render", "{input}", "--start", "9999-12-31"]
    ),
    "a control character in YAML (no line)": ("scenario", CONTROL, ["validate", "{input}"]),
    "a 10,000-character key echoed whole": ("scenario", HUGE_KEY, ["validate", "{input}"]),
    "solve --rules takes a rule set validate refuses": (
        "ruleset", NO_RULES, ["solve", str(FAST), "--rules", "{input}", "--time-limit", "0.1"]
    ),
    "solve --rules: a cross-field error without its line": (
        "ruleset", CROSS_FIELD, ["solve", str(FAST), "--rules", "{input}"]
    ),
    "ids that shared a file, and a client named summary": ("roster", CLASHING_ROSTER, ["<batch>"]),
    "a roster cell over 128 KiB (_csv.Error)": ("roster", HUGE_CELL, ["<batch>"]),
    "a gym profile that is a list": ("gym", "- " + GYM.replace("\n", "\n  "), ["<batch>"]),
    # Found by the fuzzer (seed 21, case 4208): 400 copies of a 400-deep list kept PyYAML's
    # scanner busy for minutes (validate was still running after 60 s).
    "flow collections nested 400 deep, 400 times": ("ruleset", DEEP_RULESET, [
        "validate", "{input}"
    ]),
    # Found by the fuzzer: a scenario whose `rules:` names a device was refused in words
    # that named the device, not the scenario's file and line.
    "a scenario's rules: naming a device": ("scenario", SCENARIO.replace(
        "rules: default", "rules: /dev/zero") + ("" if "rules: default" in SCENARIO
                                                  else "rules: /dev/zero\n"), [
        "validate", "{input}"
    ]),
    # Found by the fuzzer (seed 21, case 6549): a `rules:` name too long for the file system
    # was an OSError traceback.
    "a scenario's rules: too long a file name": ("scenario", SCENARIO.replace(
        "rules: default", "rules: " + "x" * 300), ["validate", "{input}"]),
    # Found by the fuzzer (seed 21, case 3662): render took a program with no `weeks` key
    # that validate could not tell from other files.
    "a program without weeks": ("program", "status: manual\nscenario: x\n", [
        "render", "{input}", "--format", "table"
    ]),
}  # fmt: skip


@pytest.mark.parametrize("name", list(REGRESSIONS))
def test_regression(name: str) -> None:
    kind, text, args = REGRESSIONS[name]
    validate = args[0] == "solve" and "-o" not in args
    outcome = run_case(Case(0, kind, text, args, validate=validate), HANG)
    assert outcome.verdict == "clean", f"{name}: {outcome.verdict}: {outcome.detail}"
    assert outcome.exit_code in (0, 1, 2, 3)
