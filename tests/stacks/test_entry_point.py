"""`python -m stacks` answers every failure with one sentence and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

import stacks.app
from infra.errors import ExitCode
from stacks.__main__ import main
from tests.conftest import EXAMPLE
from tests.support.examples import fake_secrets

FAILURES = [
    (RuntimeError("the CDK broke\x1b[2J"), ExitCode.FAILURE, "this is a bug"),
    (KeyboardInterrupt(), ExitCode.INTERRUPTED, "interrupted; nothing was written"),
]


@pytest.mark.parametrize("failure", FAILURES, ids=["exception", "ctrl-c"])
def test_an_unexpected_failure_is_one_sentence_and_no_output(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: tuple[BaseException, ExitCode, str],
) -> None:
    error, code, words = failure
    outdir = tmp_path / "out"

    def build_app(*_: object, **__: object) -> None:
        (outdir / "stacks").mkdir(parents=True)  # as the CDK app does, before it fails
        raise error

    # Edge case only: a synth that breaks after the gate cannot be provoked by any config.
    monkeypatch.setattr(stacks.app, "build_app", build_app)
    for name, value in fake_secrets().items():
        monkeypatch.setenv(name, value)
    assert main(["--config", str(EXAMPLE), "--outdir", str(outdir)]) == code
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: ") and words in line
    assert "\x1b" not in line
    assert not outdir.exists()
