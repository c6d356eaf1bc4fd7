"""One policy, two renderings: the security group and the Hetzner firewall allow the same."""

from __future__ import annotations

import ipaddress
import itertools

import pytest

from infra.config import load_config
from infra.policy import Service, site_policy
from tests.conftest import EXAMPLE, Synth
from tests.support.firewall_eval import (
    ROUTE53_CHECKER_SAMPLE,
    IpAddress,
    Probe,
    aws_allows,
    hetzner_allows,
)

CONFIG = load_config(EXAMPLE)
SITE = CONFIG.sites[0]
OUTSIDER_V4 = ipaddress.ip_address("100.64.7.9")  # in none of the example's networks
OUTSIDER_V6 = ipaddress.ip_address("2001:db8:ffff::9")


def _edges(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> list[IpAddress]:
    """First and last address inside, and the addresses just outside, of a network."""
    inside = [network.network_address, network.broadcast_address]
    outside = []
    if int(network.network_address) > 0:
        outside.append(network.network_address - 1)
    if int(network.broadcast_address) < (2**network.max_prefixlen) - 1:
        outside.append(network.broadcast_address + 1)
    return inside + outside


def _sources() -> list[IpAddress]:
    networks = list(CONFIG.admin_networks) + list(SITE.operator_networks)
    for carrier in SITE.carriers:
        networks += list(carrier.signalling) + list(carrier.media_networks)
    networks += list(ROUTE53_CHECKER_SAMPLE)
    addresses = {address for network in networks for address in _edges(network)}
    return sorted(addresses | {OUTSIDER_V4, OUTSIDER_V6}, key=lambda a: (a.version, int(a)))


def _ports() -> list[int]:
    low, high = SITE.rtp_ports
    ports = {
        22,
        80,
        443,
        5059,
        5062,
        SITE.sip.udp_port,
        SITE.sip.tcp_port,
        SITE.sip.tls_port,
        SITE.health.port,
        SITE.health.port + 1,
        low - 1,
        low,
        (low + high) // 2,
        high,
        high + 1,
    }
    return sorted(ports)


PROBES = [
    Probe(protocol, port, source)
    for (protocol, port), source in itertools.product(
        [(p, port) for p in ("tcp", "udp") for port in _ports()] + [("icmp", None)], _sources()
    )
]


def test_probe_matrix_is_substantial() -> None:
    assert len(PROBES) > 1000


def test_both_renderings_allow_exactly_the_same(synth: Synth) -> None:
    primary = synth.stack("callcenter-primary")
    backup = synth.stack("callcenter-backup")
    differences = [
        f"{probe}: aws={aws} hetzner={hetzner}"
        for probe in PROBES
        if (aws := aws_allows(primary, probe)) != (hetzner := hetzner_allows(backup, probe))
    ]
    assert differences == []


def _allowed(synth: Synth, protocol: str, port: int | None, source: str) -> bool:
    probe = Probe(protocol, port, ipaddress.ip_address(source))
    aws = aws_allows(synth.stack("callcenter-primary"), probe)
    assert aws == hetzner_allows(synth.stack("callcenter-backup"), probe), str(probe)
    return aws


@pytest.mark.parametrize(
    ("protocol", "port", "source", "expected"),
    [
        ("udp", 5060, "198.51.100.1", True),  # carrier-a signalling
        ("tcp", 5061, "198.51.100.130", True),  # carrier-b signalling, TLS
        ("udp", 5060, "2001:db8:cb::1", True),  # carrier-b over IPv6
        ("udp", 5060, "192.0.2.10", True),  # operators' phones
        ("udp", 5060, "198.51.100.77", False),  # carrier-a media network only, not signalling
        ("udp", 5060, "100.64.7.9", False),  # SIP from elsewhere
        ("tcp", 22, "203.0.113.5", True),  # SSH from admins
        ("tcp", 22, "2001:db8:ad::5", True),
        ("tcp", 22, "192.0.2.10", False),  # not from operators
        ("tcp", 22, "198.51.100.1", False),  # not from carriers
        ("tcp", 8080, "15.177.1.1", True),  # health port from Route 53 checkers
        ("tcp", 8080, "2600:1f14:7ff:f801::1", True),
        ("tcp", 8080, "203.0.113.5", True),  # and from admins
        ("tcp", 8080, "192.0.2.10", False),  # nobody else
        ("udp", 15000, "198.51.100.77", True),  # RTP from carrier-a media
        ("udp", 10000, "192.0.2.10", True),  # RTP from operators
        ("udp", 20001, "198.51.100.77", False),  # outside the RTP range
        ("udp", 15000, "100.64.7.9", False),  # RTP from elsewhere (rtp_from_anywhere off)
        ("icmp", None, "203.0.113.5", True),
        ("icmp", None, "100.64.7.9", False),
    ],
)
def test_expected_answers(
    synth: Synth, protocol: str, port: int | None, source: str, expected: bool
) -> None:
    assert _allowed(synth, protocol, port, source) is expected


def test_policy_has_every_service() -> None:
    services = {rule.service for rule in site_policy(CONFIG, SITE)}
    assert services == set(Service)
