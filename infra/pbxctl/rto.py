"""The worst-case failover time a config implies, term by term, with its assumptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infra.config import Config, SiteConfig
from infra.naming import Node

# Route 53 publishes no bound for a calculated check to follow its children and for the
# name servers to follow the check; `pbxctl drill` measures it on a live deployment.
AGGREGATION_SECONDS = 30
# pbxctl's own work in a manual promote: a few API round trips and one SIP probe.
MANUAL_COMMAND_SECONDS = 5
# RFC 3261 Timer F/B (64 x T1): how long a phone tries pbx1 before its SRV fallback to pbx2.
SIP_TRANSACTION_TIMEOUT = 32


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
class RtoReport:
    site: str
    automatic: Estimate
    manual: Estimate
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "automatic": self.automatic.to_dict(),
            "manual": self.manual.to_dict(),
            "notes": self.notes,
        }


def estimate(config: Config, site: SiteConfig) -> RtoReport:
    health, ttl = site.health, config.dns.ttl
    registration = site.sip.registration_interval
    aggregation = Term(
        "aggregation",
        AGGREGATION_SECONDS,
        "calculated checks follow their children and the name servers follow the checks "
        "(assumed; Route 53 publishes no bound, `pbxctl drill` measures it)",
    )
    caches = Term("DNS caches", ttl, f"resolvers may keep the old answer for the TTL ({ttl} s)")
    reregister = Term(
        "re-registration",
        registration,
        f"phones look the name up again when they re-register (every {registration} s)",
    )
    automatic = Estimate(
        "node fails, Route 53 moves traffic by itself",
        [
            Term(
                "detection",
                health.interval * health.failure_threshold,
                f"{health.failure_threshold} failed checks in a row, every {health.interval} s",
            ),
            aggregation,
            caches,
            reregister,
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
            reregister,
        ],
    )
    notes = [
        "Phones that use the SRV records (_sip._udp etc.) try "
        f"{config.node_fqdn(site, Node.BACKUP)} as soon as a request to "
        f"{config.node_fqdn(site, Node.PRIMARY)} times out "
        f"(about {SIP_TRANSACTION_TIMEOUT} s, RFC 3261 Timer F), without waiting for DNS.",
        "Phones with a second account on the backup keep working without any DNS change.",
        "Inbound calls follow the carriers' own forwarding (primary, then backup), not DNS.",
        "Calls in progress on a failed node are lost; only new calls move.",
        "The time to decide to promote is not included in the manual estimate.",
    ]
    return RtoReport(site=site.name, automatic=automatic, manual=manual, notes=notes)
