"""Ask the zone's authoritative name servers what they answer for the failover name.

Resolvers cache; the authoritative servers show what Route 53 decided right now. The
servers come from the zone's delegation set, or from `cli.name_servers` in the config or
$PBX_FAILOVER_NAME_SERVERS (comma-separated host[:port]), which win.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from infra.config import split_name_server
from infra.errors import ConfigError

NAME_SERVERS_ENV = "PBX_FAILOVER_NAME_SERVERS"


@dataclass(frozen=True)
class NameServer:
    host: str  # a name or an address
    port: int = 53

    def __str__(self) -> str:
        if self.port == 53:
            return self.host
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


@dataclass(frozen=True)
class NsAnswer:
    server: str
    addresses: frozenset[str]
    error: str | None = None


def parse_name_server(spec: str, *, source: str) -> NameServer:
    """'ns1.example.net', '192.0.2.53', '127.0.0.1:5353' or '[2001:db8::53]:53'."""
    try:
        host, port = split_name_server(spec)
    except ValueError as err:
        raise ConfigError(f"{source}: {err}") from None
    return NameServer(host, port)


def configured_name_servers(from_config: Sequence[str]) -> list[NameServer] | None:
    """The override, if any: the environment first, then the config."""
    from_env = os.environ.get(NAME_SERVERS_ENV, "").strip()
    if from_env:
        specs = [item for item in from_env.split(",") if item.strip()]
        return [parse_name_server(spec, source=NAME_SERVERS_ENV) for spec in specs]
    if from_config:
        return [parse_name_server(spec, source="cli.name_servers") for spec in from_config]
    return None


def query_a(fqdn: str, servers: Sequence[NameServer], *, timeout: float = 2.0) -> list[NsAnswer]:
    """Ask every server at once; each answer or failure is reported, none raises."""
    if not servers:
        return []
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        return list(pool.map(lambda server: _ask(fqdn, server, timeout), servers))


def _ask(fqdn: str, server: NameServer, timeout: float) -> NsAnswer:
    label = str(server)
    try:
        address = _address(server.host)
    except OSError as err:
        return NsAnswer(label, frozenset(), f"cannot resolve {server.host} ({err.strerror})")
    query = dns.message.make_query(fqdn, dns.rdatatype.A)
    query.flags &= ~dns.flags.RD  # an authoritative question, not a recursive one
    try:
        response = dns.query.udp(query, address, timeout=timeout, port=server.port)
        if response.flags & dns.flags.TC:
            response = dns.query.tcp(query, address, timeout=timeout, port=server.port)
    except dns.exception.Timeout:
        return NsAnswer(label, frozenset(), f"no answer within {timeout:.2g} s")
    except (OSError, dns.exception.DNSException) as err:
        return NsAnswer(label, frozenset(), f"query failed ({err})")
    rcode = response.rcode()
    if rcode != dns.rcode.NOERROR:
        return NsAnswer(label, frozenset(), f"answered {dns.rcode.to_text(rcode)}")
    addresses = {
        rdata.to_text()
        for rrset in response.answer
        if rrset.rdtype == dns.rdatatype.A
        for rdata in rrset
    }
    return NsAnswer(label, frozenset(addresses))


def _address(host: str) -> str:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return str(socket.getaddrinfo(host, None, type=socket.SOCK_DGRAM)[0][4][0])
