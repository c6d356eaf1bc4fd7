"""dnsmasq as the zone's authoritative name server for the lab, switched as Route 53 would.

It answers the failover name (A), the per-node names (A) and the SRV records
(`_sip._udp` / `_sip._tcp` under the failover name: priority 10 the primary, 20 the
backup) with the config's TTL, and nothing else: `--local` makes every other name in the
zone NXDOMAIN and no query leaves the machine. `point_failover_at()` rewrites the hosts
file and sends SIGHUP, so the failover name's answer changes at a moment the lab
controls, the way Route 53 changes it when a health check flips.
"""

from __future__ import annotations

import signal
import socket
from dataclasses import dataclass
from pathlib import Path

import dns.exception
import dns.resolver

from tests.lab.processes import LabError, Process, binary, free_port, wait_until


@dataclass(frozen=True)
class ZoneNames:
    zone: str  # example.com
    failover: str  # voip.example.com
    primary: str  # pbx1.example.com
    backup: str  # pbx2.example.com


class LabDns:
    def __init__(
        self,
        names: ZoneNames,
        *,
        address: str,
        primary_address: str,
        backup_address: str,
        sip_port: int,
        ttl: int,
        workdir: Path,
    ) -> None:
        self.names, self.address, self.ttl = names, address, ttl
        self.addresses = {names.primary: primary_address, names.backup: backup_address}
        self.sip_port = sip_port
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.hosts = workdir / "hosts"
        self.port = free_port(address, socket.SOCK_DGRAM)
        self.failover_address = primary_address
        self._write_hosts()
        self._process: Process | None = None

    @property
    def server(self) -> str:
        """HOST:PORT, as baresip's dns_server wants it."""
        return f"{self.address}:{self.port}"

    def resolv_conf(self) -> str:
        """A resolv.conf line for clients that read only that (belle-sip's dns.c syntax)."""
        return f"nameserver [{self.address}]:{self.port}\n"

    def start(self, timeout: float = 5.0) -> LabDns:
        argv = [
            binary("dnsmasq"),
            "--keep-in-foreground",
            f"--port={self.port}",
            f"--listen-address={self.address}",
            "--bind-interfaces",
            "--no-resolv",
            "--no-hosts",
            "--no-negcache",
            f"--local-ttl={self.ttl}",
            f"--local=/{self.names.zone}/",
            f"--addn-hosts={self.hosts}",
            f"--pid-file={self.workdir / 'dnsmasq.pid'}",
            "--log-facility=-",
            "--user=root",
        ]
        for protocol in ("udp", "tcp"):
            for target, priority in ((self.names.primary, 10), (self.names.backup, 20)):
                argv.append(
                    f"--srv-host=_sip._{protocol}.{self.names.failover},{target},"
                    f"{self.sip_port},{priority},10"
                )
        self._process = Process("dnsmasq", argv, self.workdir / "dnsmasq.log")
        try:
            wait_until(
                lambda: self.resolve(self.names.failover) == [self.failover_address],
                timeout,
                f"dnsmasq answering on {self.server}",
            )
        except LabError as err:
            tail = self._process.tail()
            self.stop()
            raise LabError(f"{err}; its log ends:\n{tail}") from None
        return self

    def stop(self) -> None:
        if self._process is not None:
            self._process.stop()
            self._process = None

    def point_failover_at(self, address: str) -> None:
        """Change the failover name's A answer now (hosts file + SIGHUP)."""
        self.failover_address = address
        self._write_hosts()
        if self._process is None:
            raise LabError("dnsmasq is not running")
        self._process.signal_group(signal.SIGHUP)
        wait_until(
            lambda: self.resolve(self.names.failover) == [address],
            5,
            f"dnsmasq answering {self.names.failover} with {address}",
        )

    def resolve(self, name: str, rdtype: str = "A") -> list[str]:
        """The answer the lab's server gives now (empty on any failure)."""
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [self.address]
        resolver.port = self.port
        resolver.lifetime = 0.5
        try:
            answer = resolver.resolve(name, rdtype)
        except (dns.exception.DNSException, OSError):
            return []
        return sorted(record.to_text() for record in answer)

    def _write_hosts(self) -> None:
        lines = [f"{self.failover_address} {self.names.failover}"]
        lines += [f"{address} {name}" for name, address in self.addresses.items()]
        staging = self.hosts.with_suffix(".new")
        staging.write_text("\n".join(lines) + "\n")
        staging.replace(self.hosts)
