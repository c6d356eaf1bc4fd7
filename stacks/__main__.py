"""`python -m stacks [--config FILE] [--outdir DIR]`: synthesize every stack of a config.

The config path comes from --config, else $PBX_FAILOVER_CONFIG, else ./pbx-failover.toml.
A bad config prints one sentence and exits 2 before anything is written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from infra.config import load_config, resolve_config_path
from infra.deployable import check_deployable
from infra.errors import ExitCode, PbxError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stacks", description=__doc__)
    parser.add_argument("--config", type=Path, help="config file (TOML)")
    parser.add_argument("--outdir", type=Path, help="output folder (default: cdktf.out)")
    args = parser.parse_args(argv)
    outdir_existed = args.outdir is not None and args.outdir.exists()
    try:
        config = load_config(resolve_config_path(args.config))
        check_deployable(config)
        for warning in config.warnings():
            print(f"warning: {warning}", file=sys.stderr)
        if args.outdir is not None:
            args.outdir.parent.mkdir(parents=True, exist_ok=True)
        # Imported here so a config error is reported without loading the CDK.
        from stacks.app import build_app  # noqa: PLC0415

        app = build_app(config, args.outdir)
    except PbxError as err:
        # The CDK app creates its (still empty) output folder up front: leave no trace.
        if args.outdir is not None and not outdir_existed:
            shutil.rmtree(args.outdir, ignore_errors=True)
        print(f"error: {err}", file=sys.stderr)
        return int(err.exit_code)
    app.synth()
    return int(ExitCode.OK)


if __name__ == "__main__":
    sys.exit(main())
