"""The project's bindings against the alternatives, on the project's own stack code: cdktn-aws
(the choice), cdktn-provider-aws (one assembly) and the archived cdktf 0.21, each after its
jsii cache is indexed as `scripts/setup` leaves the project's, run in turn."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from .. import BENCH, ROOT
from ..baselines import (
    BASELINES,
    aws_provider_version,
    baseline_versions,
    du_mib,
    ensure_baseline,
    installed,
    setup_shim,
    site_packages,
    venv_python,
)
from ..measure import Command, RunFailed
from ..session import Session
from ..shim import AWS_PACKAGES
from ..synthesized import compare_outputs
from . import Group

PROJECT = "cdktn-aws"
IMPORT_ONE_MODULE = {
    PROJECT: "import cdktn_aws.route_53",
    "provider-aws": "import cdktn_provider_aws.route53_health_check",
    "cdktf": "import cdktf_cdktf_provider_aws.route53_health_check",
}


def prime_jsii_cache(session: Session, python: Path) -> None:
    """Index this venv's assemblies the way `scripts/setup` does for the project's."""
    done = subprocess.run(
        [
            str(python),
            "scripts/jsii_cache.py",
            "prime",
            "--stamp",
            str(python.parent.parent / ".pbx-jsii-stamp"),
        ],
        cwd=ROOT,
        env={**session.env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RunFailed(f"indexing the jsii cache for {python} failed:\n{done.stderr[-2000:]}")


def run(session: Session) -> None:
    kinds = list(BASELINES)
    for kind in kinds:
        ensure_baseline(kind)
    session.extra["shim_map"] = setup_shim(kinds)
    pythons = {PROJECT: session.python, **{kind: venv_python(kind) for kind in kinds}}
    titles = {PROJECT: "cdktn 0.24 + cdktn-aws (the project's choice)"} | {
        kind: BASELINES[kind]["title"] for kind in kinds
    }
    for python in pythons.values():
        prime_jsii_cache(session, python)

    synths = {
        f"baseline-{n}": session.synth(name=f"baseline-{n}", python=p) for n, p in pythons.items()
    }
    rows = session.rows_in_turn(
        synths, {f"baseline-{n}": f"synth, example, {titles[n]}" for n in pythons}
    )
    ours = rows[f"baseline-{PROJECT}"]
    evidence: dict[str, Any] = {}
    for name, python in pythons.items():
        row = rows[f"baseline-{name}"]
        compared = compare_outputs(
            BENCH / "out" / f"baseline-{PROJECT}", BENCH / "out" / f"baseline-{name}"
        )
        row["ratio"] = row["wall_s"]["median"] / ours["wall_s"]["median"]
        row["rss_ratio"] = row["rss_peak_mib"]["median"] / ours["rss_peak_mib"]["median"]
        row["compared"] = compared
        same = compared["identical_except_metadata"]
        row["note"] = (
            "reference for the ratios below"
            if name == PROJECT
            else f"{row['ratio']:.2f}x cdktn-aws time, {row['rss_ratio']:.2f}x its memory; "
            + ("same JSON" if same else f"JSON differs in {compared['differing_stacks']}")
            + " except provider version and metadata; project stack code via import shim"
        )
        session.add(row)
        package = "cdktn_aws" if name == PROJECT else AWS_PACKAGES[name]
        evidence[name] = {
            "versions": baseline_versions(name)
            if name in BASELINES
            else {n: installed(n) for n in ("cdktn", "cdktn-aws", "constructs", "jsii")},
            "aws_provider": aws_provider_version(python, package),
            "installed_mib": round(du_mib(site_packages(python) / package)),
            "synth_s": row["wall_s"]["median"],
            "synth_rss_peak_mib": row["rss_peak_mib"]["median"],
        }

    # Importing one service module: what every test process or script that touches the
    # bindings pays.
    imports = {
        f"import-{name}": Command([str(python), "-c", IMPORT_ONE_MODULE[name]], session.env, ROOT)
        for name, python in pythons.items()
    }
    import_rows = session.rows_in_turn(
        imports, {f"import-{n}": f"import one Route 53 module ({n})" for n in pythons}
    )
    reference = import_rows[f"import-{PROJECT}"]["wall_s"]["median"]
    for name in pythons:
        row = import_rows[f"import-{name}"]
        row["ratio"] = row["wall_s"]["median"] / reference
        row["note"] = "reference" if name == PROJECT else f"{row['ratio']:.2f}x cdktn-aws"
        evidence[name]["import_s"] = row["wall_s"]["median"]
        session.add(row)
    session.extra["bindings"] = evidence


GROUP = Group(
    name="baselines",
    summary="the example on cdktn-provider-aws and on cdktf 0.21 (throw-away venvs in .bench/)",
    run=run,
    order=40,
    quick=False,
)
