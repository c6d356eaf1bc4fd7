"""Malformed environment variables and an API that never answers, through real processes.

A variable pbxctl reads is input like the config: a malformed one is one sentence that
names it, exit 2, before anything is asked or changed. An unresponsive provider costs a
few seconds and says which one is slow, never a silent minute.
"""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from infra.errors import ExitCode
from infra.naming import Node
from tests.cli.conftest import EXAMPLE, PBXCTL, World
from tests.peers.pbxctl_env import FOREIGN_SETTINGS
from tests.peers.silent_server import SilentServer

TOKEN_WITH_NEWLINE = "corpus-fake-token\nX-Injected: 1"


def _pbxctl(
    *args: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PBXCTL), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def _clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_SETTINGS}
    env.update(
        {
            "PBX_FAILOVER_CONFIG": str(EXAMPLE),
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_EC2_METADATA_DISABLED": "true",
            "HCLOUD_TOKEN": "corpus-fake-token",
        }
    )
    env.update(overrides)
    return env


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("AWS_REGION", "not a region!", "is not an AWS region like 'us-east-1'"),
        ("AWS_ENDPOINT_URL", "not a url", "is not an http(s) URL"),
        ("AWS_ENDPOINT_URL_ROUTE53", "http://[::1", "is not an http(s) URL"),
        ("HCLOUD_ENDPOINT", "ftp://api.example.net", "is not an http(s) URL"),
        ("HCLOUD_TOKEN", TOKEN_WITH_NEWLINE, "holds characters no API token has"),
        ("PBX_FAILOVER_NAME_SERVERS", "ns1..example.net", "neither an IP address nor a host"),
        ("PBX_FAILOVER_NAME_SERVERS", "127.0.0.1:99999", "has a bad port"),
    ],
)
@pytest.mark.parametrize("command", [("status",), ("promote", "--yes", "--reason", "test")])
def test_a_malformed_variable_is_a_usage_error_naming_it(
    command: tuple[str, ...], variable: str, value: str, words: str
) -> None:
    result = _pbxctl(*command, env=_clean_env(**{variable: value}))
    assert result.returncode == ExitCode.USAGE, result.stdout + result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {variable}"), line
    assert words in line
    assert "Traceback" not in result.stderr
    assert "X-Injected" not in result.stderr  # a token's value is never repeated


def test_partial_aws_credentials_are_a_usage_error() -> None:
    env = _clean_env()
    del env["AWS_SECRET_ACCESS_KEY"]
    result = _pbxctl("status", env=env)
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert result.stderr.startswith("error: no AWS credentials found;"), result.stderr


@pytest.mark.sipp
def test_an_unresponsive_hetzner_api_costs_seconds_and_is_named(world: World) -> None:
    silent = SilentServer().start()
    try:
        started = time.monotonic()
        result = _pbxctl("status", env={**os.environ, **world.env, "HCLOUD_ENDPOINT": silent.url})
        elapsed = time.monotonic() - started
    finally:
        silent.stop()
    assert silent.accepted >= 1  # pbxctl did ask it
    assert result.returncode == ExitCode.REFUSED, result.stdout + result.stderr
    assert elapsed < 15, f"status took {elapsed:.1f} s against a silent Hetzner API"
    assert f"the Hetzner API at {silent.url} did not answer within 5 s" in " ".join(
        result.stdout.split()
    )
    assert "Traceback" not in result.stderr


def test_an_unresponsive_aws_api_is_a_sentence_within_half_a_minute() -> None:
    silent = SilentServer().start()
    try:
        started = time.monotonic()
        endpoint = silent.url.removesuffix("/v1")
        result = _pbxctl("status", env=_clean_env(AWS_ENDPOINT_URL=endpoint))
        elapsed = time.monotonic() - started
    finally:
        silent.stop()
    assert result.returncode == ExitCode.FAILURE, result.stdout + result.stderr
    assert elapsed < 30, f"status took {elapsed:.1f} s against a silent AWS endpoint"
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: cannot reach AWS while listing Route 53 health checks")
    assert "Read timeout" in line and "4 attempts" in line


@pytest.mark.sipp
def test_a_fifo_as_the_audit_log_stops_at_once_before_any_change(world: World) -> None:
    """Opening a FIFO for writing waits for a reader forever; pbxctl must not."""
    fifo = world.tmp / "audit.fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = _pbxctl(
        "promote", "--yes", env={**os.environ, **world.env, "PBX_FAILOVER_AUDIT_LOG": str(fifo)}
    )
    assert time.monotonic() - started < 20
    assert result.returncode == ExitCode.FAILURE, result.stdout + result.stderr
    assert f"error: cannot open the audit log {fifo}" in result.stderr
    assert not world.switch_inverted(Node.PRIMARY)
