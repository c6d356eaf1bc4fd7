"""`python -m stacks [--config FILE] [--outdir DIR]`: synthesize every stack of a config.

The config path comes from --config, else $PBX_FAILOVER_CONFIG, else ./pbx-failover.toml.
A bad config prints one sentence and exits 2 before anything is written.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from infra.errors import ExitCode, PbxError, printable


class _CdkLoader(threading.Thread):
    """Imports the CDK app while the main thread reads and checks the config.

    The import starts the jsii runtime's node process and loads the assemblies, which is
    mostly work in node; reading the config is Python. On two cores they overlap, and a
    synth is shorter by about the time the config takes (docs/benchmarks.md).
    """

    def __init__(self) -> None:
        super().__init__(name="cdk-loader", daemon=True)
        self._build_app: Callable[..., Any] | None = None
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            from stacks.app import build_app  # noqa: PLC0415 (the point of this thread)

            _warm_bindings()
            self._build_app = build_app
        except BaseException as err:  # noqa: BLE001 (re-raised in the main thread)
            self._error = err

    def result(self) -> Callable[..., Any]:
        """`stacks.app.build_app`, once the import is done (its error, if it failed)."""
        self.join()
        if self._error is not None:
            raise self._error
        assert self._build_app is not None
        return self._build_app


def _warm_bindings() -> None:
    """Have node load the code of every binding module the stacks imported, now.

    Node loads a module's JavaScript when its first class is used (about 0.1 s each for
    ec2 and vpc); reading one static constant per module does it while the main thread is
    still busy with the config. The main thread makes no jsii call until this thread ends.
    """
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("cdktn_aws.", "stacks.imports.")):
            continue
        binding = next(
            (
                value
                for value in vars(module).values()
                if isinstance(value, type) and "TF_RESOURCE_TYPE" in vars(value)
            ),
            None,
        )
        if binding is not None:
            getattr(binding, "TF_RESOURCE_TYPE")  # noqa: B009 (a jsii call, not an attribute)


def main(argv: list[str] | None = None) -> int:
    # A synth is one short process that creates millions of objects while it imports the
    # bindings and builds the stacks, and ends right after: the cyclic garbage collector's
    # passes over them are about 10% of its Python time and free next to nothing.
    gc.disable()
    parser = argparse.ArgumentParser(prog="python -m stacks", description=__doc__)
    parser.add_argument("--config", type=Path, help="config file (TOML)")
    parser.add_argument("--outdir", type=Path, help="output folder (default: cdktf.out)")
    args = parser.parse_args(argv)
    outdir_existed = args.outdir is not None and args.outdir.exists()
    cdk = _CdkLoader()
    # Imported after the loader started: pydantic and the config models are part of the
    # Python work that overlaps with node's.
    from infra.config import load_config, resolve_config_path  # noqa: PLC0415
    from infra.deployable import check_deployable  # noqa: PLC0415

    try:
        config = load_config(resolve_config_path(args.config))
        for warning in check_deployable(config):
            print(f"warning: {printable(warning)}", file=sys.stderr)
        if args.outdir is not None:
            args.outdir.parent.mkdir(parents=True, exist_ok=True)
        build_app = cdk.result()
        build_app(config, args.outdir).synth()
    except (Exception, KeyboardInterrupt) as err:  # noqa: BLE001 (one sentence, always)
        # The CDK app creates its output folder up front: a failed run leaves no trace.
        if args.outdir is not None and not outdir_existed:
            shutil.rmtree(args.outdir, ignore_errors=True)
        print(f"error: {printable(_sentence(err))}", file=sys.stderr, flush=True)
        cdk.join()  # never end the interpreter in the middle of the CDK's import
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


def _exit(code: int) -> NoReturn:
    """End the process once the stacks are written, without tearing the interpreter down.

    The exit handlers run first (jsii's stops its node process and waits for it), then the
    process ends: unloading the bindings' modules and objects one by one would cost about a
    quarter of a second, a fifth of a synth, and free nothing the kernel does not.
    """
    atexit._run_exitfuncs()  # what a normal exit runs first, and nothing else
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit(main())
