"""The phones' side of failover: which servers an agent's phone knows, and its timers.

Shared by the nodes (the registrar's expiry limits in the agents' include file) and by
`pbxctl phones` (the provisioning files). Three layouts, chosen per site or per agent:

- `two-accounts`: one account per server (pbx1 and pbx2), both registered all the time;
  the agent places calls on the first and uses the second when the first fails.
- `backup-server`: one account. Desk phones that have a second server setting (Yealink:
  server 1 and server 2) get both nodes there. Softphones without one (baresip, Linphone)
  get the failover name with an explicit port: RFC 3263 then asks only for its A record,
  so the phone follows Route 53's answer.
- `srv`: one account on the failover name without a port: the phone resolves
  `_sip._<transport>.<failover name>` (priority 10 the primary, 20 the backup).

Timers come from the site's failover budget: Route 53 needs `interval x threshold`
seconds to call a node dead and resolvers keep the old answer for the TTL, so a phone that
re-registers once per (detection + TTL) has looked the name up again within one more
budget; Asterisk refuses expiries under 60 s by default, hence the floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from infra.config import Config, Layout, PhoneKind, SiteConfig, Transport
from infra.naming import Node

# How a phone finds its server(s): the schemes the client lab measures, and Yealink's pair.
Scheme = Literal["a-record", "srv", "two-accounts", "server-pair"]

LAYOUTS: tuple[Layout, ...] = get_args(Layout)
MIN_EXPIRY = 60  # Asterisk's default minimum_expiration
MAX_EXPIRY = 3600
# A TCP handshake with a live server takes well under a second even across continents;
# waiting longer only delays the move to the next SRV target (Linphone's default: 15 s).
TCP_CONNECT_TIMEOUT = 5


@dataclass(frozen=True)
class FailoverBudget:
    """The DNS side of a failover: Route 53's detection time and the record's TTL."""

    detection: int  # health check interval x failure threshold
    ttl: int
    check_interval: int

    @classmethod
    def of(cls, config: Config, site: SiteConfig) -> FailoverBudget:
        return cls(
            detection=site.health.interval * site.health.failure_threshold,
            ttl=config.dns.ttl,
            check_interval=site.health.interval,
        )


@dataclass(frozen=True)
class PhoneTimers:
    registration_expiry: int  # seconds the phone asks for in REGISTER
    registration_retry: int  # seconds between attempts after a failed registration
    keepalive_interval: int  # seconds between CRLF keepalives (clients that send them)
    tcp_connect_timeout: int  # seconds before a TCP connect counts as failed
    suspect_connection_after: int  # a timeout on a connection silent this long drops it

    @classmethod
    def from_budget(cls, budget: FailoverBudget, expiry: int | None = None) -> PhoneTimers:
        """`expiry` is the site's explicit `sip.registration_interval`, if it sets one."""
        if expiry is None:
            expiry = min(MAX_EXPIRY, max(MIN_EXPIRY, budget.detection + budget.ttl))
        return cls(
            registration_expiry=expiry,
            # A server that comes back is used again within one health-check interval.
            registration_retry=budget.check_interval,
            # A broken connection is noticed about as fast as Route 53 notices a dead node.
            keepalive_interval=budget.check_interval,
            tcp_connect_timeout=TCP_CONNECT_TIMEOUT,
            # Silence for as long as Route 53 needs to call a node dead, then a timeout:
            # give up on that connection (and try the next SRV target) instead of reusing it.
            suspect_connection_after=budget.detection,
        )

    def describe(self) -> dict[str, int]:
        return {
            "registration_expiry_s": self.registration_expiry,
            "registration_retry_s": self.registration_retry,
            "keepalive_interval_s": self.keepalive_interval,
            "tcp_connect_timeout_s": self.tcp_connect_timeout,
            "suspect_connection_after_s": self.suspect_connection_after,
        }


def site_timers(config: Config, site: SiteConfig) -> PhoneTimers:
    return PhoneTimers.from_budget(FailoverBudget.of(config, site), site.sip.registration_interval)


@dataclass(frozen=True)
class Server:
    host: str
    port: int | None  # None: resolve SRV records (RFC 3263); a port: A record only
    transport: Transport

    @property
    def uri(self) -> str:
        port = f":{self.port}" if self.port is not None else ""
        return f"sip:{self.host}{port};transport={self.transport}"


@dataclass(frozen=True)
class Account:
    label: str  # which server(s) this account is for: failover, pbx1, pbx2, pbx1+pbx2
    extension: str
    display_name: str
    password: str
    domain: str  # the host part of the address of record
    servers: tuple[Server, ...]  # server 1, and server 2 where the phone has one

    @property
    def aor(self) -> str:
        return f"sip:{self.extension}@{self.domain}"

    @property
    def server(self) -> Server:
        return self.servers[0]


@dataclass(frozen=True)
class SiteNames:
    failover: str  # voip.example.com
    primary: str  # pbx1.example.com
    backup: str  # pbx2.example.com
    sip_port: int

    @classmethod
    def of(cls, config: Config, site: SiteConfig, transport: Transport) -> SiteNames:
        ports = {"udp": site.sip.udp_port, "tcp": site.sip.tcp_port, "tls": site.sip.tls_port}
        return cls(
            config.failover_fqdn(site),
            config.node_fqdn(site, Node.PRIMARY),
            config.node_fqdn(site, Node.BACKUP),
            ports[transport],
        )


def scheme_for(layout: Layout, kind: PhoneKind) -> Scheme:
    """How a phone of `kind` realises `layout` (see the module docstring)."""
    if layout == "backup-server":
        return "server-pair" if kind == "yealink" else "a-record"
    return layout


def accounts_for(
    scheme: Scheme,
    transport: Transport,
    names: SiteNames,
    *,
    extension: str,
    display_name: str,
    password: str,
) -> list[Account]:
    """The accounts one agent's phone gets under a scheme, primary first."""

    def account(label: str, domain: str, *servers: Server) -> Account:
        return Account(label, extension, display_name, password, domain, servers)

    primary = Server(names.primary, names.sip_port, transport)
    backup = Server(names.backup, names.sip_port, transport)
    if scheme == "a-record":
        return [
            account("failover", names.failover, Server(names.failover, names.sip_port, transport))
        ]
    if scheme == "srv":
        return [account("failover", names.failover, Server(names.failover, None, transport))]
    if scheme == "server-pair":
        return [account("pbx1+pbx2", names.failover, primary, backup)]
    return [account("pbx1", names.primary, primary), account("pbx2", names.backup, backup)]
