"""What a phone is told: its accounts per failover scheme, and timers from the failover budget.

Three schemes:

- `a-record`: one account on the failover name with an explicit port, so the phone asks
  only for its A record (RFC 3263 skips SRV when a port is given) and follows Route 53;
- `srv`: one account on the failover name without a port: the phone resolves
  `_sip._<transport>.<failover name>` and tries the primary (priority 10), then the backup;
- `two-accounts`: one account per server (`pbx1`, `pbx2`), both registered all the time.

The timers come from the site's failover budget: Route 53 needs `interval x threshold`
seconds to notice a dead node and resolvers keep the old answer for the TTL, so a phone
that re-registers once per (detection + TTL) has looked the name up again within one more
budget. Asterisk refuses expiries under 60 s unless told otherwise, hence the floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

Scheme = Literal["a-record", "srv", "two-accounts"]
Transport = Literal["udp", "tcp"]
SCHEMES: tuple[Scheme, ...] = ("a-record", "srv", "two-accounts")
TRANSPORTS: tuple[Transport, ...] = ("udp", "tcp")

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


@dataclass(frozen=True)
class PhoneTimers:
    registration_expiry: int  # seconds the phone asks for in REGISTER
    registration_retry: int  # seconds between attempts after a failed registration
    keepalive_interval: int  # seconds between CRLF keepalives (clients that send them)
    tcp_connect_timeout: int  # seconds before a TCP connect counts as failed
    suspect_connection_after: int  # a timeout on a connection silent this long drops it

    @classmethod
    def from_budget(cls, budget: FailoverBudget) -> PhoneTimers:
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
    label: str  # which server this account is for: failover, pbx1, pbx2
    extension: str
    display_name: str
    password: str
    domain: str  # the host part of the address of record
    server: Server

    @property
    def aor(self) -> str:
        return f"sip:{self.extension}@{self.domain}"


@dataclass(frozen=True)
class SiteNames:
    failover: str  # voip.example.com
    primary: str  # pbx1.example.com
    backup: str  # pbx2.example.com
    sip_port: int


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

    def account(label: str, host: str, port: int | None) -> Account:
        return Account(
            label, extension, display_name, password, host, Server(host, port, transport)
        )

    if scheme == "a-record":
        return [account("failover", names.failover, names.sip_port)]
    if scheme == "srv":
        return [account("failover", names.failover, None)]
    return [
        account("pbx1", names.primary, names.sip_port),
        account("pbx2", names.backup, names.sip_port),
    ]


# -- baresip -----------------------------------------------------------------------------


def baresip_accounts(accounts: list[Account], timers: PhoneTimers) -> str:
    """baresip's `accounts` file: one line per account (it holds the passwords)."""
    lines = ["# baresip accounts: one line per account, primary first"]
    for account in accounts:
        transport = account.server.transport
        lines.append(
            f'"{account.display_name}" <{account.aor};transport={transport}>'
            f";auth_user={account.extension};auth_pass={account.password}"
            f';outbound="{account.server.uri}"'
            f";regint={timers.registration_expiry};answermode=manual"
        )
    return "\n".join(lines) + "\n"


# -- Linphone ----------------------------------------------------------------------------

_LPCONFIG = "http://www.linphone.org/xsds/lpconfig.xsd"


def linphone_xml(accounts: list[Account], timers: PhoneTimers) -> str:
    """A Linphone remote-provisioning document (lpconfig.xsd); it holds the passwords."""
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (
            "sip",
            [
                ("default_proxy", "0"),
                ("keepalive_period", str(timers.keepalive_interval * 1000)),
                ("tcp_tls_keepalive", "1"),
                ("transport_timeout", str(timers.tcp_connect_timeout * 1000)),
                ("refresher_retry_after", str(timers.registration_retry * 1000)),
                ("unreliable_connection_timeout", str(timers.suspect_connection_after)),
                # Back to the SRV record's first target as soon as it answers again.
                ("reconnect_to_primary_asap", "1"),
            ],
        ),
        ("net", [("dns_srv_enabled", "1")]),
    ]
    for index, account in enumerate(accounts):
        route = f"<{account.server.uri}>"
        sections.append(
            (
                f"proxy_{index}",
                [
                    ("reg_proxy", route),
                    ("reg_route", route),
                    ("reg_identity", f'"{account.display_name}" <{account.aor}>'),
                    ("reg_expires", str(timers.registration_expiry)),
                    ("reg_sendregister", "1"),
                    ("publish", "0"),
                    ("dial_escape_plus", "0"),
                ],
            )
        )
        sections.append(
            (
                f"auth_info_{index}",
                [
                    ("username", account.extension),
                    ("userid", account.extension),
                    ("passwd", account.password),
                    ("domain", account.domain),
                ],
            )
        )
    body = []
    for name, entries in sections:
        body.append(f'  <section name="{name}">')
        body += [
            f'    <entry name="{key}" overwrite="true">{escape(value)}</entry>'
            for key, value in entries
        ]
        body.append("  </section>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<config xmlns="{_LPCONFIG}">\n' + "\n".join(body) + "\n</config>\n"
    )
