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
from infra.errors import ExitCode, PbxError, printable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stacks", description=__doc__)
    parser.add_argument("--config", type=Path, help="config file (TOML)")
    parser.add_argument("--outdir", type=Path, help="output folder (default: cdktf.out)")
    args = parser.parse_args(argv)
    outdir_existed = args.outdir is not None and args.outdir.exists()
    try:
        config = load_config(resolve_config_path(args.config))
        for warning in check_deployable(config):
            print(f"warning: {printable(warning)}", file=sys.stderr)
        if args.outdir is not None:
            args.outdir.parent.mkdir(parents=True, exist_ok=True)
        # Imported here so a config error is reported without loading the CDK.
        from stacks.app import build_app  # noqa: PLC0415

        build_app(config, args.outdir).synth()
    except (Exception, KeyboardInterrupt) as err:  # noqa: BLE001 (one sentence, always)
        # The CDK app creates its output folder up front: a failed run leaves no trace.
        if args.outdir is not None and not outdir_existed:
            shutil.rmtree(args.outdir, ignore_errors=True)
        print(f"error: {printable(_sentence(err))}", file=sys.stderr)
        return int(_exit_code(err))
    return int(ExitCode.OK)


def _sentence(err: Exception | KeyboardInterrupt) -> str:
    if isinstance(err, PbxError):
        return err.message
    if isinstance(err, KeyboardInterrupt):
        return "interrupted; nothing was written"
    return (
        f"synth failed unexpectedly ({type(err).__name__}: {str(err)[:300]}); nothing was "
        "written; this is a bug, please report it with the config that caused it"
    )


def _exit_code(err: Exception | KeyboardInterrupt) -> ExitCode:
    if isinstance(err, PbxError):
        return err.exit_code
    return ExitCode.INTERRUPTED if isinstance(err, KeyboardInterrupt) else ExitCode.FAILURE


if __name__ == "__main__":
    sys.exit(main())
