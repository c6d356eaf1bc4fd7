"""The client lab's parts work: dnsmasq answers the zone, both Kamailio stand-ins take
registrations and calls from a real baresip and a real linphonec, and one measured
failover (a crash over TCP, where baresip moves at once) runs end to end.

The full measurement is a benchmark (`scripts/clientlab`), not a test.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import dns.resolver
import pytest

from infra.phones import FailoverBudget, PhoneTimers, SiteNames, accounts_for
from tests.lab.baresip import BaresipPhone
from tests.lab.dnsmasq import LabDns, ZoneNames
from tests.lab.experiment import LabAddresses, LabSite, RunPlan, run_once
from tests.lab.kamailio import KamailioPbx
from tests.lab.linphone import LinphonePhone
from tests.lab.phone import Network, Phone

NAMES = ZoneNames("example.com", "voip.example.com", "pbx1.example.com", "pbx2.example.com")
TIMERS = PhoneTimers.from_budget(FailoverBudget(detection=30, ttl=30, check_interval=10))


@pytest.fixture
def addresses() -> LabAddresses:
    return LabAddresses.pick(5060)


@pytest.fixture
def servers(addresses: LabAddresses, tmp_path: Path) -> Iterator[tuple[KamailioPbx, KamailioPbx]]:
    pbx1 = KamailioPbx("pbx1", addresses.host(1), tmp_path / "pbx1")
    pbx2 = KamailioPbx("pbx2", addresses.host(2), tmp_path / "pbx2")
    try:
        yield pbx1.start(), pbx2.start()
    finally:
        pbx1.stop()
        pbx2.stop()


def test_dnsmasq_answers_a_and_srv_with_the_ttl_and_switches(
    addresses: LabAddresses, tmp_path: Path
) -> None:
    primary, backup = addresses.host(1), addresses.host(2)
    server = LabDns(
        NAMES,
        address=addresses.host(53),
        primary_address=primary,
        backup_address=backup,
        sip_port=5060,
        ttl=30,
        workdir=tmp_path,
    ).start()
    try:
        assert server.resolve("voip.example.com") == [primary]
        assert server.resolve("pbx1.example.com") == [primary]
        assert server.resolve("pbx2.example.com") == [backup]
        for protocol in ("udp", "tcp"):
            assert server.resolve(f"_sip._{protocol}.voip.example.com", "SRV") == [
                "10 10 5060 pbx1.example.com.",
                "20 10 5060 pbx2.example.com.",
            ]
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers, resolver.port = [addresses.host(53)], server.port
        for name, rdtype in (("voip.example.com", "A"), ("_sip._udp.voip.example.com", "SRV")):
            rrset = resolver.resolve(name, rdtype).rrset
            assert rrset is not None and rrset.ttl == 30
        with pytest.raises(dns.resolver.NXDOMAIN):  # nothing else, and nothing forwarded
            resolver.resolve("www.example.com", "A")

        server.point_failover_at(backup)
        assert server.resolve("voip.example.com") == [backup]
        assert server.resolve("pbx1.example.com") == [primary]
    finally:
        server.stop()


@pytest.mark.parametrize("client", ["baresip", "linphone"])
def test_both_kamailios_take_registrations_and_calls_from_a_real_client(
    client: str,
    servers: tuple[KamailioPbx, KamailioPbx],
    addresses: LabAddresses,
    tmp_path: Path,
) -> None:
    pbx1, pbx2 = servers
    names = SiteNames(pbx1.address, pbx1.address, pbx2.address, 5060)
    accounts = accounts_for(
        "two-accounts", "udp", names, extension="201", display_name="Agent 201", password="fake"
    )
    network = Network(addresses.host(100), addresses.host(100), dns_server=None)
    phone: Phone = (
        BaresipPhone(accounts, TIMERS, network, tmp_path / client)
        if client == "baresip"
        else LinphonePhone(accounts, TIMERS, network, tmp_path / client)
    )
    phone.start()
    try:
        phone.wait_registered(15)
        for pbx in servers:
            registers = [e for e in pbx.events_since(0, "REGISTER") if e.fields["user"] == "201"]
            assert registers, f"{pbx.node} saw no REGISTER from {client}"
            assert (
                "expires=60" in registers[0].fields["contact"]
                or registers[0].fields["expires"] == "60"
            )
        for index, pbx in enumerate(servers):
            number = f"90{index}{client == 'linphone':d}"
            result = phone.call(number, index, patience=10)
            assert result.established, result.reason
            assert pbx.answered(number) is not None
    finally:
        phone.stop()


def test_one_measured_failover_and_failback(addresses: LabAddresses, tmp_path: Path) -> None:
    """A crash over TCP with two accounts: baresip sees the refusal and moves at once."""
    site = LabSite(NAMES, 5060, FailoverBudget(detection=30, ttl=30, check_interval=10))
    plan = RunPlan(
        transport="tcp",
        mode="crash",
        clients=("baresip",),
        schemes=("two-accounts",),
        dns_delay=0,
        patience=10,
        max_wait=15,
        probe_gap=1,
        stagger=False,
    )
    samples = run_once(site, plan, tmp_path, rng=random.Random(0), addresses=addresses)
    assert [(s.client, s.scheme) for s in samples] == [("baresip", "two-accounts")]
    for sample in samples:
        answered = [a["answered_by"] for a in sample.failover.attempts]
        assert sample.failover.seconds is not None, sample.failover.attempts
        assert answered[-1] == "pbx2" and "pbx1" not in answered
        assert sample.failback.seconds is not None, sample.failback.attempts
        assert sample.failback.attempts[-1]["answered_by"] == "pbx1"
