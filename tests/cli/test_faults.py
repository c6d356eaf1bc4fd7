"""Flaky APIs, conflicting operators and a broken audit log: documented exits, safe states."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from infra.naming import Node
from tests.cli.conftest import ADDRESS, Pbxctl, World
from tests.peers.fault_proxy import Fault, server_error, throttling, version_mismatch

pytestmark = pytest.mark.sipp  # the nodes' SIP service is sipp; missing sipp fails


def test_throttling_is_retried_and_reported(world: World) -> None:
    world.proxy.add(throttling("UpdateHealthCheck", times=2))
    result = world.run("promote", "--yes")
    assert result.exit_code == 0, result.output
    assert [call.status for call in world.proxy.calls("UpdateHealthCheck")] == [400, 400, 200]
    assert "note: AWS throttled or failed 2 request(s); pbxctl retried them" in result.stderr
    assert world.switch_inverted(Node.PRIMARY)


def test_server_errors_are_retried(world: World) -> None:
    world.proxy.add(server_error("ListHealthChecks", times=2), server_error("GetHostedZone"))
    result = world.run("status")
    assert result.exit_code == 0, result.output
    assert "retried" in result.stderr


def test_an_api_that_keeps_failing_ends_in_exit_1_and_no_change(world: World) -> None:
    world.proxy.add(server_error("UpdateHealthCheck", times=-1))
    result = world.run("promote", "--yes")
    assert result.exit_code == 1
    assert "error: AWS failed while updating the primary's switch" in result.stderr
    assert "(HTTP 500 InternalFailure, 4 attempts); try again in a minute" in result.stderr
    assert "; the primary's switch did not change" in result.stderr  # read again to know
    assert not world.switch_inverted(Node.PRIMARY)
    assert world.audit()[0]["result"] == "failed"


def test_connection_resets_and_slow_answers_are_survived(world: World) -> None:
    world.proxy.add(
        Fault("ListHealthChecks", kind="reset"),
        Fault("GetHealthCheckStatus", kind="delay", delay=0.3, times=2),
    )
    result = world.run("status")
    assert result.exit_code == 0, result.output
    statuses = [call.status for call in world.proxy.calls("ListHealthChecks")]
    assert 0 in statuses  # the reset happened...
    assert statuses[-1] == 200  # ...and the retry got through


def test_a_version_mismatch_is_a_conflict_exit_5(world: World) -> None:
    world.proxy.add(version_mismatch())
    result = world.run("promote", "--yes")
    assert result.exit_code == 5, result.output
    assert "someone else changed the primary's switch" in result.stderr
    assert "so this run did not change it; now the primary is switched in" in result.stderr
    assert not world.switch_inverted(Node.PRIMARY)
    assert world.audit()[0]["result"] == "conflict"


def test_two_concurrent_promotes_one_wins_the_other_fails_cleanly_or_no_ops(
    world: World,
) -> None:
    # Both read the switch before either writes it: the second write then carries a stale
    # HealthCheckVersion, as two engineers promoting in the same second would.
    world.proxy.add(Fault("UpdateHealthCheck", kind="delay", delay=0.5, times=2))
    results: list[Pbxctl] = []

    def promote() -> None:
        results.append(world.run_process("promote", "--yes"))

    threads = [threading.Thread(target=promote) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = sorted(result.exit_code for result in results)
    assert codes in ([0, 0], [0, 5]), [r.output for r in results]
    if codes == [0, 5]:
        (loser,) = [r for r in results if r.exit_code == 5]
        assert "someone else changed the primary's switch" in loser.stderr
        assert "now the primary is switched out" in loser.stderr
        assert "Traceback" not in loser.stderr
    else:
        assert any("already promoted" in r.stdout for r in results)
    assert [c.status for c in world.proxy.calls("UpdateHealthCheck")].count(200) == 1
    assert world.switch_inverted(Node.PRIMARY)
    assert world.dns_answer() == {ADDRESS[Node.BACKUP]}
    assert sorted(entry["result"] for entry in world.audit()) in (
        ["conflict", "ok"],
        ["no-op", "ok"],
    )


def read_only_audit_path(tmp_path: Path) -> Path:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root ignores permissions: use a file system that refuses
        return Path("/sys/pbx-failover-test/audit.jsonl")
    return folder / "audit.jsonl"


def test_an_unwritable_audit_log_stops_before_any_change(world: World) -> None:
    path = read_only_audit_path(world.tmp)
    result = world.run("promote", "--yes", env={"PBX_FAILOVER_AUDIT_LOG": str(path)})
    assert result.exit_code == 1, result.output
    assert f"error: cannot open the audit log {path}" in result.stderr
    assert "nothing was changed: the primary is switched in, the backup is switched in" in (
        result.stderr
    )
    assert "voip.example.com answers 127.0.0.2 (primary) from 127.0.0.1:" in result.stderr
    assert not world.switch_inverted(Node.PRIMARY)


def test_an_audit_write_that_fails_after_the_change_reports_the_new_state(world: World) -> None:
    result = world.run("promote", "--yes", env={"PBX_FAILOVER_AUDIT_LOG": "/dev/full"})
    assert result.exit_code == 1, result.output
    assert "error: cannot write the audit log /dev/full (No space left on device)" in (
        result.stderr
    )
    assert "the change was made: the primary is switched out" in result.stderr
    assert "write down what you did" in result.stderr
    assert world.switch_inverted(Node.PRIMARY)


def test_a_rejected_hcloud_token_never_appears_in_the_output(world: World) -> None:
    token = "leaky-secret-token-0123456789"
    result = world.run("promote", "--yes", env={"HCLOUD_TOKEN": token})
    assert result.exit_code == 3
    assert "Hetzner rejected HCLOUD_TOKEN" in result.stderr
    assert token not in result.output
    assert not world.switch_inverted(Node.PRIMARY)


def test_an_unexpected_error_is_one_sentence_without_secrets(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError(f"boom near {world.hetzner.token}")

    monkeypatch.setattr("infra.pbxctl.views.observe", broken)
    result = world.run("status")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: unexpected error (ValueError: boom near ***); this is a bug in pbxctl, please "
        "report it with the command you ran\n"
    )
