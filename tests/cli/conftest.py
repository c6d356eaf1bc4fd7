"""The world `pbxctl` runs in during these tests, built from real parts on 127.0.0.1.

- moto in server mode, populated from the synthesized `callcenter-dns` stack (the session
  `synth` fixture) with `apply_dns_stack`, plus the primary's EC2 instance;
- the fault proxy in front of moto (AWS_ENDPOINT_URL points at it; it also enforces
  HealthCheckVersion like Route 53);
- the failover DNS test server (the config's `cli.name_servers`);
- the Hetzner fake (HCLOUD_ENDPOINT), with the backup server;
- sipp as the SIP service of both nodes: primary 127.0.0.2, backup 127.0.0.3, both on one
  free UDP port that the test config sets as `sip.udp_port`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from infra.naming import TAG_NODE, TAG_ROLE, TAG_SITE, CheckRole, Node, StackRole, stack_name
from infra.pbxctl.app import app
from tests.peers.dns_server import FailoverDnsServer
from tests.peers.fault_proxy import FaultProxy
from tests.peers.hetzner_fake import HetznerFake
from tests.peers.moto_server import MotoServer
from tests.peers.pbxctl_env import FOREIGN_SETTINGS, SITE, peer_env, seed_site
from tests.peers.sip_peer import SipPeer, free_udp_port, sipp_binary

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "callcenter.toml"
ZONE, FQDN = "example.com", "voip.example.com"
ADDRESS = {Node.PRIMARY: "127.0.0.2", Node.BACKUP: "127.0.0.3"}
PBXCTL = Path(sys.executable).parent / "pbxctl"


@dataclass(frozen=True)
class Peers:
    moto: MotoServer
    proxy: FaultProxy
    hetzner: HetznerFake
    dns: FailoverDnsServer
    sip_port: int
    dns_stack: dict[str, Any]


@pytest.fixture(scope="session")
def sipp() -> str:
    """Before anything else: a missing sipp fails with the install hint, never skips."""
    return sipp_binary()


@pytest.fixture(scope="session")
def peers(sipp: str, synth: Any) -> Iterator[Peers]:
    """Started once per session; `world` resets them for every test."""
    moto = MotoServer().start()
    proxy = FaultProxy(moto.url).start()
    hetzner = HetznerFake().start()
    dns = FailoverDnsServer(moto.client("route53"), ZONE).start()
    yield Peers(
        moto=moto,
        proxy=proxy,
        hetzner=hetzner,
        dns=dns,
        sip_port=free_udp_port(*ADDRESS.values()),
        dns_stack=synth.stack(stack_name(SITE, StackRole.DNS)),
    )
    for peer in (dns, hetzner, proxy, moto):
        peer.stop()


@dataclass
class Pbxctl:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


@dataclass
class World:
    moto: MotoServer
    proxy: FaultProxy
    hetzner: HetznerFake
    dns: FailoverDnsServer
    sip_port: int
    tmp: Path
    config_path: Path
    audit_path: Path
    env: dict[str, str]
    backup_server_id: int
    peers: dict[Node, SipPeer] = field(default_factory=dict)

    def sip(self, node: Node, status: int | None) -> None:
        """Make a node's SIP service answer OPTIONS with `status`, or close it (None)."""
        old = self.peers.pop(node, None)
        if old is not None:
            old.stop()
        if status is not None:
            self.peers[node] = SipPeer(
                ADDRESS[node], self.sip_port, status, self.tmp / f"sipp-{node}"
            )

    def stop_peers(self) -> None:
        for node in list(self.peers):
            self.sip(node, None)

    def checks(self) -> dict[tuple[Node, CheckRole], dict[str, Any]]:
        """The site's health checks as moto holds them (read directly, no faults)."""
        route53 = self.moto.client("route53")
        found = {}
        for check in route53.list_health_checks()["HealthChecks"]:
            tags = route53.list_tags_for_resource(
                ResourceType="healthcheck", ResourceId=check["Id"]
            )
            tag = {t["Key"]: t["Value"] for t in tags["ResourceTagSet"]["Tags"]}
            if tag.get(TAG_SITE) == SITE:
                found[(Node(tag[TAG_NODE]), CheckRole(tag[TAG_ROLE]))] = check
        return found

    def switch_inverted(self, node: Node) -> bool:
        return bool(self.checks()[(node, CheckRole.SWITCH)]["HealthCheckConfig"]["Inverted"])

    def dns_answer(self) -> set[str]:
        from infra.pbxctl.dnsquery import parse_name_server, query_a

        server = parse_name_server(self.dns.address, source="test")
        (answer,) = query_a(FQDN, [server], timeout=2)
        assert answer.error is None, answer.error
        return set(answer.addresses)

    def audit(self) -> list[dict[str, Any]]:
        if not self.audit_path.exists():
            return []
        return [json.loads(line) for line in self.audit_path.read_text().splitlines()]

    def run(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Pbxctl:
        """pbxctl in this process, through Typer's CliRunner."""
        result: Result = CliRunner().invoke(
            app, list(args), input=input, env={**self.env, **(env or {})}
        )
        assert result.exit_code is not None
        return Pbxctl(result.exit_code, result.stdout, result.stderr)

    def start_process(self, *args: str) -> subprocess.Popen[str]:
        """pbxctl as a real process in the background, for signals; the test stops it."""
        return subprocess.Popen(
            [str(PBXCTL), *args],
            env={k: v for k, v in {**os.environ, **self.env}.items() if v is not None},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run_process(
        self, *args: str, timeout: float = 60, env: dict[str, str] | None = None
    ) -> Pbxctl:
        """pbxctl as a real process, the way an engineer runs it."""
        done = subprocess.run(
            [str(PBXCTL), *args],
            env={
                k: v for k, v in {**os.environ, **self.env, **(env or {})}.items() if v is not None
            },
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        return Pbxctl(done.returncode, done.stdout, done.stderr)


def write_config(path: Path, *, sip_port: int, name_server: str, audit_log: Path) -> None:
    """The example config, with the nodes' SIP port and the test's name server and log."""
    text = EXAMPLE.read_text().replace("udp_port = 5060", f"udp_port = {sip_port}")
    assert f"udp_port = {sip_port}" in text
    text += (
        "\n[cli]\n"
        f'audit_log = "{audit_log}"\n'
        f'name_servers = ["{name_server}"]\n'
        "dns_wait_timeout = 10\n"
    )
    path.write_text(text)


@pytest.fixture
def world(peers: Peers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    moto, proxy, hetzner, dns_server = peers.moto, peers.proxy, peers.hetzner, peers.dns
    sip_port = peers.sip_port
    moto.reset()
    proxy.reset()
    hetzner.reset()
    dns_server.reset()
    backup_id = seed_site(moto, hetzner, peers.dns_stack, addresses=ADDRESS)
    config_path, audit_path = tmp_path / "pbx-failover.toml", tmp_path / "audit.jsonl"
    write_config(
        config_path, sip_port=sip_port, name_server=dns_server.address, audit_log=audit_path
    )
    for name in FOREIGN_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    env = {
        **peer_env(
            aws_url=proxy.url,
            hcloud_url=hetzner.url,
            hcloud_token=hetzner.token,
            config=config_path,
            scratch=tmp_path,
        ),
        "PBX_FAILOVER_POLL_INTERVAL": "0.05",
    }
    state = World(
        moto=moto,
        proxy=proxy,
        hetzner=hetzner,
        dns=dns_server,
        sip_port=sip_port,
        tmp=tmp_path,
        config_path=config_path,
        audit_path=audit_path,
        env=env,
        backup_server_id=backup_id,
    )
    state.sip(Node.PRIMARY, 200)
    state.sip(Node.BACKUP, 200)
    yield state
    state.stop_peers()
