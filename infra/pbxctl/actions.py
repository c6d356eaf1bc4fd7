"""Actions that change where calls go: promote, demote and drill, each with its preflight.

The only thing pbxctl ever changes in Route 53 is the `Inverted` flag of a node's `switch`
check: promote switches the primary out (and the backup in, should someone have switched
it out), demote switches the primary back in. Everything here decides and acts through
`Session` (its backends and its `Ui`), so the rules run the same against the cloud and
against the in-memory stand-ins of the decision tests.
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
from infra.pbxctl.views import NodeView, SiteView, observe, probe
from infra.pbxctl.waiting import Deadline, wait_until


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
        self.switches: dict[str, Route53Check] = {}  # newest known state of each switch
        self.changed = False  # did this run change anything?
        self.forced = False
        self.measured: dict[str, float] = {}
        self.recorded = False

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

            def answered(deadline: Deadline) -> bool | None:
                timeout = min(session.backends.dns_timeout, max(deadline.remaining(), 0.05))
                self.answers = answers = session.backends.dns(
                    view.fqdn, view.name_servers, timeout=timeout
                )
                good = [answer for answer in answers if answer.error is None]
                if good and all(answer.addresses == want for answer in good):
                    return True
                update(f"now: {view.describe_dns(answers)}")
                return None

            deadline = Deadline.after(self.options.timeout, session.clock)
            interval = session.backends.poll_interval
            if wait_until(answered, deadline=deadline, interval=interval, sleep=session.sleep):
                self.measured[label] = session.clock() - start
                return
            raise WaitTimeoutError(
                f"after {self.options.timeout:.0f} s the name servers still do not "
                f"answer {', '.join(sorted(want))} ({target}) for {view.fqdn}"
            )

    def record(self, result: str, **extra: Any) -> None:
        if self.recorded or self.options.dry_run:
            return
        self.recorded = True
        view = self.current()
        entry = record(
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

        deadline = Deadline(started + timeout, session.clock)
        wait_until(
            fit, deadline=deadline, interval=session.backends.poll_interval, sleep=session.sleep
        )
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

                def count_down(deadline: Deadline) -> None:
                    update(f"{deadline.remaining():.0f} s left")

                held = Deadline.after(hold, session.clock)
                wait_until(count_down, deadline=held, interval=1.0, sleep=session.sleep)
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
