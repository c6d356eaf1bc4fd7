"""The hostile-config corpus: every case through a real `pbxctl validate` and a real synth.

Each folder under `cases/` is one case (see README.md): a config (its own, or the example
with edits), an optional Asterisk folder and environment, and what must happen. Both
programs must answer the same way: refused with exit 2, one `error:` line naming the file
and the key and nothing written; or accepted (exit 0), with a `warning:` line naming the key
where the case expects one. Never a traceback, never a raw control character, never a
value echoed whole.

Both processes of every case run once per session, two at a time (the machine has two
cores); the tests then judge each case on its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from infra.config import load_config
from infra.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
EXAMPLE = ROOT / "examples" / "callcenter.toml"
PBXCTL = Path(sys.executable).parent / "pbxctl"
KNOWN_KEYS = {
    "about",
    "expect",
    "key",
    "words",
    "config",
    "file_name",
    "fifo",
    "prepend",
    "replace",
    "append",
    "expand",
    "env",
    "memory_limit_mb",
}
# Settings from the caller's shell that would change what the programs read.
FOREIGN = ("PBX_FAILOVER_CONFIG", "PBX_FAILOVER_NAME_SERVERS", "AWS_PROFILE", "AWS_REGION")
# The example declares these secrets; fake values let the user-data check look for them.
BASE_ENV = {
    "TRUNK_PASSWORD": "corpus-fake-trunk-password",
    "AGENT_101_PASSWORD": "corpus-fake-agent-101-password",
    "AGENT_102_PASSWORD": "corpus-fake-agent-102-password",
    "AGENT_103_PASSWORD": "corpus-fake-agent-103-password",
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
    "COLUMNS": "200",
}
# An error names values; it never echoes one whole (the longest message is 2000 characters).
LONGEST_LINE = 2100
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    spec: dict[str, Any]

    @property
    def expect(self) -> str:
        return str(self.spec["expect"])

    @property
    def key(self) -> str:
        return str(self.spec.get("key", ""))


@dataclass(frozen=True)
class Run:
    code: int | None  # None: killed after the timeout
    stdout: str
    stderr: str
    wrote: bool  # the synth's output folder exists afterwards


@dataclass(frozen=True)
class Outcome:
    config: Path
    validate: Run
    synth: Run | None  # None: refused while loading, the path both programs share


def load_cases() -> list[Case]:
    cases = []
    for folder in sorted(path for path in CASES.iterdir() if path.is_dir()):
        spec = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
        unknown = set(spec) - KNOWN_KEYS
        assert not unknown, f"{folder.name}/case.toml: unknown keys {sorted(unknown)}"
        assert spec.get("expect") in ("refused", "warning", "accepted"), folder.name
        assert spec.get("about"), f"{folder.name}/case.toml: say what the case is ('about')"
        if spec["expect"] == "warning":
            assert spec.get("key"), f"{folder.name}: a warning case names its key"
        cases.append(Case(folder.name, folder, spec))
    return cases


ALL_CASES = load_cases()


def stage(case: Case, work: Path) -> Path:
    """Lay the case out in `work`; the path of the config the programs are given."""
    spec = case.spec
    source = str(spec.get("config", "config.toml"))
    if source.startswith("/"):  # a device or other special path, used as it is
        return Path(source)
    work.mkdir(parents=True)
    from_example = source == "example"
    text = EXAMPLE.read_text() if from_example else (case.folder / source).read_text()
    for old, new in spec.get("replace", []):
        assert old in text, f"{case.name}: {old!r} is not in the config to edit"
        text = text.replace(old, new, 1)
    text = str(spec.get("prepend", "")) + text + str(spec.get("append", ""))
    for marker, piece, times in spec.get("expand", []):
        assert marker in text, f"{case.name}: the marker {marker!r} is not in the config"
        text = text.replace(marker, piece * times)
    own_folder = case.folder / "asterisk"
    if own_folder.exists():
        shutil.copytree(own_folder, work / "asterisk", symlinks=True)
    elif from_example:
        shutil.copytree(EXAMPLE.parent / "asterisk", work / "asterisk", symlinks=True)
    config = work / str(spec.get("file_name", "config.toml"))
    if spec.get("fifo"):
        os.mkfifo(config)
    elif not config.is_dir():  # a folder as the config: the one the case laid out
        config.write_text(text, encoding="utf-8")
    return config


def _run(
    command: list[str], env: dict[str, str], timeout: float, memory_mb: int | None, outdir: Path
) -> Run:
    if memory_mb is not None:  # the shell sets the limit, then becomes the program
        # The data size (heap and private writable mappings), not the address space: node
        # reserves far more address space than it uses, and starts while the config is read.
        command = ["sh", "-c", f'ulimit -d {memory_mb * 1024} && exec "$@"', "sh", *command]
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as err:  # subprocess.run killed it
        out = (err.stdout or b"").decode("utf-8", "replace")
        return Run(None, out, (err.stderr or b"").decode("utf-8", "replace"), outdir.exists())
    decode: Callable[[bytes], str] = lambda data: data.decode("utf-8", "replace")  # noqa: E731
    return Run(done.returncode, decode(done.stdout), decode(done.stderr), outdir.exists())


def run_case(case: Case, work: Path) -> Outcome:
    config = stage(case, work / "case")
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN}
    env.update(BASE_ENV)
    env.update({key: str(value) for key, value in case.spec.get("env", {}).items()})
    env["PYTHONPATH"] = str(ROOT)  # this checkout's code, whatever is installed
    memory = case.spec.get("memory_limit_mb")
    outdir = work / "out"
    validate = _run([str(PBXCTL), "validate", str(config)], env, 60, memory, outdir)
    if not needs_synth(case, config):
        return Outcome(config, validate, None)
    synth = _run(
        [sys.executable, "-m", "stacks", "--config", str(config), "--outdir", str(outdir)],
        env,
        300,
        memory,
        outdir,
    )
    return Outcome(config, validate, synth)


def needs_synth(case: Case, config: Path) -> bool:
    """Synth (about 2 s, the CDK loads while the config is read) runs for what can differ
    from validate: accepted configs, refusals by the deployability gate, and problems of
    the file itself. A config that does not load takes the same path in both programs
    (`load_config`, then the one-sentence boundary)."""
    if case.expect != "refused" or not case.key:
        return True
    try:
        load_config(config)
    except ConfigError:
        return False
    return True


@pytest.fixture(scope="session")
def outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Outcome]]:
    """Every selected case, run once, two at a time."""
    selected = set()
    for item in request.session.items:
        params = getattr(item, "callspec", None)
        if params is not None and isinstance(params.params.get("case"), Case):
            selected.add(params.params["case"].name)
    root = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            case.name: pool.submit(run_case, case, root / case.name)
            for case in ALL_CASES
            if case.name in selected
        }
        yield {name: future.result() for name, future in futures.items()}


def shown(path: Path) -> str:
    """A file name as the programs print it: non-printable characters escaped."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in str(path)
    )


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def judge(case: Case, config: Path, run: Run, program: str) -> None:
    """One program's answer against the case's expectation."""
    both = run.stdout + run.stderr
    where = f"{case.name}, {program}: exit {run.code}\n{both[:3000]}"
    assert run.code is not None, f"{where}\n(killed after its timeout)"
    assert "Traceback" not in both, where
    assert not _CONTROL.search(both), f"{where}\n(a raw control character reached the terminal)"
    assert all(len(line) <= LONGEST_LINE for line in both.splitlines()), f"{where}\n(too long)"
    prefix = f"{shown(config)}: " + (f"{case.key}: " if case.key else "")
    if case.expect == "refused":
        assert run.code == 2, where
        assert run.stdout == "", where
        (line,) = _lines(run.stderr) or [""]
        assert len(_lines(run.stderr)) == 1, where
        assert line.startswith(f"error: {prefix}"), f"{where}\n(expected 'error: {prefix}...')"
        for word in case.spec.get("words", []):
            assert word in line, f"{where}\n({word!r} is missing)"
        return
    assert run.code == 0, where
    assert not any(line.startswith("error:") for line in _lines(both)), where
    warnings = [line for line in _lines(run.stderr) if line.startswith("warning: ")]
    if case.expect == "warning":
        named = [line for line in warnings if line.startswith(f"warning: {prefix}")]
        assert named, f"{where}\n(expected 'warning: {prefix}...')"
        for word in case.spec.get("words", []):
            assert any(word in line for line in named), f"{where}\n({word!r} is missing)"
    else:
        assert warnings == [], where


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.name for case in ALL_CASES])
def test_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    judge(case, outcome.config, outcome.validate, "pbxctl validate")
    if case.expect != "refused":
        assert outcome.validate.stdout.startswith("ok: "), outcome.validate.stdout
    if outcome.synth is None:
        return
    judge(case, outcome.config, outcome.synth, "python -m stacks")
    if case.expect == "refused":
        assert not outcome.synth.wrote, f"{case.name}: synth left its output folder behind"
    else:
        assert outcome.synth.wrote, f"{case.name}: synth wrote nothing"


def test_corpus_is_large_enough() -> None:
    assert len(ALL_CASES) >= 60
