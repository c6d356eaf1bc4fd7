"""Bring the jsii package cache to its steady state, and check that it is there.

The jsii runtime unpacks every assembly a process loads into its package cache
(`$JSII_RUNTIME_PACKAGE_CACHE_ROOT`, else `~/.cache/aws/jsii/package-cache`) and then
builds a runtime index beside it (`.jsii.runtime.v1.json`, `.jsii.runtime-index.v1`,
`.jsii.runtime-defs.v1.jsonl`) in a background worker. A process that exits before the
worker is done leaves the entry without an index, and every later process parses the
whole assembly again: for cdktn-aws's 148 MB `.jsii` that costs a synth about 3 s and
1 GiB more. `scripts/setup` therefore runs `prime`: load every assembly the stacks use,
wait until each entry's index is complete, verify it, and write a stamp so that the next
set-up only checks that the files are still there.

    python scripts/jsii_cache.py prime [--stamp FILE] [--timeout SECONDS]
    python scripts/jsii_cache.py check [--stamp FILE]

Exit codes: 0 steady state, 1 not (with one sentence saying what is missing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# The runtime's index format (jsii >= 1.120, `RUNTIME_INDEX_VERSION = 1`).
MANIFEST = ".jsii.runtime.v1.json"
MANIFEST_SCHEMA = "jsii/runtime-index"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Assembly:
    name: str
    version: str
    tarball: Path


def cache_root() -> Path | None:
    """Where the runtime keeps its package cache, or None when the cache is switched off."""
    if os.environ.get("JSII_RUNTIME_PACKAGE_CACHE", "enabled").lower() != "enabled":
        return None
    configured = os.environ.get("JSII_RUNTIME_PACKAGE_CACHE_ROOT")
    if configured:
        return Path(configured)
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "com.amazonaws.jsii" / "package-cache"
    return Path.home() / ".cache" / "aws" / "jsii" / "package-cache"


def entry_dir(root: Path, assembly: Assembly) -> Path:
    """The runtime's cache entry: <root>/<name>/<version>/sha256(tarball, NUL name, NUL version)."""
    digest = hashlib.sha256()
    with assembly.tarball.open("rb") as tarball:
        while chunk := tarball.read(1 << 20):
            digest.update(chunk)
    for part in (assembly.name, assembly.version):
        digest.update(b"\0" + part.encode())
    return root.joinpath(*assembly.name.split("/"), assembly.version, digest.hexdigest())


def index_problem(entry: Path) -> str | None:
    """Why the runtime would not use this entry's index (the checks it makes), or None."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text())
    except FileNotFoundError:
        return f"no {MANIFEST} in {entry}"
    except (OSError, ValueError) as err:
        return f"unreadable {entry / MANIFEST}: {err}"
    if manifest.get("schema") != MANIFEST_SCHEMA or manifest.get("version") != MANIFEST_VERSION:
        return f"{entry / MANIFEST} is not a version {MANIFEST_VERSION} runtime index"
    try:
        offsets = manifest["layout"]["offsets"]
        index = entry / manifest["index"]
        defs_size = (entry / manifest["defs"]).stat().st_size
        complete = index.stat().st_size == offsets["start"] + offsets["length"]
        with index.open("rb") as file:  # the last offset is the end of the definitions
            file.seek(offsets["start"] + offsets["length"] - 4)
            last_offset = int.from_bytes(file.read(4), "little")
    except (KeyError, TypeError, OSError) as err:
        return f"incomplete runtime index in {entry}: {err}"
    if not complete or last_offset != defs_size:
        return f"runtime index in {entry} is truncated"
    return None


def loaded_assemblies() -> list[Assembly]:
    """Import the whole CDK app, which loads every assembly a synth uses, and list them."""
    import stacks.app  # noqa: F401, PLC0415 (the import is the point: it loads the assemblies)

    found = {}
    for module in list(sys.modules.values()):
        record = getattr(module, "__jsii_assembly__", None)
        if record is None or not hasattr(record, "filename"):
            continue
        package_dir = Path(sys.modules[f"{record.module}._jsii"].__file__ or ".").parent
        found[record.name] = Assembly(record.name, record.version, package_dir / record.filename)
    return sorted(found.values(), key=lambda a: a.name)


def _stamp_line(assembly: Assembly, entry: Path) -> str:
    stat = assembly.tarball.stat()
    return f"{assembly.tarball}\t{stat.st_size}\t{stat.st_mtime_ns}\t{entry}"


def stamped_entries(stamp: Path, root: Path) -> list[Path] | None:
    """The entries a previous `prime` verified under this root, while their tarballs are the
    same files (a reinstalled package or regenerated bindings make the stamp stale)."""
    try:
        header, *lines = stamp.read_text().splitlines()
    except (OSError, ValueError):
        return None
    if header != f"root {root}":
        return None
    entries = []
    for line in lines:
        tarball, size, mtime_ns, entry = line.split("\t")
        try:
            stat = Path(tarball).stat()
        except OSError:
            return None
        if (str(stat.st_size), str(stat.st_mtime_ns)) != (size, mtime_ns):
            return None
        entries.append(Path(entry))
    return entries


def prime(stamp: Path | None, timeout: float) -> int:
    root = cache_root()
    if root is None:
        print("jsii package cache is switched off (JSII_RUNTIME_PACKAGE_CACHE); nothing to do")
        return 0
    started = time.monotonic()
    assemblies = loaded_assemblies()
    entries = {assembly: entry_dir(root, assembly) for assembly in assemblies}
    # The runtime's worker builds each missing index while this process (and so its node
    # child) stays alive; wait for it instead of hoping a synth lasts long enough.
    deadline = started + timeout
    while True:
        problems = {a: p for a, e in entries.items() if (p := index_problem(e)) is not None}
        if not problems or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if problems:
        for assembly, problem in problems.items():
            print(f"jsii cache: {assembly.name} {assembly.version}: {problem}", file=sys.stderr)
        print(
            f"jsii cache: the runtime index was not complete after {timeout:.0f} s; "
            "run scripts/setup again, or raise --timeout on a slow machine",
            file=sys.stderr,
        )
        return 1
    for assembly, entry in entries.items():
        print(f"jsii cache: {assembly.name} {assembly.version} indexed in {entry}")
    print(f"jsii cache: steady state under {root} ({time.monotonic() - started:.1f} s)")
    if stamp is not None:
        lines = [f"root {root}", *(_stamp_line(a, e) for a, e in entries.items())]
        stamp.write_text("\n".join(lines) + "\n")
    return 0


def check(stamp: Path | None) -> int:
    """Quick: no CDK import; the entries a previous `prime` verified still have their index."""
    root = cache_root()
    if root is None:
        return 0
    entries = stamped_entries(stamp, root) if stamp is not None else None
    if entries is None:
        print(f"jsii cache: not primed for {root} and these packages", file=sys.stderr)
        return 1
    for entry in entries:
        problem = index_problem(entry)
        if problem is not None:
            print(f"jsii cache: {problem}", file=sys.stderr)
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/jsii_cache.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("action", choices=("prime", "check"))
    parser.add_argument("--stamp", type=Path, help="file that records the verified entries")
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds to wait for the index (600)"
    )
    args = parser.parse_args(argv)
    if args.action == "prime":
        return prime(args.stamp, args.timeout)
    return check(args.stamp)


if __name__ == "__main__":
    sys.exit(main())
