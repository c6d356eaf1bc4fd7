"""Everything a person sees: the conversation on stderr, tables and results on stdout.

The app imports this module only inside commands, so `pbxctl --help` never loads rich.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from infra.errors import RefusedError
from infra.naming import Node
from infra.pbxctl.actions import Outcome
from infra.pbxctl.drift import SiteDrift
from infra.pbxctl.phones import AgentPhones
from infra.pbxctl.rto import RtoReport
from infra.pbxctl.session import Check
from infra.pbxctl.sync import NodePlan, SyncOutcome
from infra.pbxctl.views import SiteView


def consoles() -> tuple[Console, Console]:
    """(stdout for results, stderr for the conversation)."""
    return Console(), Console(stderr=True)


class RichUi:
    """The conversation on stderr; stdout carries only the result."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def say(self, text: str) -> None:
        with suppress(OSError):  # a closed terminal must not stop the action's record
            self.console.print(text, markup=False, highlight=False)

    def checks(self, title: str, checks: Sequence[Check]) -> None:
        table = Table(title=title, title_justify="left", show_header=False, box=None)
        for check in checks:
            word = {True: "ok", False: "FAILED", None: "pending"}[check.ok]
            style = {True: "green", False: "bold red", None: "yellow"}[check.ok]
            table.add_row(f"[{style}]{word}[/]", check.name, escape(check.detail))
        self.console.print(table)

    def plan(self, title: str, steps: Sequence[str]) -> None:
        self.console.print(title, markup=False, style="bold")
        for number, step in enumerate(steps, 1):
            self.console.print(f"  {number}. {step}", markup=False, highlight=False)

    def confirm(self, question: str) -> bool:
        if not sys.stdin.isatty():
            raise RefusedError(
                "there is no terminal to confirm on and --yes was not given; nothing was "
                "changed (add --yes to run without asking)"
            )
        return typer.confirm(question, default=False, err=True)

    @contextmanager
    def progress(self, description: str) -> Iterator[Callable[[str], None]]:
        if not self.console.is_terminal:  # a log or a pipe: no spinner frames, two lines
            self.say(f"{description} ...")
            yield lambda detail: None
            self.say(f"{description}: done")
            return
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[detail]}", markup=False),
            console=self.console,
            transient=True,
        ) as bar:
            task = bar.add_task(description, total=None, detail="")
            yield lambda detail: bar.update(task, detail=detail)
        self.console.print(f"{description}: done", markup=False, highlight=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2) + "\n")


def retries_note(retries: int, console: Console) -> None:
    if retries:
        console.print(
            f"note: AWS throttled or failed {retries} request(s); pbxctl retried them",
            markup=False,
            highlight=False,
        )


def node_fields(view: SiteView, node: Node) -> list[tuple[str, str]]:
    """One node's state as (label, rich text) pairs, for either layout."""
    nv = view.nodes[node]
    server = (
        f"{nv.server.state} ({nv.server.name})" if nv.server else f"unknown: {nv.server_problem}"
    )
    endpoint = nv.endpoint_status.describe()
    if nv.endpoint_status.failure and not nv.endpoint_healthy:
        endpoint += f"\n{nv.endpoint_status.failure}"
    sip = nv.sip.reason + (f" {nv.sip.rtt_ms:.1f} ms" if nv.sip.rtt_ms is not None else "")
    return [
        ("provider", nv.provider),
        ("address", ", ".join(nv.addresses)),
        ("server", escape(server)),
        ("endpoint (Route 53)", escape(endpoint)),
        ("switch", "in" if nv.switched_in else "[bold]OUT[/]"),
        ("effective", "healthy" if nv.effective_healthy() else "[bold red]unhealthy[/]"),
        ("SIP from here", escape(sip)),
    ]


def _wide(view: SiteView) -> Table:
    """One row per node: the layout for a wide terminal."""
    table = Table(title=f"{view.site}: {view.fqdn}", title_justify="left")
    fields = {node: node_fields(view, node) for node in Node}
    table.add_column("node")
    for label, _ in fields[Node.PRIMARY]:
        table.add_column(label)
    for node, pairs in fields.items():
        table.add_row(node.value, *(value for _, value in pairs))
    return table


def _narrow(view: SiteView) -> Table:
    """A block per node, label and value side by side: fits 80 columns, and a pipe."""
    table = Table(
        title=f"{view.site}: {view.fqdn}", title_justify="left", show_header=False, box=None
    )
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for number, node in enumerate(Node):
        if number:
            table.add_row("", "")
        table.add_row(f"[underline]{node.value}[/]", "")
        for label, value in node_fields(view, node):
            table.add_row(f"  {label}", value)
    return table


def status(
    view: SiteView, problems: list[str], out: Console, drift: SiteDrift | None = None
) -> None:
    wide = _wide(view)
    unbounded = out.options.update(max_width=10_000)  # its natural width, not the terminal's
    fits = Measurement.get(out, unbounded, wide).maximum <= out.width
    out.print(wide if fits else _narrow(view))
    route53 = (
        "not available here"
        if view.route53_answer is None
        else ", ".join(view.route53_answer) or "no address"
    )
    for line in (
        view.describe_dns(),
        f"Route 53 answer (TestDNSAnswer): {route53}",
        f"by the health checks, Route 53 sends callers to the {view.expected()}",
    ):
        out.print(line, markup=False, highlight=False, overflow="fold")
    if drift is not None:
        for node, node_drift in drift.nodes.items():
            out.print(
                f"config of the {node}: {node_drift.describe()}",
                markup=False,
                highlight=False,
                overflow="fold",
            )
    # One unbroken line, so that the address survives a copy from the terminal.
    out.print(f"dashboard: {view.dashboard}", markup=False, highlight=False, soft_wrap=True)
    if problems:
        out.print("[bold red]DEGRADED[/]")
        for problem in problems:
            out.print(f"  - {problem}", markup=False, highlight=False)
    else:
        out.print("[bold green]HEALTHY[/]: traffic goes to the primary and both nodes are fit")


def outcome(result: Outcome, out: Console, as_json: bool) -> None:
    if as_json:
        print_json(result.to_dict())
        return
    word = {"ok": "done", "no-op": "no change", "dry-run": "dry run"}.get(
        result.result, result.result
    )
    out.print(f"{word}: {result.message}", markup=False, highlight=False)
    if result.forced:
        out.print("the preflight failed and --force overrode it (recorded)", markup=False)


def rto(report: RtoReport, out: Console) -> None:
    out.print(f"{report.site}: worst case until new calls reach the backup", style="bold")
    for estimate in (report.automatic, report.manual):
        table = Table(
            title=f"{estimate.title}: DNS answers the backup after {estimate.total:.0f} s",
            title_justify="left",
            box=None,
        )
        table.add_column("term")
        table.add_column("seconds", justify="right")
        table.add_column("basis")
        for term in estimate.terms:
            table.add_row(term.name, f"{term.seconds:.0f}", escape(term.basis))
        out.print(table)
    if report.phones:
        table = Table(
            title="then the phones: seconds to the first call the backup answers",
            title_justify="left",
            box=None,
        )
        for column in ("agents", "phone", "layout", "transport", "the phones' part"):
            table.add_column(column)
        table.add_column("total (Route 53)", justify="right")
        table.add_column("total (promote)", justify="right")
        for phone in report.phones:
            at_least = ">" if phone.at_least else ""
            table.add_row(
                ", ".join(phone.agents),
                phone.phone,
                f"{phone.layout} ({phone.scheme})",
                phone.transport.upper(),
                escape(phone.basis),
                f"{at_least}{phone.total(report.automatic):.0f}",
                f"{at_least}{phone.total(report.manual):.0f}",
            )
        out.print(table)
        out.print(f"phone terms: {report.source}", markup=False, highlight=False)
    out.print("notes:")
    for note in report.notes:
        out.print(f"  - {note}", markup=False, highlight=False)


def phones(
    site: str, planned: Sequence[AgentPhones], out: Path, *, written: bool, as_json: bool
) -> None:
    """What was (or would be) written: agents, layouts, servers and files, never a password."""
    files = sum(len(agent.files) for agent in planned)
    if as_json:
        print_json(
            {
                "site": site,
                "out": str(out),
                "written": written,
                "agents": [agent.describe() for agent in planned],
            }
        )
        return
    console = consoles()[0]
    table = Table(title=f"{site}: phone provisioning files in {out}", title_justify="left")
    for column in ("agent", "phone", "layout", "servers", "files"):
        table.add_column(column, overflow="fold")
    for agent in planned:
        servers = [server.uri for account in agent.accounts for server in account.servers]
        table.add_row(
            escape(f"{agent.agent.extension} {agent.agent.display_name}"),
            agent.agent.phone,
            f"{agent.layout} ({agent.scheme})",
            escape("\n".join(servers)),
            escape("\n".join(f"{f.path} ({f.mode:04o})" for f in agent.files)),
        )
    console.print(table)
    if written:
        console.print(f"wrote {files} file(s); files with a password are mode 0600", markup=False)
    else:
        console.print(
            f"dry run: {files} file(s) would be written; no password was read", markup=False
        )


def _plan_lines(plan: NodePlan, out: Console, *, with_diffs: bool) -> None:
    out.print(f"{plan.node}: {plan.summary()}", markup=False, highlight=False, style="bold")
    for change in plan.changes:
        note = " (secret: contents never shown)" if change.secret else ""
        out.print(f"  {change.kind:8} {escape(change.path)}{note}", highlight=False)
    for other in plan.installed.other:
        out.print(f"  note: {escape(other)} is not a regular file on the node", highlight=False)
    if with_diffs:
        for change in plan.changes:
            if change.diff:
                out.print(change.diff, markup=False, highlight=False, end="")


def sync_outcome(outcome: SyncOutcome, out: Console, as_json: bool) -> None:
    if as_json:
        print_json(outcome.to_dict())
        return
    if outcome.dry_run:
        out.print("dry run: nothing was changed", markup=False)
        for plan in outcome.plans:
            _plan_lines(plan, out, with_diffs=True)
        return
    for result in outcome.results:
        word = {"ok": "synced", "no-op": "no change"}.get(result.result, result.result)
        took = f" in {result.seconds:.1f} s" if result.result == "ok" else ""
        out.print(
            f"{word}: {result.node}: {result.message}{took}"
            + (f" (generation {result.generation_after})" if result.result == "ok" else ""),
            markup=False,
            highlight=False,
        )
    if outcome.forced:
        out.print("the guard on the node with the calls was overridden by --force (recorded)")


def diff_plans(plans: list[NodePlan], out: Console, as_json: bool) -> None:
    if as_json:
        print_json({"nodes": [plan.to_dict() for plan in plans]})
        return
    for plan in plans:
        _plan_lines(plan, out, with_diffs=True)
    out.print("secrets files are not compared by diff; `pbxctl sync --dry-run` does", markup=False)


def diff_drift(drift: SiteDrift, nodes: Sequence[Node], out: Console, as_json: bool) -> None:
    if as_json:
        print_json({node.value: drift.nodes[node].to_dict() for node in nodes})
        return
    for node in nodes:
        node_drift = drift.nodes[node]
        out.print(f"{node}: {node_drift.describe()}", markup=False, highlight=False)
        for path, kind in node_drift.changes.items():
            out.print(f"  {kind:8} {escape(path)}", highlight=False)
