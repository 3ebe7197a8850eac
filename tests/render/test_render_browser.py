"""The HTML program card in a real browser: Debian's headless Chromium, driven by Playwright.

The page must draw something (the screenshot is not blank and shows the card's colours), log
no console error (a Content-Security-Policy violation, i.e. any attempt to fetch, is one),
request nothing but itself, and print on one A4 page per distinct week.

`make test` installs the chromium package when it is missing; outside CI a machine without it
skips these tests, in CI their absence is a failure.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from browserkit import chromium
from render_samples import changing_program, infeasible_program, seed_program

from hamopt.domain.models import Program
from hamopt.render.common import RenderContext
from hamopt.render.html_card import to_html

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_PROGRAM = ROOT / "scenarios" / "programs" / "seed_workouts_week.yaml"
SHIPPED_SCENARIO = ROOT / "scenarios" / "quad_dominant_three_sessions.yaml"
# Flags for a quiet, reproducible headless run (no GPU, sandbox, updates or sync in CI).
HAMSTRING_RED = (0xB5, 0x45, 0x2B)  # --ham in program_card.css





@dataclass
class Shown:
    png: bytes
    pdf: bytes
    errors: list[str]
    requests: list[str]

    @property
    def pages(self) -> int:
        return len(re.findall(rb"/Type\s*/Page(?!s)", self.pdf))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with chromium(tmp_path_factory, viewport={"width": 1000, "height": 1400}) as context:
        yield context


def show(browser: object, html: str, path: Path) -> Shown:
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    png = page.screenshot(full_page=True)
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    return Shown(png, pdf, errors, requests)


def assert_drawn(png: bytes) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.resize((image.width // 4, image.height // 4))
    raw = small.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    inked = sum(1 for r, g, b in pixels if min(r, g, b) < 200)
    assert inked / len(pixels) > 0.03, "the screenshot is (nearly) blank"
    assert len(set(pixels)) > 50, "the screenshot has hardly any colours"
    red = sum(
        1 for p in pixels if all(abs(c - h) < 30 for c, h in zip(p, HAMSTRING_RED, strict=True))
    )
    assert red > 100, "no hamstring-red bar: the stylesheet or the chart did not apply"


def test_shipped_program_card(browser: object, tmp_path: Path) -> None:
    """The seed article's three workouts (a shipped program with tempo and rest) on a card."""
    from hamopt.api.enrich import enrich
    from hamopt.domain.catalog import catalog_for
    from hamopt.inputs.loading import load_program, load_scenario
    from hamopt.rules.ruleset import active_rules

    scenario = load_scenario(SHIPPED_SCENARIO)
    rules = active_rules(scenario, base_dir=SHIPPED_SCENARIO.parent)
    program = enrich(load_program(SHIPPED_PROGRAM), scenario, catalog_for(scenario), rules)
    html = to_html(program, RenderContext(scenario=scenario, start=date(2025, 1, 6)))
    shown = show(browser, html, tmp_path / "card.html")
    assert shown.errors == []
    assert shown.requests == [(tmp_path / "card.html").as_uri()]
    assert_drawn(shown.png)
    assert shown.pages == 1  # one week, one A4 page


@pytest.mark.parametrize(
    ("program", "pages"),
    [(seed_program(weeks=4), 1), (changing_program(), 2)],
    ids=["four-identical-weeks", "week-three-changes"],
)
def test_one_printed_page_per_distinct_week(
    browser: object, tmp_path: Path, program: Program, pages: int
) -> None:
    shown = show(browser, to_html(program), tmp_path / "card.html")
    assert shown.errors == []
    assert_drawn(shown.png)
    assert shown.pages == pages


def test_infeasible_page_loads_cleanly(browser: object, tmp_path: Path) -> None:
    shown = show(browser, to_html(infeasible_program()), tmp_path / "none.html")
    assert shown.errors == [] and shown.pages == 1


def test_a_fetch_would_be_caught(browser: object, tmp_path: Path) -> None:
    """The check above can fail: a page that tries to load an image logs a CSP error."""
    html = to_html(seed_program()).replace(
        "</body>", '<img src="https://example.invalid/x.png" alt=""></body>'
    )
    shown = show(browser, html, tmp_path / "leaky.html")
    assert any("Content Security Policy" in e for e in shown.errors), shown.errors
