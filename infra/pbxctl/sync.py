"""`pbxctl sync` and `pbxctl diff`: make both nodes' /etc/asterisk what the repo says.

Per node: read what is installed (over SSH, in memory, secrets included), compare it with
the desired tree (`infra.node.tree`, secrets filled), and if they differ install a new
generation (`infra/node/install.py`: staged, swapped atomically, Asterisk reloaded). Then
the node's health agent must answer `SIP OK` from here within `health_timeout`, or the
previous generation is restored and the sync stops (exit 6).

Order: the node that does not carry traffic first; the one that does only while the other
is effectively healthy (Route 53) and answers `SIP OK` from here, unless `--force`. Secret
values never leave memory except to the node: plans and audit lines name secrets files and
say "changed", never their contents or a hash of them.
"""

from __future__ import annotations

import base64
import difflib
import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from infra.config import SiteConfig
from infra.errors import PbxError, RefusedError, RolledBackError
from infra.naming import Node
from infra.node.health_agent import SIP_OK, file_digest, tree_digest
from infra.node.tree import DesiredTree, NodeFacts, desired_tree, manifest
from infra.pbxctl.audit import record, who
from infra.pbxctl.session import Session
from infra.pbxctl.ssh import Ssh, SshOptions, target_for
from infra.pbxctl.views import SiteView, observe
from infra.pbxctl.waiting import Deadline, wait_until

# The health agent reuses a probe result for this long: a later answer saw the new config.
AGENT_CACHE_SECONDS = 1.0
DIFF_LINES_LIMIT = 400


@dataclass(frozen=True)
class SyncOptions:
    reason: str | None = None
    force: bool = False
    dry_run: bool = False
    yes: bool = False
    only: Node | None = None
    health_timeout: float = 60.0


@dataclass(frozen=True)
class Installed:
    """What `install.py inspect` found on a node; secrets stay in memory."""

    generation: str | None
    layout: bool  # /etc/asterisk is already pbx-failover's symlink
    manifest: dict[str, Any] | None
    files: dict[str, bytes]
    other: tuple[str, ...]  # symlinks, special files: reported, never read

    @classmethod
    def parse(cls, output: bytes, node: Node) -> Installed:
        answer = _answer(output, node, "reading its tree")
        return cls(
            generation=answer.get("generation"),
            layout=bool(answer.get("layout")),
            manifest=answer.get("manifest"),
            files={path: base64.b64decode(data) for path, data in answer["files"].items()},
            other=tuple(answer.get("other", ())),
        )

    def secrets_generation(self) -> str | None:
        secrets = (self.manifest or {}).get("secrets") or {}
        value = secrets.get("generation")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class FileChange:
    path: str
    kind: str  # added, changed, removed
    secret: bool
    diff: str = ""  # unified diff; always empty for a secret

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "change": self.kind, "secret": self.secret}


@dataclass
class NodePlan:
    node: Node
    address: str  # where its health agent answers
    ssh: Ssh
    installed: Installed
    desired: DesiredTree
    changes: list[FileChange]
    secrets_changed: bool

    @property
    def no_op(self) -> bool:
        return not self.changes and self.installed.layout

    def digest_before(self) -> str:
        secret = set(self.desired.secret_files) | _manifest_secrets(self.installed.manifest)
        files = {p: file_digest(d) for p, d in self.installed.files.items() if p not in secret}
        return tree_digest(files)

    def summary(self) -> str:
        if self.no_op:
            return "in sync, nothing to do"
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        parts = [f"{n} {kind}" for kind, n in sorted(counts.items())]
        if not self.installed.layout:
            parts.append("first sync: /etc/asterisk becomes a generation")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node.value,
            "generation": self.installed.generation,
            "in_sync": self.no_op,
            "digest_before": self.digest_before(),
            "digest_after": self.desired.digest(),
            "changes": [change.to_dict() for change in self.changes],
            "other": list(self.installed.other),
        }


@dataclass
class NodeResult:
    node: Node
    result: str  # ok, no-op, rolled back, refused, failed
    generation_before: str | None
    generation_after: str | None
    message: str
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node.value,
            "result": self.result,
            "generation_before": self.generation_before,
            "generation_after": self.generation_after,
            "message": self.message,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class SyncOutcome:
    site: str
    dry_run: bool
    forced: bool = False
    plans: list[NodePlan] = field(default_factory=list)
    results: list[NodeResult] = field(default_factory=list)
    audit_log: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "dry_run": self.dry_run,
            "forced": self.forced,
            "plans": [plan.to_dict() for plan in self.plans],
            "results": [result.to_dict() for result in self.results],
            "audit_log": self.audit_log,
        }


def _answer(output: bytes, node: Node, what: str) -> dict[str, Any]:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise PbxError(
            f"the {node} gave no answer while {what}; is python3 installed there? (its "
            f"output began: {output[:120]!r})"
        )
    if not answer.get("ok") and "error" in answer:
        raise PbxError(f"the {node} refused {what}: {answer['error']}")
    return answer


def _manifest_secrets(manifest: Mapping[str, Any] | None) -> set[str]:
    files = ((manifest or {}).get("secrets") or {}).get("files") or []
    return {name for name in files if isinstance(name, str)}


def compare(desired: DesiredTree, installed: Installed) -> list[FileChange]:
    """Added, changed and removed files; unified diffs for non-secret text files only."""
    secret = set(desired.secret_files) | _manifest_secrets(installed.manifest)
    wanted = {**desired.files, **desired.secrets}
    changes = []
    for path in sorted(set(wanted) | set(installed.files)):
        is_secret = path in secret
        old, new = installed.files.get(path), wanted.get(path)
        if is_secret and new is None and path in desired.secret_files:
            continue  # no values given (diff without secrets): nothing to say about it
        if old == new:
            continue
        kind = "added" if old is None else "removed" if new is None else "changed"
        text = "" if is_secret else _unified(path, old or b"", new or b"", kind)
        changes.append(FileChange(path, kind, is_secret, text))
    return changes


def _unified(path: str, old: bytes, new: bytes, kind: str) -> str:
    if b"\0" in old or b"\0" in new:
        return f"binary file {path} {kind}\n"
    lines = list(
        difflib.unified_diff(
            old.decode("utf-8", "replace").splitlines(keepends=True),
            new.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"node/{path}" if kind != "added" else "/dev/null",
            tofile=f"repo/{path}" if kind != "removed" else "/dev/null",
        )
    )
    if len(lines) > DIFF_LINES_LIMIT:
        lines = [*lines[:DIFF_LINES_LIMIT], f"... ({len(lines) - DIFF_LINES_LIMIT} more lines)\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def traffic_node(view: SiteView) -> Node:
    """The node callers reach now: the name servers' answer, else the health checks'."""
    return view.answering() or view.expected()


def plan_nodes(
    session: Session,
    view: SiteView,
    connect: Callable[[Node], Ssh],
    secrets: Mapping[str, str] | None,
    nodes: list[Node],
) -> list[NodePlan]:
    """Inspect the nodes (in parallel: each is an SSH round trip) and compare."""
    config, site = session.config, session.site

    def plan(node: Node) -> NodePlan:
        ssh = connect(node)
        installed = Installed.parse(ssh.installer("inspect"), node)
        address = view.nodes[node].addresses[0]
        facts = NodeFacts(node, config.node_fqdn(site, node), address)
        desired = desired_tree(config, site, facts, secrets=secrets)
        changes = compare(desired, installed)
        return NodePlan(
            node=node,
            address=address,
            ssh=ssh,
            installed=installed,
            desired=desired,
            changes=changes,
            secrets_changed=any(change.secret for change in changes),
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(plan, nodes))


def _secrets_generation(plans: list[NodePlan]) -> str:
    """Nodes with the same secrets share an id: an unchanged node's id, else a new one."""
    for plan in plans:
        existing = plan.installed.secrets_generation()
        if not plan.secrets_changed and existing is not None:
            return existing
    return uuid.uuid4().hex[:16]


def health_answer(site: SiteConfig, address: str, timeout: float = 2.0) -> str:
    """The node's health agent's answer from here ('SIP OK', 'SIP TIMEOUT', 'HTTP ...')."""
    host = f"[{address}]" if ":" in address else address
    url = f"http://{host}:{site.health.port}{site.health.path}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body: bytes = response.read(200)
            return body.decode("utf-8", "replace").strip()
    except urllib.error.HTTPError as err:
        return err.read(200).decode("utf-8", "replace").strip() or f"HTTP {err.code}"
    except (OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        return f"no answer from {url} ({reason})"


def sync(
    session: Session,
    options: SyncOptions,
    connect: Callable[[Node], Ssh],
    secrets: Mapping[str, str],
) -> SyncOutcome:
    """Plan both nodes, then install them in order; see the module's docstring."""
    site = session.site
    outcome = SyncOutcome(site=site.name, dry_run=options.dry_run)
    if not options.dry_run:
        session.audit_log.open()  # an unwritable log stops us before anything changes
        outcome.audit_log = str(session.audit_log.path)
    view = observe(session.config, site, session.backends)
    traffic = traffic_node(view)
    order = [node for node in (traffic.other, traffic) if options.only in (None, node)]
    plans = plan_nodes(session, view, connect, secrets, order)
    outcome.plans = plans
    if options.dry_run:
        outcome.results = [
            NodeResult(p.node, "no-op" if p.no_op else "dry-run", p.installed.generation,
                       p.installed.generation, p.summary(), 0.0)
            for p in plans
        ]  # fmt: skip
        return outcome
    if all(plan.no_op for plan in plans):  # nothing to confirm; each node still gets its line
        outcome.results = [_sync_node(session, options, plan, "", outcome) for plan in plans]
        return outcome
    session.ui.plan(
        f"Sync {site.name} (callers are on the {traffic} now):",
        [f"{plan.node}: {plan.summary()}" for plan in plans if not plan.no_op],
    )
    if not options.yes and not session.ui.confirm(f"Sync {site.name} now?"):
        raise RefusedError("sync not confirmed; nothing was changed")
    secrets_generation = _secrets_generation(plans)
    for plan in plans:
        if plan.node is traffic and not plan.no_op:
            outcome.forced = _guard_traffic_node(session, options, plan, traffic) or outcome.forced
        outcome.results.append(_sync_node(session, options, plan, secrets_generation, outcome))
    return outcome


def _guard_traffic_node(
    session: Session, options: SyncOptions, plan: NodePlan, traffic: Node
) -> bool:
    """Refuse to touch the node callers are on unless the other could take them (or forced).

    True when --force overrode a refusal. A traffic node that does not answer SIP OK itself
    is no worse off for a sync, so it is not guarded.
    """
    site = session.site
    view = observe(session.config, site, session.backends)  # fresh: the other may be new
    own = health_answer(site, plan.address)
    if SIP_OK not in own:
        return False
    other = view.nodes[traffic.other]
    other_health = health_answer(site, other.addresses[0])
    problems = []
    if not other.effective_healthy():
        problems.append(f"Route 53 counts the {traffic.other} unhealthy or switched out")
    if SIP_OK not in other_health:
        problems.append(f"the {traffic.other}'s health agent answers {other_health!r}")
    if not problems:
        return False
    if not options.force:
        raise RefusedError(
            f"not touching the {traffic}, which carries the calls, while the "
            f"{traffic.other} could not take them ({'; '.join(problems)}); fix the "
            f"{traffic.other} first, or add --force"
        )
    session.ui.say(f"warning: --force: syncing the {traffic} although {'; '.join(problems)}")
    return True


def _sync_node(
    session: Session,
    options: SyncOptions,
    plan: NodePlan,
    secrets_generation: str,
    outcome: SyncOutcome,
) -> NodeResult:
    started, clock = datetime.now(UTC), time.monotonic()
    before = plan.installed.generation
    if plan.no_op:
        result = NodeResult(plan.node, "no-op", before, before, "in sync, nothing to do", 0.0)
        _audit(session, options, plan, result, started=started, forced=outcome.forced)
        return result
    generation = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:6]}"
    unchanged_secrets = not plan.secrets_changed and plan.installed.secrets_generation()
    payload = {
        "generation": generation,
        "files": {
            path: base64.b64encode(data).decode("ascii")
            for path, data in {**plan.desired.files, **plan.desired.secrets}.items()
        },
        "manifest": manifest(
            plan.desired,
            generation=generation,
            secrets_generation=unchanged_secrets or secrets_generation,
            installed_at=None,  # the node stamps its own clock
            installed_by=f"pbxctl sync by {who()}",
        ),
    }
    try:
        with session.ui.progress(f"installing on the {plan.node}") as update:
            answer = _answer(
                plan.ssh.installer("apply", payload=json.dumps(payload).encode()),
                plan.node,
                "installing the new tree",
            )
            if not answer.get("ok"):
                restored = answer.get("restored", {})
                raise RolledBackError(
                    f"the {plan.node}'s Asterisk reload failed "
                    f"({answer.get('reload', {}).get('output') or 'no output'}); the previous "
                    f"tree ({restored.get('generation') or 'the package folder'}) is back and "
                    "reloaded; the other node was not touched"
                )
            update("waiting for SIP OK")
            last = _wait_healthy(session, plan, options.health_timeout)
            if SIP_OK not in last:
                rollback = _answer(
                    plan.ssh.installer("rollback", before or "-", generation),
                    plan.node,
                    "restoring the previous tree",
                )
                reloaded = (
                    "and reloaded"
                    if rollback.get("reload", {}).get("ok")
                    else ("but its reload failed too")
                )
                raise RolledBackError(
                    f"the {plan.node} did not answer SIP OK within "
                    f"{options.health_timeout:.0f} s after the reload (last answer: {last}); "
                    f"the previous tree ({before or 'the package folder'}) is back {reloaded}; "
                    "the other node was not touched"
                )
    except PbxError as err:
        result = NodeResult(
            plan.node,
            "rolled back" if isinstance(err, RolledBackError) else "failed",
            before,
            before,
            err.message,
            time.monotonic() - clock,
        )
        _audit(session, options, plan, result, started=started, forced=outcome.forced)
        outcome.results.append(result)
        raise
    except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: the line says the node may be mid-way
        result = NodeResult(
            plan.node,
            "interrupted",
            before,
            None,
            "interrupted while installing; run `pbxctl diff` to see what the node has",
            time.monotonic() - clock,
        )
        _audit(session, options, plan, result, started=started, forced=outcome.forced)
        raise
    result = NodeResult(
        plan.node, "ok", before, generation, plan.summary(), time.monotonic() - clock
    )
    _audit(session, options, plan, result, started=started, forced=outcome.forced)
    return result


def _wait_healthy(session: Session, plan: NodePlan, timeout: float) -> str:
    """The health agent's last answer: 'SIP OK' once a probe after the reload says so."""
    session.sleep(AGENT_CACHE_SECONDS)
    answers: list[str] = []

    def healthy(deadline: Deadline) -> bool | None:
        wait = min(2.0, max(0.1, deadline.remaining()))
        answers.append(health_answer(session.site, plan.address, wait))
        return True if SIP_OK in answers[-1] else None

    wait_until(
        healthy,
        deadline=Deadline.after(timeout, session.clock),
        interval=max(0.2, session.backends.poll_interval),
        sleep=session.sleep,
    )
    return answers[-1]


def _audit(
    session: Session,
    options: SyncOptions,
    plan: NodePlan,
    result: NodeResult,
    *,
    started: datetime,
    forced: bool,
) -> None:
    """One line per node: who, why, the tree digest and generation before and after."""
    installed_digest = plan.desired.digest() if result.result == "ok" else plan.digest_before()
    session.audit_log.append(
        record(
            started=started,
            site=session.site.name,
            action="sync",
            reason=options.reason,
            forced=forced,
            before={"generation": result.generation_before, "digest": plan.digest_before()},
            after={"generation": result.generation_after, "digest": installed_digest},
            result=result.result,
            duration=result.seconds,
            node=plan.node.value,
            files={change.path: change.kind for change in plan.changes},
            message=result.message,
        )
    )


def connector(session: Session, options: SshOptions) -> Callable[[Node], Ssh]:
    """How this command reaches each node (the primary by its instance id, from EC2)."""
    config, site = session.config, session.site

    def connect(node: Node) -> Ssh:
        instance_id = None
        if node is Node.PRIMARY and site.primary.access == "ssm":
            server = session.backends.ec2.primary_server(site.name)
            instance_id = server.id if server is not None else None
        return Ssh(target_for(site, node, config.node_fqdn(site, node), instance_id), options)

    return connect


def diff_contents(
    session: Session, connect: Callable[[Node], Ssh], nodes: list[Node]
) -> list[NodePlan]:
    """Per node, the files that differ from the repo, with contents (secrets not compared)."""
    view = observe(session.config, session.site, session.backends)
    return plan_nodes(session, view, connect, None, nodes)
