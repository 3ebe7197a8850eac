"""`--format html`: the program card parsed with html.parser; every part of it checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest
from render_samples import (
    TRICKY_CUE,
    changing_program,
    infeasible_program,
    seed_program,
    untimed_program,
)

from hamopt.domain.models import Program
from hamopt.render.common import RenderContext
from hamopt.render.html_card import CHART_WIDTH, to_html

VOID = {"meta", "br", "line", "rect", "link", "img", "input", "hr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    content: list[Node | str] = field(default_factory=list)  # children and text, in order

    @property
    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.content]
        return " ".join(" ".join(parts).split())

    def find(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                found.append(child)
            found += child.find(tag, cls)
        return found


class Tree(HTMLParser):
    """A strict little DOM: every non-void element must be closed by its own end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].content.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].content.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def parse(html: str) -> Node:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert [n.tag for n in tree.stack] == ["#document"], "unclosed elements"
    return tree.root


def card(program: Program, context: RenderContext | None = None) -> Node:
    return parse(to_html(program, context))


def test_the_page_is_self_contained() -> None:
    html = to_html(seed_program())
    page = parse(html)
    assert not page.find("script") and not page.find("link") and not page.find("img")
    for node in page.find():
        for name, value in node.attrs.items():
            assert name not in ("src", "href") or value.startswith(("#", "data:")), (name, value)
    assert "url(" not in html and "@import" not in html
    (csp,) = [m for m in page.find("meta") if m.attrs.get("http-equiv")]
    assert csp.attrs["content"].startswith("default-src 'none'")
    assert len(page.find("style")) == 1


def test_week_grid_has_seven_days_and_each_exercise_with_its_prescription() -> None:
    page = card(seed_program(), RenderContext(start=date(2025, 1, 6)))
    (section,) = page.find("section", "week")
    days = section.find("div", "day")
    assert len(days) == 7
    assert [d.find("div", "head")[0].text().split()[0] for d in days] == [
        "Monday", "Tue", "Wed", "Thu", "Friday", "Sat", "Sun"
    ]  # fmt: skip
    assert len(section.find("div", "rest")) == 5
    monday = days[0]
    assert "2025-01-06" in monday.text() and "Workout 1 · 18:00 · about 52 min" in monday.text()
    lines = monday.find("li")
    assert [li.find("div", "name")[0].text() for li in lines] == [
        "A) Standing leg curl",
        "B) Incline back extension",
        "C) Dumbbell split squat",
    ]
    assert [li.find("div", "rx")[0].text() for li in lines] == ["3 × 6", "3 × 10-15", "2 × 8-10"]
    assert [sorted(li.classes) for li in lines] == [["hamstrings"], ["hamstrings"], ["quads"]]
    detail = lines[0].find("dl")[0].text()
    assert detail == (
        "Tempo: 2012 Rest: 30-60 sec between sides, 2 min between sets Cue: Toes in, hips still"
    )
    # The grid's columns: training days wide, rest days narrow, in day order.
    columns = section.find("div", "grid")[0].attrs["style"]
    assert columns.count("3fr") == 2 and columns.count("0.5fr") == 5


def test_user_text_is_escaped_not_markup() -> None:
    page = card(seed_program())
    friday = page.find("div", "day")[4]
    assert not [b for b in friday.find("b") if "never" in b.text()]
    assert " ".join(TRICKY_CUE.split()) in friday.text()


def test_head_chart_bars_are_proportional_to_the_weighted_sets() -> None:
    page = card(seed_program())
    (chart,) = [s for s in page.find("svg") if "hamstring head" in s.attrs.get("aria-label", "")]
    bars = {
        g.find("text")[0].text(): float(g.find("rect")[0].attrs["width"]) for g in chart.find("g")
    }
    # 12 weighted sets at most: the axis ends at 12, so 12 sets is the full chart width.
    assert bars == pytest.approx(
        {
            "BFlh": CHART_WIDTH * 11.4 / 12,
            "BFsh": CHART_WIDTH * 6.3 / 12,
            "ST": CHART_WIDTH,
            "SM": CHART_WIDTH * 10.8 / 12,
        },
        abs=0.1,
    )


def test_ratio_panel() -> None:
    page = card(seed_program())
    (panel,) = [p for p in page.find("div", "panel") if "Hamstring : quad" in p.text()]
    assert panel.find("div", "big")[0].text() == "7:1"
    assert "14 hamstring sets" in panel.text() and "2 quad sets" in panel.text()
    ham, quad = panel.find("rect")
    assert float(ham.attrs["width"]) == pytest.approx(200 * 14 / 16, abs=0.01)
    assert float(ham.attrs["width"]) + float(quad.attrs["width"]) == pytest.approx(200)
    assert "Shortest rest between workouts: 85.5 h" in panel.text()


def test_rule_verdicts_with_descriptions() -> None:
    rules = card(seed_program()).find("ul", "rules")[0].find("li")
    assert [(sorted(r.classes), r.find("span", "mark")[0].text()) for r in rules] == [
        (["kept"], "✓"),
        (["broken"], "✗"),
    ]
    # A kept rule shows no message; a broken one says what broke and what it costs.
    assert not rules[0].find("span", "message")
    assert rules[1].find("span", "message")[0].text() == (
        "week 2: hamstring:quad 1.5:1, below 2:1 (penalty 250)"
    )
    # The registry's description of a built-in rule.
    assert "hamstring heads" in rules[0].find("span", "why")[0].text().lower()


def test_identical_weeks_once_changed_week_on_its_own_page() -> None:
    sections = card(changing_program()).find("section", "week")
    assert [s.find("h2")[0].text() for s in sections] == [
        "Weeks 1-2 every week the same",
        "Week 3",
    ]
    assert sections[1].find("div", "rx")[0].text() == "4 × 6"


def test_start_midweek_rotates_the_grid() -> None:
    days = card(seed_program(), RenderContext(start=date(2025, 1, 8))).find("div", "day")
    assert days[0].find("div", "head")[0].text() == "Wed"
    assert days[2].find("div", "head")[0].text() == "Friday 2025-01-10"


def test_untimed_program_without_totals_has_no_charts() -> None:
    page = card(untimed_program())
    assert not page.find("svg") and not page.find("ul", "rules")
    assert "Workout 1" in page.find("div", "day")[5].text()


def test_infeasible_shows_the_conflict() -> None:
    page = card(infeasible_program())
    assert page.find("span", "status")[0].text() == "infeasible"
    assert [li.text() for li in page.find("ul", "conflict")[0].find("li")] == [
        "48 h between sessions: Tue and Wed",
        "at least 12 hamstring sets a week",
    ]
    assert not page.find("div", "grid")


def test_same_input_same_bytes() -> None:
    context = RenderContext(start=date(2025, 1, 6))
    assert to_html(changing_program(), context) == to_html(changing_program(), context)


def test_the_weeks_matches_show_on_their_days() -> None:
    # A Saturday 15:00 match in the scenario: the Saturday column says so instead of "rest",
    # so a coach sees what the Thursday session keeps its distance from (match_proximity).
    from hamopt.domain.models import Scenario, Schedule, Slot

    schedule = Schedule(
        sessions_per_week=2,
        slots=[Slot(day="mon", time="18:00"), Slot(day="fri", time="18:00")],
        matches=[Slot(day="sat", time="15:00")],
    )
    scenario = Scenario(name="match week", schedule=schedule)
    page = card(seed_program(), RenderContext(scenario=scenario, start=date(2025, 1, 6)))
    (section,) = page.find("section", "week")
    days = {d.find("div", "head")[0].text().split()[0]: d for d in section.find("div", "day")}
    assert "match" in days["Sat"].classes and days["Sat"].find("div", "label")[0].text() == (
        "match 15:00"
    )
    assert days["Sun"].find("div", "label")[0].text() == "rest"
    assert "match Sat 15:00" in page.text()  # the card's summary line too
    # Without the scenario (a program rendered on its own) there is nothing to show.
    plain = card(seed_program(), RenderContext(start=date(2025, 1, 6)))
    (week,) = plain.find("section", "week")
    assert not [d for d in week.find("div", "day") if "match" in d.classes]
