"""What one pbxctl command works with: its backends, its audit log, the person at the keys.

Built by `infra.pbxctl.context` from the config and the environment, or by the tests from
in-memory stand-ins; the views and actions only ever see these types.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from infra.config import Config, SiteConfig
from infra.naming import CheckRole, Node
from infra.pbxctl.audit import AuditLog
from infra.pbxctl.clients.aws import EndpointStatus, FailoverRecord, Route53Check, Zone
from infra.pbxctl.clients.types import ServerInfo
from infra.pbxctl.dnsquery import NameServer, NsAnswer, query_a


class SipProbe(Protocol):
    """`infra.node.health_agent.probe_sip_options`, or a stand-in."""

    def __call__(self, host: str, port: int = ..., timeout: float = ...) -> SipResultLike: ...


class SipResultLike(Protocol):
    @property
    def alive(self) -> bool: ...
    @property
    def status(self) -> int | None: ...
    @property
    def reason(self) -> str: ...
    @property
    def rtt_ms(self) -> float | None: ...


class Route53Api(Protocol):
    """`clients.aws.Route53`, or an in-memory stand-in."""

    @property
    def retries(self) -> int: ...
    def find_checks(self, site: str) -> dict[tuple[Node, CheckRole], Route53Check]: ...
    def get_check(self, check: Route53Check) -> Route53Check: ...
    def endpoint_status(self, check: Route53Check) -> EndpointStatus: ...
    def set_inverted(self, check: Route53Check, inverted: bool) -> Route53Check: ...
    def find_zone(self, name: str) -> Zone: ...
    def failover_records(self, zone: Zone, fqdn: str) -> dict[Node, FailoverRecord]: ...
    def test_dns_answer(self, zone: Zone, fqdn: str) -> tuple[str, ...] | None: ...


class PrimaryServers(Protocol):
    """`clients.aws.Ec2`, or a stand-in."""

    def primary_server(self, site: str) -> ServerInfo | None: ...


class BackupServers(Protocol):
    """`clients.hetzner.Hetzner`, or a stand-in."""

    def backup_server(self, site: str) -> ServerInfo | None: ...
    def power_on(
        self,
        server: ServerInfo,
        *,
        timeout: float,
        on_progress: Callable[[int], None] | None = None,
    ) -> ServerInfo: ...


class DnsQuery(Protocol):
    """`dnsquery.query_a`, or a stand-in."""

    def __call__(
        self, fqdn: str, servers: Sequence[NameServer], *, timeout: float = ...
    ) -> list[NsAnswer]: ...


@dataclass
class Backends:
    """What a command talks to; built by the CLI from the config and the environment."""

    route53: Route53Api
    ec2: PrimaryServers
    hetzner: Callable[[], BackupServers]  # raises ConfigError without HCLOUD_TOKEN
    probe: SipProbe
    name_servers: list[NameServer] | None = None  # overrides the zone's delegation set
    dns: DnsQuery = query_a
    concurrent: bool = True  # read in parallel threads (False: stand-ins that answer at once)
    sip_timeout: float = 2.0
    dns_timeout: float = 2.0
    poll_interval: float = 2.0


class Ui(Protocol):
    def say(self, text: str) -> None: ...
    def checks(self, title: str, checks: Sequence[Check]) -> None: ...
    def plan(self, title: str, steps: Sequence[str]) -> None: ...
    def confirm(self, question: str) -> bool:
        """Ask; raise RefusedError when nobody can be asked."""
        ...

    def progress(self, description: str) -> AbstractContextManager[Callable[[str], None]]:
        """A live display for a wait; the callable updates its detail text."""
        ...


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: cannot be known yet (dry run while the server is off)
    detail: str


@dataclass
class Session:
    """One command's world: config, backends, audit log and the person at the keyboard."""

    config: Config
    site: SiteConfig
    backends: Backends
    audit_log: AuditLog
    ui: Ui
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
