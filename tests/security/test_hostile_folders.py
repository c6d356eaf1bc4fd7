"""Hostile or careless Asterisk folders and secrets, through the real entry points.

Each case is a real folder on disk given to `python -m stacks` and to `pbxctl validate` as
processes: one sentence on stderr naming the key or file, exit 2, nothing written. User data
is decoded (gzip + base64) before anyone looks for a value in it.
"""

from __future__ import annotations

import base64
import gzip
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, Synth, synthesize
from tests.support.examples import fake_secrets
from tests.support.tfjson import user_data

PBXCTL = Path(sys.executable).parent / "pbxctl"
TOKENS = {
    "HCLOUD_TOKEN": "fake-hcloud-token-0123456789",
    "AWS_SECRET_ACCESS_KEY": "fake-aws-secret-key-0123456789",
    "AWS_SESSION_TOKEN": "fake-aws-session-token-0123456789",
}


def project(tmp_path: Path, *, folder_key: str = '"asterisk"') -> Path:
    """The example config and its Asterisk folder in `tmp_path/project`."""
    root = tmp_path / "project"
    shutil.copytree(EXAMPLE.parent / "asterisk", root / "asterisk")
    text = EXAMPLE.read_text().replace(
        'asterisk_config_dir = "asterisk"', f"asterisk_config_dir = {folder_key}"
    )
    (root / "callcenter.toml").write_text(text)
    return root / "callcenter.toml"


def symlink_to_environ(folder: Path) -> str:
    (folder / "env.conf").symlink_to("/proc/self/environ")
    return r"env\.conf is a symbolic link, which is refused"


def symlink_outside(folder: Path) -> str:
    outside = folder.parent.parent / "outside.conf"
    outside.write_text("[secret]\npassword=from-outside\n")
    (folder / "outside.conf").symlink_to(outside)
    return r"outside\.conf is a symbolic link, which is refused"


def symlinked_subfolder(folder: Path) -> str:
    (folder / "etc").symlink_to("/etc", target_is_directory=True)
    return r"etc is a symbolic link, which is refused"


def dotfile(folder: Path) -> str:
    (folder / ".env").write_text(f"HCLOUD_TOKEN={TOKENS['HCLOUD_TOKEN']}\n")
    return r"\.env is a dotfile, which is refused"


def fifo(folder: Path) -> str:
    os.mkfifo(folder / "queues.conf.fifo")
    return r"queues\.conf\.fifo is not a regular file"


FOLDER_CASES: dict[str, Callable[[Path], str]] = {
    "symlink to /proc/self/environ": symlink_to_environ,
    "symlink to a file outside": symlink_outside,
    "symlinked folder": symlinked_subfolder,
    "dotfile": dotfile,
    "fifo": fifo,
}
KEY_CASES = {
    "../../..": ('"../../.."', r"resolves to .*, outside the config file's folder"),
    "absolute": ('"/etc"', r"'/etc' is an absolute path"),
}


def run_entry_points(
    config: Path, tmp_path: Path, env: dict[str, str]
) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    outdir = tmp_path / "out"
    synth = synthesize(config, outdir, env=env)
    validate = subprocess.run(
        [str(PBXCTL), "validate", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **fake_secrets(), **env},
    )
    assert not outdir.exists(), "synth wrote output for a refused config"
    return [("python -m stacks", synth), ("pbxctl validate", validate)]


def assert_one_sentence(result: subprocess.CompletedProcess[str], pattern: str, where: str) -> None:
    assert result.returncode == 2, f"{where}: {result.stderr}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), f"{where}: {result.stderr}"
    assert re.search(pattern, lines[0]), f"{where}: {lines[0]}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", list(FOLDER_CASES))
def test_a_hostile_folder_is_refused(tmp_path: Path, case: str) -> None:
    config = project(tmp_path)
    pattern = FOLDER_CASES[case](config.parent / "asterisk")
    for where, result in run_entry_points(config, tmp_path, {}):
        assert_one_sentence(result, pattern, where)


@pytest.mark.parametrize("case", list(KEY_CASES))
def test_a_folder_outside_the_config_tree_is_refused(tmp_path: Path, case: str) -> None:
    key, pattern = KEY_CASES[case]
    config = project(tmp_path, folder_key=key)
    for where, result in run_entry_points(config, tmp_path, {}):
        assert_one_sentence(result, r": site\[0\]\.node\.asterisk_config_dir: .*" + pattern, where)


def test_an_unset_declared_secret_names_the_variable(tmp_path: Path) -> None:
    config = project(tmp_path)
    env = {"TRUNK_PASSWORD": ""}
    for where, result in run_entry_points(config, tmp_path, env):
        assert_one_sentence(result, r"TRUNK_PASSWORD", where)


@pytest.mark.parametrize("token", list(TOKENS))
def test_a_provider_token_pasted_into_the_folder_is_refused(tmp_path: Path, token: str) -> None:
    config = project(tmp_path)
    pjsip = config.parent / "asterisk" / "pjsip.conf"
    pjsip.write_text(pjsip.read_text() + f"; {TOKENS[token]}\n")
    for where, result in run_entry_points(config, tmp_path, {token: TOKENS[token]}):
        assert_one_sentence(result, rf"the value of \${token} appears in", where)
        assert TOKENS[token] not in result.stderr


def decoded_user_data(text: str) -> bytes:
    """The user data with every gz+b64 file decoded: where a grep must look."""
    document = yaml.safe_load(text)
    parts = [text.encode()]
    for entry in document["write_files"]:
        if entry.get("encoding") == "gz+b64":
            parts.append(gzip.decompress(base64.b64decode(entry["content"])))
    return b"\n".join(parts)


def test_no_secret_reaches_the_synthesized_user_data_decoded(synth: Synth) -> None:
    for text in (
        user_data(synth.stack("callcenter-primary"), "aws_instance"),
        user_data(synth.stack("callcenter-backup"), "hcloud_server"),
    ):
        decoded = decoded_user_data(text)
        assert b"pjsip.conf" in decoded and b"[carrier-b]" in decoded  # decoding worked
        for value in fake_secrets().values():
            assert value.encode() not in decoded
        assert b"${TRUNK_PASSWORD}" not in decoded  # templates stay out too
