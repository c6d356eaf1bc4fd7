"""Actions that change where calls go: promote, demote and drill, each with its preflight.

The only thing pbxctl ever changes in Route 53 is the `Inverted` flag of a node's `switch`
check: promote switches the primary out (and the backup in, should someone have switched
it out), demote switches the primary back in. Everything here decides and acts through
`Session` (its backends and its `Ui`), so the rules run the same against the cloud and
against the in-memory stand-ins of the decision tests.

Whatever ends a run (success, refusal, an API failure, Ctrl-C, SIGTERM or SIGHUP, a bug),
it leaves exactly one audit line, written from a fresh look at the switches: an answer
that may have been lost on the wire is never recorded as what happened.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from infra.errors import (
    ApiError,
    AuditError,
    ConflictError,
    PbxError,
    RefusedError,
    WaitTimeoutError,
)
from infra.naming import CheckRole, Node
from infra.pbxctl.audit import record
from infra.pbxctl.clients.aws import Route53Check
from infra.pbxctl.clients.types import ServerInfo
from infra.pbxctl.dnsquery import NsAnswer
from infra.pbxctl.session import Check, Session
from infra.pbxctl.signals import signals_held
from infra.pbxctl.views import NodeView, SiteView, observe, probe
from infra.pbxctl.waiting import Deadline, wait_until

# How long a look after the fact may take: re-reading a switch whose update had an unknown
# outcome, or asking the name servers once more for the record.
SETTLE_DNS_SECONDS = 2.0


@dataclass(frozen=True)
class MoveOptions:
    reason: str | None = None
    force: bool = False
    dry_run: bool = False
    yes: bool = False
    wait: bool = True
    timeout: float = 300.0  # one budget for every wait of the run: power-on and DNS


@dataclass(frozen=True)
class Change:
    check: Route53Check
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
    degraded: bool = False  # done as asked, but calls do not go where the action meant
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
            "degraded": self.degraded,
            "message": self.message,
            "forced": self.forced,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "changes": [c.describe() for c in self.changes],
            "before": self.before,
            "after": self.after,
            "dns_seconds": {k: round(v, 2) for k, v in self.dns_seconds.items()},
            "audit_log": self.audit_log,
        }


class _Run:
    """Tracks one action from the first look to its single audit line."""

    def __init__(self, session: Session, action: str, options: MoveOptions) -> None:
        self.session = session
        self.action = action
        self.options = options
        self.started_at = datetime.now(UTC)
        self.started = session.clock()
        self._deadline: Deadline | None = None  # starts with the first wait
        self.view: SiteView | None = None
        self.before: dict[str, Any] | None = None
        self.answers: Sequence[NsAnswer] | None = None
        self.switches: dict[str, Route53Check] = {}  # newest known state of each switch
        self.unsure: set[Node] = set()  # switches whose state no read could confirm
        self.changed = False  # did this run change anything?
        self.forced = False
        self.measured: dict[str, float] = {}
        self.recorded = False

    @property
    def deadline(self) -> Deadline:
        """One budget for every wait of the run (power-on, DNS), from the first wait on."""
        if self._deadline is None:
            self._deadline = Deadline.after(self.options.timeout, self.session.clock)
        return self._deadline

    def start(self) -> SiteView:
        session = self.session
        self.view = observe(session.config, session.site, session.backends)
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
        """The switches and DNS as this run knows them, in words."""
        view = self.current()
        switches = ", ".join(
            f"the {node}'s switch may have changed (run `pbxctl status`)"
            if node in self.unsure
            else f"the {node} is switched {'in' if node_view.switched_in else 'out'}"
            for node, node_view in view.nodes.items()
        )
        return f"{switches}; {view.describe_dns(self.answers)}"

    def flip(self, change: Change) -> None:
        """Set one switch. An unclear outcome is settled by reading the check again."""
        route53 = self.session.backends.route53
        check = self.switches.get(change.check.id, change.check)
        try:
            self.switches[check.id] = route53.set_inverted(check, change.inverted)
            self.changed = True
        except ConflictError as err:
            # A retry whose first attempt went through before the connection broke gets
            # this too: Route 53 already counts our own version as used. Only then can the
            # change one version on be ours; on a first attempt it is someone else's.
            ours = err.after_retry and self._settled(check, change.inverted) is True
            if not ours:
                with suppress(PbxError):  # report what the other change did
                    self.switches[check.id] = self.session.backends.route53.get_check(check)
                raise ConflictError(
                    f"someone else changed the {check.node}'s switch (health check {check.id}) "
                    f"while this {self.action} ran, so this run did not change it; now "
                    f"{self.state()}; run `pbxctl status` and decide again"
                ) from None
        except ApiError as err:
            settled = self._settled(check, change.inverted)
            if settled is None:
                raise ApiError(
                    f"{err.message}; the {check.node}'s switch may or may not have changed: "
                    "run `pbxctl status` before trying again"
                ) from None
            if not settled:
                raise ApiError(f"{err.message}; the {check.node}'s switch did not change") from None
        except KeyboardInterrupt:
            self._settled(check, change.inverted)  # record what Route 53 has, not our hope
            raise

    def _settled(self, check: Route53Check, inverted: bool) -> bool | None:
        """After an unclear update: True if the switch now has our value one version on,
        False if it is unchanged, None if it cannot be told (then it stays `unsure`)."""
        try:
            now = self.session.backends.route53.get_check(check)
        except PbxError:
            self.unsure.add(check.node)
            return None
        self.switches[check.id] = now
        self.unsure.discard(check.node)
        if now.inverted == inverted and now.version == check.version + 1:
            self.changed = True
            return True
        if now.version == check.version:
            return False
        return None if now.inverted == inverted else False

    def wait_for(self, target: Node, label: str, deadline: Deadline | None = None) -> None:
        """Wait until every answering name server returns the target's address."""
        view = self.current()
        if not self.options.wait:
            return
        session = self.session
        want = frozenset(view.nodes[target].addresses)
        if not view.name_servers:
            session.ui.say("no name servers known for the zone; not waiting for DNS")
            return
        deadline = deadline or self.deadline
        start = session.clock()
        description = f"waiting for the name servers to answer {', '.join(sorted(want))} ({target})"
        with session.ui.progress(description) as update:

            def answered(left: Deadline) -> bool | None:
                self.answers = answers = self.ask_dns(left.remaining())
                good = [answer for answer in answers if answer.error is None]
                if good and all(answer.addresses == want for answer in good):
                    return True
                update(f"now: {view.describe_dns(answers)}")
                return None

            interval = session.backends.poll_interval
            if wait_until(answered, deadline=deadline, interval=interval, sleep=session.sleep):
                self.measured[label] = session.clock() - start
                return
            raise WaitTimeoutError(
                f"after {self.options.timeout:g} s the name servers still do not "
                f"answer {', '.join(sorted(want))} ({target}) for {view.fqdn}"
            )

    def ask_dns(self, budget: float) -> list[NsAnswer]:
        """One round of questions to the name servers, within `budget` seconds."""
        view = self.current()
        timeout = max(min(self.session.backends.dns_timeout, budget), 0.05)
        return self.session.backends.dns(view.fqdn, view.name_servers, timeout=timeout)

    def look_again(self) -> None:
        """Re-read the switches and the name servers: the record says what is, not what was."""
        route53 = self.session.backends.route53
        for node, node_view in self.current().nodes.items():
            try:
                self.switches[node_view.switch.id] = route53.get_check(node_view.switch)
                self.unsure.discard(node)
            except PbxError:
                if self.changed:
                    self.unsure.add(node)
        left = self.deadline.remaining() if self._deadline is not None else SETTLE_DNS_SECONDS
        budget = min(SETTLE_DNS_SECONDS, left)
        if budget > 0:
            self.answers = self.ask_dns(budget)

    def record(self, result: str, **extra: Any) -> None:
        if self.recorded or self.options.dry_run:
            return
        self.recorded = True
        with signals_held():
            self._write(result, **extra)

    def _write(self, result: str, **extra: Any) -> None:
        self.look_again()
        view = self.current()
        after = view.snapshot(self.answers)
        for node in self.unsure:
            after[node.value]["switch"] = "unknown"
        entry = record(
            started=self.started_at,
            site=view.site,
            action=self.action,
            reason=self.options.reason,
            forced=self.forced,
            before=self.before,
            after=after,
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
        except KeyboardInterrupt as stop:
            how = str(stop) or "Ctrl-C"  # errors.Interrupted carries the signal's name
            self.record("interrupted", detail=f"interrupted by {how}")
            self.session.ui.say(f"interrupted by {how}; now {self.state()}")
            raise
        except Exception as err:  # a bug: still one line, then the error boundary speaks
            self.record("failed", detail=f"unexpected {type(err).__name__}")
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


def _server_check(session: Session, run: _Run, target: Node) -> tuple[Check, NodeView | None]:
    """The target's server: running, powered on here (the backup), or not fit.

    Returns the check and, when the backup was off, the node as it is after power-on
    (None: nothing changed, or a dry run that would power it on).
    """
    node = run.current().nodes[target]
    server = node.server
    name = f"{target} server"
    if server is None:
        return Check(name, False, node.server_problem or "unknown"), None
    if server.running:
        return Check(name, True, f"{server.provider} {server.name} is running"), None
    if target is Node.BACKUP and server.state == "off":
        if run.options.dry_run:
            return Check(name, None, f"{server.name} is off; would power it on"), None
        powered = power_on(session, run, node, server)
        return Check(name, True, f"{server.name} was off; powered on"), powered
    detail = f"{server.provider} {server.name} is {server.state}; start it first"
    return Check(name, False, detail), None


def preflight(session: Session, run: _Run, target: Node) -> list[Check]:
    """Is the target fit to take the calls? Powers the backup on if it is off."""
    server_check, powered = _server_check(session, run, target)
    checks = [server_check]
    view = run.current()
    node = powered or view.nodes[target]
    if server_check.ok is None:  # a dry run facing a server that is off
        checks.append(Check(f"{target} endpoint", None, "checked after power-on"))
        checks.append(Check(f"{target} SIP", None, "checked after power-on"))
        return checks
    status = node.endpoint_status
    why = f": {status.failure}" if status.failure and not node.endpoint_healthy else ""
    checks.append(Check(f"{target} endpoint", node.endpoint_healthy, status.describe() + why))
    checks.append(Check(f"{target} SIP", node.sip.alive, node.sip.describe()))

    run.view = after = replace(view, nodes={**view.nodes, target: node})
    for change in changes_for(after, target):
        after = after.with_switch(replace(change.check, inverted=change.inverted))
    if not any(n.effective_healthy() for n in after.nodes.values()):
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
    hetzner = session.backends.hetzner()
    with session.ui.progress(f"powering on {server.name} (Hetzner)") as update:
        server = hetzner.power_on(
            server,
            timeout=run.deadline.remaining(),
            on_progress=lambda pct: update(f"action {pct}% done"),
        )
        address, port = node.addresses[0], session.site.sip.udp_port
        endpoint = node.checks[CheckRole.ENDPOINT]
        latest = replace(node, server=server, server_problem=None)

        def fit(_: Deadline) -> bool | None:
            nonlocal latest
            sip = probe(session.backends, address, port)
            status = session.backends.route53.endpoint_status(endpoint)
            latest = replace(latest, sip=sip, endpoint_status=status)
            if sip.alive and latest.endpoint_healthy:
                return True
            update(f"running; SIP: {sip.reason}; endpoint: {status.describe()}")
            return None

        interval = session.backends.poll_interval
        wait_until(fit, deadline=run.deadline, interval=interval, sleep=session.sleep)
        return latest  # if still unfit, the preflight checks say what is missing


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


def _why_not(view: SiteView, target: Node) -> str:
    """Why Route 53 does not send callers to `target`, in words."""
    node = view.nodes[target]
    if not node.switched_in:
        return f"the {target} is switched out"
    return f"the {target}'s endpoint check is {node.endpoint_status.describe()}"


def _already(session: Session, run: _Run, outcome: Outcome, target: Node) -> Outcome:
    """Nothing to switch: say so, and say it plainly if calls still go elsewhere."""
    view = run.current()
    done = (
        "promoted: the primary is switched out"
        if target is Node.BACKUP
        else "demoted: the primary is switched in"
    )
    outcome.result = "no-op"
    expected = view.expected()
    if expected is target:
        outcome.message = f"already {done}; nothing to do ({view.describe_dns()})"
    else:
        outcome.degraded = True
        outcome.message = (
            f"already {done}, but Route 53 sends callers to the {expected}: "
            f"{_why_not(view, target)}; fix the {target}, then check `pbxctl status` "
            f"({view.describe_dns()})"
        )
    run.record("no-op", **_flagged(outcome))
    outcome.after = run.current().snapshot(run.answers)
    return outcome


def _flagged(outcome: Outcome) -> dict[str, Any]:
    return {"degraded": True} if outcome.degraded else {}


def _plan(session: Session, run: _Run, changes: list[Change], target: Node) -> None:
    view = run.current()
    steps = [change.describe() for change in changes]
    if run.options.wait:
        want = ", ".join(view.nodes[target].addresses)
        steps.append(
            f"wait until the name servers answer {want} for {view.fqdn} "
            f"(at most {run.options.timeout:.0f} s in all)"
        )
    if not run.options.dry_run:
        steps.append(f"append a line to the audit log {session.audit_log.path}")
    session.ui.plan(f"Plan: {run.action} {view.site}", steps)


def move(session: Session, target: Node, options: MoveOptions) -> Outcome:
    """Promote (target backup) or demote (target primary)."""
    action = "promote" if target is Node.BACKUP else "demote"
    run = _Run(session, action, options)
    view = run.start()
    outcome = Outcome(action=action, site=view.site, fqdn=view.fqdn, result="ok", before=run.before)
    if not options.dry_run:
        outcome.audit_log = str(session.audit_log.path)
    with run.recording():
        if not changes_for(view, target):
            return _already(session, run, outcome, target)
        checks = preflight(session, run, target)
        _accept_preflight(session, run, outcome, checks, action)
        outcome.changes = changes = changes_for(run.current(), target)
        _plan(session, run, changes, target)
        if options.dry_run:
            outcome.result = "dry-run"
            outcome.message = "nothing was changed"
            return outcome
        if not options.yes and not session.ui.confirm(f"{action.capitalize()} {view.site} now?"):
            raise RefusedError(f"{action} not confirmed; nothing was changed")

        for change in changes:
            run.flip(change)
        expected = run.current().expected()
        if expected is not target:
            # Only a forced move gets here: the checks already say where DNS will point.
            outcome.degraded = True
            outcome.message = (
                f"the switch is set as forced, but Route 53 keeps sending callers to the "
                f"{expected} ({_why_not(run.current(), target)}); not waiting for DNS"
            )
        else:
            try:
                run.wait_for(target, action)
            except WaitTimeoutError as err:
                raise WaitTimeoutError(
                    f"{err.message}; the switch stays set ({run.state()}); check `pbxctl "
                    f"status` (is the {target}'s endpoint healthy?) and wait, or run "
                    f"`pbxctl {action}` again"
                ) from None
        run.record("ok", **_flagged(outcome))
    outcome.after = run.current().snapshot(run.answers)
    outcome.dns_seconds = run.measured
    if action in run.measured:
        outcome.message = (
            f"{view.fqdn} now answers {', '.join(run.current().nodes[target].addresses)} "
            f"({target}) after {run.measured[action]:.1f} s; resolvers may keep the old "
            f"answer up to the TTL ({session.config.dns.ttl} s)"
        )
    elif not outcome.degraded:
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
            run.wait_for(Node.BACKUP, "promote", Deadline.after(options.timeout, session.clock))
            _hold(session, hold)
        except KeyboardInterrupt:
            session.ui.say(_restore(run, back_in))
            raise
        except PbxError as err:
            raise type(err)(f"the drill stopped: {err.message}; {_restore(run, back_in)}") from None
        run.flip(back_in)
        run.wait_for(Node.PRIMARY, "demote", Deadline.after(options.timeout, session.clock))
        run.record("ok", measured={k: round(v, 2) for k, v in run.measured.items()})
    outcome.after = run.current().snapshot(run.answers)
    outcome.dns_seconds = run.measured
    outcome.message = (
        f"the name servers answered the backup after {run.measured['promote']:.1f} s and the "
        f"primary again after {run.measured['demote']:.1f} s"
    )
    return outcome


def _hold(session: Session, hold: float) -> None:
    with session.ui.progress(f"holding traffic on the backup for {hold:.0f} s") as update:

        def count_down(deadline: Deadline) -> None:
            update(f"{deadline.remaining():.0f} s left")

        held = Deadline.after(hold, session.clock)
        wait_until(count_down, deadline=held, interval=1.0, sleep=session.sleep)


def _restore(run: _Run, back_in: Change) -> str:
    """A drill that fails half-way switches the primary back in before it reports, then
    asks the name servers again so that what it reports is what they say now."""
    try:
        run.flip(back_in)
    except PbxError as err:
        return f"switching the primary back in failed too ({err.message})"
    run.answers = run.ask_dns(SETTLE_DNS_SECONDS)
    return (
        f"the primary was switched back in ({run.current().describe_dns(run.answers)}); "
        "run `pbxctl status` to check"
    )
