"""`pbxctl promote` and `demote`: preflight, plan, confirmation, the switch, DNS, the record."""

from __future__ import annotations

import pytest

from infra.naming import CheckRole, Node
from tests.cli.conftest import ADDRESS, World
from tests.peers.fault_proxy import unhealthy_status

pytestmark = pytest.mark.sipp  # the nodes' SIP service is sipp; missing sipp fails


def assert_nothing_changed(world: World) -> None:
    assert not world.switch_inverted(Node.PRIMARY)
    assert not world.switch_inverted(Node.BACKUP)
    assert world.proxy.calls("UpdateHealthCheck") == []
    assert world.dns_answer() == {ADDRESS[Node.PRIMARY]}


def test_promote_then_demote_end_to_end(world: World) -> None:
    """As an engineer runs it: real processes, the switch, DNS and two audit lines."""
    promoted = world.run_process("promote", "--yes", "--reason", "INC-42 primary drops calls")
    assert promoted.exit_code == 0, promoted.output
    assert "done: voip.example.com now answers 127.0.0.3 (backup)" in promoted.stdout
    assert world.switch_inverted(Node.PRIMARY)
    assert not world.switch_inverted(Node.BACKUP)
    assert world.dns_answer() == {ADDRESS[Node.BACKUP]}

    demoted = world.run_process("demote", "--yes", "--reason", "INC-42 fixed")
    assert demoted.exit_code == 0, demoted.output
    assert "done: voip.example.com now answers 127.0.0.2 (primary)" in demoted.stdout
    assert not world.switch_inverted(Node.PRIMARY)
    assert world.dns_answer() == {ADDRESS[Node.PRIMARY]}

    first, second = world.audit()
    assert list(first) == [
        "time",
        "user",
        "host",
        "site",
        "action",
        "reason",
        "forced",
        "before",
        "after",
        "result",
        "duration",
    ]
    assert (first["action"], first["result"], first["site"]) == ("promote", "ok", "callcenter")
    assert first["reason"] == "INC-42 primary drops calls"
    assert first["forced"] is False
    assert first["before"]["traffic"] == "primary"
    assert first["before"]["primary"]["switch"] == "in"
    assert first["after"]["traffic"] == "backup"
    assert first["after"]["primary"]["switch"] == "out"
    assert first["after"]["dns"] == [ADDRESS[Node.BACKUP]]
    assert (second["action"], second["result"]) == ("demote", "ok")
    assert second["after"]["traffic"] == "primary"
    assert second["after"]["primary"]["switch"] == "in"
    assert first["duration"] > 0


@pytest.mark.parametrize(("status", "reason"), [(503, "SIP 503"), (None, "SIP UNREACHABLE")])
def test_refused_when_the_backup_does_not_answer_sip(
    world: World, status: int | None, reason: str
) -> None:
    world.sip(Node.BACKUP, status)
    result = world.run("promote", "--yes")
    assert result.exit_code == 3, result.output
    assert "promote refused, nothing was changed: backup SIP: " + reason in result.stderr
    assert "--force" in result.stderr
    assert_nothing_changed(world)
    (entry,) = world.audit()
    assert (entry["action"], entry["result"]) == ("promote", "refused")


def test_refused_when_route53_calls_the_backup_unhealthy(world: World) -> None:
    endpoint = world.checks()[(Node.BACKUP, CheckRole.ENDPOINT)]["Id"]
    world.proxy.add(unhealthy_status(endpoint))
    result = world.run("promote", "--yes")
    assert result.exit_code == 3
    assert "backup endpoint: UNHEALTHY (0% of 3 checkers): Failure" in result.stderr
    # ...which would also leave no node effectively healthy (Route 53's last resort).
    assert "a node stays healthy: afterwards no node would be effectively healthy" in result.stderr
    assert_nothing_changed(world)


def test_second_promote_is_a_no_op(world: World) -> None:
    assert world.run("promote", "--yes").exit_code == 0
    again = world.run("promote", "--yes")
    assert again.exit_code == 0, again.output
    assert "no change: already promoted: the primary is switched out" in again.stdout
    assert len(world.proxy.calls("UpdateHealthCheck")) == 1
    assert [entry["result"] for entry in world.audit()] == ["ok", "no-op"]


def test_demote_when_not_promoted_is_a_no_op(world: World) -> None:
    result = world.run("demote", "--yes")
    assert result.exit_code == 0
    assert "already demoted: the primary is switched in" in result.stdout
    assert_nothing_changed(world)


def test_dry_run_shows_the_plan_and_changes_nothing(world: World) -> None:
    result = world.run("promote", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was changed" in result.stdout
    assert "Plan: promote callcenter" in result.stderr
    assert "switch the primary out: health check" in result.stderr
    assert_nothing_changed(world)
    assert not world.audit_path.exists()


def test_without_a_terminal_and_without_yes_it_refuses(world: World) -> None:
    result = world.run("promote")
    assert result.exit_code == 3
    assert "no terminal to confirm on and --yes was not given; nothing was changed" in (
        result.stderr
    )
    assert_nothing_changed(world)
    assert world.audit()[0]["result"] == "refused"


def test_a_powered_off_backup_is_powered_on_first(world: World) -> None:
    world.hetzner.servers[world.backup_server_id]["status"] = "off"
    result = world.run("promote", "--yes")
    assert result.exit_code == 0, result.output
    assert "callcenter-backup was off; powered on" in result.stderr
    assert f"POST /v1/servers/{world.backup_server_id}/actions/poweron" in world.hetzner.requests
    assert world.hetzner.servers[world.backup_server_id]["status"] == "running"
    assert world.switch_inverted(Node.PRIMARY)


def test_dry_run_does_not_power_the_backup_on(world: World) -> None:
    world.hetzner.servers[world.backup_server_id]["status"] = "off"
    result = world.run("promote", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "callcenter-backup is off; would power it on" in result.stderr
    assert not [r for r in world.hetzner.requests if r.startswith("POST")]


def test_a_failing_power_on_names_the_action(world: World) -> None:
    world.hetzner.servers[world.backup_server_id]["status"] = "off"
    world.hetzner.power_on_fails = True
    result = world.run("promote", "--yes")
    assert result.exit_code == 1
    (action_id,) = world.hetzner.actions
    assert (
        f"error: Hetzner could not power on acme-callcenter-callcenter-backup (action {action_id}: "
        "action_failed: Action failed); check the server in the Hetzner console"
    ) in result.stderr
    assert_nothing_changed(world)
    assert world.audit()[0]["result"] == "failed"


def test_force_overrides_a_failed_preflight_and_is_recorded(world: World) -> None:
    world.sip(Node.BACKUP, 503)
    result = world.run("promote", "--yes", "--force")
    assert result.exit_code == 0, result.output
    assert "--force overrode it" in result.stdout
    assert world.switch_inverted(Node.PRIMARY)
    (entry,) = world.audit()
    assert (entry["result"], entry["forced"]) == ("ok", True)


def test_dns_that_does_not_follow_times_out_with_exit_4(world: World) -> None:
    # Route 53's checkers (moto) say the backup is fine, but the name servers see it down:
    # with both records unhealthy they keep answering the primary (the last resort).
    world.dns.endpoint_healthy["backup"] = False
    result = world.run("promote", "--yes", "--timeout", "1")
    assert result.exit_code == 4, result.output
    assert "after 1 s the name servers still do not answer 127.0.0.3 (backup)" in result.stderr
    assert "the switch stays set (the primary is switched out" in result.stderr
    assert world.switch_inverted(Node.PRIMARY)
    assert world.audit()[0]["result"] == "timeout"


def test_no_wait_returns_after_the_switch(world: World) -> None:
    result = world.run("promote", "--yes", "--no-wait")
    assert result.exit_code == 0, result.output
    assert "the switch is set; DNS was not watched" in result.stdout
    assert world.switch_inverted(Node.PRIMARY)


def test_demote_is_refused_while_the_primary_does_not_answer_sip(world: World) -> None:
    assert world.run("promote", "--yes").exit_code == 0
    world.sip(Node.PRIMARY, None)
    result = world.run("demote", "--yes")
    assert result.exit_code == 3
    assert "demote refused, nothing was changed: primary SIP: SIP UNREACHABLE" in result.stderr
    assert world.switch_inverted(Node.PRIMARY)


def test_promote_switches_a_switched_out_backup_in_first(world: World) -> None:
    route53 = world.moto.client("route53")
    switch = world.checks()[(Node.BACKUP, CheckRole.SWITCH)]
    route53.update_health_check(HealthCheckId=switch["Id"], Inverted=True, HealthThreshold=0)
    result = world.run("promote", "--yes")
    assert result.exit_code == 0, result.output
    assert not world.switch_inverted(Node.BACKUP)
    assert world.switch_inverted(Node.PRIMARY)
    updated = [call.path.rsplit("/", 1)[-1] for call in world.proxy.calls("UpdateHealthCheck")]
    assert updated[0] == switch["Id"]  # the backup in before the primary goes out
    assert world.dns_answer() == {ADDRESS[Node.BACKUP]}


def test_json_result_of_promote(world: World) -> None:
    result = world.run("promote", "--yes", "--json", "--reason", "drill by hand")
    assert result.exit_code == 0, result.output
    data = result.json()
    assert data["action"] == "promote"
    assert data["result"] == "ok"
    assert [check["ok"] for check in data["checks"]] == [True, True, True]
    assert data["after"]["traffic"] == "backup"
    assert data["dns_seconds"]["promote"] >= 0
    assert data["audit_log"] == str(world.audit_path)


def test_a_config_over_a_provider_quota_still_promotes(world: World) -> None:
    """Only synth and validate ask whether the firewall fits; an incident must not."""
    text = world.config_path.read_text()
    networks = ", ".join(f'"192.0.{n}.0/24"' for n in range(2, 14))  # 12 operator networks
    world.config_path.write_text(
        text.replace('operator_networks = ["192.0.2.0/24"]', f"operator_networks = [{networks}]")
    )
    validated = world.run_process("validate")
    assert validated.exit_code == 2, validated.output
    assert validated.stderr.startswith(
        f"error: {world.config_path}: site[0].firewall.aws_rule_quota: "
    )
    assert "over the security group quota of 60 per family" in validated.stderr

    planned = world.run_process("promote", "--dry-run")
    assert planned.exit_code == 0, planned.output
    assert "dry run: nothing was changed" in planned.stdout
    promoted = world.run_process("promote", "--yes")
    assert promoted.exit_code == 0, promoted.output
    assert world.switch_inverted(Node.PRIMARY)
