"""A gym roster for the batch tests: ~50 clients, a few bad rows, one infeasible client.

Generated (seeded) rather than shipped so its size is a parameter. The gym is an outdoor
bootcamp with no equipment: those scenarios solve in a fraction of a second, which keeps the
batch tests fast on a shared machine while exercising every part of the batch.
"""

from __future__ import annotations

import csv
import os
import random
import signal
from pathlib import Path

GYM_YAML = """\
name: Riverside Outdoor Bootcamp
equipment: bodyweight_only
opening_hours:
  mon: "06:00-22:00"
  tue: "06:00-22:00"
  wed: "06:00-22:00"
  thu: "06:00-22:00"
  fri: "06:00-22:00"
  sat: "08:00-14:00"
  sun: closed
rules: default
defaults:
  sessions_per_week: 2
  minutes: 45
"""

HEADER = [
    "id", "name", "experience", "goals", "contraindications", "weaker_side", "phase",
    "slots", "sessions_per_week", "minutes",
]  # fmt: skip

# Rows that must not become programs, by id: (status, column named in the error or None).
BAD_ROWS: dict[str, tuple[str, str | None]] = {
    "bad-experience": ("invalid", "experience"),
    "bad-slot-time": ("invalid", "slots"),
    "bad-sessions": ("invalid", "sessions_per_week"),
    "sunday-closed": ("invalid", "slots"),
    "two-a-day": ("infeasible", None),
}
UNSAFE_ID = "../../x"
DUPLICATE_ID = "m007"


# Weekday slots that leave 48 h between sessions (the default rules' recovery spacing), so
# only the rows meant to be infeasible are.
PATTERNS = [
    (("mon", "wed"), ("", "2")),
    (("mon", "thu"), ("", "2")),
    (("tue", "thu"), ("", "2")),
    (("tue", "fri"), ("", "2")),
    (("mon", "wed", "fri"), ("", "2", "3")),
    (("mon", "tue", "thu", "fri"), ("", "2")),
]


def _row(rng: random.Random, client_id: str) -> list[str]:
    days, sessions_choices = rng.choice(PATTERNS)
    times = rng.choice(["07:00", "12:30", "18:00"])
    sessions = rng.choice(sessions_choices)
    return [
        client_id,
        f"Client {client_id}",
        rng.choice(["beginner", "Intermediate", "advanced", ""]),
        rng.choice(["hypertrophy", "strength; hypertrophy", "injury_prevention", ""]),
        rng.choice(["", "", "low_back_pain", "knee_pain"]),
        rng.choice(["", "", "left", "right"]),
        rng.choice(["balanced", "correction", ""]),
        "; ".join(f"{day} {times}" for day in days),
        sessions,
        rng.choice(["", "30", "45", "60"]),
    ]


def write_roster(folder: Path, clients: int = 50, seed: int = 7) -> tuple[Path, Path, list[str]]:
    """roster.csv and gym.yaml in ``folder``; returns them and the unique client ids."""
    rng = random.Random(seed)
    rows = [_row(rng, f"m{i:03d}") for i in range(1, clients - len(BAD_ROWS) - 1)]
    rows.append(_row(rng, UNSAFE_ID))
    bad = {
        "bad-experience": {"experience": "expert"},
        "bad-slot-time": {"slots": "mon 25:00; thu 18:00"},
        "bad-sessions": {"sessions_per_week": "three"},
        "sunday-closed": {"slots": "wed 18:00; sun 10:00"},
        "two-a-day": {"slots": "mon 07:00; mon 19:00", "sessions_per_week": "2"},
    }
    for client_id, changes in bad.items():
        row = dict(zip(HEADER, _row(rng, client_id), strict=True))
        row.update(changes)
        rows.insert(rng.randrange(len(rows)), [row[c] for c in HEADER])
    duplicate = _row(rng, DUPLICATE_ID)
    rows.append(duplicate)
    roster, gym = folder / "roster.csv", folder / "gym.yaml"
    with open(roster, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    gym.write_text(GYM_YAML, encoding="utf-8")
    ids = list(dict.fromkeys(row[0] for row in rows))
    return roster, gym, ids


def poison(x: int) -> int:
    """Item 3 kills the process running it, every time (a crash in native code, say).

    Here, not in a test module, so Dask workers can import it: the test cluster gets this
    folder on its PYTHONPATH.
    """
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x * 10
