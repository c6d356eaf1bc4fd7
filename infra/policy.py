"""One firewall policy for both nodes, as plain data.

`site_policy` turns a site's config into rules: (service, protocol, ports, sources,
description). The `primary` stack renders them as security group ingress rules and the
`backup` stack as `hcloud_firewall` rules; a test proves both renderings allow the same
traffic. Everything not allowed here is denied (both providers deny inbound by default).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum

from infra.config import SSH_PORT, Config, IpNetwork, SiteConfig

# A security group counts a referenced prefix list as its max entries; AWS sets 25 for
# com.amazonaws.<region>.route53-healthchecks. Rules are counted per address family.
ROUTE53_PREFIX_LIST_WEIGHT = 25
# The Route 53 checker ranges reach the Hetzner firewall from the aws_ip_ranges data source
# at plan time; this bound (IPv4 + IPv6 prefixes, with headroom over today's list) stands
# in for them when counting.
ROUTE53_CHECKER_PREFIXES_BOUND = 64

WORLD_V4 = ipaddress.IPv4Network("0.0.0.0/0")
WORLD_V6 = ipaddress.IPv6Network("::/0")
# Addresses no packet from the internet comes from (RFC 6890 special-purpose ranges): a set
# of sources that covers everything else is "the whole internet" in effect.
_NOT_PUBLIC_V4 = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
# IPv6 global unicast, less the documentation prefix.
_PUBLIC_V6 = ipaddress.IPv6Network("2000::/3")
_DOCUMENTATION_V6 = ipaddress.IPv6Network("2001:db8::/32")


class Protocol(StrEnum):
    TCP = "tcp"
    UDP = "udp"
    ICMP = "icmp"  # ICMP for IPv4 sources and ICMPv6 for IPv6 sources


class Service(StrEnum):
    SIP_UDP = "sip-udp"
    SIP_TCP = "sip-tcp"
    SIP_TLS = "sip-tls"
    RTP = "rtp"
    HEALTH = "health"
    SSH = "ssh"
    ICMP = "icmp"


@dataclass(frozen=True)
class PortRange:
    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.low <= port <= self.high


@dataclass(frozen=True)
class Source:
    """A network, or (network None) the Route 53 health checkers' managed ranges.

    `key` is the config key the network comes from, so a finding can name it.
    """

    label: str
    network: IpNetwork | None = None
    key: str = ""

    @property
    def is_route53_checkers(self) -> bool:
        return self.network is None


ROUTE53_HEALTHCHECKERS = Source("route53-healthcheckers")


@dataclass(frozen=True)
class Rule:
    service: Service
    protocol: Protocol
    ports: PortRange | None  # None for ICMP
    sources: tuple[Source, ...]
    description: str

    @property
    def networks(self) -> tuple[IpNetwork, ...]:
        return tuple(s.network for s in self.sources if s.network is not None)

    @property
    def allows_route53_checkers(self) -> bool:
        return any(s.is_route53_checkers for s in self.sources)


def _dedupe(sources: list[Source]) -> tuple[Source, ...]:
    seen: dict[IpNetwork | None, Source] = {}
    for source in sources:
        seen.setdefault(source.network, source)
    return tuple(seen.values())


def _networks(label: str, networks: list[IpNetwork], key: str) -> list[Source]:
    return [Source(label, network, key) for network in networks]


def site_policy(config: Config, site: SiteConfig) -> list[Rule]:
    """The inbound rules of one site's two nodes, in a stable order."""
    at = config.site_key(site)
    signalling, media = [], []
    for index, carrier in enumerate(site.carriers):
        key = f"{at}.carrier[{index}]"
        signalling += _networks(carrier.name, carrier.signalling, f"{key}.signalling")
        media_key = f"{key}.media" if carrier.media else f"{key}.signalling"
        media += _networks(carrier.name, carrier.media_networks, media_key)
    operators = _networks("operators", site.operator_networks, f"{at}.operator_networks")
    admins = _networks("admins", config.admin_networks, "admin_networks")

    sip_sources = _dedupe(signalling + operators)
    anywhere = f"{at}.firewall.rtp_from_anywhere"
    rtp_sources = (
        (Source("anywhere", WORLD_V4, anywhere), Source("anywhere", WORLD_V6, anywhere))
        if site.firewall.rtp_from_anywhere
        else _dedupe(media + operators)
    )
    sip = site.sip
    rules = [
        Rule(
            Service.SIP_UDP,
            Protocol.UDP,
            PortRange(sip.udp_port, sip.udp_port),
            sip_sources,
            "SIP over UDP",
        ),
        Rule(
            Service.SIP_TCP,
            Protocol.TCP,
            PortRange(sip.tcp_port, sip.tcp_port),
            sip_sources,
            "SIP over TCP",
        ),
    ]
    if sip.tls:
        rules.append(
            Rule(
                Service.SIP_TLS,
                Protocol.TCP,
                PortRange(sip.tls_port, sip.tls_port),
                sip_sources,
                "SIP over TLS",
            )
        )
    rules += [
        Rule(Service.RTP, Protocol.UDP, PortRange(*site.rtp_ports), rtp_sources, "RTP media"),
        Rule(
            Service.HEALTH,
            Protocol.TCP,
            PortRange(site.health.port, site.health.port),
            _dedupe([ROUTE53_HEALTHCHECKERS, *admins]),
            "SIP health agent",
        ),
        Rule(Service.SSH, Protocol.TCP, PortRange(SSH_PORT, SSH_PORT), _dedupe(admins), "SSH"),
        Rule(
            Service.ICMP,
            Protocol.ICMP,
            None,
            _dedupe(admins + operators + signalling),
            "ICMP (ping, path MTU discovery)",
        ),
    ]
    return rules


def describe(rule: Rule, source: Source) -> str:
    """A description that AWS and Hetzner both accept (ASCII, no quotes, <= 255)."""
    ports = f" {rule.ports}/{rule.protocol}" if rule.ports else ""
    return f"{rule.description}{ports} from {source.label}"[:255]


def aws_rule_counts(rules: list[Rule]) -> tuple[int, int]:
    """(IPv4, IPv6) rule counts against the security group quota, one per (rule, source)."""
    v4 = v6 = 0
    for rule in rules:
        for source in rule.sources:
            if source.network is None:
                v4 += ROUTE53_PREFIX_LIST_WEIGHT
            elif source.network.version == 4:
                v4 += 1
            else:
                v6 += 1
    return v4, v6


def hetzner_effective_rules(rules: list[Rule]) -> int:
    """Rules as Hetzner counts them against its limit: one per (rule, source network)."""
    total = 0
    for rule in rules:
        total += len(rule.networks)
        if rule.allows_route53_checkers:
            total += ROUTE53_CHECKER_PREFIXES_BOUND
    return total


def _public_v4() -> tuple[ipaddress.IPv4Network, ...]:
    blocks = [WORLD_V4]
    for excluded in _NOT_PUBLIC_V4:
        blocks = [
            part
            for block in blocks
            for part in (block.address_exclude(excluded) if excluded.subnet_of(block) else [block])
        ]
    return tuple(sorted(blocks))


PUBLIC_SPACE: dict[int, tuple[IpNetwork, ...]] = {
    4: _public_v4(),
    6: tuple(_PUBLIC_V6.address_exclude(_DOCUMENTATION_V6)),
}


def covers_public(networks: list[IpNetwork], version: int) -> bool:
    """True when `networks` together hold every public address of IP `version`."""
    union: list[IpNetwork] = list(
        ipaddress.collapse_addresses(net for net in networks if net.version == version)  # type: ignore[type-var]
    )
    for block in PUBLIC_SPACE[version]:
        covered = 0
        for net in union:
            if _within(block, net):
                covered = block.num_addresses
                break
            if _within(net, block):
                covered += net.num_addresses
        if covered < block.num_addresses:
            return False
    return True


def _within(inner: IpNetwork, outer: IpNetwork) -> bool:
    return inner.version == outer.version and inner.subnet_of(outer)  # type: ignore[arg-type]


@dataclass(frozen=True)
class WorldExposure:
    """A rule's sources hold every public address of a family: the service is open to all."""

    version: int
    keys: tuple[str, ...]  # the config keys whose networks do it, the decisive one first


def world_exposures(rule: Rule) -> list[WorldExposure]:
    """Per address family, whether (and by which keys) `rule` admits the whole internet."""
    found = []
    for version in (4, 6):
        by_key: dict[str, list[IpNetwork]] = {}
        for source in rule.sources:
            if source.network is not None and source.network.version == version:
                by_key.setdefault(source.key, []).append(source.network)
        if not covers_public([net for nets in by_key.values() for net in nets], version):
            continue
        alone = [key for key, nets in by_key.items() if covers_public(nets, version)]
        keys = alone[:1] or list(by_key)
        found.append(WorldExposure(version, tuple(keys)))
    return found
