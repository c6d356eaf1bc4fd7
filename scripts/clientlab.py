"""The client lab benchmark: how long real SIP clients take to reach the backup, and back.

Run through `scripts/clientlab` (it sets up `.venv` and the PATH first). For every
(transport, failure mode) and run, `tests.lab.experiment.run_once` starts the two
Kamailio stand-ins, dnsmasq and one phone per (client, scheme), fails the primary and
times each phone's first call that the backup answers, then the failback. Results go to
`.bench/clients.json` (settings, versions, every sample with every attempt; rewritten
after each run, so an interrupted run keeps what it measured) and `.bench/clients.md`
(the tables). A full matrix (2 transports x 3 modes x 5 runs) takes one to three hours;
run it with `nice`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra.pbxctl.signals import stop_on_signals  # noqa: E402
from tests.lab.experiment import (  # noqa: E402 (after the path is set)
    CLIENTS,
    MODES,
    SCHEMES,
    TRANSPORTS,
    RunPlan,
    lab_site,
    run_once,
    timers_for,
)
from tests.lab.processes import LabError, binary, version_of  # noqa: E402
from tests.lab.results import markdown, published, published_text, summarize  # noqa: E402

BENCH = ROOT / ".bench"
PUBLISHED = ROOT / "infra" / "pbxctl" / "client_failover.json"
EXAMPLE = ROOT / "examples" / "callcenter.toml"


def _choices(value: str, allowed: Sequence[str], what: str) -> tuple[str, ...]:
    chosen = tuple(item.strip() for item in value.split(",") if item.strip())
    unknown = [item for item in chosen if item not in allowed]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"--{what}: {', '.join(unknown) or 'nothing'} is not one of {', '.join(allowed)}"
        )
    return chosen


def versions() -> dict[str, str]:
    return {
        "baresip": version_of([binary("baresip"), "-h"], "baresip v"),
        "linphonec": version_of([binary("linphonec"), "--version"], "version:"),
        "kamailio": version_of([binary("kamailio"), "-v"], "version: kamailio"),
        "dnsmasq": version_of([binary("dnsmasq"), "--version"], "Dnsmasq version"),
    }


def client_settings(args: argparse.Namespace) -> dict[str, Any]:
    """What the phones were told, in words a reader can check against the files."""
    site = lab_site(args.config, args.site)
    timers = timers_for(site)
    return {
        "timers": timers.describe(),
        "baresip": {
            "accounts": "regint=<expiry>, outbound=<server URI> (transport from the URI), "
            "re-registration at 90 % of the expiry (baresip's default)",
            "keepalives": "none: baresip sends them only when the registrar supports SIP "
            "outbound (RFC 5626), which Asterisk does not advertise",
            "sip_timers": "libre defaults (T1 0.5 s, Timer B/F 32 s)",
        },
        "linphone": {
            "proxy": "reg_proxy = reg_route = <server URI>, reg_expires=<expiry>",
            "sip": {
                "keepalive_period_ms": timers.keepalive_interval * 1000,
                "tcp_tls_keepalive": 1,
                "transport_timeout_ms": timers.tcp_connect_timeout * 1000,
                "refresher_retry_after_ms": timers.registration_retry * 1000,
                "unreliable_connection_timeout_s": timers.suspect_connection_after,
                "reconnect_to_primary_asap": 1,
            },
            "sip_timers": "belle-sip defaults (T1 0.5 s, Timer B/F 32 s)",
        },
        "schemes": {
            "a-record": f"one account, server {site.names.failover}:{site.sip_port} (A only)",
            "srv": f"one account, server {site.names.failover} (SRV _sip._<transport>: "
            f"10 {site.names.primary}, 20 {site.names.backup})",
            "two-accounts": f"{site.names.primary}:{site.sip_port} and "
            f"{site.names.backup}:{site.sip_port}",
        },
    }


# -- main ---------------------------------------------------------------------------------


def _write(result: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    staging = out / "clients.json.new"
    staging.write_text(json.dumps(result, indent=1) + "\n")
    staging.replace(out / "clients.json")
    (out / "clients.md").write_text(markdown(result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/clientlab",
        description="Measure SIP clients failing over between two PBX stand-ins; "
        "writes .bench/clients.json and .bench/clients.md.",
    )
    parser.add_argument(
        "--config", type=Path, default=EXAMPLE, help="site config (default: the example)"
    )
    parser.add_argument("--site", default=None, help="site name (default: the first)")
    parser.add_argument(
        "--clients", type=lambda v: _choices(v, CLIENTS, "clients"), default=CLIENTS
    )
    parser.add_argument(
        "--schemes", type=lambda v: _choices(v, SCHEMES, "schemes"), default=SCHEMES
    )
    parser.add_argument(
        "--transports", type=lambda v: _choices(v, TRANSPORTS, "transports"), default=TRANSPORTS
    )
    parser.add_argument("--modes", type=lambda v: _choices(v, MODES, "modes"), default=MODES)
    parser.add_argument("--runs", type=int, default=5, help="runs per transport and mode (5)")
    parser.add_argument(
        "--dns-delay",
        type=float,
        default=None,
        help="seconds from the failure to the DNS switch (default: the site's detection time)",
    )
    parser.add_argument(
        "--patience", type=float, default=40.0, help="an agent hangs up after this (40 s)"
    )
    parser.add_argument("--max-wait", type=float, default=180.0, help="bound of each phase (180 s)")
    parser.add_argument(
        "--probe-gap", type=float, default=3.0, help="seconds between failback calls (3)"
    )
    parser.add_argument(
        "--no-stagger",
        action="store_true",
        help="fail at once, not at a random point of the registration cycle",
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    parser.add_argument(
        "--out", type=Path, default=BENCH, help="folder for clients.json and clients.md"
    )
    parser.add_argument(
        "--keep-logs",
        action="store_true",
        help="keep every run's logs (failed runs' logs are always kept)",
    )
    parser.add_argument(
        "--publish",
        action="store_true",
        help="run nothing: turn <out>/clients.json into the data file pbxctl rto reads "
        f"({PUBLISHED.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.publish:
        source = args.out / "clients.json"
        if not source.is_file():
            parser.error(f"{source} does not exist: run the lab first")
        measured = json.loads(source.read_text())
        PUBLISHED.write_text(published_text(measured))
        rows, when = len(published(measured)["terms"]), measured["measured_at"]
        print(f"wrote {PUBLISHED} ({rows} rows, measured {when})")
        return 0

    try:
        site = lab_site(args.config, args.site)
        result: dict[str, Any] = {
            "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "host": f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, "
            f"Linux {platform.release()})",
            "versions": versions(),
            "site": {
                "config": str(args.config),
                "failover": site.names.failover,
                "primary": site.names.primary,
                "backup": site.names.backup,
                "detection_s": site.budget.detection,
            },
            "settings": client_settings(args),
            "lab": {},
            "samples": [],
            "errors": [],
        }
    except LabError as err:
        print(f"clientlab: {err}", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else int(time.time())
    dns_delay = args.dns_delay if args.dns_delay is not None else float(site.budget.detection)
    result["lab"] = {
        "seed": seed,
        "dns_delay": dns_delay,
        "ttl": site.budget.ttl,
        "patience": args.patience,
        "max_wait": args.max_wait,
        "probe_gap": args.probe_gap,
        "stagger": not args.no_stagger,
        "runs": args.runs,
    }
    rng = random.Random(seed)
    scratch = Path(tempfile.mkdtemp(prefix="clientlab-"))
    plans = [
        RunPlan(
            transport=transport,
            mode=mode,
            clients=args.clients,
            schemes=args.schemes,
            dns_delay=dns_delay,
            patience=args.patience,
            max_wait=args.max_wait,
            probe_gap=args.probe_gap,
            stagger=not args.no_stagger,
        )
        for _ in range(args.runs)
        for mode in args.modes
        for transport in args.transports
    ]
    began = time.monotonic()
    # A `kill` or a closed terminal stops the lab like Ctrl-C: every run's own clean-up
    # stops its processes by pid, and what was measured is written.
    stop_on_signals()
    try:
        for number, plan in enumerate(plans, 1):
            label = f"run {number}/{len(plans)}: {plan.mode}, {plan.transport.upper()}"
            workdir = scratch / f"{number:03d}-{plan.mode}-{plan.transport}"

            def progress(message: str, label: str = label) -> None:
                elapsed = time.monotonic() - began
                print(f"[{elapsed / 60:5.1f} min] {label}: {message}", file=sys.stderr, flush=True)

            try:
                samples = run_once(site, plan, workdir, rng=rng, progress=progress)
            except LabError as err:
                result["errors"].append(f"{label}: {err} (logs: {workdir})")
                progress(f"failed: {err}")
                continue
            for sample in samples:
                result["samples"].append({"run": number, **sample.to_dict()})
            result["summary"] = summarize(result["samples"], args.max_wait)
            _write(result, args.out)
            if not args.keep_logs:
                shutil.rmtree(workdir, ignore_errors=True)
    except KeyboardInterrupt:
        print("clientlab: interrupted; the runs measured so far are written", file=sys.stderr)
    result["summary"] = summarize(result["samples"], args.max_wait)
    _write(result, args.out)
    if not result["errors"] and not args.keep_logs:
        shutil.rmtree(scratch, ignore_errors=True)
    print(markdown(result))
    print(f"wrote {args.out / 'clients.json'} and {args.out / 'clients.md'}", file=sys.stderr)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
