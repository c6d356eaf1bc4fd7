"""`pbxctl phones`: every agent's provisioning files, planned first, then written safely.

Files per agent, by phone (relative to the folder the user names):

- baresip: `baresip/<extension>/accounts` (password, 0600) and `baresip/<extension>/config`;
- Linphone: `linphone/<extension>.xml` (password, 0600), for `[misc] config-uri`;
- Yealink: `yealink/<mac>.cfg`, or `yealink/<extension>.cfg` without a MAC (password, 0600).

Nothing is written until every password is known and every file rendered; each file is
written to a temporary name with its final mode and renamed into place, so a reader never
sees a half-written file or a password file that others could read. No value of a password
is ever returned for printing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from infra.config import Agent, Config, Layout, PhoneKind, SiteConfig
from infra.errors import ConfigError
from infra.pbxctl.provisioning import baresip_accounts, baresip_config, linphone_xml, yealink_cfg
from infra.phones import (
    Account,
    PhoneTimers,
    Scheme,
    SiteNames,
    accounts_for,
    scheme_for,
    site_timers,
)

SECRET_MODE = 0o600
PLAIN_MODE = 0o644
# Stands in for a password while planning a dry run; never written anywhere.
_UNKNOWN = "\0unknown"


@dataclass(frozen=True)
class PhoneFile:
    path: PurePosixPath  # relative to the output folder
    text: str
    secret: bool  # holds a password: mode 0600

    @property
    def mode(self) -> int:
        return SECRET_MODE if self.secret else PLAIN_MODE


@dataclass(frozen=True)
class AgentPhones:
    agent: Agent
    layout: Layout
    scheme: Scheme
    accounts: list[Account]
    files: list[PhoneFile]

    def describe(self) -> dict[str, object]:
        """What a person may see: no password, no file content."""
        return {
            "extension": self.agent.extension,
            "display_name": self.agent.display_name,
            "phone": self.agent.phone,
            "layout": self.layout,
            "scheme": self.scheme,
            "servers": [server.uri for account in self.accounts for server in account.servers],
            "files": [
                {"path": str(f.path), "mode": f"{f.mode:04o}", "holds_password": f.secret}
                for f in self.files
            ],
        }


def render_files(
    kind: PhoneKind, agent: Agent, accounts: list[Account], timers: PhoneTimers
) -> list[PhoneFile]:
    extension = agent.extension
    if kind == "baresip":
        folder = PurePosixPath("baresip", extension)
        return [
            PhoneFile(folder / "accounts", baresip_accounts(accounts, timers), secret=True),
            PhoneFile(folder / "config", baresip_config(), secret=False),
        ]
    if kind == "linphone":
        return [
            PhoneFile(
                PurePosixPath("linphone", f"{extension}.xml"),
                linphone_xml(accounts, timers),
                secret=True,
            )
        ]
    name = agent.mac or extension
    return [
        PhoneFile(
            PurePosixPath("yealink", f"{name}.cfg"), yealink_cfg(accounts, timers), secret=True
        )
    ]


def plan(
    config: Config,
    site: SiteConfig,
    *,
    layout: Layout | None = None,
    passwords: Mapping[str, str] | None = None,
) -> list[AgentPhones]:
    """Every agent's files. `layout` overrides the config's; without `passwords` (a dry
    run) the files are planned with a stand-in that is never written."""
    if not site.agents:
        raise ConfigError(
            f"site {site.name!r} has no agents; add [[site.agent]] entries to the config "
            "(docs/phones.md)"
        )
    timers = site_timers(config, site)
    transport = site.phones.transport
    names = SiteNames.of(config, site, transport)
    planned = []
    for agent in site.agents:
        chosen = layout or site.agent_layout(agent)
        scheme = scheme_for(chosen, agent.phone)
        password = _UNKNOWN if passwords is None else passwords[agent.password_variable]
        accounts = accounts_for(
            scheme,
            transport,
            names,
            extension=agent.extension,
            display_name=agent.display_name,
            password=password,
        )
        files = render_files(agent.phone, agent, accounts, timers)
        planned.append(AgentPhones(agent, chosen, scheme, accounts, files))
    return planned


# The phones' files and the registrar's config cannot carry these in a value.
_UNSAFE = set('";\\#') | {chr(code) for code in range(33)} | {chr(127)}


def check_passwords(site: SiteConfig, passwords: Mapping[str, str]) -> None:
    """Refuse a password the files cannot carry (named by its source, never shown)."""
    for agent in site.agents:
        value = passwords[agent.password_variable]
        if len(value) < 8 or any(char in _UNSAFE for char in value):
            raise ConfigError(
                f"the password of agent {agent.extension} ({agent.password_source}) must be at "
                "least 8 characters without spaces, quotes, ';', '#' or '\\'; choose another"
            )


def write(planned: Sequence[AgentPhones], out: Path) -> list[Path]:
    """Write every file under `out` (created 0700 if missing); the paths written."""
    files = [file for agent in planned for file in agent.files]
    if any(_UNKNOWN in file.text for file in files):
        raise ValueError("a dry-run plan cannot be written")  # a bug, not a user error
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} exists and is not a folder; name a folder")
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    written = []
    for file in files:
        target = out / Path(*file.path.parts)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write_atomically(target, file.text, file.mode)
        written.append(target)
    return written


def _write_atomically(target: Path, text: str, mode: int) -> None:
    # mkstemp creates the file 0600, so a password is never readable by others, not even
    # for a moment; the final mode is set before the rename makes it visible.
    fd, staging = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(staging, mode)
        os.replace(staging, target)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
