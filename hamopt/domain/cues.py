"""Foot-position cues on leg curls: how toes in / toes out move stimulus between the heads.

The one place for these numbers. The `rotation_cues` encoder turns them into CP-SAT stimulus
terms and ``metrics.head_load_pct`` applies them to a program line's ``rotation``, so the
solver and every checker that reads head load count a cued set the same way.

Evidence (research/evidence.md; Jonasson et al. 2016; a 2019 study of ACL-reconstructed
patients, PMID 31277009): in lying leg curls, toes in (tibial internal rotation) raised the
medial hamstrings' share by 8.7% in the concentric and 5.9% in the eccentric phase; toes out
lowered it by 5.8% / 5.2%. Foot position had no effect in the Nordic or the single-leg bridge.

How hamopt reads that:

* a rep has both phases, so a cue moves the medial share by the mean of the two (toes in
  +7.3 points, toes out -5.5 points);
* the percentages are read as points of the medial share of the set's total hamstring
  stimulus (semitendinosus + semimembranosus over all four heads);
* a cue *moves* stimulus between the medial and lateral heads; it adds none, so a cued set
  trains the hamstrings as much as an uncued one and the tie-break on total stimulus never
  pays for a cue. Within each side the move is split in proportion to the heads' own
  stimulus, and in whole hundredths of a set that sum to exactly zero.
"""

from __future__ import annotations

from typing import Literal

from hamopt.domain.facts import remembered
from hamopt.domain.models import HEADS, Action, Exercise

Rotation = Literal["toes_in", "toes_out"]
ROTATIONS: tuple[Rotation, ...] = ("toes_in", "toes_out")
# The program line's field that carries the cue. The `rotation_cues` rule declares it (an
# OutputField, hamopt/domain/fields.py) and writes it; head load reads it here.
FOOT_POSITION = "rotation"
MEDIAL: tuple[str, ...] = ("semitendinosus", "semimembranosus")
LATERAL: tuple[str, ...] = ("bf_long", "bf_short")

# Change of the medial share in percentage points, (concentric, eccentric); PMID 31277009.
MEDIAL_SHARE_SHIFT: dict[str, tuple[float, float]] = {
    "toes_in": (8.7, 5.9),
    "toes_out": (-5.8, -5.2),
}


def medial_shift_points(rotation: str) -> float:
    """Points the medial share moves over a whole rep (mean of the two phases)."""
    concentric, eccentric = MEDIAL_SHARE_SHIFT[rotation]
    return (concentric + eccentric) / 2


def is_curl(exercise: Exercise) -> bool:
    """A leg curl in the data's sense: a hamstring exercise whose only action is knee flexion.

    Bridges, hinges and ball curls (hip extension too) are never curls. Which curls take a cue
    at all (not the Nordics) is the `rotation_cues` rule's parameter.
    """
    return exercise.is_hamstring and list(exercise.actions) == [Action.knee_flexion]


def base_pct(exercise: Exercise) -> dict[str, int]:
    """Per-head stimulus of one set in hundredths of a set (as compile.stimulus_pct rounds it)."""
    return {head: round(exercise.stimulus.get(head) * 100) for head in HEADS}


def _split(amount: int, weights: dict[str, int]) -> dict[str, int]:
    """``amount`` shared in proportion to ``weights``; the parts sum to ``amount`` exactly."""
    total = sum(weights.values())
    if total == 0:
        return dict.fromkeys(weights, 0)
    heads = sorted(weights)  # a fixed order, so rounding is the same on every run
    parts = {h: amount * weights[h] // total for h in heads}
    left = amount - sum(parts.values())
    by_remainder = sorted(heads, key=lambda h: (-(amount * weights[h] % total), h))
    for h in by_remainder[:left]:
        parts[h] += 1
    return parts


def shift_pct(exercise: Exercise, rotation: str | None) -> dict[str, int]:
    """How one set's stimulus per head changes with the cue, in hundredths (sums to 0)."""
    return dict(remembered("shift_pct", exercise, rotation, lambda: _shift(exercise, rotation)))


def _shift(exercise: Exercise, rotation: str | None) -> dict[str, int]:
    shift = dict.fromkeys(HEADS, 0)
    if rotation is None or not is_curl(exercise):
        return shift
    base = base_pct(exercise)
    moved = round(sum(base.values()) * medial_shift_points(rotation) / 100)
    gain, lose = (MEDIAL, LATERAL) if moved > 0 else (LATERAL, MEDIAL)
    # Never take more than the losing side has (a curl always has some on both sides).
    moved = min(abs(moved), sum(base[h] for h in lose))
    for head, part in _split(moved, {h: base[h] for h in gain}).items():
        shift[head] += part
    for head, part in _split(moved, {h: base[h] for h in lose}).items():
        shift[head] -= part
    return shift


def cued_pct(exercise: Exercise, rotation: str | None) -> dict[str, int]:
    """Per-head stimulus of one set with the cue applied, in hundredths of a set."""
    shift = shift_pct(exercise, rotation)
    return {head: pct + shift[head] for head, pct in base_pct(exercise).items()}
