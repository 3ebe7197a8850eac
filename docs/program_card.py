"""Make docs/program-card.png: the demo scenario's HTML program card, as Chromium draws it.

Run with `make card` (it installs chromium when missing). The start date is fixed so the
picture only changes when the program or the card's design does.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from hamopt.api.solving import solve
from hamopt.inputs.loading import load_scenario
from hamopt.render.common import RenderContext
from hamopt.render.html_card import to_html

DOCS = Path(__file__).resolve().parent
SCENARIO = DOCS.parent / "scenarios" / "quad_dominant_intermediate_full_gym.yaml"
START = date(2025, 1, 6)  # a Monday
WIDTH = 900  # CSS px: the card's A4 column (210 mm) with a margin either side


def main() -> int:
    scenario = load_scenario(SCENARIO)
    program = solve(scenario, base_dir=SCENARIO.parent)
    html = to_html(program, RenderContext(scenario=scenario, start=START))
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium is not installed (make card installs it)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        page_file = Path(tmp) / "card.html"
        page_file.write_text(html, encoding="utf-8")
        context = playwright.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"),
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
            viewport={"width": WIDTH, "height": 400},  # full_page grows it to the card
        )
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        page.screenshot(path=str(DOCS / "program-card.png"), full_page=True)
        context.close()
    print(f"wrote {DOCS / 'program-card.png'} ({program.status}, {SCENARIO.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
