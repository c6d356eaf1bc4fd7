"""One measured failover and failback with real phones: the primary dies, agents keep calling.

A run starts both PBX stand-ins and the DNS server, then one phone per (client, scheme),
each at a random moment within one registration interval so that the failure hits every
phone at a random point of its re-registration cycle. After one call that the primary
answers, the primary fails (crash, hang or vanish) and every agent keeps calling:

- an attempt lasts until the client says the call was answered or failed, or until the
  agent's patience runs out (then the agent hangs up); the agent redials after a second;
- with two accounts the agent dials on the first account the phone shows as registered
  (pbx1 before pbx2) and, after a failed attempt, on the other one;
- the lab switches the failover name's A record to the backup `dns_delay` seconds after
  the failure, as Route 53 would after its detection time.

Failover time: from the failure to the end of the first attempt that the backup
answered. Failback: the primary comes back (and DNS `dns_delay` later); agents call
every `probe_gap` seconds until the primary answers one. Both are bounded by `max_wait`;
a phone that did not make it is recorded as censored at the bound.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from infra.config import Transport
from infra.phones import FailoverBudget, PhoneTimers, Scheme, SiteNames, accounts_for
from tests.lab.baresip import BaresipPhone
from tests.lab.dnsmasq import LabDns, ZoneNames
from tests.lab.kamailio import KamailioPbx
from tests.lab.linphone import LinphonePhone
from tests.lab.netns import VanishingHost
from tests.lab.phone import CallResult, Network, Phone
from tests.lab.processes import LabError, port_free

Mode = Literal["crash", "hang", "vanish"]
MODES: tuple[Mode, ...] = ("crash", "hang", "vanish")
CLIENTS = ("baresip", "linphone")
# What the lab measures: softphones' schemes (Yealink's server pair needs a Yealink), and the
# transports that need no certificates.
SCHEMES: tuple[Scheme, ...] = ("a-record", "srv", "two-accounts")
TRANSPORTS: tuple[Transport, ...] = ("udp", "tcp")
LAB_PASSWORD = "lab-password-not-secret"  # the stand-ins do not authenticate
REDIAL_PAUSE = 1.0


@dataclass(frozen=True)
class LabSite:
    """The names and timings of the site under test (from the config)."""

    names: ZoneNames
    sip_port: int
    budget: FailoverBudget

    @property
    def site_names(self) -> SiteNames:
        return SiteNames(self.names.failover, self.names.primary, self.names.backup, self.sip_port)


@dataclass(frozen=True)
class RunPlan:
    transport: Transport
    mode: Mode
    clients: tuple[str, ...]
    schemes: tuple[Scheme, ...]
    dns_delay: float  # seconds from the failure (or the return) to the DNS switch
    patience: float  # seconds an agent waits for an answer before hanging up
    max_wait: float  # bound of each phase, seconds
    probe_gap: float  # seconds between failback calls
    stagger: bool = True  # start phones at random moments within one expiry


@dataclass
class Phase:
    seconds: float | None = None  # from the failure (or return) to the first good call
    after_dns_switch: float | None = None
    attempts: list[dict[str, Any]] = field(default_factory=list)
    registered_at_backup: float | None = (
        None  # first REGISTER the backup took (one-account schemes)
    )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Sample:
    client: str
    scheme: Scheme
    transport: Transport
    mode: Mode
    extension: str
    registration_phase: float  # seconds between the phone's first registration and the failure
    failover: Phase = field(default_factory=Phase)
    failback: Phase = field(default_factory=Phase)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failover"], data["failback"] = self.failover.to_dict(), self.failback.to_dict()
        return data


@dataclass(frozen=True)
class LabAddresses:
    """127.0.<block>.x: pbx1 .1, pbx2 .2, DNS .53, phones from .100."""

    block: int

    def host(self, last: int) -> str:
        return f"127.0.{self.block}.{last}"

    @classmethod
    def pick(cls, sip_port: int, preferred: int | None = None) -> LabAddresses:
        """A block whose pbx addresses have `sip_port` free (another lab may be running)."""
        candidates = [preferred] if preferred is not None else random.sample(range(10, 250), 40)
        for block in candidates:
            chosen = cls(block)
            if all(port_free(chosen.host(n), sip_port) for n in (1, 2)):
                return chosen
        raise LabError(
            f"port {sip_port} is taken on the lab's addresses (127.0.{candidates[0]}.1/.2): "
            "is another client lab running?"
        )


def timers_for(site: LabSite) -> PhoneTimers:
    """What `pbxctl phones` writes for this budget (the site's explicit expiry aside)."""
    return PhoneTimers.from_budget(site.budget)


class Lab:
    """The peers of one run; use as a context manager so everything is stopped."""

    def __init__(
        self, site: LabSite, plan: RunPlan, workdir: Path, addresses: LabAddresses
    ) -> None:
        self.site, self.plan, self.workdir, self.addresses = site, plan, workdir, addresses
        self.timers = timers_for(site)
        self.host: VanishingHost | None = None
        self.pbx1: KamailioPbx | None = None
        self.pbx2: KamailioPbx | None = None
        self.dns: LabDns | None = None
        self.phones: list[Phone] = []
        self._numbers = itertools.count(7_000_000)
        self._number_lock = threading.Lock()

    def __enter__(self) -> Lab:
        try:
            self._start_servers()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start_servers(self) -> None:
        primary_address = self.addresses.host(1)
        netns = None
        if self.plan.mode == "vanish":
            self.host = VanishingHost(str(os.getpid())).create()
            primary_address, netns = self.host.inner_address, self.host.name
        port = self.site.sip_port
        self.pbx1 = KamailioPbx(
            "pbx1", primary_address, self.workdir / "pbx1", port=port, netns=netns
        ).start()
        self.pbx2 = KamailioPbx(
            "pbx2", self.addresses.host(2), self.workdir / "pbx2", port=port
        ).start()
        self.dns = LabDns(
            self.site.names,
            address=self.addresses.host(53),
            primary_address=primary_address,
            backup_address=self.addresses.host(2),
            sip_port=port,
            ttl=self.site.budget.ttl,
            workdir=self.workdir / "dns",
        ).start()

    def close(self) -> None:
        for phone in self.phones:
            with contextlib.suppress(Exception):
                phone.stop()
        for peer in (self.pbx1, self.pbx2, self.dns):
            if peer is not None:
                with contextlib.suppress(Exception):
                    peer.stop()
        if self.host is not None:
            self.host.remove()

    def number(self) -> str:
        with self._number_lock:
            return str(next(self._numbers))

    def network(self, index: int) -> Network:
        bind = self.host.host_address if self.host is not None else self.addresses.host(100 + index)
        assert self.dns is not None
        return Network(bind, self.addresses.host(100 + index), self.dns.server)

    def make_phone(self, client: str, scheme: Scheme, index: int) -> Phone:
        extension = str(101 + index)
        accounts = accounts_for(
            scheme,
            self.plan.transport,
            self.site.site_names,
            extension=extension,
            display_name=f"Agent {extension}",
            password=LAB_PASSWORD,
        )
        workdir = self.workdir / f"{client}-{scheme}"
        phone: Phone
        if client == "baresip":
            phone = BaresipPhone(accounts, self.timers, self.network(index), workdir)
        elif client == "linphone":
            phone = LinphonePhone(accounts, self.timers, self.network(index), workdir)
        else:
            raise LabError(f"unknown client {client!r}; choose from {', '.join(CLIENTS)}")
        return phone

    def answered_by(self, number: str, timeout: float = 1.0) -> str | None:
        """Which stand-in answered `number` (its log line may trail the client's event)."""
        assert self.pbx1 is not None and self.pbx2 is not None
        deadline = time.monotonic() + timeout
        while True:
            for pbx in (self.pbx1, self.pbx2):
                if pbx.answered(number) is not None:
                    return pbx.node
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.02)

    # -- failure and return of the primary ------------------------------------------------

    def fail_primary(self) -> None:
        assert self.pbx1 is not None
        if self.plan.mode == "crash":
            self.pbx1.crash()
        elif self.plan.mode == "hang":
            self.pbx1.hang()
        else:
            assert self.host is not None
            self.host.vanish()

    def restore_primary(self) -> None:
        assert self.pbx1 is not None
        if self.plan.mode == "crash":
            self.pbx1.start()
        elif self.plan.mode == "hang":
            self.pbx1.resume()
        else:
            assert self.host is not None
            self.host.reappear()


def _attempt_record(result: CallResult, node: str | None, origin: float) -> dict[str, Any]:
    return {
        "number": result.number,
        "account": result.account,
        "start": round(result.started - origin, 3),
        "end": round(result.ended - origin, 3),
        "answered_by": node,
        "reason": result.reason[:120],
    }


def _agent_loop(
    lab: Lab,
    phone: Phone,
    phase: Phase,
    origin: float,
    want: str,
    *,
    pause: float,
) -> None:
    """Call until `want` answers or the bound passes; record every attempt in `phase`."""
    deadline = origin + lab.plan.max_wait
    account, last_failed = 0, False
    while time.monotonic() < deadline:
        if len(phone.accounts) > 1:
            if last_failed:
                account = 1 - account
            else:
                states = phone.registered()
                account = next((i for i, a in enumerate(phone.accounts) if states.get(a.label)), 0)
        patience = min(lab.plan.patience, max(1.0, deadline - time.monotonic()))
        result = phone.call(lab.number(), account, patience)
        node = lab.answered_by(result.number) if result.established else None
        phase.attempts.append(_attempt_record(result, node, origin))
        if node == want:
            phase.seconds = round(result.ended - origin, 3)
            phase.after_dns_switch = round(phase.seconds - lab.plan.dns_delay, 3)
            return
        last_failed = not result.established
        time.sleep(pause if last_failed else lab.plan.probe_gap)


def _run_agents(
    lab: Lab, work: list[tuple[Phone, Phase]], origin: float, want: str, pause: float
) -> None:
    failures: list[str] = []

    def agent(phone: Phone, phase: Phase) -> None:
        try:
            _agent_loop(lab, phone, phase, origin, want, pause=pause)
        except Exception as err:  # noqa: BLE001 (reported by the caller, with the phone)
            failures.append(f"{phone.client} ({phone.accounts[0].label}): {err}")

    threads = [
        threading.Thread(
            target=agent, args=(phone, phase), name=f"agent-{phone.client}", daemon=True
        )
        for phone, phase in work
    ]
    for thread in threads:
        thread.start()
    # Every call inside is bounded by the patience, the loop by max_wait.
    join_deadline = origin + lab.plan.max_wait + lab.plan.patience + 30
    for thread in threads:
        thread.join(timeout=max(0.0, join_deadline - time.monotonic()))
        if thread.is_alive():
            raise LabError(f"an agent ({thread.name}) did not finish within its bound")
    if failures:
        raise LabError(f"an agent failed: {'; '.join(failures)}")


@contextlib.contextmanager
def _dns_switch(lab: Lab, address: str, delay: float) -> Iterator[None]:
    assert lab.dns is not None
    dns = lab.dns
    timer = threading.Timer(delay, dns.point_failover_at, args=(address,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join(timeout=10)
        if dns.failover_address != address:  # the phase ended before the switch was due
            dns.point_failover_at(address)


def run_once(
    site: LabSite,
    plan: RunPlan,
    workdir: Path,
    *,
    rng: random.Random,
    addresses: LabAddresses | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Sample]:
    """One failover and failback of the primary, measured on every (client, scheme) phone."""
    addresses = addresses or LabAddresses.pick(site.sip_port)
    with Lab(site, plan, workdir, addresses) as lab:
        assert lab.pbx1 is not None and lab.pbx2 is not None and lab.dns is not None
        expiry = lab.timers.registration_expiry
        combos = [(client, scheme) for client in plan.clients for scheme in plan.schemes]
        offsets = [rng.uniform(0, expiry) if plan.stagger else 0.0 for _ in combos]
        work: list[tuple[Phone, Sample]] = []
        registered_at: dict[str, float] = {}
        begin = time.monotonic()
        for slot in sorted(range(len(combos)), key=lambda index: offsets[index]):
            client, scheme = combos[slot]
            time.sleep(max(0.0, begin + offsets[slot] - time.monotonic()))
            progress(f"starting {client} ({scheme})")
            phone = lab.make_phone(client, scheme, slot)
            lab.phones.append(phone)
            phone.start()
            phone.wait_registered(15.0)
            extension = phone.accounts[0].extension
            registered_at[extension] = time.monotonic()
            check = phone.call(lab.number(), 0, 10.0)
            if not (check.established and lab.answered_by(check.number) == "pbx1"):
                raise LabError(
                    f"{client} ({scheme}) could not call the primary before the failure: "
                    f"{check.reason or 'answered elsewhere'}"
                )
            work.append((phone, Sample(client, scheme, plan.transport, plan.mode, extension, 0.0)))
        # Every phone now sits at a random point of its registration cycle.
        time.sleep(max(0.0, begin + (expiry if plan.stagger else 0.0) + 1.0 - time.monotonic()))

        progress(f"primary fails ({plan.mode})")
        failed_at = time.monotonic()
        for _, sample in work:
            sample.registration_phase = round(failed_at - registered_at[sample.extension], 3)
        lab.fail_primary()
        with _dns_switch(lab, lab.dns.addresses[site.names.backup], plan.dns_delay):
            _run_agents(lab, [(p, s.failover) for p, s in work], failed_at, "pbx2", REDIAL_PAUSE)
        for phone, sample in work:
            if phone.accounts[0].label != "failover":
                continue  # two accounts: the backup had the phone registered all along
            registers = [
                event
                for event in lab.pbx2.events_since(failed_at, "REGISTER")
                if event.fields.get("user") == sample.extension and not event.unregister
            ]
            if registers:
                sample.failover.registered_at_backup = round(registers[0].at - failed_at, 3)

        progress("primary returns")
        time.sleep(1.0)
        restored_at = time.monotonic()
        lab.restore_primary()
        with _dns_switch(lab, lab.dns.addresses[site.names.primary], plan.dns_delay):
            _run_agents(lab, [(p, s.failback) for p, s in work], restored_at, "pbx1", REDIAL_PAUSE)
    return [sample for _, sample in work]


def lab_site(config_path: Path, site_name: str | None = None) -> LabSite:
    """The lab's view of a site in a pbx-failover config: names, SIP port, failover budget."""
    from infra.config import load_config
    from infra.naming import Node

    config = load_config(config_path)
    site = next((s for s in config.sites if site_name in (None, s.name)), None)
    if site is None:
        raise LabError(f"{config_path}: no site named {site_name!r}")
    names = ZoneNames(
        zone=config.dns.zone,
        failover=config.failover_fqdn(site),
        primary=config.node_fqdn(site, Node.PRIMARY),
        backup=config.node_fqdn(site, Node.BACKUP),
    )
    budget = FailoverBudget.of(config, site)
    return LabSite(names, site.sip.udp_port, budget)
