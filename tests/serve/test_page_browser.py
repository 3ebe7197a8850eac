"""The coach's page in a real browser: Debian's headless Chromium, driven by Playwright,
against the running service.

Load the page, pick a shipped scenario, solve, swap an exercise out and lock another, solve
again each time, download the calendar, and see no console error and no request to anything
but this server. HAMOPT_WRITE_DOCS=1 also writes docs/coach-page.png (the README's picture).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import chromium
from conftest import ROOT, Server

SCREENSHOT = ROOT / "docs" / "coach-page.png"





@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    viewport = {"width": 1280, "height": 1000}
    with chromium(tmp_path_factory, viewport=viewport, accept_downloads=True) as context:
        yield context


def _rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("#lines tbody tr", "rows => rows.map(r => r.dataset.id)")


def _solved(page, before: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the status line changes from ``before`` to a finished solve."""
    page.wait_for_function(
        "before => { const s = document.querySelector('#status').textContent;"
        " return s !== before && /^(optimal|feasible|infeasible|Not solved)/.test(s); }",
        arg=before, timeout=60_000,
    )


def test_coach_solves_swaps_locks_and_downloads(browser, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.url + "/")
    page.wait_for_selector("body[data-ready='1']")

    # The form is built from the scenario schema: athlete, schedule and slots are there.
    assert page.locator("select[name='athlete.experience']").count() == 1
    assert page.locator("input[name='schedule.sessions_per_week']").count() == 1

    page.select_option("#example", "quad_dominant_intermediate_full_gym")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('ready')")
    assert page.input_value("input[name='name']").startswith("Quad-dominant")
    page.fill("input[name='athlete.age']", "34")
    page.dispatch_event("input[name='athlete.age']", "change")
    status = page.text_content("#status") or ""
    page.click("#solve")
    _solved(page, status)
    assert page.text_content("#status").startswith("optimal")
    first = _rows(page)
    assert first, "no exercise listed"
    page.frame_locator("#card").locator("body").wait_for()

    # Swap the first exercise out: solved again without it, and it is now excluded.
    swapped = first[0]
    with page.expect_response(lambda r: r.url.endswith("/v1/render"), timeout=60_000):
        page.click(f"button[data-swap='{swapped}']")
    page.wait_for_function(
        "id => ![...document.querySelectorAll('#lines tbody tr')].some(r => r.dataset.id === id)",
        arg=swapped, timeout=60_000,
    )
    assert swapped in page.input_value("input[name='preferences.exclude']")

    # Lock another: it stays, marked locked.
    locked = _rows(page)[-1]
    with page.expect_response(lambda r: r.url.endswith("/v1/render"), timeout=60_000):
        page.click(f"button[data-lock='{locked}']")
    page.wait_for_selector(f"#lines tr.locked[data-id='{locked}']", timeout=60_000)
    assert locked in page.input_value("input[name='preferences.include']")
    page.wait_for_function("() => /^(optimal|feasible)/.test(document.querySelector('#status')"
                           ".textContent)")

    # The calendar downloads, with events.
    page.fill("#start", "2027-01-04")
    with page.expect_download() as info:
        page.click("#downloads button[data-format='ics']")
    ics = Path(info.value.path()).read_text()
    assert info.value.suggested_filename.endswith(".ics")
    assert "BEGIN:VCALENDAR" in ics and "DTSTART" in ics and "20270104" in ics

    page.wait_for_timeout(300)
    if os.environ.get("HAMOPT_WRITE_DOCS"):
        page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert errors == []
    outside = [u for u in requests if not u.startswith((server.url, "blob:", "data:", "about:"))]
    assert outside == []
    page.close()


def test_an_infeasible_scenario_is_explained(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server.url + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.select_option("#example", "infeasible_spacing")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('ready')")
    page.click("#solve")
    page.wait_for_selector("#why:not([hidden])", timeout=60_000)
    page.wait_for_function("() => document.querySelector('#why').textContent.length > 20")
    assert "infeasible" in page.text_content("#why")
    # A mistake in the form is shown in the CLI's words, not a stack trace.
    page.fill("input[name='schedule.sessions_per_week']", "9")
    page.dispatch_event("input[name='schedule.sessions_per_week']", "change")
    page.click("#solve")
    page.wait_for_selector("#errors:not([hidden])")
    assert "schedule.sessions_per_week" in page.text_content("#errors")
    assert [e for e in errors if "422" not in e] == []
    page.close()
