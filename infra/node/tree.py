"""What a node's `/etc/asterisk` must hold: one function for first boot and for `pbxctl sync`.

The desired tree of a node is the user's Asterisk folder (read safely: inside the config's
own folder, no symlinks, no dotfiles, no special files), the files rendered for the node
(`GENERATED`), and the secrets files filled from their templates (the folder's `*.in` files
and `GENERATED_TEMPLATES`, such as the agents' include) when the values are given (only
`pbxctl sync` gives them; user data never carries a secret or a template).

On the node the tree lives in a generation (`/var/lib/pbx-failover/generations/<id>/`
with `asterisk/` and `manifest.json`); `current` points at the active one and
`/etc/asterisk` points through it. `infra/node/install.py` does that on the node.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import re
import stat
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from infra.config import Config, SiteConfig
from infra.errors import ConfigError
from infra.naming import Node
from infra.node.agents import AGENTS_FILE, agent_secret_sources, agents_template
from infra.node.health_agent import file_digest, tree_digest

STATE_DIR = "/var/lib/pbx-failover"
ASTERISK_DIR = "/etc/asterisk"
MANIFEST_FORMAT = 1
TEMPLATE_SUFFIX = ".in"
# The folder travels inside user data at first boot; more than this never fits.
FOLDER_LIMIT = 64 * 1024
FOLDER_MAX_ENTRIES = 1000
# Peers on these networks talk to the node's private address and need no NAT rewriting.
LOCAL_NETS = tuple(
    ipaddress.IPv4Network(net)
    for net in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
TLS_FILES = (
    "cert_file=/etc/asterisk/keys/asterisk.crt",
    "priv_key_file=/etc/asterisk/keys/asterisk.key",
    "method=tlsv1_2",
)
# `${NAME}` in a template: upper-case names only, so `${EXTEN}`-style dialplan variables in
# the verbatim files are never touched (templates are the only files that are filled).
_VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")


@dataclass(frozen=True)
class NodeFacts:
    """What differs between the nodes: their name and public IPv4 address."""

    node: Node
    fqdn: str
    public_ipv4: str  # a literal address, or a Terraform interpolation in user data


Generated = Callable[[Config, SiteConfig, NodeFacts], str]


def _template(name: str) -> string.Template:
    path = resources.files("infra.node.templates").joinpath(name)
    return string.Template(path.read_text(encoding="utf-8"))


def _local_nets(site: SiteConfig) -> str:
    nets = list(LOCAL_NETS)
    vpc = site.primary.vpc_cidr
    if isinstance(vpc, ipaddress.IPv4Network) and not any(vpc.subnet_of(n) for n in LOCAL_NETS):
        nets.append(vpc)
    return "\n".join(f"local_net={net}" for net in nets)


def _options(protocol: str, bind: str, extra: tuple[str, ...]) -> str:
    return "".join(f"{line}\n" for line in (f"protocol={protocol}", f"bind={bind}", *extra))


def _transports(config: Config, site: SiteConfig, facts: NodeFacts) -> str:
    ports: list[tuple[str, int, tuple[str, ...]]] = [
        ("udp", site.sip.udp_port, ()),
        ("tcp", site.sip.tcp_port, ()),
    ]
    if site.sip.tls:
        ports.append(("tls", site.sip.tls_port, TLS_FILES))
    sections = []
    for protocol, port, extra in ports:
        v4 = _options(protocol, f"0.0.0.0:{port}", extra)
        sections.append(f"[transport-{protocol}](public-nat)\n{v4}")
        if site.ipv6:  # no NAT on IPv6: the node's own address is the public one
            v6 = _options(protocol, f"[::]:{port}", extra)
            sections.append(f"[transport-{protocol}6]\ntype=transport\n{v6}")
    return _template("pjsip.transports.conf.tmpl").substitute(
        fqdn=facts.fqdn,
        public_ipv4=facts.public_ipv4,
        local_nets=_local_nets(site),
        transports="\n".join(sections),
    )


def _rtp(config: Config, site: SiteConfig, facts: NodeFacts) -> str:
    return _template("rtp.conf.tmpl").substitute(
        rtp_start=site.rtp_ports[0], rtp_end=site.rtp_ports[1]
    )


# The files pbx-failover renders into every node's tree; adding one is one line here.
GENERATED: dict[str, Generated] = {
    "pjsip.transports.conf": _transports,
    "rtp.conf": _rtp,
}
# Templates pbx-failover renders: filled like the folder's `*.in` files, on the nodes only.
GENERATED_TEMPLATES: dict[str, Callable[[Config, SiteConfig], str]] = {
    AGENTS_FILE: agents_template,
}


@dataclass(frozen=True)
class AsteriskFolder:
    """The user's Asterisk folder: verbatim files and secrets templates (relative paths)."""

    files: dict[str, bytes] = field(default_factory=dict)
    templates: dict[str, bytes] = field(default_factory=dict)  # filled name -> template

    def variables(self) -> dict[str, list[str]]:
        """Each template variable and the templates that use it."""
        found: dict[str, list[str]] = {}
        for name, data in sorted(self.templates.items()):
            text = data.decode("utf-8", "replace")
            for variable in sorted(set(_VARIABLE.findall(text))):
                found.setdefault(variable, []).append(name + TEMPLATE_SUFFIX)
        return found


def asterisk_folder_path(config: Config, site: SiteConfig) -> Path | None:
    """The folder, which must resolve inside the config file's own folder, or None."""
    configured = site.node.asterisk_config_dir
    if configured is None:
        return None
    key = f"site {site.name!r}: node.asterisk_config_dir {str(configured)!r}"
    if configured.is_absolute():
        raise ConfigError(
            f"{key} is an absolute path; give a folder relative to the config file, inside "
            "its folder"
        )
    base = config.source.parent.resolve()
    folder = (base / configured).resolve()
    if not folder.is_relative_to(base):
        raise ConfigError(
            f"{key} resolves to {folder}, outside the config file's folder {base}; keep the "
            "Asterisk folder beside the config file"
        )
    if not folder.is_dir():
        raise ConfigError(f"{key} ({folder}) is not a folder; create it or remove the key")
    return folder


def read_asterisk_folder(config: Config, site: SiteConfig) -> AsteriskFolder:
    """Every regular file of the site's Asterisk folder, refusing what could leak or hang."""
    folder = asterisk_folder_path(config, site)
    if folder is None:
        return AsteriskFolder()
    where = f"site {site.name!r}: the Asterisk folder {folder}"
    found: dict[str, bytes] = {}
    pending, entries, total = [""], 0, 0
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(folder / relative) as listing:
                children = sorted(listing, key=lambda entry: entry.name)
        except OSError as err:
            raise ConfigError(f"{where}: cannot list {relative or '.'}: {err.strerror}") from None
        for entry in children:
            entries += 1
            if entries > FOLDER_MAX_ENTRIES:
                raise ConfigError(
                    f"{where} has more than {FOLDER_MAX_ENTRIES} entries; keep only the "
                    "Asterisk configuration in it"
                )
            path = f"{relative}/{entry.name}" if relative else entry.name
            _refuse_odd_name(where, path, entry.name)
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                raise ConfigError(
                    f"{where}: {path} is a symbolic link, which is refused (it could copy any "
                    "file of this machine to the nodes); put the file itself there"
                )
            if stat.S_ISDIR(mode):
                pending.append(path)
                continue
            if not stat.S_ISREG(mode):
                raise ConfigError(f"{where}: {path} is not a regular file; remove it")
            data = _read_regular(where, folder / path, path)
            total += len(data)
            if total > FOLDER_LIMIT:
                raise ConfigError(
                    f"{where} holds more than the {FOLDER_LIMIT} bytes that fit in user data; "
                    "keep large files (sounds, music on hold) out of it"
                )
            found[path] = data
    return _split_templates(where, found)


def _refuse_odd_name(where: str, path: str, name: str) -> None:
    if name.startswith("."):
        raise ConfigError(
            f"{where}: {path} is a dotfile, which is refused (editor backups, .env files and "
            "version-control data do not belong on a PBX); remove it or move it elsewhere"
        )
    if not name.isprintable() or "\\" in name:
        raise ConfigError(f"{where}: a file name holds control characters; rename it")


def _read_regular(where: str, path: Path, relative: str) -> bytes:
    # O_NOFOLLOW: a file swapped for a symlink after the listing is refused, not followed;
    # O_NONBLOCK: a FIFO swapped in cannot hang the read.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise ConfigError(f"{where}: {relative} is a symbolic link, which is refused") from None
        raise ConfigError(f"{where}: cannot read {relative}: {err.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ConfigError(f"{where}: {relative} is not a regular file; remove it")
        chunks, size = [], 0
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
            size += len(chunk)
            if size > FOLDER_LIMIT:
                break
        return b"".join(chunks)
    except OSError as err:
        raise ConfigError(f"{where}: cannot read {relative}: {err.strerror}") from None
    finally:
        os.close(fd)


def _split_templates(where: str, found: dict[str, bytes]) -> AsteriskFolder:
    files = {path: data for path, data in found.items() if not path.endswith(TEMPLATE_SUFFIX)}
    templates = {
        path.removesuffix(TEMPLATE_SUFFIX): data
        for path, data in found.items()
        if path.endswith(TEMPLATE_SUFFIX)
    }
    for name in sorted(set(templates) & set(files)):
        raise ConfigError(
            f"{where} holds both {name} and its template {name}{TEMPLATE_SUFFIX}; keep only "
            "the template (the filled file is written on the nodes)"
        )
    for name in sorted((set(files) | set(templates)) & (set(GENERATED) | set(GENERATED_TEMPLATES))):
        raise ConfigError(
            f"{where} contains {name}, which pbx-failover renders for each node; remove it "
            "from the folder"
        )
    for name, data in templates.items():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise ConfigError(
                f"{where}: the template {name}{TEMPLATE_SUFFIX} is not UTF-8 text"
            ) from None
    return AsteriskFolder(files, templates)


def declared_secrets(site: SiteConfig, folder: AsteriskFolder) -> list[str]:
    """Every secret the site declares: `secret_names`, `secrets`, the templates' variables
    and the agents' passwords."""
    return sorted(
        set(site.node.secret_names)
        | set(site.node.secrets)
        | set(folder.variables())
        | set(agent_secret_sources(site))
    )


def secret_source(site: SiteConfig, name: str) -> str:
    """Where a secret's value comes from: an agent's `password`, else `[site.node.secrets]`,
    else `env:NAME`."""
    return agent_secret_sources(site).get(name) or site.node.secrets.get(name, f"env:{name}")


def fill_template(template: bytes, values: Mapping[str, str]) -> bytes:
    """The template with every `${NAME}` replaced; the caller made sure each is given."""
    text = template.decode("utf-8")
    return _VARIABLE.sub(lambda match: values[match.group(1)], text).encode("utf-8")


@dataclass(frozen=True)
class DesiredTree:
    """A node's `/etc/asterisk` as it must be (relative POSIX paths -> bytes)."""

    files: dict[str, bytes]  # everything but the secrets files
    secrets: dict[str, bytes]  # the filled secrets files; empty when no values were given
    secret_files: tuple[str, ...]  # the secrets files' names, known without their values

    def digests(self) -> dict[str, str]:
        return {path: file_digest(data) for path, data in self.files.items()}

    def digest(self) -> str:
        """The `tree_digest` of the non-secret files, as the node's health agent reports it."""
        return tree_digest(self.digests())


def desired_tree(
    config: Config,
    site: SiteConfig,
    facts: NodeFacts,
    *,
    folder: AsteriskFolder | None = None,
    secrets: Mapping[str, str] | None = None,
) -> DesiredTree:
    """The one desired tree. `secrets` (variable -> value) fills the templates when given."""
    folder = read_asterisk_folder(config, site) if folder is None else folder
    files = dict(folder.files)
    for name, render in GENERATED.items():
        files[name] = render(config, site, facts).encode("utf-8")
    templates = dict(folder.templates)
    for name, render_template in GENERATED_TEMPLATES.items():
        templates[name] = render_template(config, site).encode("utf-8")
    filled = {}
    if secrets is not None:
        filled = {name: fill_template(data, secrets) for name, data in templates.items()}
    return DesiredTree(
        files=dict(sorted(files.items())),
        secrets=filled,
        secret_files=tuple(sorted(templates)),
    )


def manifest(
    tree: DesiredTree,
    *,
    generation: str,
    secrets_generation: str | None,
    installed_at: str | None,
    installed_by: str,
) -> dict[str, Any]:
    """The manifest written next to a generation's tree (read by the health agent)."""
    digests = tree.digests()
    return {
        "format": MANIFEST_FORMAT,
        "generation": generation,
        "tree": tree_digest(digests),
        "files": digests,
        "secrets": {"files": list(tree.secret_files), "generation": secrets_generation},
        "installed_at": installed_at,
        "installed_by": installed_by,
    }
