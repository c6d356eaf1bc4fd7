"""The worst-case failover time a config implies, term by term, with where each comes from.

Two parts: how long until DNS answers with the backup (Route 53 by itself, or an engineer
with `pbxctl promote`), and how long the site's phones then take to place a call the backup
answers. The phones' part is measured, not assumed: `scripts/clientlab` runs real SIP
clients against a dead primary (crashed, hung, vanished) and `scripts/clientlab --publish`
writes the results into `client_failover.json` beside this module, which names when and
with what it measured. Phones on the failover name's A record wait for DNS; phones with
SRV records or a second account do not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from infra.config import Config, Layout, PhoneKind, SiteConfig
from infra.naming import Node
from infra.phones import Scheme, scheme_for, site_timers

# Route 53 publishes no bound for a calculated check to follow its children and for the
# name servers to follow the check; `pbxctl drill` measures it on a live deployment.
AGGREGATION_SECONDS = 30
# pbxctl's own work in a manual promote: a few API round trips and one SIP probe.
MANUAL_COMMAND_SECONDS = 5
# RFC 3261 Timer F/B (64 x T1): how long a phone waits for an answer before it gives up.
SIP_TRANSACTION_TIMEOUT = 32
MEASUREMENTS = "client_failover.json"
MEASURED_CLIENTS = {"baresip": "baresip", "linphone": "linphone"}


@dataclass(frozen=True)
class Term:
    name: str
    seconds: float
    basis: str


@dataclass(frozen=True)
class Estimate:
    title: str
    terms: list[Term]

    @property
    def total(self) -> float:
        return sum(term.seconds for term in self.terms)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "total_seconds": self.total,
            "terms": [
                {"name": term.name, "seconds": term.seconds, "basis": term.basis}
                for term in self.terms
            ],
        }


@dataclass(frozen=True)
class PhoneTerm:
    """How long one group of the site's phones takes once the primary is dead."""

    agents: list[str]
    phone: str
    layout: str
    scheme: Scheme
    transport: str
    waits_for_dns: bool  # the a-record scheme: counted from the DNS switch, not the failure
    typical: float  # seconds: the median of the slowest failure kind
    worst: float  # seconds: the slowest run of any failure kind
    at_least: bool  # some run never made it within the lab's bound: worst is a lower bound
    basis: str

    def total(self, dns: Estimate) -> float:
        return self.worst + (dns.total if self.waits_for_dns else 0)

    def to_dict(self, automatic: Estimate, manual: Estimate) -> dict[str, Any]:
        return {
            "agents": self.agents,
            "phone": self.phone,
            "layout": self.layout,
            "scheme": self.scheme,
            "transport": self.transport,
            "waits_for_dns": self.waits_for_dns,
            "typical_seconds": self.typical,
            "worst_seconds": self.worst,
            "at_least": self.at_least,
            "basis": self.basis,
            "total_automatic_seconds": self.total(automatic),
            "total_manual_seconds": self.total(manual),
        }


@dataclass(frozen=True)
class RtoReport:
    site: str
    automatic: Estimate
    manual: Estimate
    phones: list[PhoneTerm]
    source: str
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "automatic": self.automatic.to_dict(),
            "manual": self.manual.to_dict(),
            "phones": [term.to_dict(self.automatic, self.manual) for term in self.phones],
            "phones_source": self.source,
            "notes": self.notes,
        }


@cache
def measurements() -> dict[str, Any]:
    """The committed results of the client lab (written by `scripts/clientlab --publish`)."""
    text = resources.files("infra.pbxctl").joinpath(MEASUREMENTS).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def describe_source(data: dict[str, Any]) -> str:
    versions = ", ".join(f"{name} {data['versions'][name]}" for name in ("baresip", "linphonec"))
    modes = sorted({row["mode"] for row in data["terms"]})
    return (
        f"infra/pbxctl/{MEASUREMENTS}, measured {data['measured_at'][:10]} by scripts/clientlab "
        f"({versions}; {data['lab']['runs']} runs per case; the primary failed by "
        f"{', '.join(modes)}; registration expiry {data['timers']['registration_expiry_s']} s)"
    )


def _measured(
    data: dict[str, Any], client: str, scheme: Scheme, transport: str
) -> tuple[float, float, bool] | None:
    """(typical, worst, at_least) over the failure kinds, or None if never measured."""
    key = "after_dns_switch" if scheme == "a-record" else "failover"
    rows = [
        row[key]
        for row in data["terms"]
        if (row["client"], row["scheme"], row["transport"]) == (client, scheme, transport)
        and row[key].get("n")
    ]
    if not rows:
        return None
    typical = max(row["median"] for row in rows)
    worst = max(row["max"] for row in rows)
    return typical, worst, any(row["censored"] for row in rows)


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value < 10 else f"{value:.0f} s"


def phone_terms(config: Config, site: SiteConfig) -> list[PhoneTerm]:
    """One term per (phone, layout) group of the site's agents."""
    data = measurements()
    transport = site.phones.transport
    # TLS fails over like TCP (a connect failure); the lab measures TCP.
    measured_transport = "tcp" if transport == "tls" else transport
    groups: dict[tuple[PhoneKind, Layout], list[str]] = {}
    for agent in site.agents:
        groups.setdefault((agent.phone, site.agent_layout(agent)), []).append(agent.extension)
    terms = []
    for (phone, layout), agents in groups.items():
        scheme = scheme_for(layout, phone)
        waits = scheme == "a-record"
        found = (
            _measured(data, MEASURED_CLIENTS[phone], scheme, measured_transport)
            if phone in MEASURED_CLIENTS
            else None
        )
        if found is None:
            typical = worst = float(SIP_TRANSACTION_TIMEOUT)
            at_least = False
            basis = (
                f"assumed, not measured (the lab has no {phone}): one SIP transaction timeout "
                f"({SIP_TRANSACTION_TIMEOUT} s) on the dead server before the other one"
            )
        else:
            typical, worst, at_least = found
            since = "after DNS answers the backup" if waits else "after the failure"
            bound = "more than " if at_least else ""
            basis = f"measured {since}: typical {_seconds(typical)}, worst {bound}{_seconds(worst)}"
        terms.append(
            PhoneTerm(
                agents=agents,
                phone=phone,
                layout=layout,
                scheme=scheme,
                transport=transport,
                waits_for_dns=waits,
                typical=typical,
                worst=worst,
                at_least=at_least,
                basis=basis,
            )
        )
    return terms


def estimate(config: Config, site: SiteConfig) -> RtoReport:
    health, ttl = site.health, config.dns.ttl
    aggregation = Term(
        "aggregation",
        AGGREGATION_SECONDS,
        "calculated checks follow their children and the name servers follow the checks "
        "(assumed; Route 53 publishes no bound, `pbxctl drill` measures it)",
    )
    caches = Term("DNS caches", ttl, f"resolvers may keep the old answer for the TTL ({ttl} s)")
    automatic = Estimate(
        "node fails, Route 53 moves the failover name by itself",
        [
            Term(
                "detection",
                health.interval * health.failure_threshold,
                f"{health.failure_threshold} failed checks in a row, every {health.interval} s",
            ),
            aggregation,
            caches,
        ],
    )
    manual = Estimate(
        "an engineer runs `pbxctl promote --yes`",
        [
            Term(
                "pbxctl",
                MANUAL_COMMAND_SECONDS,
                "preflight API calls, one SIP probe and the switch update (typical)",
            ),
            aggregation,
            caches,
        ],
    )
    data = measurements()
    phones = phone_terms(config, site)
    notes = [
        "Phones on the failover name's A record (backup-server on softphones) wait for DNS: "
        "their total adds the DNS part above. SRV and two-account phones do not: "
        f"{config.node_fqdn(site, Node.BACKUP)} is reachable for them at once.",
        "Inbound calls follow the carriers' own forwarding (primary, then backup), not DNS.",
        "Calls in progress on a failed node are lost; only new calls move.",
        "The time to decide to promote is not included in the manual estimate.",
    ]
    if not site.agents:
        notes.insert(0, "The site lists no [[site.agent]]: no phone term (docs/phones.md).")
    expiry = site_timers(config, site).registration_expiry
    measured_expiry = data["timers"]["registration_expiry_s"]
    if expiry != measured_expiry:
        notes.insert(
            0,
            f"This site's phones re-register every {expiry} s; the lab measured with "
            f"{measured_expiry} s. Cases bound by re-registration scale with it.",
        )
    return RtoReport(
        site=site.name,
        automatic=automatic,
        manual=manual,
        phones=phones,
        source=describe_source(data),
        notes=notes,
    )
