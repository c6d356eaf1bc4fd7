#!/usr/bin/env python3
"""pbx-failover's installer on a PBX node: generations of `/etc/asterisk`, swapped atomically.

Layout (every path under $PBX_FAILOVER_ROOT, which production nodes leave unset):
`/var/lib/pbx-failover/generations/<id>/{asterisk/,manifest.json}` holds each installed
tree, `/var/lib/pbx-failover/current` points at the active one, and `/etc/asterisk` points
at `/var/lib/pbx-failover/current/asterisk` (the package's own folder is moved aside to
`/var/lib/pbx-failover/asterisk.dist` once). A new tree is written to a staging folder,
synced to disk, renamed into place, and only then does `current` change, by renaming a new
symlink over it: Asterisk never sees a half-written tree.

Commands (one JSON object on stdout, exit 0 when "ok"):
  inspect                  the current tree's files (base64), for `pbxctl sync` to compare
  apply                    install the tree given on stdin as JSON, reload Asterisk
  rollback PREVIOUS FAILED point `current` back at PREVIOUS ("-": the package's folder)

First boot builds the same layout with `first_boot.py` (small enough for user data).

`pbxctl sync` sends this file over SSH on every run (`python3 -c`), so a node always runs
the installer of the pbxctl that talks to it. Standard library only, Python 3.10+.
"""

from __future__ import annotations

import base64
import fcntl
import grp
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from typing import Any

ROOT = os.environ.get("PBX_FAILOVER_ROOT", "").rstrip("/")
STATE = f"{ROOT}/var/lib/pbx-failover"
GENERATIONS = f"{STATE}/generations"
CURRENT = f"{STATE}/current"
ETC_ASTERISK = f"{ROOT}/etc/asterisk"
DIST = f"{STATE}/asterisk.dist"
KEEP_PREVIOUS = 3
RELOAD = ("asterisk", "-rx", "core reload")
RELOAD_TIMEOUT = 30
SECRET_MODE, FILE_MODE = 0o640, 0o644
INSPECT_LIMIT = 8 * 1024 * 1024


class Refused(Exception):
    pass


def _fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _current_generation() -> str | None:
    try:
        target = os.readlink(CURRENT)
    except OSError:
        return None
    return os.path.basename(target.rstrip("/"))


def _read_manifest(generation: str | None) -> dict[str, Any] | None:
    if generation is None:
        return None
    try:
        with open(f"{GENERATIONS}/{generation}/manifest.json", "rb") as manifest:
            loaded = json.load(manifest)
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def inspect() -> dict[str, Any]:
    """The tree /etc/asterisk shows now: regular files (base64), and what else is there."""
    generation = _current_generation()
    files: dict[str, str] = {}
    other: list[str] = []
    budget = INSPECT_LIMIT
    if os.path.isdir(ETC_ASTERISK):
        for folder, dirs, names in os.walk(ETC_ASTERISK):
            dirs.sort()
            for name in sorted(names) + [d for d in dirs if os.path.islink(f"{folder}/{d}")]:
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, ETC_ASTERISK)
                mode = os.lstat(path).st_mode
                if not stat.S_ISREG(mode):
                    other.append(relative)
                    continue
                with open(path, "rb") as handle:
                    data = handle.read(budget + 1)
                budget -= len(data)
                if budget < 0:
                    raise Refused(f"{ETC_ASTERISK} holds more than {INSPECT_LIMIT} bytes")
                files[relative] = base64.b64encode(data).decode("ascii")
    return {
        "ok": True,
        "generation": generation,
        "layout": os.path.islink(ETC_ASTERISK),
        "manifest": _read_manifest(generation),
        "files": files,
        "other": sorted(other),
    }


def _asterisk_gid() -> int:
    try:
        return grp.getgrnam("asterisk").gr_gid
    except KeyError:
        raise Refused(
            "the group 'asterisk' does not exist; is the asterisk package installed?"
        ) from None


def _write_tree(staging: str, files: dict[str, bytes], secret_files: set[str]) -> None:
    gid = _asterisk_gid() if secret_files else -1
    for relative, data in sorted(files.items()):
        if relative.startswith("/") or ".." in relative.split("/") or not relative:
            raise Refused(f"refusing the path {relative!r}")
        path = f"{staging}/asterisk/{relative}"
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        secret = relative in secret_files
        # Created with the final mode: a secret is never readable by others, not even briefly.
        mode = SECRET_MODE if secret else FILE_MODE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            if secret:
                os.fchown(fd, 0, gid)
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    for folder, _, _ in os.walk(staging):
        _fsync_dir(folder)


def _point_current(generation: str) -> None:
    """Rename a new symlink over `current`: readers see the old tree or the new, nothing else."""
    temporary = f"{CURRENT}.new"
    if os.path.lexists(temporary):
        os.unlink(temporary)
    os.symlink(f"generations/{generation}", temporary)
    os.replace(temporary, CURRENT)
    _fsync_dir(STATE)


def _link_etc_asterisk() -> None:
    """Once: move the package's /etc/asterisk aside and point it through `current`."""
    if os.path.islink(ETC_ASTERISK):
        return
    os.makedirs(os.path.dirname(ETC_ASTERISK), exist_ok=True)
    if os.path.isdir(ETC_ASTERISK):
        if os.path.lexists(DIST):
            shutil.rmtree(DIST)
        os.rename(ETC_ASTERISK, DIST)
    temporary = f"{ETC_ASTERISK}.pbx-failover-new"
    if os.path.lexists(temporary):
        os.unlink(temporary)
    os.symlink(f"{CURRENT}/asterisk", temporary)
    os.replace(temporary, ETC_ASTERISK)
    _fsync_dir(os.path.dirname(ETC_ASTERISK))


def _unlink_etc_asterisk() -> None:
    """Undo `_link_etc_asterisk`: the package's folder comes back."""
    if os.path.islink(ETC_ASTERISK) and os.path.isdir(DIST):
        os.unlink(ETC_ASTERISK)
        os.rename(DIST, ETC_ASTERISK)
    if os.path.islink(CURRENT):
        os.unlink(CURRENT)


def reload_asterisk() -> dict[str, Any]:
    try:
        done = subprocess.run(
            RELOAD, capture_output=True, text=True, timeout=RELOAD_TIMEOUT, check=False
        )
    except FileNotFoundError:
        return {"ok": False, "output": "the asterisk command was not found"}
    except subprocess.TimeoutExpired:
        return {"ok": False, "output": f"asterisk did not answer within {RELOAD_TIMEOUT} s"}
    output = (done.stdout + done.stderr).strip()[-2000:]
    # `asterisk -rx` exits 0 even when it cannot reach the daemon; its words tell.
    failed = done.returncode != 0 or "Unable to connect to remote asterisk" in output
    return {"ok": not failed, "output": output}


def _prune(keep: str, previous: str | None) -> list[str]:
    """Drop all but the newest KEEP_PREVIOUS generations besides the current one."""
    try:
        names = [n for n in os.listdir(GENERATIONS) if not n.startswith(".") and n != keep]
    except OSError:
        return []
    names.sort(key=lambda n: os.lstat(f"{GENERATIONS}/{n}").st_mtime, reverse=True)
    dropped = [n for n in names[KEEP_PREVIOUS:] if n != previous]
    for name in dropped:
        shutil.rmtree(f"{GENERATIONS}/{name}", ignore_errors=True)
    return dropped


def _lock() -> int:
    os.makedirs(GENERATIONS, mode=0o755, exist_ok=True)
    fd = os.open(f"{STATE}/lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise Refused("another pbx-failover installation is running on this node") from None
    return fd


def activate(generation: str, *, reload: bool) -> dict[str, Any]:
    """Make `generation` current; with `reload`, reload Asterisk and restore on failure."""
    previous = _current_generation()
    had_layout = os.path.islink(ETC_ASTERISK)
    _point_current(generation)
    _link_etc_asterisk()
    result: dict[str, Any] = {"ok": True, "previous": previous, "generation": generation}
    if reload:
        result["reload"] = reload_asterisk()
        if not result["reload"]["ok"]:
            result["ok"] = False
            result["restored"] = restore(previous if had_layout else None, generation)
            return result
    result["pruned"] = _prune(generation, previous)
    return result


def restore(previous: str | None, failed: str) -> dict[str, Any]:
    """Point `current` back at `previous` (None: the package's folder), drop `failed`, reload."""
    if previous is None:
        _unlink_etc_asterisk()
    else:
        _point_current(previous)
    shutil.rmtree(f"{GENERATIONS}/{failed}", ignore_errors=True)
    return {"generation": previous, "reload": reload_asterisk()}


def apply(payload: dict[str, Any]) -> dict[str, Any]:
    generation = str(payload["generation"])
    if "/" in generation or generation.startswith("."):
        raise Refused(f"refusing the generation name {generation!r}")
    files = {path: base64.b64decode(data) for path, data in payload["files"].items()}
    secret_files = set(payload["manifest"]["secrets"]["files"]) & set(files)
    staging = f"{GENERATIONS}/.staging-{generation}"
    final = f"{GENERATIONS}/{generation}"
    if os.path.lexists(final):
        raise Refused(f"the generation {generation} exists already")
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging, mode=0o755)
    try:
        _write_tree(staging, files, secret_files)
        manifest = dict(payload["manifest"])
        manifest["installed_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        _write_manifest(staging, manifest)
        os.rename(staging, final)
        _fsync_dir(GENERATIONS)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return activate(generation, reload=bool(payload.get("reload", True)))


def _write_manifest(folder: str, manifest: dict[str, Any]) -> None:
    path = f"{folder}/manifest.json"
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, FILE_MODE)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    try:
        if command == "inspect":
            result = inspect()
        else:
            lock = _lock()
            try:
                if command == "apply":
                    result = apply(json.load(sys.stdin))
                elif command == "rollback" and len(argv) == 3:
                    result = {"ok": True, **restore(None if argv[1] == "-" else argv[1], argv[2])}
                else:
                    raise Refused(f"unknown command {' '.join(argv)!r}")
            finally:
                os.close(lock)
    except Refused as err:
        result = {"ok": False, "error": str(err)}
    except OSError as err:
        result = {"ok": False, "error": f"{err.strerror or err} ({err.filename or 'no file'})"}
    sys.stdout.write(json.dumps(result) + "\n")
    return 0 if result.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
