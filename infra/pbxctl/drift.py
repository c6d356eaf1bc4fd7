"""Config drift without SSH: what each node's health agent reports against the repo.

Each node's agent answers `GET /pbx-failover/tree` (on the health port, open to admin
networks) with the sha256 of every non-secret file under /etc/asterisk and the generation
the last sync installed. Here the same digests are computed for the desired tree, so
`status` can say per node "in sync with the repo", "drifted (N files)" or "unknown (why)",
and whether the two nodes differ from each other beyond their per-node files.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from infra.config import Config, SiteConfig
from infra.errors import PbxError
from infra.naming import Node
from infra.node.tree import AsteriskFolder, NodeFacts, desired_tree, read_asterisk_folder

TREE_PATH = "/pbx-failover/tree"
REPORT_LIMIT = 4 * 1024 * 1024


@dataclass(frozen=True)
class NodeDrift:
    node: Node
    state: str  # in sync, drifted, unknown
    detail: str
    changes: dict[str, str] = field(default_factory=dict)  # path -> what sync would do
    generation: str | None = None
    secrets_generation: str | None = None
    normalized: dict[str, str] | None = None  # per-node files folded, for node-to-node

    def describe(self) -> str:
        if self.state == "in sync":
            return f"in sync with the repo (generation {self.generation or 'unknown'})"
        if self.state == "drifted":
            plural = "s" if len(self.changes) != 1 else ""
            return f"drifted ({len(self.changes)} file{plural}: {self.detail})"
        return f"unknown ({self.detail})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "detail": self.detail,
            "generation": self.generation,
            "secrets_generation": self.secrets_generation,
            "files": dict(sorted(self.changes.items())),
        }


@dataclass(frozen=True)
class SiteDrift:
    nodes: dict[Node, NodeDrift]

    @property
    def nodes_differ(self) -> bool:
        """True when both nodes answered and differ beyond their per-node files."""
        primary, backup = self.nodes[Node.PRIMARY], self.nodes[Node.BACKUP]
        if primary.normalized is None or backup.normalized is None:
            return False
        return (primary.normalized != backup.normalized) or (
            primary.secrets_generation != backup.secrets_generation
        )

    def problems(self) -> list[str]:
        if not self.nodes_differ:
            return []
        return [
            "the nodes' Asterisk configurations differ from each other; see `pbxctl diff`, "
            "then `pbxctl sync`"
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes_differ": self.nodes_differ,
            "nodes": {node.value: drift.to_dict() for node, drift in self.nodes.items()},
        }


def tree_url(site: SiteConfig, address: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}:{site.health.port}{TREE_PATH}"


def read_report(site: SiteConfig, address: str, timeout: float = 3.0) -> dict[str, Any]:
    """The agent's JSON report; a PbxError sentence when there is none to be had."""
    url = tree_url(site, address)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http only)
            data = response.read(REPORT_LIMIT + 1)
    except urllib.error.HTTPError as err:
        raise PbxError(f"{url} answered HTTP {err.code}; is the health agent current?") from None
    except (OSError, ValueError) as err:
        raise PbxError(f"no answer from {url}: {getattr(err, 'reason', err)}") from None
    try:
        report = json.loads(data) if len(data) <= REPORT_LIMIT else None
    except ValueError:
        report = None
    if not isinstance(report, dict) or report.get("format") != 1:
        raise PbxError(f"{url} did not answer with a tree report")
    return report


def _changes(desired: dict[str, str], actual: dict[str, str]) -> dict[str, str]:
    found = {}
    for path in sorted(set(desired) | set(actual)):
        if path not in actual:
            found[path] = "added"
        elif path not in desired:
            found[path] = "removed"
        elif desired[path] != actual[path]:
            found[path] = "changed"
    return found


def node_drift(
    config: Config,
    site: SiteConfig,
    node: Node,
    *,
    address: str,
    folder: AsteriskFolder,
    per_node: set[str],
) -> NodeDrift:
    try:
        report = read_report(site, address)
    except PbxError as err:
        return NodeDrift(node, "unknown", err.message)
    files = report.get("files")
    if not isinstance(files, dict) or report.get("truncated"):
        return NodeDrift(node, "unknown", "the node's report is incomplete (too many files)")
    secrets = report.get("secrets") if isinstance(report.get("secrets"), dict) else {}
    generation, secrets_generation = report.get("generation"), (secrets or {}).get("generation")
    desired = desired_tree(config, site, NodeFacts(node, config.node_fqdn(site, node), address),
                           folder=folder).digests()  # fmt: skip
    changes = _changes(desired, {str(p): str(h) for p, h in files.items()})
    for path in report.get("unreadable") or []:
        changes.setdefault(str(path), "removed")  # a symlink or odd file sync would drop
    normalized = {
        path: ("per-node file as rendered" if path in per_node and desired.get(path) == digest
               else str(digest))
        for path, digest in files.items()
    }  # fmt: skip
    normalized.update({f"unreadable:{path}": "" for path in report.get("unreadable") or []})
    generation = generation if isinstance(generation, str) else None
    secrets_generation = secrets_generation if isinstance(secrets_generation, str) else None
    if not changes:
        return NodeDrift(node, "in sync", "", {}, generation, secrets_generation, normalized)
    shown = ", ".join(f"{path} {kind}" for path, kind in list(changes.items())[:3])
    more = f" and {len(changes) - 3} more" if len(changes) > 3 else ""
    return NodeDrift(
        node, "drifted", shown + more, changes, generation, secrets_generation, normalized
    )


def site_drift(config: Config, site: SiteConfig, addresses: dict[Node, str]) -> SiteDrift:
    """Both nodes' reports against the repo, read in parallel; never raises."""
    try:
        folder = read_asterisk_folder(config, site)
        desired = {
            node: desired_tree(
                config, site, NodeFacts(node, config.node_fqdn(site, node), addresses[node]),
                folder=folder,
            ).digests()
            for node in Node
        }  # fmt: skip
    except PbxError as err:
        return SiteDrift({node: NodeDrift(node, "unknown", err.message) for node in Node})
    primary, backup = desired[Node.PRIMARY], desired[Node.BACKUP]
    per_node = {p for p in set(primary) | set(backup) if primary.get(p) != backup.get(p)}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            node: pool.submit(
                node_drift,
                config,
                site,
                node,
                address=addresses[node],
                folder=folder,
                per_node=per_node,
            )
            for node in Node
        }
        return SiteDrift({node: future.result() for node, future in futures.items()})
