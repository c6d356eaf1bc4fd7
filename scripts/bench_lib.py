"""The benchmark behind `scripts/bench` (DESIGN.md section 6, issue 8).

Run through `scripts/bench` (it sets up `.venv` and the PATH first). Rows:

1. synth of the example config (all stacks): wall time and peak memory, also with `python -O`;
2. synth of generated configs of 1, 10 and 50 sites, and a linear fit;
3. baselines in throw-away venvs under `.bench/`: the one-assembly `cdktn-provider-aws` and the
   archived `cdktf` 0.21 with `cdktf-cdktf-provider-aws`, both running *this project's stack code*
   through an import shim (`install_shim` below, activated by a `.pth` file in those venvs);
4. `pbxctl --help` and `pbxctl status` against the test peers;
5. `pbxctl promote --yes` then `demote --yes` against the same peers, with API call counts.

Every timed row is a median of N runs after one warm-up run. Results go to stdout (a
table), `.bench/results.json` and `.bench/results.md`.

This module is also imported at start-up by the baseline venvs (for `install_shim`, through a
`.pth` file), so its top level imports only standard-library modules (about 15 ms).
"""

# ruff: noqa: PLC0415 (the test peers and infra/ load only for the pbxctl rows, after sys.path)

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import io
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from importlib.metadata import version as _dist_version
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
SHIM = BENCH / "shim"
EXAMPLE = Path("examples/callcenter.toml")

# ---------------------------------------------------------------------------------------
# The import shim for the baselines (runs inside the baseline venvs, stdlib only)
# ---------------------------------------------------------------------------------------

_AWS_PACKAGES = {"provider-aws": "cdktn_provider_aws", "cdktf": "cdktf_cdktf_provider_aws"}


class _ModuleAlias(importlib.abc.Loader):
    """Make `name` the already-importable module `target` (same object in sys.modules)."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return importlib.import_module(self.target)

    def exec_module(self, module: Any) -> None:
        pass


class _AwsFacade(importlib.abc.Loader):
    """`cdktn_aws.<service>`: a module whose names resolve lazily to the other package's classes."""

    def __init__(self, package: str, names: dict[str, str]) -> None:
        self.package = package
        self.names = names

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        package, names = self.package, self.names

        def __getattr__(name: str) -> Any:  # a module __getattr__ (PEP 562)
            if name not in names:
                raise AttributeError(
                    f"bench shim: {module.__name__}.{name} is not mapped; rerun scripts/bench "
                    "to rebuild .bench/shim/map.json from the stacks' imports"
                )
            target_module, _, target_class = names[name].rpartition(".")
            value = getattr(importlib.import_module(f"{package}.{target_module}"), target_class)
            setattr(module, name, value)
            return value

        module.__getattr__ = __getattr__
        module.__all__ = sorted(self.names)


class _ShimFinder(importlib.abc.MetaPathFinder):
    def __init__(self, kind: str, shim_dir: Path) -> None:
        self.kind = kind
        self.package = _AWS_PACKAGES[kind]
        self.shim_dir = shim_dir
        self.mapping: dict[str, dict[str, str]] = json.loads((shim_dir / "map.json").read_text())[
            kind
        ]

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname == "cdktn_aws":
            spec = importlib.machinery.ModuleSpec(
                fullname, _AwsFacade(self.package, {}), is_package=True
            )
            spec.submodule_search_locations = []
            return spec
        if fullname.startswith("cdktn_aws."):
            service = fullname.split(".", 1)[1]
            return importlib.machinery.ModuleSpec(
                fullname, _AwsFacade(self.package, self.mapping.get(service, {}))
            )
        if self.kind == "cdktf":
            if fullname == "cdktn" or fullname.startswith("cdktn."):
                target = "cdktf" + fullname[len("cdktn") :]
                return importlib.machinery.ModuleSpec(fullname, _ModuleAlias(target))
            if fullname == "stacks.imports.hcloud._jsii":
                # The same hcloud assembly, its references to `cdktn` renamed to `cdktf`
                # (see `_retarget_hcloud_assembly`).
                init = self.shim_dir / "hcloud-cdktf" / "_jsii" / "__init__.py"
                return importlib.util.spec_from_file_location(
                    fullname, init, submodule_search_locations=[str(init.parent)]
                )
        return None


def install_shim(kind: str, shim_dir: str) -> None:
    """Called from the `.pth` file of a baseline venv before anything else is imported."""
    sys.meta_path.insert(0, _ShimFinder(kind, Path(shim_dir)))


# ---------------------------------------------------------------------------------------
# Everything below runs in the project's .venv, driven by main()
# ---------------------------------------------------------------------------------------


# ----- measurement ----------------------------------------------------------------------

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
GNU_TIME = "/usr/bin/time"


def _ppid_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                data = f.read()
        except OSError:
            continue
        fields = data[data.rindex(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _tree_rss(root: int) -> int:
    """Sum of VmRSS (bytes) over `root` and all its descendants, from /proc."""
    children = _ppid_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


class _Sampler:
    """Polls the process tree's RSS every `interval` seconds while it runs."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


class RunFailed(RuntimeError):
    pass


def run_once(
    cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT, timeout: float = 900
) -> dict[str, Any]:
    """One run: wall seconds, peak RSS of the whole process tree (sampled) and the largest
    single process's max RSS (kernel, via GNU time) in MiB."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        time_out = Path(tmp) / "time"
        full = [GNU_TIME, "-f", "%M", "-o", str(time_out), *cmd] if Path(GNU_TIME).exists() else cmd
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                full, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
            )
            sampler = _Sampler(proc.pid)
            try:
                rc = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                sampler.stop()
                raise RunFailed(f"{' '.join(cmd)} took longer than {timeout:.0f} s") from None
            wall = time.perf_counter() - start
            tree = sampler.stop()
        if rc != 0:
            tail = err_path.read_text(errors="replace")[-2000:]
            raise RunFailed(f"{' '.join(cmd)} exited {rc}:\n{tail}")
        max_proc = 0.0
        if time_out.exists():
            lines = [line for line in time_out.read_text().splitlines() if line.strip().isdigit()]
            if lines:
                max_proc = int(lines[-1]) / 1024
        return {
            "t0": start,
            "wall_s": wall,
            "rss_tree_mib": tree / 2**20,
            "rss_max_proc_mib": max_proc,
            # The sampler can miss a short process's peak; the kernel's figure cannot.
            "rss_peak_mib": max(tree / 2**20, max_proc),
            "stdout": out_path.read_text(errors="replace")[-4000:],
        }


def _stats(values: list[float]) -> dict[str, Any]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "samples": [round(v, 4) for v in values],
    }


def measure(
    cmd: list[str],
    *,
    runs: int,
    warmup: int = 1,
    env: dict[str, str] | None = None,
    before_each: Any = None,
    label: str = "",
) -> dict[str, Any]:
    samples: list[dict[str, float]] = []
    for index in range(warmup + runs):
        if before_each is not None:
            before_each()
        result = run_once(cmd, env=env)
        kind = "warm-up" if index < warmup else f"run {index - warmup + 1}/{runs}"
        print(
            f"    {label} {kind}: {result['wall_s']:.2f} s, {result['rss_tree_mib']:.0f} MiB",
            file=sys.stderr,
        )
        if index >= warmup:
            samples.append(result)
    return {
        "runs": runs,
        "warmup": warmup,
        "wall_s": _stats([s["wall_s"] for s in samples]),
        "rss_tree_mib": _stats([s["rss_tree_mib"] for s in samples]),
        "rss_max_proc_mib": _stats([s["rss_max_proc_mib"] for s in samples]),
        "rss_peak_mib": _stats([s["rss_peak_mib"] for s in samples]),
    }


# ----- configs --------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string is a JSON string for these values
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as a TOML value")


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def dump_toml(data: dict[str, Any], prefix: str = "") -> str:
    """Enough TOML for a config: scalars, arrays of scalars, tables, arrays of tables."""
    lines: list[str] = []
    tables: list[str] = []
    for key, value in data.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            tables.append(f"\n[{full}]\n" + dump_toml(value, full))
        elif _is_table_list(value):
            for item in value:
                tables.append(f"\n[[{full}]]\n" + dump_toml(item, full))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + ("\n" if lines else "") + "".join(tables)


def sites_config(count: int, example: Path = ROOT / EXAMPLE) -> str:
    """The example with `count` copies of its first site: distinct names and record names.

    The zone settings stay as in the example: the first site's dns stack creates (or finds)
    the zone and the others refer to it. Paths inside a site are made absolute, since the
    generated file lives under .bench/.
    """
    data = tomllib.loads(example.read_text())
    template = data["site"][0]
    sites = []
    width = len(str(count))
    for index in range(1, count + 1):
        site = json.loads(json.dumps(template))  # a deep copy of plain TOML data
        name = f"site{index:0{width}d}"
        site["name"] = name
        site["failover_name"] = f"voip-{name}"
        site["primary_name"] = f"pbx1-{name}"
        site["backup_name"] = f"pbx2-{name}"
        # Hetzner holds a key once per project: each site gets its own (fake) one.
        kind, blob, *comment = site["backup"]["ssh_public_key"].split(" ")
        unique = blob[: -len(str(index))] + str(index)
        site["backup"]["ssh_public_key"] = " ".join([kind, unique, *comment])
        node = site.get("node", {})
        if "asterisk_config_dir" in node:
            node["asterisk_config_dir"] = str(
                (example.parent / node["asterisk_config_dir"]).resolve()
            )
        sites.append(site)
    data["site"] = sites
    header = (
        f"# Generated by scripts/bench from {EXAMPLE}: {count} site(s), "
        "distinct names and record names.\n"
    )
    return header + dump_toml(data)


# ----- synthesized output ---------------------------------------------------------------


def read_stacks(outdir: Path) -> dict[str, dict[str, Any]]:
    return {
        path.parent.name: json.loads(path.read_text())
        for path in sorted(outdir.glob("stacks/*/cdk.tf.json"))
    }


def resource_counts(stacks: dict[str, dict[str, Any]]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for name, doc in stacks.items():
        row: dict[str, int] = {}
        for section in ("resource", "data"):
            for kind, items in doc.get(section, {}).items():
                row[f"{section}.{kind}"] = len(items)
        row["output"] = len(doc.get("output", {}))
        counts[name] = row
    return counts


def _normalized(doc: Any) -> Any:
    """The parts of a stack that do not depend on the CDK flavour or provider version."""
    if isinstance(doc, dict):
        return {
            k: _normalized(v)
            for k, v in doc.items()
            if k not in ("//", "required_providers", "backend")
        }
    if isinstance(doc, list):
        return [_normalized(v) for v in doc]
    return doc


def compare_outputs(ours: Path, theirs: Path) -> dict[str, Any]:
    a, b = read_stacks(ours), read_stacks(theirs)
    same_counts = resource_counts(a) == resource_counts(b)
    differing = sorted(
        name for name in set(a) | set(b) if _normalized(a.get(name)) != _normalized(b.get(name))
    )
    return {
        "stacks": sorted(b),
        "same_resource_counts": same_counts,
        "identical_except_metadata": not differing,
        "differing_stacks": differing,
    }


# ----- the baselines --------------------------------------------------------------------

BASELINES: dict[str, dict[str, Any]] = {
    "provider-aws": {
        "title": "cdktn 0.24 + cdktn-provider-aws (one assembly)",
        "packages": ["cdktn==0.24.0", "cdktn-provider-aws==25.8.1"],
    },
    "cdktf": {
        "title": "archived cdktf 0.21 + cdktf-cdktf-provider-aws",
        "packages": ["cdktf==0.21.0", "cdktf-cdktf-provider-aws==21.22.1"],
    },
}


def _venv_python(kind: str) -> Path:
    return BENCH / f"venv-{kind}" / "bin" / "python"


def _site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())


def _project_runtime_deps() -> list[str]:
    """pyproject's [project] dependencies (what infra/ needs), without the cdk extra."""
    return list(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])


def _installed(name: str) -> str:
    return _dist_version(name)


def ensure_baseline(kind: str) -> Path:
    """Create or reuse `.bench/venv-<kind>` with the pinned bindings and the shim."""
    spec = BASELINES[kind]
    python = _venv_python(kind)
    # Same constructs and jsii runtime as the project's .venv, so only the bindings differ.
    pins = [
        *spec["packages"],
        f"constructs=={_installed('constructs')}",
        f"jsii=={_installed('jsii')}",
    ]
    wanted = "\n".join([*pins, *_project_runtime_deps()])
    stamp = python.parent.parent / ".bench-stamp"
    if not python.exists():
        print(f"==> creating .bench/venv-{kind}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(python.parent.parent)], check=True)
    if not stamp.exists() or stamp.read_text() != wanted:
        print(
            f"==> installing {' '.join(spec['packages'])} into .bench/venv-{kind}", file=sys.stderr
        )
        done = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *pins,
                *_project_runtime_deps(),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RunFailed(f"pip install into .bench/venv-{kind} failed:\n{done.stderr[-2000:]}")
        stamp.write_text(wanted)
    (_site_packages(python) / "zz_bench_shim.pth").write_text(
        f"import sys; sys.path.append({str(ROOT / 'scripts')!r}); "
        f"import bench_lib; bench_lib.install_shim({kind!r}, {str(SHIM)!r})\n"
    )
    return python


def _stack_aws_imports() -> dict[str, set[str]]:
    """Every `from cdktn_aws.<service> import <Name>` in stacks/ (what the shim must map)."""
    wanted: dict[str, set[str]] = {}
    for path in (ROOT / "stacks").rglob("*.py"):
        if "imports" in path.relative_to(ROOT / "stacks").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cdktn_aws."):
                service = node.module.split(".", 1)[1]  # type: ignore[union-attr]
                wanted.setdefault(service, set()).update(alias.name for alias in node.names)
    return wanted


def _camel(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def build_shim_map() -> dict[str, Any]:
    """Map each cdktn_aws class the stacks use to the same Terraform type in the other packages.

    cdktn-aws groups classes by service with its own names (`route_53.AwsHealthCheck`);
    the one-assembly packages have a module per Terraform type (`route53_health_check.
    Route53HealthCheck`). The Terraform type is read from the class's docstring in the
    cdktn_aws sources (no import, so no assembly load).
    """
    cdktn_aws_dir = Path(_site_packages(Path(sys.executable))) / "cdktn_aws"
    mapping: dict[str, dict[str, dict[str, str]]] = {kind: {} for kind in _AWS_PACKAGES}
    table: list[dict[str, str]] = []
    for service, names in sorted(_stack_aws_imports().items()):
        source = (cdktn_aws_dir / service / "__init__.py").read_text()
        for name in sorted(names):
            if name == "AwsProvider":
                module, cls, tf_type = "provider", "AwsProvider", "provider aws"
            else:
                match = re.search(
                    rf'^class {name}\(.*?jsii_type="@cdktn/aws\.{service}\.{name}".*?'
                    r"docs/(resources|data-sources)/\w+ (aws_\w+)\}",
                    source,
                    re.S | re.M,
                )
                if match is None:
                    raise RunFailed(f"cannot find the Terraform type of cdktn_aws.{service}.{name}")
                section, tf_type = match.groups()
                bare = tf_type.removeprefix("aws_")
                module = f"data_aws_{bare}" if section == "data-sources" else bare
                cls = _camel(module)
                tf_type = f"{'data ' if section == 'data-sources' else ''}{tf_type}"
            table.append(
                {
                    "cdktn_aws": f"{service}.{name}",
                    "terraform": tf_type,
                    "module": f"{module}.{cls}",
                }
            )
            for kind in _AWS_PACKAGES:
                mapping[kind].setdefault(service, {})[name] = f"{module}.{cls}"
    return {"map": mapping, "table": table}


def _check_shim_map(kind: str, mapping: dict[str, dict[str, str]]) -> None:
    """Every mapped class exists in the baseline package (checked in its sources, no import)."""
    package_dir = _site_packages(_venv_python(kind)) / _AWS_PACKAGES[kind]
    for service, names in mapping.items():
        for name, target in names.items():
            module, _, cls = target.rpartition(".")
            init = package_dir / module / "__init__.py"
            if not init.exists() or not re.search(rf"^class {cls}\(", init.read_text(), re.M):
                raise RunFailed(
                    f"{_AWS_PACKAGES[kind]} has no {target} for cdktn_aws.{service}.{name}"
                )


def _retarget_hcloud_assembly() -> None:
    """A copy of stacks/imports/hcloud's jsii assembly that depends on cdktf instead of cdktn.

    The bindings were generated by cdktn 0.24, a rename of cdktf 0.21: the assembly names
    `cdktn` (dependency, type references, `require("cdktn")`). Renaming those to `cdktf`
    gives what `cdktf get` would have written for the same schema, closely enough to load.
    """
    source_dir = ROOT / "stacks" / "imports" / "hcloud" / "_jsii"
    (tgz,) = source_dir.glob("*.jsii.tgz")
    target_dir = SHIM / "hcloud-cdktf" / "_jsii"
    stamp = target_dir / ".stamp"
    key = f"{tgz.stat().st_size}-{tgz.stat().st_mtime_ns}"
    if stamp.exists() and stamp.read_text() == key:
        return
    shutil.rmtree(target_dir.parent, ignore_errors=True)
    target_dir.mkdir(parents=True)
    cdktf_version = subprocess.run(
        [
            str(_venv_python("cdktf")),
            "-c",
            "from importlib.metadata import version; print(version('cdktf'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tgz) as tar:
            tar.extractall(tmp, filter="data")
        for path in Path(tmp).rglob("*"):
            if path.is_file() and (path.suffix in (".js", ".json") or path.name == ".jsii"):
                text = path.read_text()
                text = re.sub(r'("cdktn"\s*:\s*)"[^"]*"', rf'\1"{cdktf_version}"', text)
                path.write_text(re.sub(r"\bcdktn\b", "cdktf", text))
        with tarfile.open(target_dir / tgz.name, "w:gz") as tar:
            tar.add(Path(tmp) / "package", arcname="package")
    shutil.copy(source_dir / "__init__.py", target_dir / "__init__.py")
    stamp.write_text(key)


def setup_shim(kinds: list[str]) -> list[dict[str, str]]:
    SHIM.mkdir(parents=True, exist_ok=True)
    built = build_shim_map()
    (SHIM / "map.json").write_text(json.dumps(built["map"], indent=1, sort_keys=True))
    for kind in kinds:
        _check_shim_map(kind, built["map"][kind])
        if kind == "cdktf":
            _retarget_hcloud_assembly()
    table: list[dict[str, str]] = built["table"]
    return table


def baseline_versions(kind: str) -> dict[str, str]:
    names = [
        "cdktn",
        "cdktf",
        "cdktn-provider-aws",
        "cdktf-cdktf-provider-aws",
        "constructs",
        "jsii",
    ]
    out = subprocess.run(
        [
            str(_venv_python(kind)),
            "-c",
            "import json, importlib.metadata as m\n"
            f"names = {names!r}\n"
            "found = {}\n"
            "for n in names:\n"
            "    try: found[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: pass\n"
            "print(json.dumps(found))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout))


def aws_provider_version(python: Path, package: str) -> str:
    """The AWS provider version a binding package was generated from (from its sources)."""
    init = _site_packages(python) / package / "provider" / "__init__.py"
    match = re.search(
        r"registry\.terraform\.io/providers/hashicorp/aws/(\d+\.\d+\.\d+)", init.read_text()
    )
    return match.group(1) if match else "?"


def du_mib(path: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total / 2**20


# ----- machine --------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break

    def out(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    free = out("free", "-h").splitlines()
    mem = next((line.split()[1] for line in free if line.startswith("Mem:")), "?")
    return {
        "nproc": out("nproc"),
        "memory": mem,
        "free_h": "\n".join(free),
        "cpu": cpu,
        "kernel": out("uname", "-sr"),
        "loadavg_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": sys.version.split()[0],
        "node": out("node", "--version"),
        "cdktn": _installed("cdktn"),
        "cdktn_aws": _installed("cdktn-aws"),
        "jsii": _installed("jsii"),
    }


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# ----- jsii package cache ---------------------------------------------------------------

_INDEX_FILES = (".jsii.runtime-index.v1", ".jsii.runtime-defs.v1.jsonl", ".jsii.runtime.v1.json")


def jsii_cache_root(env: dict[str, str] | None = None) -> Path:
    env = env if env is not None else dict(os.environ)
    if env.get("JSII_RUNTIME_PACKAGE_CACHE_ROOT"):
        return Path(env["JSII_RUNTIME_PACKAGE_CACHE_ROOT"])
    base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "aws" / "jsii" / "package-cache"


_PRIME = """
import os, sys, time
from pathlib import Path
root, started, timeout = Path(sys.argv[1]), time.time() - 1, float(sys.argv[2])
import stacks.app  # loads every assembly the stacks use: constructs, the CDK, AWS, hcloud
import cdktn_aws.route_53, cdktn_aws.vpc  # noqa
from stacks.imports.hcloud.server import Server  # noqa
def pending():
    out = []
    for marker in root.glob("**/.jsii-runtime-package-cache"):
        entry = marker.parent
        if marker.stat().st_mtime >= started and not (entry / ".jsii.runtime-index.v1").exists():
            out.append(str(entry.relative_to(root)))
    return out
deadline = time.time() + timeout
while pending() and time.time() < deadline:
    time.sleep(0.5)
print(",".join(pending()))
"""


def prime_jsii(python: Path, env: dict[str, str], timeout: float = 180) -> list[str]:
    """Load every assembly once and keep the process alive until the jsii runtime has built
    its per-package index in the cache (a background worker; short runs exit before it is
    done and then parse the whole assembly on every run). Returns entries still unindexed."""
    done = subprocess.run(
        [str(python), "-c", _PRIME, str(jsii_cache_root(env)), str(timeout)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout + 120,
    )
    if done.returncode != 0:
        raise RunFailed(f"priming the jsii cache with {python} failed:\n{done.stderr[-2000:]}")
    left = done.stdout.strip()
    return left.split(",") if left else []


def drop_jsii_index(root: Path) -> None:
    for name in _INDEX_FILES:
        for path in root.glob(f"**/{name}"):
            path.unlink()


# ----- rows -----------------------------------------------------------------------------


class Bench:
    def __init__(self, args: Any) -> None:
        self.args = args
        self.quick: bool = args.quick
        self.runs: int = args.runs or (3 if self.quick else 5)
        self.cold_runs: int = args.cold_runs
        # Bytecode goes to .bench/pycache, written on the warm-up run: a shell with
        # PYTHONDONTWRITEBYTECODE=1 would otherwise recompile the 7 MB binding modules on
        # every `python -O` run (no .opt-1.pyc ships in the wheels) and skew that row 3x.
        self.env = {
            **os.environ,
            "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
            "PYTHONPYCACHEPREFIX": str(BENCH / "pycache"),
        }
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env_prefix = f"PYTHONPYCACHEPREFIX={_rel(BENCH / 'pycache')}"
        self.python = Path(sys.executable)
        self.rows: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.not_measured: list[dict[str, str]] = []
        self.extra: dict[str, Any] = {}
        (BENCH / "out").mkdir(parents=True, exist_ok=True)
        (BENCH / "configs").mkdir(parents=True, exist_ok=True)

    # -- helpers --------------------------------------------------------------------------

    def py(self, python: Path) -> str:
        return _rel(python) if python.is_relative_to(ROOT) else str(python)

    def synth_cmd(
        self, python: Path, config: Path, outdir: Path, *, optimize: bool = False
    ) -> list[str]:
        return [
            self.py(python),
            *(["-O"] if optimize else []),
            "-m",
            "stacks",
            "--config",
            _rel(config),
            "--outdir",
            _rel(outdir),
        ]

    def add(self, row: dict[str, Any]) -> dict[str, Any]:
        self.rows.append(row)
        wall = row.get("wall_s", {}).get("median")
        shown = f"{wall:.2f} s" if wall is not None else row.get("value", "")
        print(f"==> {row['id']}: {shown}  {row.get('note', '')}", file=sys.stderr)
        return row

    def synth_row(
        self,
        row_id: str,
        title: str,
        *,
        python: Path | None = None,
        config: Path = EXAMPLE,
        optimize: bool = False,
        runs: int | None = None,
        warmup: int = 1,
        env: dict[str, str] | None = None,
        before_each: Any = None,
        env_shown: str = "",
    ) -> dict[str, Any]:
        python = python or self.python
        outdir = BENCH / "out" / row_id
        cmd = self.synth_cmd(
            python, ROOT / config if not config.is_absolute() else config, outdir, optimize=optimize
        )

        def fresh() -> None:
            shutil.rmtree(outdir, ignore_errors=True)
            if before_each is not None:
                before_each()

        print(f"--> {row_id}: {' '.join(cmd)}", file=sys.stderr)
        result = measure(
            cmd,
            runs=runs or self.runs,
            warmup=warmup,
            env=env or self.env,
            before_each=fresh,
            label=row_id,
        )
        stacks = read_stacks(outdir)
        return {
            "id": row_id,
            "title": title,
            "command": (env_shown or self.env_prefix) + " " + " ".join(cmd),
            **result,
            "stacks": len(stacks),
            "resources": sum(
                len(v) for d in stacks.values() for v in d.get("resource", {}).values()
            ),
            "outdir": _rel(outdir),
        }

    # -- 1. the example -------------------------------------------------------------------

    def synth_interleaved(
        self, specs: list[dict[str, Any]], *, rounds: int | None = None
    ) -> list[dict[str, Any]]:
        """Rows for several synth commands run round by round (A B C A B C ...), so that load
        from anything else on the machine spreads evenly over the rows being compared."""
        commands = {}
        for spec in specs:
            outdir = BENCH / "out" / spec["id"]
            config = ROOT / spec.get("config", EXAMPLE)
            cmd = self.synth_cmd(
                spec.get("python", self.python),
                config,
                outdir,
                optimize=spec.get("optimize", False),
            )
            commands[spec["id"]] = (cmd, outdir)
        results = self.interleaved(
            commands, rounds=rounds or self.runs, warmup=1, env=lambda: self.env
        )
        rows = []
        for spec in specs:
            cmd, outdir = commands[spec["id"]]
            stacks = read_stacks(outdir)
            rows.append(
                {
                    "id": spec["id"],
                    "title": spec["title"],
                    "command": f"{self.env_prefix} {' '.join(cmd)}",
                    **results[spec["id"]],
                    "stacks": len(stacks),
                    "resources": sum(
                        len(v) for d in stacks.values() for v in d.get("resource", {}).values()
                    ),
                }
            )
        return rows

    def example(self) -> None:
        left = prime_jsii(self.python, self.env)
        if left:
            self.notes.append(f"jsii runtime index still missing after priming: {', '.join(left)}")
        row, opt = self.synth_interleaved(
            [
                {"id": "synth-example", "title": "synth, example config (all stacks)"},
                {
                    "id": "synth-example-O",
                    "title": "synth, example config, `python -O`",
                    "optimize": True,
                },
            ]
        )
        row["note"] = f"{row['stacks']} stacks, {row['resources']} resources"
        self.add(row)
        same = compare_outputs(BENCH / "out" / "synth-example", BENCH / "out" / "synth-example-O")
        opt["ratio"] = ratio = opt["wall_s"]["median"] / row["wall_s"]["median"]
        opt["note"] = f"{ratio:.2f}x the default run (interleaved); output " + (
            "identical"
            if same["identical_except_metadata"]
            else f"DIFFERS in {same['differing_stacks']}"
        )
        self.add(opt)
        if self.quick:
            return
        # Extracted assemblies but no runtime index yet: the runs after the first one until a
        # run lasts long enough for the jsii runtime's background index build to finish.
        noindex = BENCH / "jsii-noindex"
        env = {**self.env, "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(noindex)}
        run_once(
            self.synth_cmd(self.python, ROOT / EXAMPLE, BENCH / "out" / "noindex-prep"), env=env
        )
        row = self.add(
            self.synth_row(
                "synth-example-noindex",
                "synth, example, jsii cache extracted but its runtime index not built yet",
                env=env,
                before_each=lambda: drop_jsii_index(noindex),
                env_shown=f"{self.env_prefix} JSII_RUNTIME_PACKAGE_CACHE_ROOT="
                "<extracted cache, index files removed before each run>",
            )
        )
        row["note"] = (
            f"{row['wall_s']['median'] / self.rows[0]['wall_s']['median']:.2f}x the primed run; "
            "what the first short runs after an install see"
        )

    def cold_env(self) -> dict[str, str]:
        """Empty jsii package cache and bytecode cache (written to, as on a first run)."""
        root = BENCH / "cold"
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        return {
            **self.env,
            "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(root / "jsii"),
            "PYTHONPYCACHEPREFIX": str(root / "pycache"),
        }

    # -- 2. scaling -----------------------------------------------------------------------

    def scaling(self) -> None:
        counts = [1, 10] if self.quick else [1, 10, 25, 50]
        specs = []
        for count in counts:
            config = BENCH / "configs" / f"sites-{count}.toml"
            config.write_text(sites_config(count))
            specs.append(
                {
                    "id": f"synth-sites-{count}",
                    "title": f"synth, {count} site(s) ({3 * count} stacks)",
                    "config": config,
                }
            )
        points: list[tuple[int, float]] = []
        fastest: list[tuple[int, float]] = []
        for count, row in zip(counts, self.synth_interleaved(specs), strict=True):
            if row["stacks"] != 3 * count:
                raise RunFailed(f"{count} sites gave {row['stacks']} stacks, expected {3 * count}")
            median = row["wall_s"]["median"]
            row["sites"] = count
            row["per_site_s"] = median / count
            row["note"] = f"{median / count:.3f} s/site, {row['resources']} resources"
            self.add(row)
            points.append((count, median))
            fastest.append((count, row["wall_s"]["min"]))
        self.extra["linearity"] = {
            "medians": linear_fit(points),
            "fastest_runs": linear_fit(fastest),
        }
        self.notes.append(self.extra["linearity"]["medians"]["summary"] + " (medians)")
        self.notes.append(
            self.extra["linearity"]["fastest_runs"]["summary"] + " (fastest run of each row)"
        )
        largest = points[-1][1]
        if self.args.profile or largest > 120:
            self.profile(BENCH / "configs" / f"sites-{max(counts)}.toml")

    def profile(self, config: Path) -> None:
        out = BENCH / "profile.pstats"
        cmd = [
            self.py(self.python),
            "-m",
            "cProfile",
            "-o",
            _rel(out),
            "-m",
            "stacks",
            "--config",
            _rel(config),
            "--outdir",
            _rel(BENCH / "out" / "profile"),
        ]
        shutil.rmtree(BENCH / "out" / "profile", ignore_errors=True)
        run_once(cmd, env=self.env)
        text = io.StringIO()
        pstats.Stats(str(out), stream=text).sort_stats("cumulative").print_stats(30)
        (BENCH / "profile.txt").write_text(text.getvalue())
        self.extra["profile"] = {"command": " ".join(cmd), "top": _rel(BENCH / "profile.txt")}
        self.notes.append(
            f"cProfile of {config.name}: .bench/profile.txt (top 30 by cumulative time)"
        )

    # -- 3. baselines ---------------------------------------------------------------------

    def baselines(self) -> None:
        """The project's choice against both alternatives, runs interleaved round by round
        (cdktn-aws, cdktn-provider-aws, cdktf, cdktn-aws, ...) so that load from anything
        else on the machine hits all three alike; ratios are against the cdktn-aws runs."""
        kinds = list(BASELINES)
        for kind in kinds:
            ensure_baseline(kind)
        self.extra["shim_map"] = setup_shim(kinds)
        contenders = {"cdktn-aws": self.python, **{kind: _venv_python(kind) for kind in kinds}}
        titles = {"cdktn-aws": "cdktn 0.24 + cdktn-aws (the project's choice)"} | {
            kind: BASELINES[kind]["title"] for kind in kinds
        }
        packages = {"cdktn-aws": "cdktn_aws", **_AWS_PACKAGES}
        for name, python in contenders.items():
            left = prime_jsii(python, self.env)
            if left:
                self.notes.append(f"{name}: jsii runtime index still missing after priming: {left}")

        def synth(name: str, suffix: str = "") -> tuple[list[str], Path]:
            outdir = BENCH / "out" / f"baseline-{name}{suffix}"
            return self.synth_cmd(contenders[name], ROOT / EXAMPLE, outdir), outdir

        # Warm: primed jsii cache and bytecode.
        warm = self.interleaved(
            {name: synth(name) for name in contenders},
            rounds=self.runs,
            warmup=1,
            env=lambda: self.env,
        )
        ours = warm["cdktn-aws"]
        evidence: dict[str, Any] = {}
        for name, python in contenders.items():
            result = warm[name]
            compared = compare_outputs(synth("cdktn-aws")[1], synth(name)[1])
            ratio = result["wall_s"]["median"] / ours["wall_s"]["median"]
            rss_ratio = result["rss_peak_mib"]["median"] / ours["rss_peak_mib"]["median"]
            same = compared["identical_except_metadata"]
            note = (
                "reference for the ratios below"
                if name == "cdktn-aws"
                else f"{ratio:.2f}x cdktn-aws time, {rss_ratio:.2f}x its memory; "
                + ("same JSON" if same else f"JSON differs in {compared['differing_stacks']}")
                + " except provider version and metadata; project stack code via import shim"
            )
            self.add(
                {
                    "id": f"baseline-{name}",
                    "title": f"synth, example, {titles[name]}",
                    "command": f"{self.env_prefix} {' '.join(synth(name)[0])}",
                    **result,
                    "ratio": ratio,
                    "rss_ratio": rss_ratio,
                    "compared": compared,
                    "note": note,
                }
            )
            package = packages[name]
            evidence[name] = {
                "versions": baseline_versions(name)
                if name in BASELINES
                else {
                    "cdktn": _installed("cdktn"),
                    "cdktn-aws": _installed("cdktn-aws"),
                    "constructs": _installed("constructs"),
                    "jsii": _installed("jsii"),
                },
                "aws_provider": aws_provider_version(python, package),
                "installed_mib": round(du_mib(_site_packages(python) / package)),
                "warm_s": result["wall_s"]["median"],
                "warm_rss_peak_mib": result["rss_peak_mib"]["median"],
            }

        # Cold: each run with an empty jsii package cache and bytecode cache.
        cold = self.interleaved(
            {name: synth(name, "-cold") for name in contenders},
            rounds=self.cold_runs,
            warmup=0,
            env=self.cold_env,
        )
        shutil.rmtree(BENCH / "cold", ignore_errors=True)
        for name in contenders:
            result = cold[name]
            ratio = result["wall_s"]["median"] / cold["cdktn-aws"]["wall_s"]["median"]
            self.add(
                {
                    "id": f"baseline-{name}-cold",
                    "title": f"synth, example, {titles[name]}, cold caches (first run)",
                    "command": "JSII_RUNTIME_PACKAGE_CACHE_ROOT=<empty dir> "
                    "PYTHONPYCACHEPREFIX=<empty dir> " + " ".join(synth(name, "-cold")[0]),
                    **result,
                    "ratio": ratio,
                    "note": "reference" if name == "cdktn-aws" else f"{ratio:.2f}x cdktn-aws cold",
                }
            )
            evidence[name]["cold_s"] = result["wall_s"]["median"]
            evidence[name]["cold_rss_peak_mib"] = result["rss_peak_mib"]["median"]

        # Importing one service module (what a test or a small script pays), warm.
        statements = {
            "cdktn-aws": "import cdktn_aws.route_53",
            "provider-aws": "import cdktn_provider_aws.route53_health_check",
            "cdktf": "import cdktf_cdktf_provider_aws.route53_health_check",
        }
        imports = self.interleaved(
            {
                name: ([self.py(contenders[name]), "-c", statements[name]], None)
                for name in contenders
            },
            rounds=self.runs,
            warmup=1,
            env=lambda: self.env,
        )
        for name, python in contenders.items():
            result = imports[name]
            ratio = result["wall_s"]["median"] / imports["cdktn-aws"]["wall_s"]["median"]
            self.add(
                {
                    "id": f"import-{name}",
                    "title": f"import one Route 53 module ({name})",
                    "command": f"{self.env_prefix} {self.py(python)} -c '{statements[name]}'",
                    **result,
                    "ratio": ratio,
                    "note": "reference" if name == "cdktn-aws" else f"{ratio:.2f}x cdktn-aws",
                }
            )
            evidence[name]["import_s"] = result["wall_s"]["median"]
        self.extra["bindings"] = evidence

    def interleaved(
        self,
        commands: dict[str, tuple[list[str], Path | None]],
        *,
        rounds: int,
        warmup: int,
        env: Callable[[], dict[str, str]],
    ) -> dict[str, dict[str, Any]]:
        samples: dict[str, list[dict[str, Any]]] = {name: [] for name in commands}
        for name, (cmd, _) in commands.items():
            print(f"--> {name}: {' '.join(cmd)}", file=sys.stderr)
        for index in range(warmup + rounds):
            for name, (cmd, outdir) in commands.items():
                if outdir is not None:
                    shutil.rmtree(outdir, ignore_errors=True)
                result = run_once(cmd, env=env())
                kind = "warm-up" if index < warmup else f"round {index - warmup + 1}/{rounds}"
                wall, rss = result["wall_s"], result["rss_tree_mib"]
                print(f"    {name} {kind}: {wall:.2f} s, {rss:.0f} MiB", file=sys.stderr)
                if index >= warmup:
                    samples[name].append(result)
        return {
            name: {
                "runs": rounds,
                "warmup": warmup,
                "wall_s": _stats([s["wall_s"] for s in runs]),
                "rss_tree_mib": _stats([s["rss_tree_mib"] for s in runs]),
                "rss_max_proc_mib": _stats([s["rss_max_proc_mib"] for s in runs]),
                "rss_peak_mib": _stats([s["rss_peak_mib"] for s in runs]),
            }
            for name, runs in samples.items()
        }

    # -- 4./5. the CLI --------------------------------------------------------------------

    def cli(self) -> None:
        missing = [
            p
            for p in (
                "infra/pbxctl/app.py",
                "tests/peers/moto_server.py",
                "tests/peers/hetzner_fake.py",
                "tests/peers/dns_server.py",
                "tests/peers/fault_proxy.py",
                "tests/support/route53_apply.py",
            )
            if not (ROOT / p).exists()
        ]
        pbxctl = self.python.parent / "pbxctl"
        if missing or not pbxctl.exists():
            reason = (
                f"CLI not available (missing: {', '.join(missing) or 'the pbxctl entry point'})"
            )
            for row_id in ("pbxctl-help", "pbxctl-status", "pbxctl-promote-demote"):
                self.not_measured.append({"id": row_id, "reason": reason})
            return
        help_row = self.add(
            {
                "id": "pbxctl-help",
                "title": "`pbxctl --help` (start-up = total)",
                "command": f"{self.env_prefix} {self.py(pbxctl)} --help",
                **measure(
                    [self.py(pbxctl), "--help"],
                    runs=max(self.runs, 10),
                    env=self.env,
                    label="pbxctl-help",
                ),
            }
        )
        help_row["note"] = "no config, no network"
        try:
            world = CliWorld(self).start()
        except Exception as err:  # noqa: BLE001 (report, do not crash the whole bench)
            reason = f"test peers did not start: {err}"
            for row_id in ("pbxctl-status", "pbxctl-promote-demote"):
                self.not_measured.append({"id": row_id, "reason": reason})
            return
        try:
            world.status_row()
            world.promote_demote_row()
        finally:
            world.stop()


def linear_fit(points: list[tuple[int, float]]) -> dict[str, Any]:
    """Least squares t = a + b*n over the medians, R², and the marginal cost per site."""
    n = len(points)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if n < 2:
        return {"summary": "not enough points for a fit"}
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    a = my - b * mx
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys)
    r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
    marginal = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(n - 1)]
    ratio = marginal[-1] / marginal[0] if len(marginal) > 1 and marginal[0] > 0 else None
    linear = r2 >= 0.99 and (ratio is None or 0.67 <= ratio <= 1.5)
    summary = (
        f"scaling: t = {a:.2f} s + {b:.3f} s x sites (least squares over "
        f"{', '.join(str(x) for x in xs)} sites, R² = {r2:.4f}); marginal cost "
        + " -> ".join(f"{m:.3f}" for m in marginal)
        + " s/site"
        + (f" (ratio {ratio:.2f})" if ratio is not None else "")
        + (": about linear" if linear else ": NOT linear")
    )
    return {
        "a_s": a,
        "b_s_per_site": b,
        "r2": r2,
        "marginal_s_per_site": marginal,
        "marginal_ratio": ratio,
        "linear": linear,
        "summary": summary,
    }


class _TimedList(list):  # type: ignore[type-arg]
    """A list that remembers when each item was appended (perf_counter), for start-up times."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def append(self, item: Any) -> None:
        self.times.append(time.perf_counter())
        super().append(item)

    def clear(self) -> None:
        self.times.clear()
        super().clear()


class CliWorld:
    """The test peers of tests/cli/conftest.py, run by the bench: moto behind the fault proxy
    (which counts every AWS request by operation), the Hetzner fake (which logs requests),
    the failover DNS test server and sipp answering OPTIONS for both nodes."""

    SITE, ZONE = "callcenter", "example.com"
    ADDRESS: ClassVar[dict[str, str]] = {"primary": "127.0.0.2", "backup": "127.0.0.3"}

    def __init__(self, bench: Bench) -> None:
        self.bench = bench
        self.dir = BENCH / "cli"
        self.started: list[Any] = []

    def start(self) -> CliWorld:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from infra.naming import Node
        from tests.peers.dns_server import FailoverDnsServer
        from tests.peers.fault_proxy import FaultProxy
        from tests.peers.hetzner_fake import HetznerFake
        from tests.peers.moto_server import MotoServer
        from tests.peers.pbxctl_env import FOREIGN_SETTINGS, peer_env, seed_site
        from tests.peers.sip_peer import SipPeer, free_udp_port, sipp_binary

        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        stack_file = BENCH / "out" / "synth-example" / "stacks" / f"{self.SITE}-dns" / "cdk.tf.json"
        if not stack_file.exists():
            run_once(
                self.bench.synth_cmd(
                    self.bench.python, ROOT / EXAMPLE, BENCH / "out" / "synth-example"
                ),
                env=self.bench.env,
            )
        dns_stack = json.loads(stack_file.read_text())

        self.moto = MotoServer().start()
        self.started.append(self.moto)
        self.proxy = FaultProxy(self.moto.url).start()
        self.started.append(self.proxy)
        self.aws_log = self.proxy.seen = _TimedList()
        self.hetzner = HetznerFake().start()
        self.started.append(self.hetzner)
        self.hetzner_log = self.hetzner.requests = _TimedList()
        self.dns = FailoverDnsServer(self.moto.client("route53"), self.ZONE).start()
        self.started.append(self.dns)

        seed_site(
            self.moto,
            self.hetzner,
            dns_stack,
            addresses={Node(node): address for node, address in self.ADDRESS.items()},
        )
        sipp_binary()
        port = free_udp_port(*self.ADDRESS.values())
        for node, address in self.ADDRESS.items():
            self.started.append(SipPeer(address, port, 200, self.dir / f"sipp-{node}"))

        config = self.dir / "pbx-failover.toml"
        text = (ROOT / EXAMPLE).read_text()
        text = text.replace("udp_port = 5060", f"udp_port = {port}")
        # The Asterisk folder must lie beside the config (an absolute path is refused).
        shutil.copytree((ROOT / EXAMPLE).parent / "asterisk", self.dir / "asterisk")
        text += (
            f'\n[cli]\naudit_log = "{self.dir / "audit.jsonl"}"\n'
            f'name_servers = ["{self.dns.address}"]\ndns_wait_timeout = 30\n'
        )
        config.write_text(text)
        self.config = config
        self.env = {
            name: value for name, value in self.bench.env.items() if name not in FOREIGN_SETTINGS
        }
        self.env.update(
            peer_env(
                aws_url=self.proxy.url,
                hcloud_url=self.hetzner.url,
                hcloud_token=self.hetzner.token,
                config=config,
                scratch=self.dir,
            )
        )
        self.env_shown = (
            f"{self.bench.env_prefix} PBX_FAILOVER_CONFIG={_rel(config)} "
            "AWS_ENDPOINT_URL=<fault proxy -> moto> HCLOUD_ENDPOINT=<Hetzner fake> "
            "HCLOUD_TOKEN=<fake token> AWS_ACCESS_KEY_ID=testing ..."
        )
        return self

    def stop(self) -> None:
        for peer in reversed(self.started):
            with contextlib.suppress(Exception):  # best effort at shutdown
                peer.stop()

    # -- one pbxctl run, with what it asked of the peers ----------------------------------

    def run(self, *args: str) -> dict[str, Any]:
        pbxctl = self.bench.py(self.bench.python.parent / "pbxctl")
        aws0, hz0, dns0 = len(self.aws_log), len(self.hetzner_log), self.dns.queries
        result = run_once([pbxctl, *args], env=self.env)
        aws = list(self.aws_log)[aws0:]
        hetzner = list(self.hetzner_log)[hz0:]
        times = self.aws_log.times[aws0:] + self.hetzner_log.times[hz0:]
        result["startup_s"] = (min(times) - result["t0"]) if times else None
        result["aws_calls"] = len(aws)
        result["aws_by_operation"] = dict(Counter(seen.operation for seen in aws))
        result["hetzner_calls"] = len(hetzner)
        result["hetzner_by_request"] = dict(Counter(hetzner))
        result["dns_queries"] = self.dns.queries - dns0
        return result

    def dns_answer(self) -> set[str]:
        from infra.pbxctl.dnsquery import parse_name_server, query_a

        (answer,) = query_a(
            f"voip.{self.ZONE}", [parse_name_server(self.dns.address, source="bench")], timeout=2
        )
        return set(answer.addresses)

    # -- rows -----------------------------------------------------------------------------

    def status_row(self) -> None:
        bench = self.bench
        samples = []
        for index in range(1 + bench.runs):
            result = self.run("status")
            print(
                f"    pbxctl-status {'warm-up' if index == 0 else f'run {index}/{bench.runs}'}: "
                f"{result['wall_s']:.2f} s "
                f"(first API answer after {result['startup_s'] or 0:.2f} s)",
                file=sys.stderr,
            )
            if index:
                samples.append(result)
        last = samples[-1]
        row = bench.add(
            {
                "id": "pbxctl-status",
                "title": "`pbxctl status` against the test peers",
                "command": f"{self.env_shown} {bench.py(bench.python.parent / 'pbxctl')} status",
                "runs": bench.runs,
                "warmup": 1,
                "wall_s": _stats([s["wall_s"] for s in samples]),
                "startup_s": _stats(
                    [s["startup_s"] for s in samples if s["startup_s"] is not None]
                ),
                "rss_tree_mib": _stats([s["rss_tree_mib"] for s in samples]),
                "rss_max_proc_mib": _stats([s["rss_max_proc_mib"] for s in samples]),
                "rss_peak_mib": _stats([s["rss_peak_mib"] for s in samples]),
                "api_calls": {
                    "aws": last["aws_calls"],
                    "aws_by_operation": last["aws_by_operation"],
                    "hetzner": last["hetzner_calls"],
                    "hetzner_by_request": last["hetzner_by_request"],
                    "dns_queries": last["dns_queries"],
                },
            }
        )
        row["note"] = (
            f"start-up (spawn -> first API answer) {row['startup_s']['median']:.2f} s; "
            f"per run: {last['aws_calls']} AWS + {last['hetzner_calls']} Hetzner requests, "
            f"{last['dns_queries']} DNS queries"
        )

    def promote_demote_row(self) -> None:
        bench = self.bench
        pairs = []
        for index in range(1 + bench.runs):
            promote = self.run("promote", "--yes", "--reason", "bench")
            on_backup = self.dns_answer()
            demote = self.run("demote", "--yes", "--reason", "bench")
            on_primary = self.dns_answer()
            if on_backup != {self.ADDRESS["backup"]} or on_primary != {self.ADDRESS["primary"]}:
                raise RunFailed(
                    f"promote/demote did not move DNS: after promote {on_backup}, "
                    f"after demote {on_primary}"
                )
            total = promote["wall_s"] + demote["wall_s"]
            kind = "warm-up" if index == 0 else f"run {index}/{bench.runs}"
            print(
                f"    pbxctl-promote-demote {kind}: "
                f"promote {promote['wall_s']:.2f} s + demote {demote['wall_s']:.2f} s",
                file=sys.stderr,
            )
            if index:
                pairs.append((promote, demote, total))
        promote, demote, _ = pairs[-1]
        calls = {
            "promote": {
                "aws": promote["aws_calls"],
                "hetzner": promote["hetzner_calls"],
                "dns_queries": promote["dns_queries"],
                "aws_by_operation": promote["aws_by_operation"],
                "hetzner_by_request": promote["hetzner_by_request"],
            },
            "demote": {
                "aws": demote["aws_calls"],
                "hetzner": demote["hetzner_calls"],
                "dns_queries": demote["dns_queries"],
                "aws_by_operation": demote["aws_by_operation"],
                "hetzner_by_request": demote["hetzner_by_request"],
            },
        }
        pbxctl = bench.py(bench.python.parent / "pbxctl")
        row = bench.add(
            {
                "id": "pbxctl-promote-demote",
                "title": "`pbxctl promote --yes` then `pbxctl demote --yes`, end to end",
                "command": f"{self.env_shown} {pbxctl} promote --yes --reason bench "
                f"&& {pbxctl} demote --yes --reason bench",
                "runs": bench.runs,
                "warmup": 1,
                "wall_s": _stats([p[2] for p in pairs]),
                "promote_s": _stats([p[0]["wall_s"] for p in pairs]),
                "demote_s": _stats([p[1]["wall_s"] for p in pairs]),
                "rss_tree_mib": _stats(
                    [max(p[0]["rss_tree_mib"], p[1]["rss_tree_mib"]) for p in pairs]
                ),
                "rss_max_proc_mib": _stats(
                    [max(p[0]["rss_max_proc_mib"], p[1]["rss_max_proc_mib"]) for p in pairs]
                ),
                "rss_peak_mib": _stats(
                    [max(p[0]["rss_peak_mib"], p[1]["rss_peak_mib"]) for p in pairs]
                ),
                "api_calls": calls,
            }
        )
        row["note"] = (
            f"promote {row['promote_s']['median']:.2f} s ({calls['promote']['aws']} AWS + "
            f"{calls['promote']['hetzner']} Hetzner requests, "
            f"{calls['promote']['dns_queries']} DNS queries), "
            f"demote {row['demote_s']['median']:.2f} s ({calls['demote']['aws']} AWS + "
            f"{calls['demote']['hetzner']} Hetzner, {calls['demote']['dns_queries']} DNS); "
            "default poll interval (2 s)"
        )


# ----- report ---------------------------------------------------------------------------


def _fmt_s(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Measured {results['date']} on {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM, "
        f"{m['kernel']}; Python {m['python']}, Node.js {m['node']}, cdktn {m['cdktn']}, "
        f"cdktn-aws {m['cdktn_aws']}, jsii {m['jsii']}. "
        f"Median of {results['runs']} runs after 1 warm-up "
        f"(cold rows: {results['cold_runs']} runs, "
        f"each with empty caches){'; QUICK mode' if results['quick'] else ''}. "
        "Peak RSS: the larger of the process tree's total (python + node, sampled every 50 ms) "
        "and the largest single process's maximum (kernel, GNU time %M); median over the runs.",
        "",
        "| row | measurement | median | min - max | peak RSS | notes | command |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for row in results["rows"]:
        wall = row["wall_s"]
        rss = row.get("rss_peak_mib", {}).get("median")
        lines.append(
            "| {id} | {title} | {median} | {spread} | {rss} | {note} | `{cmd}` |".format(
                id=row["id"],
                title=_md_escape(row["title"]),
                median=_fmt_s(wall["median"]),
                spread=f"{wall['min']:.2f} - {wall['max']:.2f}",
                rss=f"{rss:.0f} MiB" if rss else "",
                note=_md_escape(row.get("note", "")),
                cmd=_md_escape(row["command"]),
            )
        )
    for item in results["not_measured"]:
        lines.append(
            f"| {item['id']} | **not measured** | - | - | - | {_md_escape(item['reason'])} | |"
        )
    if results["notes"]:
        lines += ["", *[f"- {_md_escape(note)}" for note in results["notes"]]]
    if results.get("regressions"):
        lines += [
            "",
            "Regressions past 20% against the previous like-for-like run:",
            "",
        ]
        lines += [f"- {r}" for r in results["regressions"]]
    return "\n".join(lines) + "\n"


def regressions(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    if not old or old.get("quick") != new.get("quick") or old.get("runs") != new.get("runs"):
        return []  # only like-for-like runs are compared
    before = {row["id"]: row["wall_s"]["median"] for row in old.get("rows", [])}
    found = []
    for row in new["rows"]:
        previous = before.get(row["id"])
        if previous and row["wall_s"]["median"] > 1.2 * previous:
            found.append(
                f"{row['id']}: {row['wall_s']['median']:.2f} s, was {previous:.2f} s "
                f"(+{100 * (row['wall_s']['median'] / previous - 1):.0f}%)"
            )
    return found


GROUPS = ("example", "scaling", "baselines", "cli")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Benchmark synth and pbxctl; writes .bench/results.json and .bench/results.md.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 runs, no 50-site row, no cold rows, no baselines (for development)",
    )
    parser.add_argument("--runs", type=int, help="timed runs per row (default 5, --quick 3)")
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="runs per cold-cache row (default 3)"
    )
    parser.add_argument("--only", help=f"comma-separated groups to run: {', '.join(GROUPS)}")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also cProfile the largest generated config (automatic past 120 s)",
    )
    args = parser.parse_args(argv)
    groups = args.only.split(",") if args.only else list(GROUPS)
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(
            f"unknown group(s) {', '.join(sorted(unknown))}; choose from {', '.join(GROUPS)}"
        )
    if args.quick and "baselines" in groups and not args.only:
        groups.remove("baselines")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    bench = Bench(args)
    info = machine()
    started = time.perf_counter()
    failed = False
    if "example" not in groups:
        run_once(
            bench.synth_cmd(bench.python, ROOT / EXAMPLE, BENCH / "out" / "synth-example"),
            env=bench.env,
        )
    for group in groups:
        try:
            getattr(bench, group)()
        except Exception as err:  # noqa: BLE001 (one group's failure must not hide the others)
            failed = True
            message = str(err).strip().splitlines()
            bench.not_measured.append(
                {"id": group, "reason": f"failed: {' '.join(message[-3:])[:400]}"}
            )
            print(f"!! {group} failed: {err}", file=sys.stderr)

    results = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "quick": bench.quick,
        "runs": bench.runs,
        "cold_runs": bench.cold_runs,
        "total_bench_s": round(time.perf_counter() - started, 1),
        "machine": {**info, "loadavg_at_end": " ".join(f"{x:.2f}" for x in os.getloadavg())},
        "rows": bench.rows,
        "not_measured": bench.not_measured,
        "notes": bench.notes,
        **bench.extra,
    }
    # Only a full run writes the README's numbers; --quick, --only or --runs write beside them.
    partial = bench.quick or args.only is not None or args.runs is not None
    stem = "results-partial" if partial else "results"
    results["partial"] = partial
    out_json, out_md = BENCH / f"{stem}.json", BENCH / f"{stem}.md"
    old = None
    if out_json.exists():
        try:
            old = json.loads(out_json.read_text())
            shutil.copy(out_json, BENCH / f"{stem}.prev.json")
        except ValueError:
            old = None
    results["regressions"] = regressions(old, results)
    out_json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    markdown = render_markdown(results)
    out_md.write_text(markdown)
    print(markdown)
    print(
        f"(bench took {results['total_bench_s']:.0f} s; wrote {_rel(out_json)} and {_rel(out_md)})"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
