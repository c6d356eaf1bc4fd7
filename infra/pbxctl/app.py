"""`pbxctl`: see where a site's calls go, and move them safely during an incident.

The Typer app and its error boundary, nothing else: commands parse their options, build a
session (`context`), call the library (`views`, `actions`, `rto`) and hand the result to
`render`. Start-up must stay about a second during an incident, so at the top this module
imports only Typer and the standard library; the config model, boto3, hcloud, dnspython and
rich load inside the commands that need them. Every error reaches the person through
`_Group.invoke`, as one sentence and an `ExitCode`.
"""

# ruff: noqa: PLC0415 (imports inside functions keep `pbxctl --help` fast, see above)

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer
from typer.core import TyperGroup

from infra import __version__
from infra.errors import ApiError, ConfigError, ExitCode, PbxError, printable
from infra.naming import Node

if TYPE_CHECKING:
    from infra.config import Config, SiteConfig
    from infra.pbxctl.session import Session

# Values that must never be printed, whatever an error message contains.
_SECRET_ENV = ("HCLOUD_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")


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
            _fail("interrupted", ExitCode.INTERRUPTED)
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
    with suppress(OSError):  # the terminal may be gone (SIGHUP): the exit code still counts
        typer.echo(f"error: {printable(_redact(message))}", err=True)
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


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number of seconds")
    return value


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
            max=60,  # also refuses inf; nan fails every comparison, so the callback
            callback=_finite,
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
        help="Seconds to wait, in all, for a power-on and for DNS to follow (default: "
        "cli.dns_wait_timeout, 300).",
    ),
]
NoWaitFlag = Annotated[
    bool, typer.Option("--no-wait", help="Do not wait for the name servers to follow.")
]


def _globals(ctx: typer.Context) -> _Globals:
    return cast(_Globals, ctx.obj)  # set by _main, which runs before every command


def _load(ctx: typer.Context) -> tuple[Config, SiteConfig]:
    from infra.pbxctl.context import load

    options = _globals(ctx)
    return load(options.config, options.site)


def _session(ctx: typer.Context, config: Config, site: SiteConfig) -> Session:
    from infra.pbxctl import render
    from infra.pbxctl.context import open_session

    _, err = render.consoles()
    return open_session(config, site, render.RichUi(err), poll_interval=_globals(ctx).poll_interval)


@contextmanager
def _retries_noted(session: Session) -> Iterator[None]:
    """Whatever happens, say how many AWS requests had to be retried."""
    from infra.pbxctl import render

    try:
        yield
    finally:
        render.retries_note(session.backends.route53.retries, render.consoles()[1])


@app.command()
def status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Where the site's calls go now, and whether both nodes are fit.

    Exit 0 when traffic is on the primary and both nodes are healthy, 3 when degraded.
    """
    from infra.pbxctl import render
    from infra.pbxctl.drift import site_drift
    from infra.pbxctl.views import observe

    config, site = _load(ctx)
    session = _session(ctx, config, site)
    with _retries_noted(session):
        view = observe(config, site, session.backends)
    drift = site_drift(config, site, {node: nv.addresses[0] for node, nv in view.nodes.items()})
    problems = view.problems() + drift.problems()
    if as_json:
        render.print_json({**view.to_dict(), "config": drift.to_dict()})
    else:
        render.status(view, problems, render.consoles()[0], drift)
    if problems:
        raise typer.Exit(ExitCode.REFUSED)


def _move_command(
    ctx: typer.Context,
    target: Node,
    *,
    yes: bool,
    dry_run: bool,
    force: bool,
    reason: str | None,
    timeout: float | None,
    no_wait: bool,
    as_json: bool,
) -> None:
    from infra.pbxctl import render
    from infra.pbxctl.actions import MoveOptions, move
    from infra.pbxctl.signals import stop_on_signals

    config, site = _load(ctx)
    session = _session(ctx, config, site)
    options = MoveOptions(
        reason=reason,
        force=force,
        dry_run=dry_run,
        yes=yes,
        wait=not no_wait,
        timeout=timeout if timeout is not None else config.cli.dns_wait_timeout,
    )
    stop_on_signals()
    with _retries_noted(session):
        outcome = move(session, target, options)
    render.outcome(outcome, render.consoles()[0], as_json)
    if outcome.degraded:
        raise typer.Exit(ExitCode.REFUSED)


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
        Node.BACKUP,
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
        Node.PRIMARY,
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
    from infra.pbxctl import render
    from infra.pbxctl.actions import MoveOptions
    from infra.pbxctl.actions import drill as run_drill
    from infra.pbxctl.signals import stop_on_signals

    config, site = _load(ctx)
    session = _session(ctx, config, site)
    options = MoveOptions(
        reason=reason,
        force=force,
        dry_run=dry_run,
        yes=yes,
        timeout=timeout if timeout is not None else config.cli.dns_wait_timeout,
    )
    stop_on_signals()
    with _retries_noted(session):
        outcome = run_drill(session, options, hold)
    render.outcome(outcome, render.consoles()[0], as_json)


@app.command()
def rto(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The worst-case failover time the config implies, with its assumptions.

    Covers every site unless --site picks one.
    """
    from infra.config import load_config, resolve_config_path
    from infra.pbxctl import render
    from infra.pbxctl.rto import estimate

    options = _globals(ctx)
    config = load_config(resolve_config_path(options.config))
    sites = [config.site(options.site)] if options.site else config.sites
    reports = [estimate(config, site) for site in sites]
    if as_json:
        render.print_json({"sites": [report.to_dict() for report in reports]})
        return
    out, _ = render.consoles()
    for report in reports:
        render.rto(report, out)


@app.command()
def phones(
    ctx: typer.Context,
    *,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Folder for the files (created with mode 0700 if missing).",
        ),
    ],
    layout: Annotated[
        str | None,
        typer.Option(
            "--layout",
            metavar="LAYOUT",
            help="two-accounts, backup-server or srv for every agent (default: the config's).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be written; read no password.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write every agent's phone provisioning files: baresip, Linphone, Yealink.

    Passwords come from the environment or SSM Parameter Store, as each [[site.agent]]
    says; files that hold one get mode 0600. Nothing secret is printed.
    """
    from infra.node.agents import agent_secret_sources
    from infra.pbxctl import render
    from infra.pbxctl.phones import check_passwords, plan, write
    from infra.pbxctl.secrets import site_secrets
    from infra.phones import LAYOUTS

    config, site = _load(ctx)
    if layout is not None and layout not in LAYOUTS:
        raise ConfigError(f"--layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    if dry_run:
        planned = plan(config, site, layout=layout)
        render.phones(site.name, planned, out, written=False, as_json=as_json)
        return
    passwords = site_secrets(site, sorted(agent_secret_sources(site)))
    check_passwords(site, passwords)
    planned = plan(config, site, layout=layout, passwords=passwords)
    write(planned, out)
    render.phones(site.name, planned, out, written=True, as_json=as_json)


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
    """Check a config file: "ok: N site(s)" and its warnings, or the problem (exit 2).

    Also checks that it fits the providers (quotas, user-data size, no secrets in user
    data), as a synth would; declared secrets come from the environment or SSM.
    """
    from infra.config import load_config, resolve_config_path
    from infra.deployable import check_deployable
    from infra.pbxctl.secrets import site_secrets

    config = load_config(resolve_config_path(config_file or _globals(ctx).config))
    for warning in check_deployable(config, site_secrets):
        typer.echo(f"warning: {printable(warning)}", err=True)
    typer.echo(f"ok: {len(config.sites)} site(s)")


NodeOption = Annotated[
    Node | None,
    typer.Option("--node", help="Only this node (default: both, the idle one first)."),
]
IdentityOption = Annotated[
    Path | None,
    typer.Option(
        "--identity",
        "-i",
        metavar="KEY",
        envvar="PBX_FAILOVER_SSH_IDENTITY",
        help="SSH private key (default: ssh's own; needed for the primary over Session Manager).",
    ),
]
KnownHostsOption = Annotated[
    Path | None,
    typer.Option(
        "--known-hosts",
        metavar="FILE",
        envvar="PBX_FAILOVER_KNOWN_HOSTS",
        help="known_hosts file with the nodes' host keys (default: ssh's own).",
    ),
]
SshConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--ssh-config",
        metavar="FILE",
        envvar="PBX_FAILOVER_SSH_CONFIG",
        help="ssh_config file (default: ssh's own, ~/.ssh/config).",
    ),
]
AcceptHostKeyFlag = Annotated[
    bool,
    typer.Option(
        "--accept-new-host-key",
        help="Trust a node's host key on first contact and add it to known_hosts.",
    ),
]


def _ssh_options(
    identity: Path | None, known_hosts: Path | None, ssh_config: Path | None, accept: bool
) -> Any:
    from infra.pbxctl.ssh import SshOptions

    return SshOptions(
        known_hosts=known_hosts,
        identity=identity,
        ssh_config=ssh_config,
        accept_new_host_key=accept,
    )


@app.command()
def sync(
    ctx: typer.Context,
    *,
    yes: YesFlag = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show per node what would change, change nothing.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Sync the node with the calls although the other could not take them."
        ),
    ] = False,
    reason: ReasonOption = None,
    node: NodeOption = None,
    accept_new_host_key: AcceptHostKeyFlag = False,
    identity: IdentityOption = None,
    known_hosts: KnownHostsOption = None,
    ssh_config: SshConfigOption = None,
    health_timeout: Annotated[
        float,
        typer.Option(
            "--health-timeout",
            min=1,
            metavar="SECONDS",
            help="How long a node may take to answer SIP OK after its reload.",
        ),
    ] = 60,
    as_json: JsonFlag = False,
) -> None:
    """Make both nodes' /etc/asterisk what the repo says: the Asterisk folder, the files
    rendered per node and the secrets, filled from the environment or SSM.

    The node without the calls goes first; the other only once the first answers SIP OK
    again, and only while it could take the calls. A node that fails its reload or does
    not answer SIP OK within --health-timeout gets its previous tree back (exit 6).
    """
    from infra.node.tree import declared_secrets, read_asterisk_folder
    from infra.pbxctl import render
    from infra.pbxctl.secrets import site_secrets
    from infra.pbxctl.ssh import identity_file
    from infra.pbxctl.sync import SyncOptions, connector
    from infra.pbxctl.sync import sync as run_sync

    config, site = _load(ctx)
    # Every secret first: a missing one stops the sync before any node is touched.
    secrets = site_secrets(site, declared_secrets(site, read_asterisk_folder(config, site)))
    session = _session(ctx, config, site)
    options = SyncOptions(
        reason=reason,
        force=force,
        dry_run=dry_run,
        yes=yes,
        only=node,
        health_timeout=health_timeout,
    )
    with identity_file(identity) as key, _retries_noted(session):
        ssh = _ssh_options(key, known_hosts, ssh_config, accept_new_host_key)
        outcome = run_sync(session, options, connector(session, ssh), secrets)
    render.sync_outcome(outcome, render.consoles()[0], as_json)


@app.command()
def diff(
    ctx: typer.Context,
    *,
    contents: Annotated[
        bool,
        typer.Option(
            "--contents", help="Read the nodes over SSH and show unified diffs (secrets: never)."
        ),
    ] = False,
    node: NodeOption = None,
    accept_new_host_key: AcceptHostKeyFlag = False,
    identity: IdentityOption = None,
    known_hosts: KnownHostsOption = None,
    ssh_config: SshConfigOption = None,
    as_json: JsonFlag = False,
) -> None:
    """The files in which each node differs from the repo (exit 3 when any does).

    Without SSH, from each node's health agent; with --contents, over SSH with diffs.
    """
    from infra.pbxctl import render
    from infra.pbxctl.drift import site_drift
    from infra.pbxctl.ssh import identity_file
    from infra.pbxctl.sync import connector, diff_contents
    from infra.pbxctl.views import observe

    config, site = _load(ctx)
    session = _session(ctx, config, site)
    nodes = [n for n in Node if node in (None, n)]
    out = render.consoles()[0]
    if contents:
        with identity_file(identity) as key, _retries_noted(session):
            ssh = _ssh_options(key, known_hosts, ssh_config, accept_new_host_key)
            plans = diff_contents(session, connector(session, ssh), nodes)
        render.diff_plans(plans, out, as_json)
        differs = any(plan.changes for plan in plans)
    else:
        with _retries_noted(session):
            view = observe(config, site, session.backends)
        drift = site_drift(config, site, {n: nv.addresses[0] for n, nv in view.nodes.items()})
        render.diff_drift(drift, nodes, out, as_json)
        differs = any(drift.nodes[n].state != "in sync" for n in nodes)
    if differs:
        raise typer.Exit(ExitCode.REFUSED)


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
