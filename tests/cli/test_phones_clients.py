"""The files `pbxctl phones` writes, loaded by the real clients against two real registrars.

The example's agents 102 (Linphone) and 103 (baresip) get their files from `pbxctl phones`;
linphonec loads the Linphone XML through `[misc] config-uri`, baresip the accounts file.
Two Kamailio stand-ins play pbx1 and pbx2 and dnsmasq answers the example's zone, so the
names in the files (pbx1/pbx2/voip.example.com) resolve to them. With two accounts both
clients register with both servers; with the failover name they follow the DNS answer
(A record) or the SRV records when the primary goes away.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infra.config import Layout, load_config
from infra.pbxctl.app import app
from infra.pbxctl.phones import AgentPhones, plan
from infra.phones import site_timers
from tests.cli.conftest import EXAMPLE
from tests.lab.baresip import BaresipPhone
from tests.lab.dnsmasq import LabDns, ZoneNames
from tests.lab.experiment import LabAddresses
from tests.lab.kamailio import KamailioPbx
from tests.lab.linphone import LinphonePhone
from tests.lab.phone import Network, Phone
from tests.lab.processes import Process, binary, wait_until

PASSWORDS = {f"AGENT_{n}_PASSWORD": f"fake-pass-{n}-lab" for n in (101, 102, 103)}
NAMES = ZoneNames("example.com", "voip.example.com", "pbx1.example.com", "pbx2.example.com")


@dataclass
class Lab:
    pbx1: KamailioPbx
    pbx2: KamailioPbx
    dns: LabDns
    addresses: LabAddresses
    config: Path


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    addresses = LabAddresses.pick(5060)
    pbx1 = KamailioPbx("pbx1", addresses.host(1), tmp_path / "pbx1")
    pbx2 = KamailioPbx("pbx2", addresses.host(2), tmp_path / "pbx2")
    dns = LabDns(
        NAMES,
        address=addresses.host(53),
        primary_address=addresses.host(1),
        backup_address=addresses.host(2),
        sip_port=5060,
        ttl=30,
        workdir=tmp_path / "dns",
    )
    config = tmp_path / "site.toml"
    (tmp_path / "asterisk").symlink_to(EXAMPLE.parent / "asterisk")
    config.write_text(EXAMPLE.read_text())
    try:
        pbx1.start()
        pbx2.start()
        dns.start()
        yield Lab(pbx1, pbx2, dns, addresses, config)
    finally:
        for peer in (pbx1, pbx2, dns):
            peer.stop()


def phones_from_pbxctl(lab: Lab, layout: Layout, out: Path) -> dict[str, tuple[AgentPhones, Phone]]:
    """Run `pbxctl phones`, then build each softphone from the files it wrote."""
    result = CliRunner().invoke(
        app,
        ["--config", str(lab.config), "phones", "--out", str(out), "--layout", layout],
        env=PASSWORDS,
    )
    assert result.exit_code == 0, result.stderr
    config = load_config(lab.config)
    site = config.sites[0]
    timers = site_timers(config, site)
    planned = {p.agent.extension: p for p in plan(config, site, layout=layout, passwords=PASSWORDS)}
    phones: dict[str, tuple[AgentPhones, Phone]] = {}
    for index, extension in enumerate(("102", "103")):
        agent = planned[extension]
        network = Network(
            lab.addresses.host(100 + index), lab.addresses.host(100 + index), lab.dns.server
        )
        workdir = out.parent / f"run-{extension}"
        phone: Phone
        if agent.agent.phone == "linphone":
            xml = (out / "linphone" / f"{extension}.xml").read_text()
            phone = LinphonePhone(agent.accounts, timers, network, workdir, provisioning_xml=xml)
        else:
            accounts = (out / "baresip" / extension / "accounts").read_text()
            phone = BaresipPhone(agent.accounts, timers, network, workdir, accounts_file=accounts)
        phones[extension] = (agent, phone)
    return phones


def both(
    action: Callable[[str, Phone], None], phones: dict[str, tuple[AgentPhones, Phone]]
) -> None:
    """Run `action` for both phones at once (linphonec takes seconds where baresip does not)."""
    errors: list[BaseException] = []

    def run(extension: str, phone: Phone) -> None:
        try:
            action(extension, phone)
        except BaseException as err:  # noqa: BLE001 (re-raised in the test's thread)
            errors.append(err)

    threads = [threading.Thread(target=run, args=(e, p)) for e, (_, p) in phones.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
        assert not thread.is_alive(), "a phone did not finish within 90 s"
    if errors:
        raise errors[0]


def call_until_pbx2(lab: Lab, prefix: str) -> Callable[[str, Phone], None]:
    """An agent's redials: a call in flight when pbx1 died may fail (linphonec says so after
    about 16 s); the next one must reach pbx2, and none may reach pbx1."""

    def call(extension: str, phone: Phone) -> None:
        for attempt in range(3):
            number = f"{prefix}{extension}{attempt}"
            result = phone.call(number, 0, patience=25)
            assert lab.pbx1.answered(number) is None
            if result.established:
                assert lab.pbx2.answered(number) is not None
                return
        raise AssertionError(f"agent {extension} never reached pbx2: {result.reason}")

    return call


def registered_users(pbx: KamailioPbx) -> set[str]:
    return {e.fields["user"] for e in pbx.events_since(0, "REGISTER") if not e.unregister}


@pytest.fixture
def started() -> Iterator[list[Phone]]:
    phones: list[Phone] = []
    yield phones
    for phone in phones:
        phone.stop()


def test_two_accounts_register_with_both_servers(
    lab: Lab, tmp_path: Path, started: list[Phone]
) -> None:
    phones = phones_from_pbxctl(lab, "two-accounts", tmp_path / "out")
    for _, phone in phones.values():
        started.append(phone)
        phone.start()
    both(lambda _, phone: phone.wait_registered(20), phones)
    assert {"102", "103"} <= registered_users(lab.pbx1)
    assert {"102", "103"} <= registered_users(lab.pbx2)

    def call_on_each(extension: str, phone: Phone) -> None:
        for index, pbx in enumerate((lab.pbx1, lab.pbx2)):
            number = f"8{extension}{index}"
            result = phone.call(number, index, patience=15)
            assert result.established, result.reason
            assert pbx.answered(number) is not None, f"{pbx.node} did not answer {number}"

    both(call_on_each, phones)


def test_the_failover_name_follows_the_dns_answer(
    lab: Lab, tmp_path: Path, started: list[Phone]
) -> None:
    """backup-server for softphones: the failover name with a port, so A records only."""
    phones = phones_from_pbxctl(lab, "backup-server", tmp_path / "out")
    for agent, phone in phones.values():
        assert [a.server.uri for a in agent.accounts] == ["sip:voip.example.com:5060;transport=tcp"]
        started.append(phone)
        phone.start()
    both(lambda _, phone: phone.wait_registered(20), phones)
    assert {"102", "103"} <= registered_users(lab.pbx1)
    assert not {"102", "103"} & registered_users(lab.pbx2)

    # pbx1 crashes and Route 53 answers with pbx2: each agent's next call reaches pbx2.
    lab.pbx1.crash()
    lab.dns.point_failover_at(lab.addresses.host(2))

    both(call_until_pbx2(lab, "7"), phones)


def test_srv_moves_to_the_second_target_when_the_first_refuses(
    lab: Lab, tmp_path: Path, started: list[Phone]
) -> None:
    phones = phones_from_pbxctl(lab, "srv", tmp_path / "out")
    for agent, phone in phones.values():
        assert [a.server.uri for a in agent.accounts] == ["sip:voip.example.com;transport=tcp"]
        started.append(phone)
        phone.start()
    both(lambda _, phone: phone.wait_registered(20), phones)
    assert {"102", "103"} <= registered_users(lab.pbx1)  # priority 10 first

    lab.pbx1.crash()  # DNS unchanged: the SRV records still list pbx1 first
    both(call_until_pbx2(lab, "6"), phones)


def test_the_written_baresip_config_loads_every_module(lab: Lab, tmp_path: Path) -> None:
    out = tmp_path / "out"
    phones_from_pbxctl(lab, "two-accounts", out)
    folder = tmp_path / "desktop"
    folder.mkdir()
    (folder / "config").write_text((out / "baresip" / "103" / "config").read_text())
    (folder / "accounts").write_text("")  # the accounts are the other test's business
    process = Process(
        "baresip", [binary("baresip"), "-f", str(folder)], folder / "log", stdin=subprocess.PIPE
    )
    try:
        wait_until(lambda: "baresip is ready." in process.tail(50), 10, "baresip starting")
        log = process.tail(50)
    finally:
        process.stop()
    assert "No such file or directory" not in log, log
    for codec in ("PCMU/8000/1", "G722/16000/1", "opus/48000/2"):
        assert f"aucodec: {codec}" in log


def test_one_account_layouts_clear_a_second_linphone_account(lab: Lab, tmp_path: Path) -> None:
    """A Linphone keeps accounts a document does not mention; ours clears the second."""
    phones = phones_from_pbxctl(lab, "srv", tmp_path / "out")
    _, phone = phones["102"]
    assert isinstance(phone, LinphonePhone)
    # The phone still has the two-account layout's second account from before.
    with phone.rc.open("a") as rc:
        rc.write("[proxy_1]\nreg_proxy=<sip:pbx2.example.com:5060;transport=tcp>\n")
        rc.write('reg_identity="Desk 102" <sip:102@pbx2.example.com>\nreg_sendregister=0\n')
    phone.start()
    try:
        phone.wait_registered(20)
        listing = phone.command_output("proxy list")
    finally:
        phone.stop()
    assert listing.count("sip address:") == 1, listing
