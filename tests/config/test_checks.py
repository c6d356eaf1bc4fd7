"""The checks behind the corpus, in process: world coverage, host names, domains."""

from __future__ import annotations

import ipaddress
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra.config import domain_problem, split_name_server
from infra.naming import AGENT_PATH_PREFIX
from infra.node.health_agent import TREE_PATH
from infra.policy import PUBLIC_SPACE, covers_public


def _split(
    network: ipaddress.IPv4Network, depth: int, draw: st.DrawFn
) -> list[ipaddress.IPv4Network]:
    """`network` cut into pieces at random, down to `depth` more prefix bits."""
    if depth == 0 or not draw(st.booleans()):
        return [network]
    low, high = network.subnets(prefixlen_diff=1)
    return _split(low, depth - 1, draw) + _split(high, depth - 1, draw)


@st.composite
def public_v4_in_pieces(draw: st.DrawFn) -> list[ipaddress.IPv4Network]:
    return [piece for block in PUBLIC_SPACE[4] for piece in _split(block, 3, draw)]  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(public_v4_in_pieces(), st.randoms())
def test_any_split_of_the_public_space_covers_it(
    pieces: list[ipaddress.IPv4Network], rnd: random.Random
) -> None:
    rnd.shuffle(pieces)
    assert covers_public(list(pieces), 4)
    missing = pieces.pop(rnd.randrange(len(pieces)))
    assert not covers_public(list(pieces), 4), f"without {missing}"


@pytest.mark.parametrize(
    ("networks", "version", "covered"),
    [
        (["0.0.0.0/0"], 4, True),
        (["0.0.0.0/1", "128.0.0.0/1"], 4, True),
        (["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"], 4, True),  # all but 224/3: not public
        (["0.0.0.0/1", "128.0.0.0/2"], 4, False),
        (["::/0"], 6, True),
        (["2000::/3"], 6, True),
        (["2000::/4", "3000::/4"], 6, True),
        (["2000::/4"], 6, False),
        (["0.0.0.0/0"], 6, False),  # the other family
        (["10.0.0.0/8", "192.168.0.0/16"], 4, False),
    ],
)
def test_covers_public(networks: list[str], version: int, covered: bool) -> None:
    nets = [ipaddress.ip_network(net) for net in networks]
    assert covers_public(nets, version) is covered


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("ns1.example.net", ("ns1.example.net", 53)),
        ("ns1.example.net.", ("ns1.example.net.", 53)),
        ("192.0.2.53:5353", ("192.0.2.53", 5353)),
        ("[2001:db8::53]:5300", ("2001:db8::53", 5300)),
        ("2001:db8::53", ("2001:db8::53", 53)),
        ("ns1.xn--p1ai", ("ns1.xn--p1ai", 53)),
    ],
)
def test_name_servers_accepted(spec: str, expected: tuple[str, int]) -> None:
    assert split_name_server(spec) == expected


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("ns1.example.net:0", "bad port"),
        ("ns1.example.net:99999", "bad port"),
        ("ns1.example.net:\uff15\uff13", "bad port"),  # fullwidth digits: digits to Python only
        ("ns1.example.net:", "empty port"),
        ("ns1..example.net", "neither an IP address nor a host name"),
        ("n" * 64 + ".example.net", "neither an IP address nor a host name"),
        (":53", "names no host"),
        ("[ns1.example.net]:53", "no IPv6 address"),
        ("[2001:db8::53]x", "not host, host:port"),
        ("192.0.2.300", "not a valid IP address"),
        ("ns1.exämple.net", "punycode"),
    ],
)
def test_name_servers_refused(spec: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        split_name_server(spec)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("example.com", None),
        ("example.xn--p1ai", None),
        ("xn--e1afmkfd.xn--p1ai", None),
        ("example.xn--", "not a domain name"),
        ("example.c0m", "not a top-level domain"),
        ("example", "not a domain name"),
        ("a..example.com", "not a domain name"),
        ("-a.example.com", "not a domain name"),
        ("пример.рф", "punycode"),
        (".".join(["a" * 63] * 4) + ".com", "over DNS's 253"),
    ],
)
def test_domains(name: str, problem: str | None) -> None:
    found = domain_problem(name)
    assert found is None if problem is None else problem in (found or ""), found


def test_the_agents_own_paths_are_under_the_reserved_prefix() -> None:
    """health.path may not be under AGENT_PATH_PREFIX; the agent's endpoints must be."""
    assert TREE_PATH.startswith(AGENT_PATH_PREFIX)
