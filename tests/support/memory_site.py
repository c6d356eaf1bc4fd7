"""A whole site in memory: Route 53, both servers, SIP and the name servers, by the rules.

For the decision tests: `pbxctl`'s actions run against this exactly as against the cloud
(through the `infra.pbxctl.session` protocols), in microseconds, with a clock that jumps.
Route 53's answer follows its rules: PRIMARY while the primary's effective check is
healthy, else SECONDARY while the backup's is, else PRIMARY (the last resort).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from infra.config import Config
from infra.naming import CheckRole, Node
from infra.pbxctl.audit import AuditLog
from infra.pbxctl.clients.aws import EndpointStatus, FailoverRecord, Route53Check, Zone
from infra.pbxctl.clients.types import ServerInfo
from infra.pbxctl.dnsquery import NameServer, NsAnswer
from infra.pbxctl.session import Backends, Check, Session

ADDRESS = {Node.PRIMARY: "192.0.2.10", Node.BACKUP: "198.51.100.20"}
NAME_SERVER = "ns-1.memory.test"
PROVIDER = {Node.PRIMARY: "aws", Node.BACKUP: "hetzner"}


@dataclass
class NodeState:
    endpoint_healthy: bool = True  # what Route 53's checkers see
    switched_out: bool = False  # the switch check's Inverted flag
    server: str = "running"  # the provider's word for the server's state

    @property
    def answers_sip(self) -> bool:
        return self.server == "running" and self.endpoint_healthy


@dataclass(frozen=True)
class SipAnswer:
    alive: bool
    status: int | None
    reason: str
    rtt_ms: float | None


class MemorySite:
    """Route53Api, PrimaryServers, BackupServers, DnsQuery and SipProbe in one object."""

    def __init__(self, nodes: dict[Node, NodeState]) -> None:
        self.nodes = {node: replace(state) for node, state in nodes.items()}  # a copy to change
        self.versions = {node: 1 for node in Node}
        self.updates: list[tuple[Node, bool]] = []
        self.powered_on: list[str] = []
        self.retries = 0

    # -- Route 53 --------------------------------------------------------------------------

    def _check(self, node: Node, role: CheckRole) -> Route53Check:
        state = self.nodes[node]
        if role is CheckRole.SWITCH:
            return Route53Check(
                f"{node}-switch", node, role, "CALCULATED", self.versions[node],
                state.switched_out, False, (), 0,
            )  # fmt: skip
        if role is CheckRole.EFFECTIVE:
            children = (f"{node}-endpoint", f"{node}-switch")
            return Route53Check(
                f"{node}-effective", node, role, "CALCULATED", 1, False, False, children, 2
            )
        return Route53Check(
            f"{node}-endpoint", node, role, "HTTP_STR_MATCH", 1, False, False, (), None
        )

    def find_checks(self, site: str) -> dict[tuple[Node, CheckRole], Route53Check]:
        return {(node, role): self._check(node, role) for node in Node for role in CheckRole}

    def get_check(self, check: Route53Check) -> Route53Check:
        return self._check(check.node, check.role)

    def endpoint_status(self, check: Route53Check) -> EndpointStatus:
        healthy = self.nodes[check.node].endpoint_healthy
        failure = None if healthy else "Failure: HTTP Status Code 503, SIP TIMEOUT"
        return EndpointStatus(healthy, 1.0 if healthy else 0.0, 16, failure)

    def set_inverted(self, check: Route53Check, inverted: bool) -> Route53Check:
        assert check.role is CheckRole.SWITCH, "pbxctl only ever changes a switch"
        assert check.version == self.versions[check.node], "stale HealthCheckVersion"
        self.nodes[check.node].switched_out = inverted
        self.versions[check.node] += 1
        self.updates.append((check.node, inverted))
        return self._check(check.node, CheckRole.SWITCH)

    def find_zone(self, name: str) -> Zone:
        return Zone("Z0MEMORY", name, (NAME_SERVER,))

    def failover_records(self, zone: Zone, fqdn: str) -> dict[Node, FailoverRecord]:
        return {node: FailoverRecord(node, (ADDRESS[node],), f"{node}-effective") for node in Node}

    def test_dns_answer(self, zone: Zone, fqdn: str) -> tuple[str, ...] | None:
        return (ADDRESS[self.route53_answer()],)

    def effective(self, node: Node) -> bool:
        state = self.nodes[node]
        return state.endpoint_healthy and not state.switched_out

    def route53_answer(self) -> Node:
        if self.effective(Node.PRIMARY):
            return Node.PRIMARY
        return Node.BACKUP if self.effective(Node.BACKUP) else Node.PRIMARY

    # -- the name servers, the servers and SIP ---------------------------------------------

    def dns(
        self, fqdn: str, servers: Sequence[NameServer], *, timeout: float = 2.0
    ) -> list[NsAnswer]:
        return [
            NsAnswer(str(server), frozenset({ADDRESS[self.route53_answer()]})) for server in servers
        ]

    def _server(self, node: Node) -> ServerInfo:
        return ServerInfo(
            PROVIDER[node],
            f"{node}-1",
            f"callcenter-{node}",
            self.nodes[node].server,
            ADDRESS[node],
        )

    def primary_server(self, site: str) -> ServerInfo | None:
        return self._server(Node.PRIMARY)

    def backup_server(self, site: str) -> ServerInfo | None:
        return self._server(Node.BACKUP)

    def power_on(
        self,
        server: ServerInfo,
        *,
        timeout: float,
        on_progress: Callable[[int], None] | None = None,
    ) -> ServerInfo:
        assert self.nodes[Node.BACKUP].server == "off", "power-on asked of a server not off"
        self.nodes[Node.BACKUP].server = "running"
        self.powered_on.append(server.name)
        return self._server(Node.BACKUP)

    def probe(self, host: str, port: int = 5060, timeout: float = 1.0) -> SipAnswer:
        node = next(node for node, address in ADDRESS.items() if address == host)
        if self.nodes[node].answers_sip:
            return SipAnswer(True, 200, "SIP OK", 1.0)
        return SipAnswer(False, None, "SIP TIMEOUT", None)


@dataclass
class RecordingUi:
    """The person at the keys, as a list of what they were told; always says yes."""

    said: list[str] = field(default_factory=list)
    checks_shown: list[Check] = field(default_factory=list)
    plans: list[list[str]] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.said.append(text)

    def checks(self, title: str, checks: Sequence[Check]) -> None:
        self.checks_shown.extend(checks)

    def plan(self, title: str, steps: Sequence[str]) -> None:
        self.plans.append(list(steps))

    def confirm(self, question: str) -> bool:
        return True

    @contextmanager
    def progress(self, description: str) -> Iterator[Callable[[str], None]]:
        yield self.said.append


class MemoryAuditLog(AuditLog):
    """The audit log's contract without a file: lines are kept in a list."""

    def __init__(self) -> None:
        super().__init__(Path("/memory/audit.jsonl"))
        self.lines: list[dict[str, Any]] = []

    def open(self) -> int:
        return -1

    def append(self, entry: dict[str, Any]) -> None:
        self.lines.append(entry)


class Clock:
    """Time that passes only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def session_for(config: Config, site: MemorySite) -> tuple[Session, RecordingUi, MemoryAuditLog]:
    clock, ui, audit = Clock(), RecordingUi(), MemoryAuditLog()
    backends = Backends(
        route53=site,
        ec2=site,
        hetzner=lambda: site,
        probe=site.probe,
        dns=site.dns,
        poll_interval=1.0,
        concurrent=False,
    )
    session = Session(
        config=config,
        site=config.sites[0],
        backends=backends,
        audit_log=audit,
        ui=ui,
        clock=clock,
        sleep=clock.sleep,
    )
    return session, ui, audit
