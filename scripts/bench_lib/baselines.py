"""The baselines: the same stacks on cdktn-provider-aws (one assembly) and on the archived
cdktf 0.21 with its AWS provider, in throw-away venvs under `.bench/`. Their `.pth` file
activates `shim`, so they run this project's stack code unchanged."""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import BENCH, ROOT
from .measure import RunFailed
from .shim import AWS_PACKAGES

SHIM = BENCH / "shim"

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


def venv_python(kind: str) -> Path:
    return BENCH / f"venv-{kind}" / "bin" / "python"


def site_packages(python: Path) -> Path:
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


def installed(name: str) -> str:
    return version(name)


def ensure_baseline(kind: str) -> Path:
    """Create or reuse `.bench/venv-<kind>` with the pinned bindings and the shim."""
    spec = BASELINES[kind]
    python = venv_python(kind)
    # Same constructs and jsii runtime as the project's .venv, so only the bindings differ.
    pins = [
        *spec["packages"],
        f"constructs=={installed('constructs')}",
        f"jsii=={installed('jsii')}",
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
    (site_packages(python) / "zz_bench_shim.pth").write_text(
        f"import sys; sys.path.append({str(ROOT / 'scripts')!r}); "
        f"import bench_lib.shim; bench_lib.shim.install_shim({kind!r}, {str(SHIM)!r})\n"
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
    cdktn_aws_dir = Path(site_packages(Path(sys.executable))) / "cdktn_aws"
    mapping: dict[str, dict[str, dict[str, str]]] = {kind: {} for kind in AWS_PACKAGES}
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
            for kind in AWS_PACKAGES:
                mapping[kind].setdefault(service, {})[name] = f"{module}.{cls}"
    return {"map": mapping, "table": table}


def _check_shim_map(kind: str, mapping: dict[str, dict[str, str]]) -> None:
    """Every mapped class exists in the baseline package (checked in its sources, no import)."""
    package_dir = site_packages(venv_python(kind)) / AWS_PACKAGES[kind]
    for service, names in mapping.items():
        for name, target in names.items():
            module, _, cls = target.rpartition(".")
            init = package_dir / module / "__init__.py"
            if not init.exists() or not re.search(rf"^class {cls}\(", init.read_text(), re.M):
                raise RunFailed(
                    f"{AWS_PACKAGES[kind]} has no {target} for cdktn_aws.{service}.{name}"
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
            str(venv_python("cdktf")),
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
            str(venv_python(kind)),
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
    init = site_packages(python) / package / "provider" / "__init__.py"
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
