"""What a client-lab run found: statistics per case, the tables, the published data file.

Shared by `scripts/clientlab` (which measures) and the tests (which check that the data
file `pbxctl rto` reads is exactly what the committed raw results give).
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def _spread(values: list[float | None], bound: float) -> dict[str, Any]:
    """Median, min and max; a phone that never made it counts as the bound (censored)."""
    if not values:
        return {"n": 0}
    reached = [v for v in values if v is not None]
    filled = sorted(v if v is not None else bound for v in values)
    return {
        "n": len(values),
        "median": round(statistics.median(filled), 2),
        "min": round(filled[0], 2),
        "max": round(filled[-1], 2),
        "censored": len(values) - len(reached),
        "bound": bound,
    }


def _reached(values: list[float | None]) -> dict[str, Any]:
    """For events that need not happen within a phase: statistics of those that did."""
    reached = sorted(v for v in values if v is not None)
    if not reached:
        return {"n": len(values), "reached": 0}
    return {
        "n": len(values),
        "reached": len(reached),
        "median": round(statistics.median(reached), 2),
        "min": round(reached[0], 2),
        "max": round(reached[-1], 2),
    }


def summarize(samples: Iterable[dict[str, Any]], bound: float) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for sample in samples:
        key = (sample["mode"], sample["transport"], sample["scheme"], sample["client"])
        groups[key].append(sample)
    rows = []
    for (mode, transport, scheme, client), group in sorted(groups.items()):
        rows.append(
            {
                "mode": mode,
                "transport": transport,
                "scheme": scheme,
                "client": client,
                "failover": _spread([s["failover"]["seconds"] for s in group], bound),
                "after_dns_switch": _spread(
                    [s["failover"]["after_dns_switch"] for s in group], bound
                ),
                "registered_at_backup": _reached(
                    [s["failover"]["registered_at_backup"] for s in group]
                )
                if scheme != "two-accounts"
                else {"n": 0},
                "failback": _spread([s["failback"]["seconds"] for s in group], bound),
            }
        )
    return rows


def _cell(stats: dict[str, Any]) -> str:
    if not stats.get("n"):
        return "-"
    bound = stats["bound"]

    def show(value: float) -> str:
        return f">{bound:g}" if value >= bound else f"{value:g}"

    median = show(stats["median"])
    if stats["min"] == stats["max"]:
        return f"{median} (n={stats['n']})"
    return f"{median} ({show(stats['min'])}-{show(stats['max'])}, n={stats['n']})"


def markdown(result: dict[str, Any]) -> str:
    lab = result["lab"]
    lines = [
        "# Client lab: seconds from the primary's failure to the first call the backup answers",
        "",
        f"Measured {result['measured_at']} on {result['host']}; "
        + ", ".join(f"{name} {version}" for name, version in result["versions"].items())
        + ".",
        f"DNS switched {lab['dns_delay']:g} s after the failure (Route 53's detection time "
        f"for this site), TTL {lab['ttl']} s; agents hang up after {lab['patience']:g} s "
        f"without an answer and redial after 1 s; every phase bounded at {lab['max_wait']:g} s "
        "(`>bound`: not reached). Cells: median (min-max, runs).",
        "",
    ]
    rows = result["summary"]
    for mode in dict.fromkeys(row["mode"] for row in rows):
        for title, key in (
            ("failover, from the failure", "failover"),
            (
                "failover, from the DNS switch (the client's own part; a-record only)",
                "after_dns_switch",
            ),
            ("failback, from the primary's return", "failback"),
        ):
            lines += [
                f"## {mode}: {title}",
                "",
                "| scheme | transport | baresip | Linphone |",
                "|---|---|---|---|",
            ]
            cells: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
            for row in rows:
                if row["mode"] != mode or (
                    key == "after_dns_switch" and row["scheme"] != "a-record"
                ):
                    continue
                cells[(row["scheme"], row["transport"])][row["client"]] = _cell(row[key])
            for (scheme, transport), by_client in cells.items():
                lines.append(
                    f"| {scheme} | {transport.upper()} | {by_client.get('baresip', '-')} | "
                    f"{by_client.get('linphone', '-')} |"
                )
            lines.append("")
    timers = result["settings"]["timers"]
    lines.append(
        "Phone settings (from the site's failover budget): "
        + ", ".join(f"{key} {value}" for key, value in timers.items())
        + ". Details in clients.json (`settings`)."
    )
    if result["errors"]:
        lines += ["", "Runs that failed:", *[f"- {error}" for error in result["errors"]]]
    return "\n".join(lines) + "\n"


def published(result: dict[str, Any]) -> dict[str, Any]:
    """The compact, committed form of a lab result that `pbxctl rto` reads."""
    lab = result["lab"]
    summary = summarize(result["samples"], lab["max_wait"])
    data = {
        "generated_by": "scripts/clientlab --publish, from .bench/clients.json",
        "measured_at": result["measured_at"],
        "host": result["host"],
        "versions": result["versions"],
        "lab": {
            "runs": max((row["failover"]["n"] for row in summary), default=0),
            "dns_delay_s": lab["dns_delay"],
            "ttl_s": lab["ttl"],
            "patience_s": lab["patience"],
            "bound_s": lab["max_wait"],
        },
        "timers": result["settings"]["timers"],
        "terms": [
            {
                key: row[key]
                for key in (
                    "mode",
                    "transport",
                    "scheme",
                    "client",
                    "failover",
                    "after_dns_switch",
                    "registered_at_backup",
                    "failback",
                )
            }
            for row in summary
        ],
    }
    return data


def published_text(result: dict[str, Any]) -> str:
    return json.dumps(published(result), indent=1) + "\n"


MODES = ("crash", "hang", "vanish")
CLIENT_NAMES = {"baresip": "baresip", "linphone": "Linphone"}


def _short(stats: dict[str, Any], key: str = "failover") -> str:
    """`median (min-max)` in whole-ish seconds, `>bound` where a run never made it."""
    if not stats.get("n"):
        return "-"
    bound = stats["bound"]

    def show(value: float) -> str:
        if value >= bound:
            return f">{bound:g}"
        return f"{value:.1f}" if value < 10 else f"{value:.0f}"

    return f"{show(stats['median'])} ({show(stats['min'])}-{show(stats['max'])})"


def headline_table(result: dict[str, Any], key: str = "failover") -> str:
    """Per scheme and transport, each client under each failure kind (README, phones.md)."""
    rows = summarize(result["samples"], result["lab"]["max_wait"])
    cells = {(r["scheme"], r["transport"], r["client"], r["mode"]): r[key] for r in rows}
    clients = [c for c in CLIENT_NAMES if any(k[2] == c for k in cells)]
    modes = [m for m in MODES if any(k[3] == m for k in cells)]
    header = ["scheme", "transport"] + [f"{CLIENT_NAMES[c]}, {m}" for c in clients for m in modes]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for scheme in ("two-accounts", "a-record", "srv"):
        for transport in ("tcp", "udp"):
            if not any(k[:2] == (scheme, transport) for k in cells):
                continue
            values = [
                _short(cells.get((scheme, transport, c, m), {})) for c in clients for m in modes
            ]
            lines.append(f"| {scheme} | {transport.upper()} | " + " | ".join(values) + " |")
    return "\n".join(lines) + "\n"
