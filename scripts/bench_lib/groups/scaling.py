"""Synth time against the number of sites (1 to 50 generated sites, 3 stacks each): it must
grow linearly. `--profile` adds a cProfile of the largest config."""

from __future__ import annotations

import io
import pstats
import shutil
from pathlib import Path
from typing import Any

from .. import BENCH
from ..configs import write_sites_config
from ..measure import RunFailed, run_once
from ..session import Session, rel
from . import Group

PROFILE = BENCH / "profile.txt"


def run(session: Session) -> None:
    counts = [1, 10] if session.quick else [1, 10, 25, 50]
    commands, titles = {}, {}
    for count in counts:
        config = write_sites_config(count, BENCH / "configs")
        name = f"synth-sites-{count}"
        commands[name] = session.synth(config, name=name)
        titles[name] = f"synth, {count} site(s) ({3 * count} stacks)"
    rows = session.rows_in_turn(commands, titles)
    medians, fastest = [], []
    for count, row in zip(counts, rows.values(), strict=True):
        if row["stacks"] != 3 * count:
            raise RunFailed(f"{count} sites gave {row['stacks']} stacks, expected {3 * count}")
        median = row["wall_s"]["median"]
        row["sites"] = count
        row["note"] = f"{median / count:.3f} s/site, {row['resources']} resources"
        session.add(row)
        medians.append((count, median))
        fastest.append((count, row["wall_s"]["min"]))
    session.extra["linearity"] = {
        "medians": linear_fit(medians),
        "fastest_runs": linear_fit(fastest),
    }
    session.notes.append(session.extra["linearity"]["medians"]["summary"] + " (medians)")
    session.notes.append(
        session.extra["linearity"]["fastest_runs"]["summary"] + " (fastest run of each row)"
    )
    if session.profile:
        profile(session, BENCH / "configs" / f"sites-{max(counts)}.toml")


def profile(session: Session, config: Path) -> None:
    stats_file = BENCH / "profile.pstats"
    command = session.synth(config, name="profile")
    argv = [command.argv[0], "-m", "cProfile", "-o", str(stats_file), *command.argv[1:]]
    shutil.rmtree(BENCH / "out" / "profile", ignore_errors=True)
    run_once(argv, env=command.env, cwd=command.cwd)
    text = io.StringIO()
    pstats.Stats(str(stats_file), stream=text).sort_stats("cumulative").print_stats(30)
    PROFILE.write_text(text.getvalue())
    session.notes.append(f"cProfile of {config.name}: {rel(PROFILE)} (top 30 by cumulative time)")


def linear_fit(points: list[tuple[int, float]]) -> dict[str, Any]:
    """Least squares t = a + b*n over the medians, R², and the marginal cost per site."""
    n = len(points)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if n < 2:
        return {"summary": "not enough points for a fit"}
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    a = my - b * mx
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys)
    r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
    marginal = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(n - 1)]
    ratio = marginal[-1] / marginal[0] if len(marginal) > 1 and marginal[0] > 0 else None
    linear = r2 >= 0.99 and (ratio is None or 0.67 <= ratio <= 1.5)
    summary = (
        f"scaling: t = {a:.2f} s + {b:.3f} s x sites (least squares over "
        f"{', '.join(str(x) for x in xs)} sites, R² = {r2:.4f}); marginal cost "
        + " -> ".join(f"{m:.3f}" for m in marginal)
        + " s/site"
        + (f" (ratio {ratio:.2f})" if ratio is not None else "")
        + (": about linear" if linear else ": NOT linear")
    )
    return {
        "a_s": a,
        "b_s_per_site": b,
        "r2": r2,
        "marginal_s_per_site": marginal,
        "marginal_ratio": ratio,
        "linear": linear,
        "summary": summary,
    }


GROUP = Group(
    name="scaling",
    summary="synth of 1, 10, 25 and 50 generated sites (1 and 10 with --quick) and a linear fit",
    run=run,
    order=30,
)
