"""pbxctl as an engineer runs it (a real process), against the peers the CLI tests use
(`tests/peers`): moto behind the fault proxy (which records every AWS request), the Hetzner
fake, the failover DNS test server and sipp answering SIP OPTIONS for both nodes. The site
is seeded and the environment built by `tests/peers/pbxctl_env.py`, as in the tests."""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.naming import Node, StackRole, stack_name
from infra.pbxctl.dnsquery import parse_name_server, query_a
from tests.peers.dns_server import FailoverDnsServer
from tests.peers.fault_proxy import FaultProxy
from tests.peers.hetzner_fake import HetznerFake
from tests.peers.moto_server import MotoServer
from tests.peers.pbxctl_env import FOREIGN_SETTINGS, SITE, peer_env, seed_site
from tests.peers.sip_peer import SipPeer, free_udp_port

from .. import BENCH, EXAMPLE, ROOT
from ..measure import Run, RunFailed, run_once, spread, summary
from ..session import Session
from . import Group

ZONE = "example.com"
ADDRESS = {Node.PRIMARY: "127.0.0.2", Node.BACKUP: "127.0.0.3"}
SCRATCH = BENCH / "cli"


class TimedLog(list):  # type: ignore[type-arg]
    """A peer's request log that also notes when each request arrived (perf_counter), so a
    row can tell pbxctl's start-up (spawn to first request) from its work."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def append(self, item: Any) -> None:
        self.times.append(time.perf_counter())
        super().append(item)

    def clear(self) -> None:
        self.times.clear()
        super().clear()


@dataclass
class Peers:
    proxy: FaultProxy
    hetzner: HetznerFake
    dns: FailoverDnsServer
    env: dict[str, str]
    aws_log: TimedLog
    hetzner_log: TimedLog


@contextlib.contextmanager
def started_peers(session: Session) -> Iterator[Peers]:
    if shutil.which("sipp") is None:
        raise RunFailed("sipp is not installed: run scripts/setup --test")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    dns_json = (
        BENCH / "out" / "cli-synth" / "stacks" / stack_name(SITE, StackRole.DNS) / "cdk.tf.json"
    )
    command = session.synth(name="cli-synth")
    run_once(command.argv, env=command.env, cwd=command.cwd)
    started: list[Any] = []
    try:
        moto = MotoServer().start()
        started.append(moto)
        proxy = FaultProxy(moto.url).start()
        started.append(proxy)
        hetzner = HetznerFake().start()
        started.append(hetzner)
        dns = FailoverDnsServer(moto.client("route53"), ZONE).start()
        started.append(dns)
        aws_log, hetzner_log = TimedLog(), TimedLog()
        proxy.seen, hetzner.requests = aws_log, hetzner_log
        seed_site(moto, hetzner, json.loads(dns_json.read_text()), addresses=ADDRESS)
        port = free_udp_port(*ADDRESS.values())
        for node, address in ADDRESS.items():
            started.append(SipPeer(address, port, 200, SCRATCH / f"sipp-{node}"))
        config = write_config(port, dns.address)
        env = {k: v for k, v in session.env.items() if k not in FOREIGN_SETTINGS}
        env |= peer_env(
            aws_url=proxy.url,
            hcloud_url=hetzner.url,
            hcloud_token=hetzner.token,
            config=config,
            scratch=SCRATCH,
        )
        yield Peers(proxy, hetzner, dns, env, aws_log, hetzner_log)
    finally:
        for peer in reversed(started):
            with contextlib.suppress(Exception):  # stop the others whatever one does
                peer.stop()


def write_config(sip_port: int, name_server: str) -> Path:
    """The example config with the nodes' SIP port and the test name server."""
    text = (ROOT / EXAMPLE).read_text().replace("udp_port = 5060", f"udp_port = {sip_port}")
    # The Asterisk folder must lie beside the config (an absolute path is refused).
    shutil.copytree((ROOT / EXAMPLE).parent / "asterisk", SCRATCH / "asterisk")
    text += (
        f'\n[cli]\naudit_log = "{SCRATCH / "audit.jsonl"}"\n'
        f'name_servers = ["{name_server}"]\ndns_wait_timeout = 30\n'
    )
    config = SCRATCH / "pbx-failover.toml"
    config.write_text(text)
    return config


@dataclass
class PbxctlRun:
    run: Run
    startup_s: float | None
    aws: Counter[str]
    hetzner: Counter[str]
    dns_queries: int

    def calls(self) -> dict[str, Any]:
        return {
            "aws": sum(self.aws.values()),
            "aws_by_operation": dict(self.aws),
            "hetzner": sum(self.hetzner.values()),
            "hetzner_by_request": dict(self.hetzner),
            "dns_queries": self.dns_queries,
        }


def pbxctl(session: Session, peers: Peers, *args: str) -> PbxctlRun:
    aws0, hetzner0, dns0 = len(peers.aws_log), len(peers.hetzner_log), peers.dns.queries
    run = run_once([str(session.python.parent / "pbxctl"), *args], env=peers.env, cwd=ROOT)
    answered = peers.aws_log.times[aws0:] + peers.hetzner_log.times[hetzner0:]
    return PbxctlRun(
        run=run,
        startup_s=min(answered) - run.started if answered else None,
        aws=Counter(seen.operation for seen in peers.aws_log[aws0:]),
        hetzner=Counter(peers.hetzner_log[hetzner0:]),
        dns_queries=peers.dns.queries - dns0,
    )


def dns_answer(peers: Peers) -> set[str]:
    server = parse_name_server(peers.dns.address, source="bench")
    (answer,) = query_a(f"voip.{ZONE}", [server], timeout=2)
    return set(answer.addresses)


SHOWN_ENV = (
    "PYTHONDONTWRITEBYTECODE=1 PBX_FAILOVER_CONFIG=.bench/cli/pbx-failover.toml "
    "AWS_ENDPOINT_URL=<fault proxy -> moto> HCLOUD_ENDPOINT=<Hetzner fake> "
    "HCLOUD_TOKEN=<fake token> AWS_ACCESS_KEY_ID=testing ..."
)


def help_row(session: Session) -> None:
    runs = [
        run_once([str(session.python.parent / "pbxctl"), "--help"], env=session.env, cwd=ROOT)
        for _ in range(1 + max(session.runs, 10))
    ][1:]
    session.add(
        {
            "id": "pbxctl-help",
            "title": "`pbxctl --help` (start-up = total)",
            "command": "PYTHONDONTWRITEBYTECODE=1 .venv/bin/pbxctl --help",
            **summary(runs, warmup=1),
            "note": "no config, no network",
        }
    )


def status_row(session: Session, peers: Peers) -> None:
    samples = [pbxctl(session, peers, "status") for _ in range(1 + session.runs)][1:]
    last = samples[-1]
    startups = [s.startup_s for s in samples if s.startup_s is not None]
    row = session.add(
        {
            "id": "pbxctl-status",
            "title": "`pbxctl status` against the test peers",
            "command": f"{SHOWN_ENV} .venv/bin/pbxctl status",
            **summary([s.run for s in samples], warmup=1),
            "startup_s": spread(startups),
            "api_calls": last.calls(),
        }
    )
    row["note"] = (
        f"start-up (spawn -> first API answer) {row['startup_s']['median']:.2f} s; per run: "
        f"{sum(last.aws.values())} AWS + {sum(last.hetzner.values())} Hetzner requests, "
        f"{last.dns_queries} DNS queries"
    )


def promote_demote_row(session: Session, peers: Peers) -> None:
    pairs = []
    for _ in range(1 + session.runs):
        promote = pbxctl(session, peers, "promote", "--yes", "--reason", "bench")
        on_backup = dns_answer(peers)
        demote = pbxctl(session, peers, "demote", "--yes", "--reason", "bench")
        on_primary = dns_answer(peers)
        if on_backup != {ADDRESS[Node.BACKUP]} or on_primary != {ADDRESS[Node.PRIMARY]}:
            raise RunFailed(
                f"promote/demote did not move DNS: after promote {on_backup}, "
                f"after demote {on_primary}"
            )
        pairs.append((promote, demote))
    pairs = pairs[1:]
    promote, demote = pairs[-1]
    both = [
        Run(
            started=p.run.started,
            wall_s=p.run.wall_s + d.run.wall_s,
            rss_tree_mib=max(p.run.rss_tree_mib, d.run.rss_tree_mib),
            rss_max_proc_mib=max(p.run.rss_max_proc_mib, d.run.rss_max_proc_mib),
            stdout="",
        )
        for p, d in pairs
    ]
    row = session.add(
        {
            "id": "pbxctl-promote-demote",
            "title": "`pbxctl promote --yes` then `pbxctl demote --yes`, end to end",
            "command": f"{SHOWN_ENV} .venv/bin/pbxctl promote --yes --reason bench "
            "&& .venv/bin/pbxctl demote --yes --reason bench",
            **summary(both, warmup=1),
            "promote_s": spread([p.run.wall_s for p, _ in pairs]),
            "demote_s": spread([d.run.wall_s for _, d in pairs]),
            "api_calls": {"promote": promote.calls(), "demote": demote.calls()},
        }
    )
    row["note"] = (
        f"promote {row['promote_s']['median']:.2f} s ({sum(promote.aws.values())} AWS + "
        f"{sum(promote.hetzner.values())} Hetzner requests, {promote.dns_queries} DNS queries), "
        f"demote {row['demote_s']['median']:.2f} s ({sum(demote.aws.values())} AWS + "
        f"{sum(demote.hetzner.values())} Hetzner, {demote.dns_queries} DNS); "
        "default poll interval (2 s)"
    )


def run(session: Session) -> None:
    help_row(session)
    with started_peers(session) as peers:
        status_row(session, peers)
        promote_demote_row(session, peers)


GROUP = Group(
    name="cli",
    summary="pbxctl --help, status, and promote + demote against the test peers",
    run=run,
    order=50,
)
