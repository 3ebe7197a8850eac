"""A rule's own output fields, through the one mechanism the built-in rules use too.

A plugin rule declares a line field (``Rule.fields``, an ``OutputField``) and fills it in
its ``annotate`` hook. Nothing else in hamopt is touched, and the field is in the program's
JSON at its declared place, in the JSON Schema, in the CSV, read back by ``hamopt check``
and validated there; a built-in rule's fields (``rotation``, ``transition``, ``deload``)
work the same way.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pluginkit import install_plugin

import hamopt
from hamopt.cli import main
from hamopt.domain.models import ProgramExercise, ProgramWeek
from hamopt.io.errors import InputError
from hamopt.render.formats import render
from hamopt.rules.registry import RegistryError, all_rules

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "balanced_lifter.yaml"

PLUGIN = '''\
"""reps_in_reserve: every hamstring line says how many reps to leave in the tank."""

from __future__ import annotations

from pydantic import Field

from hamopt.domain.fields import OutputField
from hamopt.domain.models import Mode, Program
from hamopt.rules.check_context import CheckContext
from hamopt.rules.contract import Params, Rule, SlotUse, Violation
from hamopt.rules.model_context import ModelContext

FIELD = OutputField(
    name="reserve",
    type=int | None,
    on="line",
    after="reps",
    description="Reps in reserve at the end of each set (rule reps_in_reserve).",
)


class RirParams(Params):
    rir: int = Field(default=2, ge=0, le=5)


def encode(ctx: ModelContext, params: RirParams) -> None:
    pass  # words on the program, no constraint


def annotate(program: Program, ctx: CheckContext, params: RirParams) -> None:
    for week in program.weeks:
        for session in week.sessions:
            for line in session.exercises:
                if ctx.by_id[line.id].is_hamstring:
                    line.set_extra("reserve", params.rir)


def check(program: Program, ctx: CheckContext, params: RirParams) -> list[Violation]:
    return [
        Violation(RULE.id, f"week {w.week}", f"{x.id} leaves {x.extra('reserve')} reps")
        for w in program.weeks
        for s in w.sessions
        for x in s.exercises
        if x.extra("reserve") is not None and x.extra("reserve") > params.rir
    ]


RULE = Rule(
    id="reps_in_reserve",
    description="Hamstring sets end {rir} reps short of failure.",
    params=RirParams,
    encode=encode,
    check=check,
    annotate=annotate,
    fields=(FIELD,),
    default_mode=Mode.soft,
    slot_use=SlotUse.none,
)
'''


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "site"
    install_plugin(
        site, "hamopt-rir", "0.1.0", "hamopt_rir",
        {"__init__.py": PLUGIN},
        {"hamopt.rules": {"reps_in_reserve": "hamopt_rir:RULE"}},
    )  # fmt: skip
    monkeypatch.syspath_prepend(str(site))
    all_rules.cache_clear()
    all_rules()
    yield tmp_path
    sys.modules.pop("hamopt_rir", None)
    monkeypatch.undo()
    all_rules.cache_clear()
    all_rules()  # the fields declared again without the plugin's


def _ruleset(folder: Path, rir: int = 1) -> Path:
    path = folder / "rir.yaml"
    path.write_text(
        f"name: rir\nextends: default\nrules:\n  reps_in_reserve: {{params: {{rir: {rir}}}}}\n"
    )
    return path


def test_a_plugins_line_field_is_in_the_json_at_its_place(plugin: Path) -> None:
    scenario = hamopt.load_scenario(SCENARIO)
    program = hamopt.solve(scenario, str(_ruleset(plugin)), base_dir=plugin)
    assert program.status == "optimal"
    lines = json.loads(render("json", program))["weeks"][0]["sessions"][0]["exercises"]
    for line in lines:
        keys = list(line)
        assert keys[keys.index("reps") + 1] == "reserve"  # where it was declared: after reps
        assert keys[keys.index("heads") + 1] == "rotation"  # a built-in rule's, unchanged
    assert {line["reserve"] for line in lines if line["region"] == "hamstrings"} == {1}
    assert {line["reserve"] for line in lines if line["region"] == "quads"} <= {None}
    # Installed but not in the rule set: the key is there (readers rely on keys), unset.
    plain = hamopt.solve(scenario, base_dir=SCENARIO.parent)
    first = json.loads(render("json", plain))["weeks"][0]["sessions"][0]["exercises"][0]
    assert "reserve" in first and first["reserve"] is None
    # The rule's description reads its parameter in the program's rules block.
    report = {r.id: r for r in program.rules}["reps_in_reserve"]
    assert report.justification == "Hamstring sets end 1 reps short of failure."


def test_a_plugins_field_reads_back_validates_and_is_in_the_schema(plugin: Path) -> None:
    scenario = hamopt.load_scenario(SCENARIO)
    program = hamopt.solve(scenario, str(_ruleset(plugin)), base_dir=plugin)
    data = json.loads(render("json", program))
    written = plugin / "program.json"
    written.write_text(json.dumps(data))
    again = hamopt.load_program(written)
    assert render("json", again) == render("json", program)

    result = CliRunner().invoke(
        main,
        ["check", str(written), "--scenario", str(SCENARIO), "--rules",
         str(_ruleset(plugin, rir=0)), "--format", "json"],
    )  # fmt: skip
    verdicts = {r["id"]: r for r in json.loads(result.output)["rules"]}
    assert verdicts["reps_in_reserve"]["satisfied"] is False  # rir 1 > 0: its checker reads it

    data["weeks"][0]["sessions"][0]["exercises"][0]["reserve"] = "plenty"
    bad = plugin / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(InputError) as caught:
        hamopt.load_program(bad)
    assert caught.value.path == ("weeks", 0, "sessions", 0, "exercises", 0, "reserve")
    assert caught.value.line is not None and "integer" in caught.value.message

    schema = json.loads(CliRunner().invoke(main, ["schema", "program"]).output)
    line_props = schema["$defs"]["ProgramExercise"]["properties"]
    assert list(line_props)[list(line_props).index("reps") + 1] == "reserve"
    assert line_props["reserve"]["description"].startswith("Reps in reserve")
    assert "extras" not in line_props
    week_props = list(schema["$defs"]["ProgramWeek"]["properties"])
    assert week_props[:4] == ["week", "phase", "transition", "deload"]

    csv_text = render("csv", program)
    header = csv_text.splitlines()[0].split(",")
    assert "reserve" in header and header.index("rotation") == header.index("rest") + 1


def test_unknown_keys_stay_unknown_and_fields_cannot_shadow_the_models() -> None:
    all_rules()
    with pytest.raises(ValueError, match="extra|reserve"):
        ProgramExercise.model_validate({"id": "x", "sets": 1, "reps": [5, 5], "reserve": 2})
    week = ProgramWeek.model_validate({"week": 1, "deload": True})
    assert week.extra("deload") is True and week.extra("transition") is False
    assert list(week.model_dump())[:4] == ["week", "phase", "transition", "deload"]
    assert ProgramWeek(week=1) == ProgramWeek(week=1, deload=False)  # a default is unset

    from hamopt.domain.fields import OutputField
    from hamopt.rules.contract import Rule
    from hamopt.rules.registry import _declare_fields

    clash = Rule(
        id="clash", description="", params=all_rules()["volume_range"].params,
        encode=lambda *_: None, check=lambda *_: [],
        fields=(OutputField(name="sets", type=int),),
    )  # fmt: skip
    with pytest.raises(RegistryError, match="already have"):
        _declare_fields({"clash": clash})
    twice = Rule(
        id="twice", description="", params=all_rules()["volume_range"].params,
        encode=lambda *_: None, check=lambda *_: [],
        fields=(OutputField(name="rotation", type=str),),
    )  # fmt: skip
    with pytest.raises(RegistryError, match="two rules declare"):
        _declare_fields({**all_rules(), "twice": twice})
    all_rules.cache_clear()
    all_rules()


def test_a_fresh_process_reads_a_program_with_rule_fields_back() -> None:
    """Program.model_validate before any rule was loaded (a notebook, a pool's parent) still
    knows the rules' fields: the domain asks the registry for them on first use."""
    import json
    import subprocess
    import sys

    from hamopt.rules.testing import program, session

    line = program(session("mon 18:00", ("seated_leg_curl", 3, (8, 12))))
    data = line.model_dump(mode="json")
    data["weeks"][0]["sessions"][0]["exercises"][0]["rotation"] = "toes_out"
    code = (
        "import json, sys\n"
        "from hamopt.domain.models import Program\n"
        "p = Program.model_validate(json.loads(sys.stdin.read()))\n"
        "print(p.weeks[0].sessions[0].exercises[0].extra('rotation'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(data), capture_output=True, text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "toes_out"


SLOW_REGISTRY = '''
import time
from hamopt.domain.fields import OutputField, declare

def all_rules():
    time.sleep(0.3)  # a registry still loading when the second thread asks
    declare([OutputField(name="rotation", type=str)])
'''

TWO_THREADS = '''
import sys, threading, time
sys.path.insert(0, sys.argv[1])
from hamopt.domain import fields
fields._REGISTRY = "slow_registry"
seen = {}

def ask(who):
    seen[who] = [f.name for f in fields.declared("line")]

first = threading.Thread(target=ask, args=("first",))
first.start()
time.sleep(0.05)
ask("second")
first.join()
print(seen["first"], seen["second"])
'''


def test_a_second_thread_waits_for_the_fields_the_first_is_loading(tmp_path: Path) -> None:
    """`hamopt serve` answers its first requests on several threads: while one thread loads
    the registry, another asking for the fields waits for them. It read none before, so a
    program posted then lost its rule fields (`rotation`: an unknown key, a 422)."""
    import subprocess

    (tmp_path / "slow_registry.py").write_text(SLOW_REGISTRY, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", TWO_THREADS, str(tmp_path)], capture_output=True, text=True,
        check=False, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['rotation'] ['rotation']"
