"""`--format markdown`: the seeds' A) B) C) workout style, read back line by line."""

from __future__ import annotations

import re
from datetime import date

from markdown_it import MarkdownIt
from render_samples import (
    TRICKY_CUE,
    changing_program,
    infeasible_program,
    seed_program,
    untimed_program,
)

from hamopt.domain.models import Program
from hamopt.render.common import RenderContext
from hamopt.render.formats import render
from hamopt.render.markdown import to_markdown

LINE = re.compile(r"^([A-T])\) (.+) (\d+) x (\d+)(?:-(\d+))?(?:  )?$")
DETAIL = re.compile(r"^(Tempo|Rest|Cue|Note): (.*?)(?:  )?$")


def parse(markdown: str) -> list[dict]:
    """The workouts back out of the text: heading, then each exercise with its details."""
    workouts: list[dict] = []
    current: dict | None = None
    for raw in markdown.splitlines():
        if raw.startswith("### Workout"):
            workouts.append({"heading": raw, "lines": []})
        elif (m := LINE.match(raw)) is not None:
            lo = int(m[4])
            current = {
                "letter": m[1],
                "name": m[2].replace("\\", ""),
                "sets": int(m[3]),
                "reps": (lo, int(m[5]) if m[5] else lo),
            }
            workouts[-1]["lines"].append(current)
        elif (m := DETAIL.match(raw)) is not None and current is not None:
            current[m[1].lower()] = m[2].replace("\\", "")
        elif not raw.strip():
            current = None
    return workouts


def expected(program: Program, week: int = 0) -> list[list[dict]]:
    out = []
    for session in program.weeks[week].sessions:
        rows = []
        for i, line in enumerate(session.ordered()):
            row = {"letter": "ABC"[i], "name": line.name, "sets": line.sets, "reps": line.reps}
            for key, value in (
                ("tempo", line.tempo),
                ("rest", line.rest),
                ("cue", line.cue),
                ("note", line.notes),
            ):
                if value:
                    row[key] = " ".join(value.split())
            rows.append(row)
        out.append(rows)
    return out


def test_round_trip_each_exercise_with_its_prescription() -> None:
    program = seed_program()
    workouts = parse(to_markdown(program))
    assert [w["lines"] for w in workouts] == expected(program)
    assert workouts[0]["heading"] == "### Workout 1 · Monday 18:00 · about 52 min"
    assert workouts[1]["heading"] == "### Workout 2 · Friday 07:30"


def test_exercise_lines_are_hard_line_breaks_and_user_text_is_not_markup() -> None:
    html = MarkdownIt().render(to_markdown(seed_program()))
    # One paragraph per exercise, its lines joined by <br>, as the seed prints them.
    assert "<p>A) Standing leg curl 3 x 6<br />\nTempo: 2012<br />" in html
    # The cue's <b> is shown as typed, never as bold; its line break is flattened.
    assert "<b>" not in html
    assert "&lt;b&gt;never&lt;/b&gt; &amp; lock out then squeeze" in html
    assert TRICKY_CUE.count("\n") == 1


def test_identical_weeks_are_written_once_and_a_changed_week_apart() -> None:
    program = changing_program()
    text = to_markdown(program, RenderContext(start=date(2025, 1, 6)))
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Weeks 1-2 (every week the same)", "## Week 3", "## Rules"]
    weeks = text.split("## Week 3")
    assert parse(weeks[0])[0]["lines"][0]["sets"] == 3
    assert parse(weeks[1])[0]["lines"][0]["sets"] == 4
    # Dates: week 1 starts Monday 6 January; week 3's Friday is 24 January.
    assert "### Workout 1 · Monday 18:00 · from 2025-01-06" in text
    assert "### Workout 2 · Friday 07:30 · 2025-01-24" in text


def test_totals_and_rule_verdicts() -> None:
    text = to_markdown(seed_program())
    assert "- Hamstring sets: 14; quad sets: 2 (hamstring:quad 7:1)" in text
    assert "- Weighted sets per head: BFlh 11.4, BFsh 6.3, ST 12, SM 10.8" in text
    assert "- [x] head_coverage (hard): kept" in text
    assert "- [ ] correction_ratio (soft, penalty 250): week 2: hamstring:quad 1.5:1" in text


def test_rotation_is_named_with_the_exercise_when_the_program_sets_it() -> None:
    program = seed_program()
    program.weeks[0].sessions[0].exercises[0].set_extra("rotation", "toes_in")
    assert parse(to_markdown(program))[0]["lines"][0]["name"] == "Standing leg curl (toes in)"


def test_untimed_session_and_no_totals() -> None:
    text = to_markdown(untimed_program())
    assert "### Workout 1 · Saturday\n\nA) Nordic curl 3 x 4-6  \nRest: 3 min\n" in text
    assert "Volume" not in text and "## Rules" not in text


def test_infeasible_lists_the_conflict() -> None:
    text = render("markdown", infeasible_program())
    assert text.startswith("# Too little time\n\nNo program: these rules cannot all hold")
    assert "- 48 h between sessions: Tue and Wed\n- at least 12 hamstring sets a week\n" in text


def test_markup_in_names_is_escaped_but_ids_in_messages_read_cleanly() -> None:
    program = seed_program()
    program.weeks[0].sessions[0].exercises[0].name = "*Heavy* curl_"
    program.rules[0].justification = "uses seated_leg_curl_machine; the scenario has full_gym"
    text = to_markdown(program)
    assert "A) \\*Heavy\\* curl\\_ 3 x 6" in text
    assert "uses seated_leg_curl_machine; the scenario has full_gym" in text
    html = MarkdownIt().render(text)
    assert "<em>" not in html and "*Heavy* curl_ 3 x 6" in html


def test_kept_rules_show_their_numbers_broken_rules_their_message() -> None:
    program = seed_program()
    program.rules[0].justification = "bf_short 6.3 weighted sets (minimum 2)"
    program.rules[1].justification = "14:2 = 7:1"
    text = to_markdown(program)
    assert "- [x] head_coverage (hard): bf_short 6.3 weighted sets (minimum 2)" in text
    assert "- [ ] correction_ratio (soft, penalty 250): week 2: hamstring:quad 1.5:1" in text


def test_text_over_several_lines_stays_in_its_heading_and_list_item() -> None:
    program = seed_program()
    program.scenario = "Spring block\nfor Sam"
    program.rules[1].message = "week 2: ratio 1.5:1\nbelow 2:1"
    text = to_markdown(program)
    assert text.startswith("# Spring block for Sam\n")
    assert "- [ ] correction_ratio (soft, penalty 250): week 2: ratio 1.5:1 below 2:1\n" in text


def test_the_summary_names_the_weeks_matches_as_written() -> None:
    from hamopt.domain.models import Scenario, Schedule, Slot

    schedule = Schedule(
        sessions_per_week=2,
        slots=[Slot(day="mon", time="18:00"), Slot(day="fri", time="18:00")],
        matches=[Slot(day="wed", time="19:45"), Slot(day="sat", time="15:00")],
    )
    context = RenderContext(scenario=Scenario(name="two matches", schedule=schedule))
    summary = to_markdown(seed_program(), context).splitlines()[2]
    assert summary == "2 workouts a week, 1 week, correction phase, matches Wed 19:45, Sat 15:00."
    # Without matches the line is as before.
    assert "match" not in to_markdown(seed_program(), RenderContext()).splitlines()[2]
