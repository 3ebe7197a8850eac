"""`hamopt compare --plot`: per-head weekly sets and feasibility per configuration (PNG).

matplotlib is an optional extra (``pip install 'hamopt[plot]'``), imported only here and
only when a plot is asked for, so the rest of hamopt never pays for it. The figure is built
on :class:`matplotlib.figure.Figure` with the Agg canvas, never through pyplot: no global
figure state and no display needed (a server, CI, a worker).
"""

from __future__ import annotations

from pathlib import Path

from hamopt.domain.models import HEADS
from hamopt.io.errors import HamoptError
from hamopt.render.common import HEAD_NAMES
from hamopt.study.compare import Comparison, summary

# Colour-blind-safe (Okabe-Ito) colours, one per head.
HEAD_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")


class PlotUnavailable(HamoptError):
    """--plot was asked for and matplotlib is not installed."""


def plot_comparison(comparison: Comparison, out: Path) -> Path:
    """Draw the comparison to ``out`` (PNG unless the suffix names another format)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotUnavailable(
            "--plot needs matplotlib, an optional extra: pip install 'hamopt[plot]'"
        ) from None

    items = summary(comparison)
    # Horizontal bars: configuration labels ("default correction_ratio.correction_ratio=3")
    # are long, and read best on the y axis, first configuration at the top.
    labels = [s.configuration.label for s in items]
    n = len(items)
    fig = Figure(figsize=(11.0, 2.0 + 0.75 * n), layout="constrained")
    FigureCanvasAgg(fig)
    sets_ax, feasible_ax = fig.subplots(1, 2, sharey=True, width_ratios=[3, 1])

    height = 0.8 / len(HEADS)
    for h, head in enumerate(HEADS):
        ys = [i + (h - (len(HEADS) - 1) / 2) * height for i in range(n)]
        means = [s.mean_head_sets[head] or 0.0 for s in items]
        spread = [_spread(comparison, i, head) for i in range(n)]
        sets_ax.barh(ys, means, height, label=HEAD_NAMES[head], color=HEAD_COLOURS[h],
                     xerr=spread, capsize=2, error_kw={"elinewidth": 0.8})
    sets_ax.set_yticks(range(n), labels, fontsize=8)
    sets_ax.invert_yaxis()
    sets_ax.set_xlabel("weekly sets per head, stimulus-weighted (mean over feasible runs)")
    sets_ax.set_title("Per-head weekly sets")
    fig.legend(*sets_ax.get_legend_handles_labels(), loc="outside lower center", ncols=4,
               fontsize=8, frameon=False)
    sets_ax.grid(axis="x", alpha=0.3)

    shares = [100 * s.feasible_share for s in items]
    feasible_ax.barh(range(n), shares, 0.6, color="#56B4E9")
    for i, s in enumerate(items):
        feasible_ax.annotate(f"{s.feasible}/{s.runs}", (shares[i], i), ha="left", va="center",
                             fontsize=8, xytext=(3, 0), textcoords="offset points")
    feasible_ax.set_xlim(0, 125)
    feasible_ax.set_xticks([0, 25, 50, 75, 100])
    feasible_ax.set_xlabel("feasible runs, %")
    feasible_ax.set_title("Feasibility")
    feasible_ax.grid(axis="x", alpha=0.3)

    scenarios = len(comparison.study.scenarios)
    seeds = len(comparison.study.seeds)
    fig.suptitle(
        f"hamopt compare: {scenarios} scenario{'s' * (scenarios != 1)}"
        + (f" x {seeds} seeds" if seeds > 1 else "")
        + "; whiskers: standard deviation over feasible runs",
        fontsize=10,
    )
    # Whole or not at all, as every other output (hamopt/io/files.py): an image in memory,
    # then one atomic write; a path that cannot be written is an OutputError (exit 3).
    import io

    from hamopt.io.errors import OutputError
    from hamopt.io.files import reason, write_atomic_bytes

    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=120, format=out.suffix.lstrip(".").lower() or "png")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(out), reason(exc)) from None
    write_atomic_bytes(out, buffer.getvalue())
    return out


def _spread(comparison: Comparison, config_index: int, head: str) -> float:
    from statistics import pstdev

    values = [
        r.head_sets[head]
        for r in comparison.results
        if r.config_index == config_index and r.feasible and head in r.head_sets
    ]
    return pstdev(values) if len(values) > 1 else 0.0
