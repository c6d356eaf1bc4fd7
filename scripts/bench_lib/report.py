"""The report: the machine, a markdown table of every row (stdout and `.bench/results.md`)
and everything measured as JSON (`.bench/results.json`), with regressions against the
previous run of the same kind."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import BENCH
from .session import Session, rel


def machine() -> dict[str, str]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break

    def out(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    free = out("free", "-h").splitlines()
    mem = next((line.split()[1] for line in free if line.startswith("Mem:")), "?")
    return {
        "nproc": out("nproc"),
        "memory": mem,
        "free_h": "\n".join(free),
        "cpu": cpu,
        "kernel": out("uname", "-sr"),
        "loadavg_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": sys.version.split()[0],
        "node": out("node", "--version"),
        "cdktn": version("cdktn"),
        "cdktn_aws": version("cdktn-aws"),
        "jsii": version("jsii"),
    }


def _fmt_s(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Measured {results['date']} on {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM, "
        f"{m['kernel']}; Python {m['python']}, Node.js {m['node']}, cdktn {m['cdktn']}, "
        f"cdktn-aws {m['cdktn_aws']}, jsii {m['jsii']}. "
        f"Median of {results['runs']} runs after 1 warm-up (first-synth rows: no warm-up), "
        "compared rows run in turn, PYTHONDONTWRITEBYTECODE=1"
        f"{'; QUICK mode' if results['quick'] else ''}. "
        "Peak RSS: the larger of the process tree's total (python + node, sampled every 50 ms) "
        "and the largest single process's maximum (kernel, GNU time %M); median over the runs.",
        "",
        "| row | measurement | median | min - max | peak RSS | notes | command |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for row in results["rows"]:
        wall = row["wall_s"]
        rss = row.get("rss_peak_mib", {}).get("median")
        lines.append(
            "| {id} | {title} | {median} | {spread} | {rss} | {note} | `{cmd}` |".format(
                id=row["id"],
                title=_md_escape(row["title"]),
                median=_fmt_s(wall["median"]),
                spread=f"{wall['min']:.2f} - {wall['max']:.2f}",
                rss=f"{rss:.0f} MiB" if rss else "",
                note=_md_escape(row.get("note", "")),
                cmd=_md_escape(row["command"]),
            )
        )
    for item in results["not_measured"]:
        lines.append(
            f"| {item['id']} | **not measured** | - | - | - | {_md_escape(item['reason'])} | |"
        )
    if results["notes"]:
        lines += ["", *[f"- {_md_escape(note)}" for note in results["notes"]]]
    if results.get("regressions"):
        lines += [
            "",
            "Regressions past 20% against the previous like-for-like run:",
            "",
        ]
        lines += [f"- {r}" for r in results["regressions"]]
    return "\n".join(lines) + "\n"


def regressions(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    if not old or old.get("quick") != new.get("quick") or old.get("runs") != new.get("runs"):
        return []  # only like-for-like runs are compared
    before = {row["id"]: row["wall_s"]["median"] for row in old.get("rows", [])}
    found = []
    for row in new["rows"]:
        previous = before.get(row["id"])
        if previous and row["wall_s"]["median"] > 1.2 * previous:
            found.append(
                f"{row['id']}: {row['wall_s']['median']:.2f} s, was {previous:.2f} s "
                f"(+{100 * (row['wall_s']['median'] / previous - 1):.0f}%)"
            )
    return found


def write(session: Session, info: dict[str, str], *, partial: bool, took_s: float) -> str:
    """Write `.bench/results.*` (a full run) or `.bench/results-partial.*`; the markdown."""
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "quick": session.quick,
        "runs": session.runs,
        "partial": partial,
        "total_bench_s": round(took_s, 1),
        "machine": {**info, "loadavg_at_end": " ".join(f"{x:.2f}" for x in os.getloadavg())},
        "rows": session.rows,
        "not_measured": session.not_measured,
        "notes": session.notes,
        **session.extra,
    }
    stem = "results-partial" if partial else "results"
    out_json, out_md = BENCH / f"{stem}.json", BENCH / f"{stem}.md"
    old = None
    if out_json.exists():
        try:
            old = json.loads(out_json.read_text())
            shutil.copy(out_json, BENCH / f"{stem}.prev.json")
        except ValueError:
            old = None
    results["regressions"] = regressions(old, results)
    out_json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    markdown = render_markdown(results)
    out_md.write_text(markdown)
    print(f"(bench took {took_s:.0f} s; wrote {rel(out_json)} and {rel(out_md)})", file=sys.stderr)
    return markdown
