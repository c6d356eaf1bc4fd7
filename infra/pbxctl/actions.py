"""Observe a site; promote, demote and drill it safely. Independent of Typer.

`infra/cli.py` parses options and renders; everything that decides or changes something
lives here and talks to the person through the small `Ui` protocol.

The only thing pbxctl ever changes in Route 53 is the `Inverted` flag of a node's `switch`
check (DESIGN.md section 2): promote switches the primary out (and the backup in, should
someone have switched it out), demote switches the primary back in.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from infra import audit
from infra.clients import ServerInfo
from infra.clients.aws import Ec2, EndpointStatus, HealthCheck, Route53, Zone
from infra.config import Config, SiteConfig
from infra.dnsquery import NameServer, NsAnswer, query_a
from infra.errors import (
    ApiError,
    AuditError,
    ConflictError,
    PbxError,
    RefusedError,
    WaitTimeoutError,
)
from infra.naming import CheckRole, Node

if TYPE_CHECKING:
    from infra.clients.hetzner import Hetzner

PROVIDER = {Node.PRIMARY: "aws", Node.BACKUP: "hetzner"}


class SipProbe(Protocol):
    """`infra.node.health_agent.probe_sip_options`, or a stand-in."""

    def __call__(self, host: str, port: int = ..., timeout: float = ...) -> SipResultLike: ...


class SipResultLike(Protocol):
    @property
    def alive(self) -> bool: ...
    @property
    def status(self) -> int | None: ...
    @property
    def reason(self) -> str: ...
    @property
    def rtt_ms(self) -> float | None: ...


@dataclass(frozen=True)
class SipCheck:
    address: str
    port: int
    alive: bool
    status: int | None
    reason: str
    rtt_ms: float | None

    def describe(self) -> str:
        where = f"{self.address}:{self.port}"
        if self.rtt_ms is None:
            return f"{self.reason} from {where}"
        return f"{self.reason} in {self.rtt_ms:.1f} ms from {where}"


@dataclass
class Backends:
    """What a command talks to; built by the CLI from the config and the environment."""

    route53: Route53
    ec2: Ec2
    hetzner: Callable[[], Hetzner]  # raises ConfigError without HCLOUD_TOKEN
    probe: SipProbe
    name_servers: list[NameServer] | None = None  # overrides the zone's delegation set
    sip_timeout: float = 2.0
    dns_timeout: float = 2.0
    poll_interval: float = 2.0


class Ui(Protocol):
    def say(self, text: str) -> None: ...
    def checks(self, title: str, checks: Sequence[Check]) -> None: ...
    def plan(self, title: str, steps: Sequence[str]) -> None: ...
    def confirm(self, question: str) -> bool:
        """Ask; raise RefusedError when nobody can be asked."""
        ...

    def progress(self, description: str) -> AbstractContextManager[Callable[[str], None]]:
        """A live display for a wait; the callable updates its detail text."""
        ...


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: cannot be known yet (dry run while the server is off)
    detail: str


@dataclass(frozen=True)
class NodeView:
    node: Node
    addresses: tuple[str, ...]  # the failover record's values: where callers go
    checks: dict[CheckRole, HealthCheck]
    endpoint_status: EndpointStatus
    server: ServerInfo | None
    server_problem: str | None
    sip: SipCheck  # an OPTIONS round trip from here

    @property
    def provider(self) -> str:
        return PROVIDER[self.node]

    @property
    def switch(self) -> HealthCheck:
        return self.checks[CheckRole.SWITCH]

    @property
    def switched_in(self) -> bool:
        return _switch_healthy(self.switch)

    @property
    def endpoint_healthy(self) -> bool:
        endpoint = self.checks[CheckRole.ENDPOINT]
        return endpoint.disabled or (self.endpoint_status.healthy != endpoint.inverted)

    def effective_healthy(self, switched_in: bool | None = None) -> bool:
        """Route 53's view of the effective check (optionally with the switch moved)."""
        effective = self.checks[CheckRole.EFFECTIVE]
        if effective.disabled:
            return True
        child_state = {
            self.checks[CheckRole.ENDPOINT].id: self.endpoint_healthy,
            self.switch.id: self.switched_in if switched_in is None else switched_in,
        }
        healthy = sum(child_state.get(child, False) for child in effective.children)
        return (healthy >= (effective.threshold or 0)) != effective.inverted

    def setup_problems(self) -> list[str]:
        """Deviations from the design that make the switch lie."""
        problems = []
        endpoint, effective = self.checks[CheckRole.ENDPOINT], self.checks[CheckRole.EFFECTIVE]
        if endpoint.inverted or endpoint.disabled:
            problems.append(
                f"the {self.node}'s endpoint check {endpoint.id} is inverted or disabled, so it "
                "no longer tells whether the node works; redeploy the dns stack"
            )
        if self.switch.disabled:
            problems.append(
                f"the {self.node}'s switch {self.switch.id} is disabled, which Route 53 treats "
                "as always healthy; enable it in the console"
            )
        if set(effective.children) != {endpoint.id, self.switch.id} or effective.threshold != 2:
            problems.append(
                f"the {self.node}'s effective check {effective.id} does not combine its endpoint "
                "and switch checks; redeploy the dns stack"
            )
        return problems

    def to_dict(self) -> dict[str, Any]:
        status, switch = self.endpoint_status, self.switch
        return {
            "provider": self.provider,
            "addresses": list(self.addresses),
            "server": None
            if self.server is None
            else {
                "id": self.server.id,
                "name": self.server.name,
                "state": self.server.state,
                "address": self.server.address,
            },
            "server_problem": self.server_problem,
            "endpoint": {
                "id": self.checks[CheckRole.ENDPOINT].id,
                "healthy": self.endpoint_healthy,
                "share": round(status.share, 3),
                "checkers": status.checkers,
                "failure": status.failure,
            },
            "switch": {
                "id": switch.id,
                "position": "in" if self.switched_in else "out",
                "version": switch.version,
            },
            "effective": {
                "id": self.checks[CheckRole.EFFECTIVE].id,
                "healthy": self.effective_healthy(),
            },
            "sip": {
                "address": self.sip.address,
                "port": self.sip.port,
                "alive": self.sip.alive,
                "status": self.sip.status,
                "reason": self.sip.reason,
                "rtt_ms": None if self.sip.rtt_ms is None else round(self.sip.rtt_ms, 2),
            },
        }


@dataclass(frozen=True)
class SiteView:
    site: str
    fqdn: str
    zone: Zone
    nodes: dict[Node, NodeView]
    name_servers: tuple[NameServer, ...]
    ns_answers: tuple[NsAnswer, ...]
    route53_answer: tuple[str, ...] | None  # None: TestDNSAnswer not available

    def answering(self, answers: Sequence[NsAnswer] | None = None) -> Node | None:
        """The node every answering name server points at, if they agree on one."""
        got = {answer.addresses for answer in (answers or self.ns_answers) if answer.error is None}
        if len(got) != 1:
            return None
        only = got.pop()
        return next(
            (n for n, view in self.nodes.items() if frozenset(view.addresses) == only), None
        )

    def expected(self) -> Node:
        """Where Route 53's failover rules send traffic, from the checks alone."""
        if self.nodes[Node.PRIMARY].effective_healthy():
            return Node.PRIMARY
        if self.nodes[Node.BACKUP].effective_healthy():
            return Node.BACKUP
        return Node.PRIMARY  # Route 53's last resort when every record is unhealthy

    def describe_dns(self, answers: Sequence[NsAnswer] | None = None) -> str:
        """E.g. '127.0.0.3 (backup) from ns-1, ns-2; no answer within 2 s from ns-3'."""
        answers = answers or self.ns_answers
        if not answers:
            return "nothing (no name servers to ask)"
        groups: dict[str, list[str]] = {}
        for answer in answers:
            if answer.error is not None:
                key = answer.error
            else:
                key = ", ".join(sorted(answer.addresses)) or "no address"
                node = self.answering([answer])
                key += f" ({node})" if node is not None else ""
            groups.setdefault(key, []).append(answer.server)
        return "; ".join(f"{key} from {', '.join(servers)}" for key, servers in groups.items())

    def problems(self) -> list[str]:
        """Everything that makes the site degraded; empty means healthy."""
        found: list[str] = []
        primary, backup = self.nodes[Node.PRIMARY], self.nodes[Node.BACKUP]
        for view in self.nodes.values():
            found.extend(view.setup_problems())
        if not primary.switched_in:
            found.append(
                "the primary is switched out (promoted); run `pbxctl demote` when it is fit"
            )
        if not backup.switched_in:
            found.append("the backup is switched out, so Route 53 cannot fail over to it")
        for view in self.nodes.values():
            if not view.endpoint_healthy:
                why = f": {view.endpoint_status.failure}" if view.endpoint_status.failure else ""
                found.append(
                    f"the {view.node}'s endpoint check is {view.endpoint_status.describe()}{why}"
                )
            if view.server is None:
                found.append(f"the {view.node}'s server is unknown: {view.server_problem}")
            elif not view.server.running:
                found.append(f"the {view.node}'s server is {view.server.state}")
            if not view.sip.alive:
                found.append(f"the {view.node} does not answer SIP: {view.sip.describe()}")
        answering = self.answering()
        if answering is None:
            found.append(f"the name servers give no single answer: {self.describe_dns()}")
        elif answering is not Node.PRIMARY:
            found.append(f"{self.fqdn} sends callers to the {answering}")
        return found

    def snapshot(self, answers: Sequence[NsAnswer] | None = None) -> dict[str, Any]:
        """The short state an audit line records."""
        answers = answers or self.ns_answers
        state: dict[str, Any] = {
            node.value: {
                "switch": "in" if view.switched_in else "out",
                "endpoint": "healthy" if view.endpoint_healthy else "unhealthy",
                "effective": "healthy" if view.effective_healthy() else "unhealthy",
            }
            for node, view in self.nodes.items()
        }
        state["dns"] = sorted({a for answer in answers for a in answer.addresses})
        answering = self.answering(answers)
        state["traffic"] = None if answering is None else answering.value
        return state

    def with_switch(self, check: HealthCheck) -> SiteView:
        view = self.nodes[check.node]
        checks = {**view.checks, CheckRole.SWITCH: check}
        return replace(self, nodes={**self.nodes, check.node: replace(view, checks=checks)})

    def to_dict(self) -> dict[str, Any]:
        problems = self.problems()
        answering = self.answering()
        return {
            "site": self.site,
            "fqdn": self.fqdn,
            "healthy": not problems,
            "problems": problems,
            "traffic": None if answering is None else answering.value,
            "expected": self.expected().value,
            "zone": {"id": self.zone.id, "name": self.zone.name},
            "dns": {
                "name_servers": [
                    {
                        "server": answer.server,
                        "addresses": sorted(answer.addresses),
                        "error": answer.error,
                    }
                    for answer in self.ns_answers
                ],
                "route53": None if self.route53_answer is None else list(self.route53_answer),
            },
            "nodes": {node.value: view.to_dict() for node, view in self.nodes.items()},
        }


def _switch_healthy(switch: HealthCheck) -> bool:
    """A switch is a calculated check with threshold 0: healthy unless inverted."""
    return switch.disabled or (((switch.threshold or 0) <= 0) != switch.inverted)


def observe(config: Config, site: SiteConfig, backends: Backends) -> SiteView:
    """Read everything about a site at once; only Route 53 failures are fatal."""
    route53 = backends.route53
    checks = route53.find_checks(site.name)
    zone = route53.find_zone(config.dns.zone)
    fqdn = config.failover_fqdn(site)
    records = route53.failover_records(zone, fqdn)
    for node, kind in ((Node.PRIMARY, "PRIMARY"), (Node.BACKUP, "SECONDARY")):
        if node not in records or not records[node].addresses:
            raise PbxError(
                f"{fqdn} has no {kind} failover A record in the zone {zone.name}; redeploy "
                f"the dns stack (cdktn deploy {site.name}-dns)"
            )
    servers = tuple(backends.name_servers or [NameServer(ns) for ns in zone.name_servers])

    def server(node: Node) -> tuple[ServerInfo | None, str | None]:
        try:
            if node is Node.PRIMARY:
                info = backends.ec2.primary_server(site.name)
                missing = f"no EC2 instance is tagged as {site.name}'s primary"
            else:
                info = backends.hetzner().backup_server(site.name)
                missing = f"no Hetzner server is labelled as {site.name}'s backup"
        except PbxError as err:
            return None, err.message
        return info, None if info is not None else missing

    with ThreadPoolExecutor(max_workers=8) as pool:
        status = {
            node: pool.submit(route53.endpoint_status, checks[(node, CheckRole.ENDPOINT)])
            for node in Node
        }
        found = {node: pool.submit(server, node) for node in Node}
        probes = {
            node: pool.submit(probe, backends, records[node].addresses[0], site.sip.udp_port)
            for node in Node
        }
        answers = pool.submit(query_a, fqdn, servers, timeout=backends.dns_timeout)
        route53_answer = pool.submit(_route53_answer, route53, zone, fqdn)
        nodes = {
            node: NodeView(
                node=node,
                addresses=records[node].addresses,
                checks={role: checks[(node, role)] for role in CheckRole},
                endpoint_status=status[node].result(),
                server=found[node].result()[0],
                server_problem=found[node].result()[1],
                sip=probes[node].result(),
            )
            for node in Node
        }
        return SiteView(
            site=site.name,
            fqdn=fqdn,
            zone=zone,
            nodes=nodes,
            name_servers=servers,
            ns_answers=tuple(answers.result()),
            route53_answer=route53_answer.result(),
        )


def _route53_answer(route53: Route53, zone: Zone, fqdn: str) -> tuple[str, ...] | None:
    """A diagnostic only: when it fails, the name servers' answer still decides."""
    try:
        return route53.test_dns_answer(zone, fqdn)
    except PbxError:
        return None


def probe(backends: Backends, address: str, port: int) -> SipCheck:
    result = backends.probe(address, port, backends.sip_timeout)
    return SipCheck(address, port, result.alive, result.status, result.reason, result.rtt_ms)


@dataclass(frozen=True)
class MoveOptions:
    reason: str | None = None
    force: bool = False
    dry_run: bool = False
    yes: bool = False
    wait: bool = True
    timeout: float = 300.0


@dataclass(frozen=True)
class Change:
    check: HealthCheck
    inverted: bool

    def describe(self) -> str:
        way = "out" if self.inverted else "in"
        return (
            f"switch the {self.check.node} {way}: health check {self.check.id} "
            f"Inverted={str(self.inverted).lower()} (version {self.check.version})"
        )


@dataclass
class Outcome:
    action: str
    site: str
    fqdn: str
    result: str  # ok, no-op, dry-run
    forced: bool = False
    checks: list[Check] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    dns_seconds: dict[str, float] = field(default_factory=dict)
    message: str = ""
    audit_log: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "site": self.site,
            "fqdn": self.fqdn,
            "result": self.result,
            "message": self.message,
            "forced": self.forced,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "changes": [c.describe() for c in self.changes],
            "before": self.before,
            "after": self.after,
            "dns_seconds": {k: round(v, 2) for k, v in self.dns_seconds.items()},
            "audit_log": self.audit_log,
        }


@dataclass
class Session:
    """One command's world: config, backends, audit log and the person at the keyboard."""

    config: Config
    site: SiteConfig
    backends: Backends
    audit_log: audit.AuditLog
    ui: Ui
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def observe(self) -> SiteView:
        return observe(self.config, self.site, self.backends)


class _Run:
    """Tracks one action from the first look to its single audit line."""

    def __init__(self, session: Session, action: str, options: MoveOptions) -> None:
        self.session = session
        self.action = action
        self.options = options
        self.started_at = datetime.now(UTC)
        self.started = session.clock()
        self.view: SiteView | None = None
        self.before: dict[str, Any] | None = None
        self.answers: Sequence[NsAnswer] | None = None
        self.switches: dict[str, HealthCheck] = {}  # newest known state of each switch
        self.changed = False  # did this run change anything?
        self.forced = False
        self.measured: dict[str, float] = {}
        self.recorded = False

    def start(self) -> SiteView:
        self.view = self.session.observe()
        self.before = self.view.snapshot()
        if not self.options.dry_run:
            try:
                self.session.audit_log.open()
            except AuditError as err:
                raise AuditError(f"{err.message}; nothing was changed: {self.state()}") from None
        return self.view

    def current(self) -> SiteView:
        assert self.view is not None, "start() first"
        view = self.view
        for check in self.switches.values():
            view = view.with_switch(check)
        return view

    def state(self) -> str:
        """The switches and DNS as this run left them, in words."""
        view = self.current()
        switches = ", ".join(
            f"the {node} is switched {'in' if node_view.switched_in else 'out'}"
            for node, node_view in view.nodes.items()
        )
        return f"{switches}; {view.fqdn} answers {view.describe_dns(self.answers)}"

    def flip(self, change: Change) -> None:
        route53 = self.session.backends.route53
        node = change.check.node
        check = self.switches.get(change.check.id, change.check)
        try:
            self.switches[check.id] = route53.set_inverted(check, change.inverted)
            self.changed = True
        except ConflictError:
            with suppress(PbxError):  # report what the other change did, not our last look
                self.switches[check.id] = route53.get_check(check)
            raise ConflictError(
                f"someone else changed the {node}'s switch (health check {check.id}) while this "
                f"{self.action} ran, so this run did not change it; now {self.state()}; run "
                "`pbxctl status` and decide again"
            ) from None
        except ApiError as err:
            raise ApiError(
                f"{err.message}; the {node}'s switch may or may not have changed: run "
                "`pbxctl status` before trying again"
            ) from None

    def wait_for(self, target: Node, label: str) -> None:
        """Wait until every answering name server returns the target's address."""
        view = self.current()
        if not self.options.wait:
            return
        session = self.session
        want = frozenset(view.nodes[target].addresses)
        if not view.name_servers:
            session.ui.say("no name servers known for the zone; not waiting for DNS")
            return
        start = session.clock()
        description = f"waiting for the name servers to answer {', '.join(sorted(want))} ({target})"
        with session.ui.progress(description) as update:
            while True:
                answers = query_a(
                    view.fqdn, view.name_servers, timeout=session.backends.dns_timeout
                )
                self.answers = answers
                good = [answer for answer in answers if answer.error is None]
                if good and all(answer.addresses == want for answer in good):
                    self.measured[label] = session.clock() - start
                    return
                update(f"now: {view.describe_dns(answers)}")
                if session.clock() - start >= self.options.timeout:
                    raise WaitTimeoutError(
                        f"after {self.options.timeout:.0f} s the name servers still do not "
                        f"answer {', '.join(sorted(want))} ({target}) for {view.fqdn}"
                    )
                session.sleep(session.backends.poll_interval)

    def record(self, result: str, **extra: Any) -> None:
        if self.recorded or self.options.dry_run:
            return
        self.recorded = True
        view = self.current()
        entry = audit.record(
            started=self.started_at,
            site=view.site,
            action=self.action,
            reason=self.options.reason,
            forced=self.forced,
            before=self.before,
            after=view.snapshot(self.answers),
            result=result,
            duration=self.session.clock() - self.started,
            **extra,
        )
        try:
            self.session.audit_log.append(entry)
        except AuditError as err:
            changed = "the change was made" if self.changed else "nothing was changed"
            raise AuditError(
                f"{err.message}; {changed}: {self.state()}; write down what you did"
            ) from None

    @contextmanager
    def recording(self) -> Iterator[None]:
        """Whatever ends the run, one audit line says how."""
        try:
            yield
        except PbxError as err:
            kinds = (
                (RefusedError, "refused"),
                (ConflictError, "conflict"),
                (WaitTimeoutError, "timeout"),
            )
            result = next((word for kind, word in kinds if isinstance(err, kind)), "failed")
            self.record(result, detail=err.message)
            raise
        except KeyboardInterrupt:
            self.session.ui.say(f"interrupted; now {self.state()}")
            self.record("interrupted", detail="interrupted with Ctrl-C")
            raise


def changes_for(view: SiteView, target: Node) -> list[Change]:
    """Switch the backup in first (it takes no traffic while the primary is in), then the
    primary out; demote only switches the primary back in."""
    if target is Node.BACKUP:
        wanted = {Node.BACKUP: False, Node.PRIMARY: True}
    else:
        wanted = {Node.PRIMARY: False}
    return [
        Change(view.nodes[node].switch, inverted)
        for node, inverted in wanted.items()
        if view.nodes[node].switch.inverted != inverted
    ]


def preflight(session: Session, run: _Run, target: Node) -> list[Check]:
    """Is the target fit to take the calls? Powers the backup on if it is off."""
    view = run.current()
    node = view.nodes[target]
    checks: list[Check] = []
    powered_off = False
    server = node.server
    if server is None:
        checks.append(Check(f"{target} server", False, node.server_problem or "unknown"))
    elif server.running:
        checks.append(
            Check(f"{target} server", True, f"{server.provider} {server.name} is running")
        )
    elif target is Node.BACKUP and server.state == "off":
        if run.options.dry_run:
            powered_off = True
            checks.append(
                Check(f"{target} server", None, f"{server.name} is off; would power it on")
            )
        else:
            node = power_on(session, run, node, server)
            checks.append(Check(f"{target} server", True, f"{server.name} was off; powered on"))
    else:
        checks.append(
            Check(
                f"{target} server",
                False,
                f"{server.provider} {server.name} is {server.state}; start it first",
            )
        )

    if powered_off:
        checks.append(Check(f"{target} endpoint", None, "checked after power-on"))
        checks.append(Check(f"{target} SIP", None, "checked after power-on"))
    else:
        status = node.endpoint_status
        why = f": {status.failure}" if status.failure and not node.endpoint_healthy else ""
        checks.append(Check(f"{target} endpoint", node.endpoint_healthy, status.describe() + why))
        checks.append(Check(f"{target} SIP", node.sip.alive, node.sip.describe()))

    run.view = after = replace(view, nodes={**view.nodes, target: node})
    for change in changes_for(after, target):
        after = after.with_switch(replace(change.check, inverted=change.inverted))
    if not powered_off and not any(n.effective_healthy() for n in after.nodes.values()):
        checks.append(
            Check(
                "a node stays healthy",
                False,
                "afterwards no node would be effectively healthy, and Route 53 would answer "
                "with the primary anyway",
            )
        )
    return checks


def power_on(session: Session, run: _Run, node: NodeView, server: ServerInfo) -> NodeView:
    """Power the backup on, then wait until it answers SIP and Route 53 calls it healthy."""
    timeout = run.options.timeout
    hetzner = session.backends.hetzner()
    with session.ui.progress(f"powering on {server.name} (Hetzner)") as update:
        started = session.clock()
        server = hetzner.power_on(
            server, timeout=timeout, on_progress=lambda pct: update(f"action {pct}% done")
        )
        address, port = node.addresses[0], session.site.sip.udp_port
        while True:
            sip = probe(session.backends, address, port)
            status = session.backends.route53.endpoint_status(node.checks[CheckRole.ENDPOINT])
            node = replace(
                node, server=server, server_problem=None, sip=sip, endpoint_status=status
            )
            if sip.alive and node.endpoint_healthy:
                return node
            if session.clock() - started >= timeout:
                return node  # the preflight checks will say what is still missing
            update(f"running; SIP: {sip.reason}; endpoint: {status.describe()}")
            session.sleep(session.backends.poll_interval)


def _accept_preflight(
    session: Session, run: _Run, outcome: Outcome, checks: list[Check], action: str
) -> None:
    """Show the preflight; refuse on a failed check unless --force (then record it)."""
    outcome.checks = checks
    session.ui.checks("Preflight", checks)
    failed = [check for check in checks if check.ok is False]
    if failed and not run.options.force:
        reasons = "; ".join(f"{check.name}: {check.detail}" for check in failed)
        raise RefusedError(
            f"{action} refused, nothing was changed: {reasons}; fix that, or pass --force "
            f"to {action} anyway"
        )
    run.forced = outcome.forced = bool(failed)


def move(session: Session, target: Node, options: MoveOptions) -> Outcome:
    """Promote (target backup) or demote (target primary)."""
    action = "promote" if target is Node.BACKUP else "demote"
    run = _Run(session, action, options)
    view = run.start()
    outcome = Outcome(action=action, site=view.site, fqdn=view.fqdn, result="ok", before=run.before)
    if not options.dry_run:
        outcome.audit_log = str(session.audit_log.path)
    with run.recording():
        changes = changes_for(view, target)
        if not changes:
            done = (
                "promoted: the primary is switched out"
                if target is Node.BACKUP
                else ("demoted: the primary is switched in")
            )
            outcome.result = "no-op"
            outcome.message = (
                f"already {done}; nothing to do ({view.fqdn} answers {view.describe_dns()})"
            )
            run.record("no-op")
            outcome.after = run.current().snapshot()
            return outcome

        checks = preflight(session, run, target)
        _accept_preflight(session, run, outcome, checks, action)
        changes = changes_for(run.current(), target)
        outcome.changes = changes
        steps = [change.describe() for change in changes]
        if options.wait:
            want = ", ".join(run.current().nodes[target].addresses)
            steps.append(
                f"wait until the name servers answer {want} for {view.fqdn} "
                f"(at most {options.timeout:.0f} s)"
            )
        if not options.dry_run:
            steps.append(f"append a line to the audit log {session.audit_log.path}")
        session.ui.plan(f"Plan: {action} {view.site}", steps)
        if options.dry_run:
            outcome.result = "dry-run"
            outcome.message = "nothing was changed"
            return outcome
        if not options.yes and not session.ui.confirm(f"{action.capitalize()} {view.site} now?"):
            raise RefusedError(f"{action} not confirmed; nothing was changed")

        for change in changes:
            run.flip(change)
        try:
            run.wait_for(target, action)
        except WaitTimeoutError as err:
            raise WaitTimeoutError(
                f"{err.message}; the switch stays set ({run.state()}); check `pbxctl status` "
                f"(is the {target}'s endpoint healthy?) and wait, or run `pbxctl {action}` again"
            ) from None
        run.record("ok")
    outcome.after = run.current().snapshot(run.answers)
    outcome.dns_seconds = run.measured
    if action in run.measured:
        outcome.message = (
            f"{view.fqdn} now answers {', '.join(run.current().nodes[target].addresses)} "
            f"({target}) after {run.measured[action]:.1f} s; resolvers may keep the old "
            f"answer up to the TTL ({session.config.dns.ttl} s)"
        )
    else:
        outcome.message = f"the switch is set; DNS was not watched ({run.state()})"
    return outcome


def drill(session: Session, options: MoveOptions, hold: float) -> Outcome:
    """Promote, hold, demote; measure how long the name servers took each way."""
    run = _Run(session, "drill", options)
    view = run.start()
    outcome = Outcome(
        action="drill", site=view.site, fqdn=view.fqdn, result="ok", before=run.before
    )
    if not options.dry_run:
        outcome.audit_log = str(session.audit_log.path)
    with run.recording():
        primary, backup = view.nodes[Node.PRIMARY], view.nodes[Node.BACKUP]
        if not (primary.switched_in and backup.switched_in and view.answering() is Node.PRIMARY):
            raise RefusedError(
                f"a drill starts from normal operation, but now {run.state()}; run "
                "`pbxctl status` and bring the site back to normal first"
            )
        checks = preflight(session, run, Node.BACKUP)
        primary = run.current().nodes[Node.PRIMARY]
        checks.append(
            Check("primary endpoint", primary.endpoint_healthy, primary.endpoint_status.describe())
        )
        checks.append(Check("primary SIP", primary.sip.alive, primary.sip.describe()))
        _accept_preflight(session, run, outcome, checks, "drill")
        out = Change(primary.switch, True)
        back_in = Change(primary.switch, False)
        outcome.changes = [out, back_in]
        session.ui.plan(
            f"Plan: drill {view.site}",
            [
                out.describe(),
                f"wait until the name servers answer {', '.join(backup.addresses)} (backup)",
                f"hold for {hold:.0f} s",
                f"switch the primary in again: health check {primary.switch.id} Inverted=false",
                f"wait until the name servers answer {', '.join(primary.addresses)} (primary)",
                f"append a line to the audit log {session.audit_log.path}",
            ],
        )
        if options.dry_run:
            outcome.result = "dry-run"
            outcome.message = "nothing was changed"
            return outcome
        if not options.yes and not session.ui.confirm(f"Run a drill on {view.site} now?"):
            raise RefusedError("drill not confirmed; nothing was changed")

        run.flip(out)
        try:
            run.wait_for(Node.BACKUP, "promote")
            with session.ui.progress(f"holding traffic on the backup for {hold:.0f} s") as update:
                end = session.clock() + hold
                while (left := end - session.clock()) > 0:
                    update(f"{left:.0f} s left")
                    session.sleep(min(left, 1.0))
        except KeyboardInterrupt:
            run.session.ui.say(_restore(run, back_in))
            raise
        except PbxError as err:
            raise type(err)(f"the drill stopped: {err.message}; {_restore(run, back_in)}") from None
        run.flip(back_in)
        run.wait_for(Node.PRIMARY, "demote")
        run.record("ok", measured={k: round(v, 2) for k, v in run.measured.items()})
    outcome.after = run.current().snapshot(run.answers)
    outcome.dns_seconds = run.measured
    outcome.message = (
        f"the name servers answered the backup after {run.measured['promote']:.1f} s and the "
        f"primary again after {run.measured['demote']:.1f} s"
    )
    return outcome


def _restore(run: _Run, back_in: Change) -> str:
    """A drill that fails half-way switches the primary back in before it reports."""
    try:
        run.flip(back_in)
    except PbxError as err:
        return f"switching the primary back in failed too ({err.message})"
    return "the primary was switched back in; run `pbxctl status` to check"
