"""`pbxctl`: see where a site's calls go, and move them safely during an incident.

Start-up must stay fast (DESIGN.md section 6): at the top this module imports only Typer
and the standard library; the config model, boto3, hcloud, dnspython and rich load inside
the commands that need them. Every error reaches the person through `_Group.invoke`.
"""

# ruff: noqa: PLC0415 (imports inside functions keep `pbxctl --help` fast, see above)

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer
from typer.core import TyperGroup

from infra import __version__
from infra.errors import ApiError, ExitCode, PbxError, RefusedError

if TYPE_CHECKING:
    from rich.console import Console

    from infra.clients.aws import Aws
    from infra.config import Config, SiteConfig
    from infra.failover import Check, Outcome, Session, SiteView
    from infra.rto import RtoReport

# Values that must never be printed, whatever an error message contains.
_SECRET_ENV = ("HCLOUD_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
_INTERRUPTED = 130  # the shell's convention for Ctrl-C


class _Group(TyperGroup):
    """The one place where errors become a sentence on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:  # Typer's vendored click.Context
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # Typer's own exits and usage errors
        except PbxError as err:
            _fail(err.message, err.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", _INTERRUPTED)
        except Exception as err:  # noqa: BLE001 (anything else still gets one sentence)
            wrapped = _wrap(err)
            _fail(wrapped.message, wrapped.exit_code)


def _wrap(err: Exception) -> PbxError:
    """Library errors that escaped the clients, as sentences (no traceback, ever)."""
    if "botocore" in sys.modules:
        from botocore.exceptions import BotoCoreError, ClientError

        if isinstance(err, BotoCoreError | ClientError):
            return ApiError(f"an AWS call failed ({err}); run the command again in a minute")
    if "hcloud" in sys.modules:
        from hcloud import HCloudException

        if isinstance(err, HCloudException):
            return ApiError(f"a Hetzner call failed ({err}); run the command again in a minute")
    if isinstance(err, OSError):
        where = f" ({err.filename})" if err.filename else ""
        return PbxError(f"{err.strerror or err}{where}; check the path and permissions")
    return PbxError(
        f"unexpected error ({type(err).__name__}: {err}); this is a bug in pbxctl, please "
        "report it with the command you ran"
    )


def _redact(text: str) -> str:
    for name in _SECRET_ENV:
        secret = os.environ.get(name, "")
        if len(secret) >= 8:
            text = text.replace(secret, "***")
    return text


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {_redact(message)}", err=True)
    raise typer.Exit(code)


app = typer.Typer(
    name="pbxctl",
    cls=_Group,
    help="Move a call center's SIP traffic between its primary (AWS) and backup (Hetzner) "
    "PBX, safely, and see where it goes now.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich would cost start-up time
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass(frozen=True)
class _Globals:
    config: Path | None
    site: str | None
    poll_interval: float


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pbxctl {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            metavar="FILE",
            help="Config file (default: $PBX_FAILOVER_CONFIG, else ./pbx-failover.toml).",
        ),
    ] = None,
    site: Annotated[
        str | None,
        typer.Option(
            "--site", metavar="NAME", help="Site to act on; optional when the config has one site."
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    poll_interval: Annotated[
        float,
        typer.Option(
            "--poll-interval",
            envvar="PBX_FAILOVER_POLL_INTERVAL",
            min=0.01,
            hidden=True,  # for tests: how often waits look again (seconds)
        ),
    ] = 2.0,
) -> None:
    ctx.obj = _Globals(config=config, site=site, poll_interval=poll_interval)


JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
YesFlag = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
DryRunFlag = Annotated[
    bool, typer.Option("--dry-run", help="Run the preflight, show the plan, change nothing.")
]
ForceFlag = Annotated[
    bool,
    typer.Option("--force", help="Go ahead although the preflight failed (recorded as forced)."),
]
ReasonOption = Annotated[
    str | None,
    typer.Option("--reason", "-r", metavar="TEXT", help="Why, for the audit log (e.g. a ticket)."),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=1,
        metavar="SECONDS",
        help="Seconds to wait for DNS and for a power-on (default: cli.dns_wait_timeout, 300).",
    ),
]
NoWaitFlag = Annotated[
    bool, typer.Option("--no-wait", help="Do not wait for the name servers to follow.")
]


def _globals(ctx: typer.Context) -> _Globals:
    return cast(_Globals, ctx.obj)  # set by _main, which runs before every command


def _load(ctx: typer.Context) -> tuple[Config, SiteConfig]:
    from infra.config import load_config, resolve_config_path

    options = _globals(ctx)
    config = load_config(resolve_config_path(options.config))
    return config, config.site(options.site)


def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    return Console(), Console(stderr=True)


class _RichUi:
    """The conversation on stderr; stdout carries only the result."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def say(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False)

    def checks(self, title: str, checks: Sequence[Check]) -> None:
        from rich.table import Table

        table = Table(title=title, title_justify="left", show_header=False, box=None)
        for check in checks:
            word = {True: "ok", False: "FAILED", None: "pending"}[check.ok]
            style = {True: "green", False: "bold red", None: "yellow"}[check.ok]
            table.add_row(f"[{style}]{word}[/]", check.name, _escape(check.detail))
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
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _session(ctx: typer.Context, config: Config, site: SiteConfig, console: Console) -> Session:
    from infra.audit import AuditLog, audit_path
    from infra.clients.aws import Aws, Ec2, Route53
    from infra.clients.hetzner import Hetzner
    from infra.dnsquery import configured_name_servers
    from infra.failover import Backends, Session
    from infra.node.health_agent import probe_sip_options

    poll = _globals(ctx).poll_interval
    aws = Aws()
    backends = Backends(
        route53=Route53(aws),
        ec2=Ec2(aws, site.primary.region),
        hetzner=functools.cache(lambda: Hetzner.from_env(poll_interval=poll)),
        probe=probe_sip_options,
        name_servers=configured_name_servers(config.cli.name_servers),
        poll_interval=poll,
    )
    return Session(
        config=config,
        site=site,
        backends=backends,
        audit_log=AuditLog(audit_path(config)),
        ui=_RichUi(console),
    )


def _retries_note(aws: Aws, console: Console) -> None:
    if aws.retries:
        console.print(
            f"note: AWS throttled or failed {aws.retries} request(s); pbxctl retried them",
            markup=False,
            highlight=False,
        )


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2))


@app.command()
def status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Where the site's calls go now, and whether both nodes are fit.

    Exit 0 when traffic is on the primary and both nodes are healthy, 3 when degraded.
    """
    config, site = _load(ctx)
    out, err = _consoles()
    session = _session(ctx, config, site, err)
    view = session.observe()
    _retries_note(session.backends.route53.aws, err)
    problems = view.problems()
    if as_json:
        _print_json(view.to_dict())
    else:
        _render_status(view, problems, out)
    if problems:
        raise typer.Exit(ExitCode.REFUSED)


def _render_status(view: SiteView, problems: list[str], out: Console) -> None:
    from rich.table import Table

    from infra.naming import Node

    table = Table(title=f"{view.site}: {view.fqdn}", title_justify="left")
    for column in ("node", "provider", "address", "server", "endpoint (Route 53)", "switch"):
        table.add_column(column)
    table.add_column("effective")
    table.add_column("SIP from here")
    for node in Node:
        nv = view.nodes[node]
        server = (
            f"{nv.server.state} ({nv.server.name})"
            if nv.server
            else f"unknown: {nv.server_problem}"
        )
        endpoint = nv.endpoint_status.describe()
        if nv.endpoint_status.failure and not nv.endpoint_healthy:
            endpoint += f"\n{nv.endpoint_status.failure}"
        sip = nv.sip.reason
        if nv.sip.rtt_ms is not None:
            sip += f" {nv.sip.rtt_ms:.1f} ms"
        table.add_row(
            node.value,
            nv.provider,
            ", ".join(nv.addresses),
            _escape(server),
            _escape(endpoint),
            "in" if nv.switched_in else "[bold]OUT[/]",
            "healthy" if nv.effective_healthy() else "[bold red]unhealthy[/]",
            _escape(sip),
        )
    out.print(table)
    route53 = (
        "not available here"
        if view.route53_answer is None
        else ", ".join(view.route53_answer) or "no address"
    )
    out.print(f"name servers answer {view.describe_dns()}", markup=False, highlight=False)
    out.print(f"Route 53 answer (TestDNSAnswer): {route53}", markup=False, highlight=False)
    out.print(
        f"by the health checks, Route 53 sends callers to the {view.expected()}",
        markup=False,
        highlight=False,
    )
    if problems:
        out.print("[bold red]DEGRADED[/]")
        for problem in problems:
            out.print(f"  - {problem}", markup=False, highlight=False)
    else:
        out.print("[bold green]HEALTHY[/]: traffic goes to the primary and both nodes are fit")


def _move_command(
    ctx: typer.Context,
    target_backup: bool,
    *,
    yes: bool,
    dry_run: bool,
    force: bool,
    reason: str | None,
    timeout: float | None,
    no_wait: bool,
    as_json: bool,
) -> None:
    from infra.failover import MoveOptions, move
    from infra.naming import Node

    config, site = _load(ctx)
    out, err = _consoles()
    session = _session(ctx, config, site, err)
    options = MoveOptions(
        reason=reason,
        force=force,
        dry_run=dry_run,
        yes=yes,
        wait=not no_wait,
        timeout=timeout if timeout is not None else config.cli.dns_wait_timeout,
    )
    try:
        outcome = move(session, Node.BACKUP if target_backup else Node.PRIMARY, options)
    finally:
        _retries_note(session.backends.route53.aws, err)
    _render_outcome(outcome, out, as_json)


def _render_outcome(outcome: Outcome, out: Console, as_json: bool) -> None:
    if as_json:
        _print_json(outcome.to_dict())
        return
    word = {"ok": "done", "no-op": "no change", "dry-run": "dry run"}.get(
        outcome.result, outcome.result
    )
    out.print(f"{word}: {outcome.message}", markup=False, highlight=False)
    if outcome.forced:
        out.print("the preflight failed and --force overrode it (recorded)", markup=False)


@app.command()
def promote(
    ctx: typer.Context,
    *,
    yes: YesFlag = False,
    dry_run: DryRunFlag = False,
    force: ForceFlag = False,
    reason: ReasonOption = None,
    timeout: TimeoutOption = None,
    no_wait: NoWaitFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Move traffic to the backup: switch the primary out, then wait for DNS to follow.

    Preflight: the backup's server runs (powered on if it is off), its endpoint check is
    healthy and it answers SIP OPTIONS from here. Promoting twice is a no-op.
    """
    _move_command(
        ctx,
        True,
        yes=yes,
        dry_run=dry_run,
        force=force,
        reason=reason,
        timeout=timeout,
        no_wait=no_wait,
        as_json=as_json,
    )


@app.command()
def demote(
    ctx: typer.Context,
    *,
    yes: YesFlag = False,
    dry_run: DryRunFlag = False,
    force: ForceFlag = False,
    reason: ReasonOption = None,
    timeout: TimeoutOption = None,
    no_wait: NoWaitFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Fail back: switch the primary in again, then wait for DNS to follow.

    Preflight: the primary's instance runs, its endpoint check is healthy and it answers
    SIP OPTIONS from here. Demoting when the primary is switched in is a no-op.
    """
    _move_command(
        ctx,
        False,
        yes=yes,
        dry_run=dry_run,
        force=force,
        reason=reason,
        timeout=timeout,
        no_wait=no_wait,
        as_json=as_json,
    )


@app.command()
def drill(
    ctx: typer.Context,
    *,
    hold: Annotated[
        float,
        typer.Option(
            "--hold", min=0, metavar="SECONDS", help="Seconds to keep traffic on the backup."
        ),
    ] = 60,
    yes: YesFlag = False,
    dry_run: DryRunFlag = False,
    force: ForceFlag = False,
    reason: ReasonOption = None,
    timeout: TimeoutOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Rehearse on the live site: promote, hold, demote, and report how long DNS took.

    Starts only from normal operation. If it stops half-way, it switches the primary back in.
    """
    from infra.failover import MoveOptions
    from infra.failover import drill as run_drill

    config, site = _load(ctx)
    out, err = _consoles()
    session = _session(ctx, config, site, err)
    options = MoveOptions(
        reason=reason,
        force=force,
        dry_run=dry_run,
        yes=yes,
        timeout=timeout if timeout is not None else config.cli.dns_wait_timeout,
    )
    try:
        outcome = run_drill(session, options, hold)
    finally:
        _retries_note(session.backends.route53.aws, err)
    _render_outcome(outcome, out, as_json)


@app.command()
def rto(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The worst-case failover time the config implies, with its assumptions.

    Covers every site unless --site picks one.
    """
    from infra.config import load_config, resolve_config_path
    from infra.rto import estimate

    options = _globals(ctx)
    config = load_config(resolve_config_path(options.config))
    sites = [config.site(options.site)] if options.site else config.sites
    reports = [estimate(config, site) for site in sites]
    if as_json:
        _print_json({"sites": [report.to_dict() for report in reports]})
        return
    out, _ = _consoles()
    for report in reports:
        _render_rto(report, out)


def _render_rto(report: RtoReport, out: Console) -> None:
    from rich.table import Table

    out.print(f"{report.site}: worst case until new calls reach the backup", style="bold")
    for estimate in (report.automatic, report.manual):
        table = Table(
            title=f"{estimate.title}: {estimate.total:.0f} s", title_justify="left", box=None
        )
        table.add_column("term")
        table.add_column("seconds", justify="right")
        table.add_column("basis")
        for term in estimate.terms:
            table.add_row(term.name, f"{term.seconds:.0f}", _escape(term.basis))
        out.print(table)
    out.print("notes:")
    for note in report.notes:
        out.print(f"  - {note}", markup=False, highlight=False)


@app.command()
def validate(
    ctx: typer.Context,
    config_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[CONFIG]", help="Config file (default: --config, $PBX_FAILOVER_CONFIG)."
        ),
    ] = None,
) -> None:
    """Check a config file: "ok: N site(s)" and its warnings, or the problem (exit 2)."""
    from infra.config import load_config, resolve_config_path
    from infra.preflight import check_deployable

    config = load_config(resolve_config_path(config_file or _globals(ctx).config))
    check_deployable(config)
    for warning in config.warnings():
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"ok: {len(config.sites)} site(s)")


_GLOBAL_WITH_VALUE = ("-c", "--config", "--site")


def hoist_global_options(argv: list[str]) -> list[str]:
    """Accept `pbxctl promote --config x.toml` as well as `pbxctl --config x.toml promote`.

    At 3 a.m. nobody should have to remember where an option goes; the global options are
    moved in front of the command before Typer parses them.
    """
    hoisted: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            rest += argv[index:]
            break
        if arg in _GLOBAL_WITH_VALUE and index + 1 < len(argv):
            hoisted += argv[index : index + 2]
            index += 2
            continue
        if arg.startswith(("--config=", "--site=")):
            hoisted.append(arg)
        else:
            rest.append(arg)
        index += 1
    return hoisted + rest


def main() -> None:
    """Console-script entry point."""
    app(args=hoist_global_options(sys.argv[1:]), prog_name="pbxctl")
