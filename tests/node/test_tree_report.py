"""GET /pbx-failover/tree: what configuration a node has installed, read without SSH.

A real agent process (as an unprivileged user, like its unit) reports a real folder; the
digests are checked against what is on disk and against `sha256sum`.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from infra.node.health_agent import TREE_PATH, file_digest, scan_tree, tree_digest
from tests.node.conftest import (
    SYSTEM_PYTHON,
    Agent,
    SilentPeer,
    Sipp,
    limited_launcher,
    unit_limits,
)

SECRET = "pjsip.secrets.conf"
TREE_CACHE_SECONDS = 2.0


def write_tree(root: Path) -> None:
    files = {
        "extensions.conf": "[from-carrier]\nexten => _X.,1,Queue(support)\n",
        "pjsip.conf": "#include pjsip.transports.conf\n#include pjsip.secrets.conf\n",
        "queues.conf": "[support]\nstrategy=ringall\n",
        ".dotfile.conf": "; dotfiles count like any file\n",
        "sub dir/voicemail.conf": "[general]\nformat=wav49\n",
        "keys/asterisk.crt": "-----BEGIN CERTIFICATE-----\nfake\n",
        SECRET: "[carrier-auth]\npassword=not-a-real-secret\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (root / SECRET).chmod(0)  # as on a node: the agent's user could not read it anyway


def on_disk(root: Path, skip: set[str]) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): file_digest(path.read_bytes())
        for path in root.rglob("*")
        if path.is_file()
        and not path.is_symlink()
        and path.relative_to(root).as_posix() not in skip
    }


def manifest_for(root: Path, **changes: Any) -> dict[str, Any]:
    files = on_disk(root, {SECRET})
    manifest = {
        "format": 1,
        "generation": "20261201T120000Z-3f2a",
        "tree": tree_digest(files),
        "files": files,
        "secrets": {"files": [SECRET], "generation": "s-7"},
        "installed_at": "2026-12-01T12:00:00Z",
        "installed_by": "pbxctl sync (test)",
    }
    manifest.update(changes)
    return manifest


def get_tree(agent: Agent, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", agent.port, timeout=5)
    try:
        connection.request(method, TREE_PATH)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def tree_of(agent: Agent) -> dict[str, Any]:
    status, headers, body = get_tree(agent)
    assert (status, headers["Content-Type"]) == (200, "application/json")
    answer: dict[str, Any] = json.loads(body)
    return answer


@pytest.fixture
def node(
    public_dir: Path, silent_peer: SilentPeer, agent: Callable[..., Agent]
) -> Iterator[Callable[..., Agent]]:
    """Start an agent reporting `public_dir/etc-asterisk` as its unit would run it."""
    tasks, _ = unit_limits()

    def start(root: Path, manifest: Path) -> Agent:
        return agent(
            silent_peer.port,
            workdir=public_dir,
            python=SYSTEM_PYTHON,
            script=public_dir / "health_agent.py",
            launcher=limited_launcher(tasks),
            extra=["--tree-root", str(root), "--manifest", str(manifest)],
        )

    yield start


@pytest.fixture
def tree(public_dir: Path) -> Path:
    root = public_dir / "etc-asterisk"
    root.mkdir()
    write_tree(root)
    return root


def test_the_report_matches_the_files_on_disk(
    tree: Path, public_dir: Path, node: Callable[..., Agent]
) -> None:
    manifest = public_dir / "manifest.json"
    manifest.write_text(json.dumps(manifest_for(tree)))
    manifest.chmod(0o644)
    agent = node(tree, manifest)
    report = tree_of(agent)
    expected = on_disk(tree, {SECRET})
    assert report == {
        "format": 1,
        "root": str(tree),
        "generation": "20261201T120000Z-3f2a",
        "installed": tree_digest(expected),
        "digest": tree_digest(expected),
        "files": expected,
        "secrets": {"generation": "s-7", "files": [SECRET]},
        "unreadable": [],
        "truncated": False,
    }
    assert ".dotfile.conf" in report["files"] and "sub dir/voicemail.conf" in report["files"]
    status, headers, body = get_tree(agent, "HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) == len(get_tree(agent)[2])
    assert agent.stop() == 0
    assert "Traceback" not in agent.log()


def test_a_secret_file_is_never_read(
    tree: Path, public_dir: Path, node: Callable[..., Agent]
) -> None:
    # The secret is mode 0000 and the agent runs as another user: had it tried to read it,
    # it would be listed as unreadable, like the stray unlisted file below.
    manifest = public_dir / "manifest.json"
    manifest.write_text(json.dumps(manifest_for(tree)))
    manifest.chmod(0o644)
    stray = tree / "stray.key"
    stray.write_text("unlisted\n")
    stray.chmod(0)
    report = tree_of(node(tree, manifest))
    assert SECRET not in report["files"] and SECRET not in report["unreadable"]
    assert report["unreadable"] == ["stray.key"]


def test_a_hand_edit_shows_in_the_next_answer_after_the_cache_window(
    tree: Path, public_dir: Path, node: Callable[..., Agent]
) -> None:
    agent = node(tree, public_dir / "no-manifest.json")
    before = tree_of(agent)
    (tree / "queues.conf").write_text("[support]\nstrategy=leastrecent\n")
    assert tree_of(agent)["digest"] == before["digest"]  # within the window: the cached scan
    deadline = time.monotonic() + TREE_CACHE_SECONDS + 3
    while (after := tree_of(agent))["digest"] == before["digest"]:
        assert time.monotonic() < deadline, "the edit never showed"
        time.sleep(0.2)
    assert after["files"]["queues.conf"] == file_digest(b"[support]\nstrategy=leastrecent\n")
    # No manifest names the secret here, so the agent tried it and could not read it.
    assert after["digest"] == tree_digest(on_disk(tree, {SECRET}))
    assert after["unreadable"] == [SECRET]


def test_without_a_manifest_the_generation_is_null(
    tree: Path, public_dir: Path, node: Callable[..., Agent]
) -> None:
    (tree / SECRET).unlink()  # nothing says it is a secret now: it would be hashed
    report = tree_of(node(tree, public_dir / "missing.json"))
    assert (report["generation"], report["installed"]) == (None, None)
    assert report["secrets"] == {"generation": None, "files": []}
    assert report["digest"] == tree_digest(on_disk(tree, set()))


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"format": 2, "generation": "x"}', b"[" * 100_000, b"\xff\xfe"],
    ids=["broken", "a-list", "another-format", "deeply-nested", "not-utf8"],
)
def test_a_broken_manifest_is_no_manifest(
    tree: Path, public_dir: Path, node: Callable[..., Agent], content: bytes
) -> None:
    manifest = public_dir / "manifest.json"
    manifest.write_bytes(content)
    manifest.chmod(0o644)
    agent = node(tree, manifest)
    report = tree_of(agent)
    assert (report["generation"], report["installed"], report["secrets"]["files"]) == (
        None,
        None,
        [],
    )
    assert agent.stop() == 0
    assert "Traceback" not in agent.log()


def test_symlinks_and_special_files_are_listed_never_followed(
    tree: Path, public_dir: Path, node: Callable[..., Agent]
) -> None:
    (tree / "passwd.conf").symlink_to("/etc/passwd")
    (tree / "linked-dir").symlink_to("/etc")
    os.mkfifo(tree / "a-fifo")  # opening it for reading would hang a careless scanner
    # The root itself may be a symlink, as /etc/asterisk is on a node.
    root_link = public_dir / "asterisk-link"
    root_link.symlink_to(tree)
    report = tree_of(node(root_link, public_dir / "missing.json"))
    # The secret too: without a manifest nothing says it is one, and it is mode 0000.
    assert report["unreadable"] == ["a-fifo", "linked-dir", "passwd.conf", SECRET]
    passwd = file_digest(Path("/etc/passwd").read_bytes())
    assert passwd not in report["files"].values()
    assert not any(path.startswith("linked-dir") for path in report["files"])
    assert "extensions.conf" in report["files"]


def test_health_is_not_delayed_by_a_large_tree(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent], public_dir: Path
) -> None:
    root = public_dir / "large"
    root.mkdir()
    chunk = os.urandom(32 * 1024)
    for n in range(1000):  # 32 MB, about the scan's byte bound
        (root / f"sounds-{n:04}.raw").write_bytes(chunk + n.to_bytes(4, "big"))
    server = sipp("uas_options_200.xml")
    health = agent(server.port, extra=["--tree-root", str(root), "--manifest", "/nonexistent"])
    connection = http.client.HTTPConnection("127.0.0.1", health.port, timeout=10)
    connection.request("GET", TREE_PATH)  # the scan starts; /health must not wait for it
    started = time.monotonic()
    assert health.request() == (200, "SIP OK")
    health_seconds = time.monotonic() - started
    report = json.loads(connection.getresponse().read())
    connection.close()
    assert len(report["files"]) == 1000 and not report["truncated"]
    assert health_seconds < 1.0, f"/health took {health_seconds:.3f} s during a tree scan"


def test_tree_digest_is_sha256sum_of_the_sorted_listing(tmp_path: Path) -> None:
    sha256sum = shutil.which("sha256sum")
    if sha256sum is None:
        pytest.fail("sha256sum is missing; install it with: apt-get install coreutils")
    write_tree(tmp_path)
    (tmp_path / "zürich.conf").write_text("umlaut in the name\n")
    (tmp_path / "Z-upper.conf").write_text("sorts before lower case\n")
    files = on_disk(tmp_path, set())
    listing = subprocess.run(
        [sha256sum, "--", *sorted(files)],
        cwd=tmp_path,
        capture_output=True,
        check=True,
        env={"LC_ALL": "C"},
    ).stdout
    assert tree_digest(files) == hashlib.sha256(listing).hexdigest()
    assert file_digest(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_the_scan_is_bounded(tmp_path: Path) -> None:
    for n in range(10):
        (tmp_path / f"f{n}").write_bytes(b"x" * 100)
    assert not scan_tree(str(tmp_path)).truncated
    assert scan_tree(str(tmp_path), max_files=5).truncated
    by_bytes = scan_tree(str(tmp_path), max_bytes=550)
    assert by_bytes.truncated and len(by_bytes.files) <= 5
    missing = scan_tree(str(tmp_path / "nowhere"))
    assert (missing.files, missing.unreadable, missing.truncated) == ({}, ["."], False)
