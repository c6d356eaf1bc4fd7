"""The cloud-init user data of a PBX node: one template for both nodes, per-node values only.

Both nodes get the same document except for their name, role and public addresses, so the
backup is a copy of the primary by construction. Public addresses may be Terraform
interpolations (`${aws_eip.pbx.public_ip}`) and are kept intact; everything else that could
look like one to Terraform is either refused or base64-encoded.
"""

from __future__ import annotations

import ast
import base64
import functools
import gzip
import ipaddress
import json
import math
import os
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from infra.config import Config, SiteConfig
from infra.errors import ConfigError
from infra.naming import Node
from infra.node.tree import (
    GENERATED,
    STATE_DIR,
    AsteriskFolder,
    NodeFacts,
    desired_tree,
    read_asterisk_folder,
)

# Provider limits on user data (bytes, before base64): EC2 16 KiB, Hetzner Cloud 32 KiB.
USER_DATA_LIMIT = {Node.PRIMARY: 16 * 1024, Node.BACKUP: 32 * 1024}
# EC2 counts the bytes it is sent, and cloud-init unpacks gzip: the primary stack sends the
# document gzipped, which roughly doubles what fits. Hetzner takes text only.
GZIPPED = frozenset({Node.PRIMARY})
# Terraform's base64gzip uses Go's default compression; zlib's level 6 comes close.
GZIP_MARGIN = 1.03
HEALTH_CACHE_SECONDS = 1.0
LIB_DIR = "/usr/local/lib/pbx-failover"
AGENT_PATH = f"{LIB_DIR}/health_agent.py"
FIRST_BOOT_PATH = f"{LIB_DIR}/first_boot.py"
UNIT_PATH = "/etc/systemd/system/pbx-health-agent.service"
# The tree cloud-init writes; `first_boot.py` makes it the current generation.
FIRST_BOOT_GENERATION = "first-boot"  # "boot" made a path checkov reads as an AWS key
FIRST_BOOT_TREE = f"{STATE_DIR}/generations/{FIRST_BOOT_GENERATION}/asterisk"
# Values of these variables must never reach user data, whatever the config declares.
PROVIDER_TOKENS = ("HCLOUD_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
# Shorter values would match by chance; no real secret is that short.
MIN_SECRET_LENGTH = 6

_TERRAFORM_EXPRESSION = re.compile(r"\$\{[^{}\s]+\}")
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_UNIT_ARGUMENT = re.compile(r"[A-Za-z0-9._:/\[\]-]+")
# Worst-case length an interpolation resolves to, for the size check.
_LONGEST_ADDRESS = {4: "255.255.255.255", 6: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}


@dataclass(frozen=True)
class RenderedNode:
    """A node's user data and every file it writes (path -> bytes), for the checks."""

    node: Node
    text: str
    files: dict[str, bytes]  # decoded: what the checks look for secrets in
    per_node: dict[str, str]  # the values that differ between the nodes
    public_ipv4: str
    public_ipv6: str | None


def render_user_data(
    config: Config,
    site: SiteConfig,
    node: Node,
    *,
    public_ipv4: str,
    public_ipv6: str | None,
    hostname: str,
) -> str:
    """The `#cloud-config` document of one node of `site`.

    `hostname` is the node's DNS name, fully qualified or a label under the zone. The public
    addresses are literal addresses or single Terraform interpolations. Whether the result
    fits the provider is `check_user_data`'s question (asked by the deployability gate).
    """
    return render_node(
        config, site, node, public_ipv4=public_ipv4, public_ipv6=public_ipv6, hostname=hostname
    ).text


def render_node(
    config: Config,
    site: SiteConfig,
    node: Node,
    *,
    public_ipv4: str,
    public_ipv6: str | None,
    hostname: str,
    folder: AsteriskFolder | None = None,
) -> RenderedNode:
    _check_address(public_ipv4, 4, "public_ipv4")
    if public_ipv6 is not None:
        _check_address(public_ipv6, 6, "public_ipv6")
    fqdn = _fqdn(hostname, config.dns.zone)
    per_node = {
        "role": node.value,
        "hostname": fqdn.split(".", 1)[0],
        "fqdn": fqdn,
        "public_ipv4": public_ipv4,
        "public_ipv6": public_ipv6 or "",
    }
    folder = read_asterisk_folder(config, site) if folder is None else folder
    # No secrets at first boot: the node stays unhealthy until `pbxctl sync` brings them.
    tree = desired_tree(config, site, NodeFacts(node, fqdn, public_ipv4), folder=folder)
    unit = _health_unit(site)
    agent = node_agent()
    first_boot = resources.files("infra.node.templates").joinpath("first_boot.py").read_bytes()
    text = _template("cloud-config.yaml.tmpl").substitute(
        per_node,
        site=site.name,
        timezone=json.dumps(site.node.timezone),
        health_agent=_packed(agent),
        first_boot_script=_packed(first_boot),
        health_unit=_packed(unit.encode()),
        tree_files="".join(_tree_entry(name, data) for name, data in tree.files.items()),
        first_boot=json.dumps(["python3", FIRST_BOOT_PATH, FIRST_BOOT_GENERATION]),
    )
    files = {
        AGENT_PATH: agent,
        FIRST_BOOT_PATH: first_boot,
        UNIT_PATH: unit.encode(),
        **{f"{FIRST_BOOT_TREE}/{name}": data for name, data in tree.files.items()},
    }
    return RenderedNode(node, text, files, per_node, public_ipv4, public_ipv6)


def check_user_data(
    site: SiteConfig, node: Node, rendered: RenderedNode, secrets: Mapping[str, str]
) -> None:
    """Refuse user data that leaks a secret, holds a stray interpolation, or is too large.

    `secrets` maps each declared secret to its value; the provider tokens in the
    environment are always looked for too.
    """
    contents = {"the user data": rendered.text.encode(), **rendered.files}
    tokens = {name: os.environ.get(name, "") for name in PROVIDER_TOKENS}
    _check_secrets(site, node, contents, {**tokens, **secrets})
    _check_interpolations(rendered.text, rendered.per_node, node)
    _check_size(rendered.text, node, rendered.public_ipv4, rendered.public_ipv6)


def _template(name: str) -> string.Template:
    path = resources.files("infra.node.templates").joinpath(name)
    return string.Template(path.read_text(encoding="utf-8"))


def _check_address(value: str, version: int, key: str) -> None:
    if _TERRAFORM_EXPRESSION.fullmatch(value):
        return
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        address = None
    if address is None or address.version != version:
        raise ConfigError(
            f"{key} {value!r} is neither an IPv{version} address nor one Terraform "
            "interpolation like '${aws_eip.pbx.public_ip}'"
        )


def _fqdn(hostname: str, zone: str) -> str:
    name = hostname.lower().rstrip(".")
    fqdn = name if "." in name else f"{name}.{zone}"
    if len(fqdn) > 253 or not all(_LABEL.fullmatch(label) for label in fqdn.split(".")):
        raise ConfigError(f"hostname {hostname!r} is not a DNS name like 'pbx1.example.com'")
    return fqdn


def _unit_argument(key: str, value: object) -> str:
    text = str(value)
    if not _UNIT_ARGUMENT.fullmatch(text):
        # systemd would expand '%' and '$' and split on spaces: keep the command line literal.
        raise ConfigError(
            f"{key} {text!r} may only use letters, digits and . _ : / [ ] - on a node"
        )
    return text


def _health_unit(site: SiteConfig) -> str:
    values = {
        "listen": "::" if site.ipv6 else "0.0.0.0",
        "port": site.health.port,
        "path": _unit_argument("health.path", site.health.path),
        "sip_host": _unit_argument("node.sip_probe_host", site.node.sip_probe_host),
        "sip_port": site.node.sip_probe_port or site.sip.udp_port,
        "timeout": site.node.probe_timeout,
        "cache": HEALTH_CACHE_SECONDS,
        "drain_file": _unit_argument("node.drain_file", site.node.drain_file),
        # Only a port below 1024 needs a capability; the agent keeps none otherwise.
        "capabilities": "CAP_NET_BIND_SERVICE" if site.health.port < 1024 else "",
    }
    return _template("pbx-health-agent.service").substitute(values)


@functools.cache  # the same bytes for every node: parse and unparse the agent once
def node_agent() -> bytes:
    """The health agent as the nodes get it: its code without docstrings, comments and type
    annotations, which never run (it imports `annotations` from `__future__`).

    EC2 takes 16 KiB of user data, and the documented source would fill most of it once
    compressed. The code is the same (a test compares the syntax trees); the explanations
    stay in the repository's infra/node/health_agent.py.
    """
    source = resources.files("infra.node").joinpath("health_agent.py").read_text("utf-8")
    return (_NODE_AGENT_HEADER + ast.unparse(_BareCode().visit(ast.parse(source))) + "\n").encode()


_NODE_AGENT_HEADER = (
    "#!/usr/bin/env python3\n"
    "# pbx-failover health agent: infra/node/health_agent.py without its docstrings,\n"
    "# comments and annotations (user data is small). Run it with --help.\n"
)


class _BareCode(ast.NodeTransformer):
    """Drops docstrings, and the annotations of functions and their variables; keeps those
    of class attributes, which dataclasses read."""

    def __init__(self) -> None:
        self.functions = 0  # how deep inside function bodies the visit is

    def visit_Module(self, node: ast.Module) -> ast.AST:
        return self.generic_visit(_undocumented(node))

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        return self.generic_visit(_undocumented(node))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
        node.returns = None
        arguments = node.args
        for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
            argument.annotation = None
        for star in (arguments.vararg, arguments.kwarg):
            if star is not None:
                star.annotation = None
        self.functions += 1
        try:
            return self.generic_visit(_undocumented(node))
        finally:
            self.functions -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if not self.functions:
            return node
        if node.value is None:
            return ast.Pass()
        return ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno)


def _undocumented(
    node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef,
) -> ast.AST:
    first = node.body[0] if node.body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        node.body = node.body[1:] or [ast.Pass()]
    return node


def _packed(data: bytes) -> str:
    # mtime=0: the same bytes give the same text, so Terraform sees no change on re-synth.
    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


def _literal(text: str, indent: int = 6) -> str:
    """`text` as the body of a YAML block literal (`content: |`) at `indent` spaces."""
    return "\n".join(" " * indent + line if line else "" for line in text.splitlines())


def _block_header(text: str) -> str:
    """The block literal's header that gives back exactly `text`: the content's indent
    (2 past `content:`, so a first line that starts with spaces reads right) and the
    chomping that keeps its trailing newlines, none, one or several."""
    if not text.endswith("\n"):
        return "|2-"
    return "|2+" if text.endswith("\n\n") else "|2"


def _tree_entry(name: str, data: bytes) -> str:
    path = json.dumps(f"{FIRST_BOOT_TREE}/{name}")
    if name in GENERATED:
        # Literal, so that Terraform fills the node's addresses into the per-node files.
        text = data.decode()
        return f"  - path: {path}\n    content: {_block_header(text)}\n{_literal(text)}\n"
    # Base64 also hides dialplan variables like ${EXTEN} from Terraform's interpolation.
    # Default mode 0644 root:root: nothing in user data is secret, and Asterisk can read it.
    return f"  - path: {path}\n    encoding: gz+b64\n    content: {_packed(data)}\n"


def _check_secrets(
    site: SiteConfig, node: Node, contents: dict[str, bytes], values: Mapping[str, str]
) -> None:
    for name, value in sorted(values.items()):
        if len(value) < MIN_SECRET_LENGTH:
            continue
        for where, data in contents.items():
            if value.encode() in data:
                raise ConfigError(
                    f"site {site.name!r}: the value of ${name} appears in {where} for the "
                    f"{node} node; keep secrets out of user data: put them in a *.in template "
                    "that `pbxctl sync` fills (docs/nodes.md)"
                )


def _check_interpolations(text: str, per_node: dict[str, str], node: Node) -> None:
    rest = text
    for value in per_node.values():
        if value:
            rest = rest.replace(value, "")
    for marker in ("${", "%{"):
        if marker in rest:
            line = next(line for line in rest.splitlines() if marker in line)
            raise ConfigError(
                f"the {node} node's user data would contain {marker!r} in {line.strip()!r}, "
                "which Terraform reads as an interpolation; remove it from the config"
            )


def user_data_size(text: str, node: Node, public_ipv4: str, public_ipv6: str | None) -> int:
    """The bytes the provider counts, with every address interpolation at its longest.

    The primary's user data goes to EC2 gzipped (Terraform's base64gzip, which cloud-init
    unpacks): counted as zlib at Go's default level says, plus a margin for the difference.
    """
    worst = text
    for value, version in ((public_ipv4, 4), (public_ipv6, 6)):
        if value and _TERRAFORM_EXPRESSION.fullmatch(value):
            worst = worst.replace(value, _LONGEST_ADDRESS[version])
    data = worst.encode()
    if node in GZIPPED:
        return math.ceil(len(gzip.compress(data, compresslevel=6, mtime=0)) * GZIP_MARGIN)
    return len(data)


def _check_size(text: str, node: Node, public_ipv4: str, public_ipv6: str | None) -> None:
    size = user_data_size(text, node, public_ipv4, public_ipv6)
    limit = USER_DATA_LIMIT[node]
    if size > limit:
        packed = " gzipped" if node in GZIPPED else ""
        raise ConfigError(
            f"the {node} node's user data is{packed} {size} bytes, over the provider's limit "
            f"of {limit}; make the Asterisk folder smaller or push files after boot"
        )
