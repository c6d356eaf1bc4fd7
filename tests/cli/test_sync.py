"""`pbxctl sync`, `diff` and the config line of `status`, against two real nodes on loopback.

Each node is a real OpenSSH server (tests/peers/ssh_node.py) with its own root folder laid
out by the node's own user data (first boot), a stand-in `asterisk` command and the real
health agent probing sipp. The primary (access = "ssm") is reached through a ProxyCommand
(a local TCP relay instead of Session Manager) after an EC2 Instance Connect push to moto;
the backup directly through an ssh_config entry. Secrets come from the environment or from
moto's SSM Parameter Store.
"""

from __future__ import annotations

import grp
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from infra.config import load_config
from infra.naming import CheckRole, Node
from infra.node.cloud_init import render_user_data
from infra.node.health_agent import TREE_CACHE_SECONDS
from tests.cli.conftest import ADDRESS, EXAMPLE, Pbxctl, Peers, World
from tests.peers.ssh_node import SshNode, free_tcp_port, keygen

RELAY = Path(__file__).resolve().parents[1] / "peers" / "tcp_relay.py"
PASSWORD = "fake-trunk-password-1"
ROTATED = "fake-trunk-password-2"
SECRETS = "pjsip.secrets.conf"
AGENTS = "pjsip.agents.conf"
AGENT_PASSWORDS = {f"AGENT_{n}_PASSWORD": f"fake-agent-{n}-password" for n in (101, 102, 103)}


@pytest.fixture(scope="session")
def nodes(peers: Peers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Node, SshNode]]:
    try:
        grp.getgrnam("asterisk")
    except KeyError:
        pytest.fail("the group 'asterisk' is missing: run scripts/setup --test (groupadd)")
    base = tmp_path_factory.mktemp("nodes")
    client_key = keygen(base / "client_ed25519", "pbxctl-test")
    sip_port = peers.sip_port
    health_port = free_tcp_port(*ADDRESS.values())
    started = {}
    try:
        for node, address in ADDRESS.items():
            (base / node.value).mkdir()
            started[node] = SshNode(node.value, address, base / node.value, client_key)
            started[node].root.mkdir()
            started[node].start(health_port=health_port, sip_port=sip_port)
        yield started
    finally:
        for each in started.values():
            each.stop()


@dataclass
class SyncWorld:
    world: World
    nodes: dict[Node, SshNode]
    known_hosts: Path
    folder: Path

    def run(self, *args: str, env: dict[str, str] | None = None) -> Pbxctl:
        return self.world.run(*args, env={"TRUNK_PASSWORD": PASSWORD, **(env or {})})

    def sync(self, *args: str, env: dict[str, str] | None = None) -> Pbxctl:
        return self.run("sync", "--yes", "--reason", "test", *args, env=env)

    def trust_host_keys(self) -> None:
        instance = self.instance_id()
        self.known_hosts.write_text(
            self.nodes[Node.PRIMARY].host_key_line(instance)
            + self.nodes[Node.BACKUP].host_key_line(
                f"[{ADDRESS[Node.BACKUP]}]:{self.nodes[Node.BACKUP].ssh_port}"
            )
        )

    def instance_id(self) -> str:
        ec2 = self.world.moto.client("ec2", "eu-central-1")
        (reservation,) = ec2.describe_instances()["Reservations"]
        return str(reservation["Instances"][0]["InstanceId"])


@pytest.fixture
def sync_world(world: World, nodes: dict[Node, SshNode]) -> SyncWorld:
    folder = world.tmp / "asterisk"
    shutil.copytree(EXAMPLE.parent / "asterisk", folder)
    health_port = nodes[Node.PRIMARY].health_port
    text = world.config_path.read_text()
    text = text.replace("port = 8080", f"port = {health_port}")
    text = text.replace('access = "ssm"', 'access = "ssm"\nssh_user = "root"')
    world.config_path.write_text(text)
    config = load_config(world.config_path)
    site = config.sites[0]
    for node, peer in nodes.items():
        peer.fail_reloads(False)
        peer.first_boot(
            render_user_data(
                config, site, node, public_ipv4=ADDRESS[node], public_ipv6=None,
                hostname=config.node_fqdn(site, node),
            )
        )  # fmt: skip
    ssh_config = world.tmp / "ssh_config"
    backup = nodes[Node.BACKUP]
    ssh_config.write_text(
        f"Host {config.node_fqdn(site, Node.BACKUP)}\n"
        f"  HostName {backup.address}\n  Port {backup.ssh_port}\n"
    )
    primary = nodes[Node.PRIMARY]
    known_hosts = world.tmp / "known_hosts"
    world.env.update(
        {
            "PBX_FAILOVER_SSH_IDENTITY": str(primary.client_key),
            "PBX_FAILOVER_KNOWN_HOSTS": str(known_hosts),
            "PBX_FAILOVER_SSH_CONFIG": str(ssh_config),
            "PBX_FAILOVER_SSM_PROXY_COMMAND": (
                f"{sys.executable} {RELAY} {primary.address} {primary.ssh_port}"
            ),
        }
    )
    world.env.update(AGENT_PASSWORDS)  # the example's agents' passwords
    state = SyncWorld(world, nodes, known_hosts, folder)
    state.trust_host_keys()
    return state


def per_node_free(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in tree.items() if path != "pjsip.transports.conf"}


def test_first_boot_lays_out_the_generation_and_the_first_sync_adds_only_the_secrets(
    sync_world: SyncWorld,
) -> None:
    nodes = sync_world.nodes
    for peer in nodes.values():
        assert os.path.islink(peer.etc_asterisk) and peer.current() == "first-boot"
        assert (peer.state / "asterisk.dist" / "asterisk.conf").exists()
        assert SECRETS not in peer.tree() and "pjsip.secrets.conf.in" not in peer.tree()
    dry = sync_world.run("sync", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "added    pjsip.secrets.conf (secret: contents never shown)" in dry.stdout
    assert "added    pjsip.agents.conf (secret: contents never shown)" in dry.stdout
    assert PASSWORD not in dry.output
    assert nodes[Node.BACKUP].current() == "first-boot"  # a dry run changes nothing

    result = sync_world.sync()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # The secrets and the agents' include (both filled on the node only), nothing else:
    # first boot wrote the rest byte for byte as the repo has it.
    assert lines[0].startswith("synced: backup: 2 added in ") and lines[1].startswith(
        "synced: primary: 2 added in "
    ), result.stdout
    assert "changed" not in " ".join(lines[:2]), result.stdout
    trees = {node: peer.tree() for node, peer in nodes.items()}
    assert per_node_free(trees[Node.PRIMARY]) == per_node_free(trees[Node.BACKUP])
    assert trees[Node.BACKUP][SECRETS].endswith(f"password={PASSWORD}\n".encode())
    for name, value in AGENT_PASSWORDS.items():
        number = name.split("_")[1]
        assert f"username={number}\npassword={value}\n".encode() in trees[Node.BACKUP][AGENTS]
    secret = nodes[Node.BACKUP].etc_asterisk / SECRETS
    assert oct(secret.stat().st_mode & 0o777) == "0o640"
    assert secret.stat().st_gid == grp.getgrnam("asterisk").gr_gid
    for peer in nodes.values():
        assert peer.reloads() == ["-rx core reload"]
        assert "first-boot" in peer.generations() and len(peer.generations()) == 2
        manifest = json.loads((peer.state / "current" / "manifest.json").read_text())
        assert manifest["secrets"]["files"] == [AGENTS, SECRETS]
        assert PASSWORD not in json.dumps(manifest)
    audit = sync_world.world.audit()
    assert [(e["node"], e["result"]) for e in audit] == [("backup", "ok"), ("primary", "ok")]
    assert PASSWORD not in sync_world.world.audit_path.read_text()
    for value in AGENT_PASSWORDS.values():
        assert value not in dry.output + result.output
        assert value not in sync_world.world.audit_path.read_text()


def test_a_second_sync_changes_nothing_and_says_so(sync_world: SyncWorld) -> None:
    assert sync_world.sync().exit_code == 0
    generations = {node: peer.generations() for node, peer in sync_world.nodes.items()}
    again = sync_world.sync()
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [
        "no change: backup: in sync, nothing to do",
        "no change: primary: in sync, nothing to do",
    ]
    assert {n: p.generations() for n, p in sync_world.nodes.items()} == generations
    assert all(len(peer.reloads()) == 1 for peer in sync_world.nodes.values())


def test_one_changed_file_and_one_removed_file(sync_world: SyncWorld) -> None:
    assert sync_world.sync().exit_code == 0
    queues = sync_world.folder / "queues.conf"
    queues.write_text(queues.read_text().replace("strategy=", "strategy=leastrecent\n;was "))
    (sync_world.folder / "extensions.conf").unlink()
    dry = sync_world.run("sync", "--dry-run")
    assert "changed  queues.conf" in dry.stdout and "removed  extensions.conf" in dry.stdout
    assert "+strategy=leastrecent" in dry.stdout
    assert sync_world.sync().exit_code == 0
    for peer in sync_world.nodes.values():
        tree = peer.tree()
        assert tree["queues.conf"] == queues.read_bytes() and "extensions.conf" not in tree
        assert len(peer.reloads()) == 2
    audit = sync_world.world.audit()[-1]
    assert audit["files"] == {"extensions.conf": "removed", "queues.conf": "changed"}
    assert audit["before"]["digest"] != audit["after"]["digest"]


def test_a_rotated_secret_is_changed_and_never_shown(sync_world: SyncWorld) -> None:
    assert sync_world.sync().exit_code == 0
    before = json.loads(
        (sync_world.nodes[Node.BACKUP].state / "current" / "manifest.json").read_text()
    )
    dry = sync_world.run("sync", "--dry-run", env={"TRUNK_PASSWORD": ROTATED})
    assert "changed  pjsip.secrets.conf (secret: contents never shown)" in dry.stdout
    assert ROTATED not in dry.output and PASSWORD not in dry.output
    result = sync_world.sync(env={"TRUNK_PASSWORD": ROTATED})
    assert result.exit_code == 0, result.output
    manifests = {
        node: json.loads((peer.state / "current" / "manifest.json").read_text())
        for node, peer in sync_world.nodes.items()
    }
    assert manifests[Node.PRIMARY]["secrets"] == manifests[Node.BACKUP]["secrets"]
    assert manifests[Node.BACKUP]["secrets"]["generation"] != before["secrets"]["generation"]
    assert manifests[Node.BACKUP]["tree"] == before["tree"]  # non-secret files unchanged
    for peer in sync_world.nodes.values():
        assert peer.tree()[SECRETS].endswith(f"password={ROTATED}\n".encode())
    log = sync_world.world.audit_path.read_text()
    assert ROTATED not in log and PASSWORD not in log


def test_a_failed_reload_rolls_back_that_node_and_leaves_the_other(sync_world: SyncWorld) -> None:
    assert sync_world.sync().exit_code == 0
    backup, primary = sync_world.nodes[Node.BACKUP], sync_world.nodes[Node.PRIMARY]
    good = {node: (peer.current(), peer.tree()) for node, peer in sync_world.nodes.items()}
    (sync_world.folder / "queues.conf").write_text("[broken\n")
    backup.fail_reloads(True)
    result = sync_world.sync()
    assert result.exit_code == 6, result.output
    assert "the backup's Asterisk reload failed" in result.stderr
    assert "stand-in told to fail" in result.stderr
    assert (backup.current(), backup.tree()) == good[Node.BACKUP]
    assert (primary.current(), primary.tree()) == good[Node.PRIMARY]
    assert backup.reloads()[-2:] == ["-rx core reload", "-rx core reload"]  # try, restore
    assert len(primary.reloads()) == 1
    assert not any(".staging" in name for name in backup.generations())
    audit = sync_world.world.audit()[-1]
    assert (audit["node"], audit["result"]) == ("backup", "rolled back")


def test_a_node_that_does_not_answer_sip_ok_after_the_reload_is_rolled_back(
    sync_world: SyncWorld,
) -> None:
    assert sync_world.sync().exit_code == 0
    backup = sync_world.nodes[Node.BACKUP]
    good = backup.current()
    (sync_world.folder / "queues.conf").write_text("[support]\nstrategy=random\n")
    sync_world.world.sip(Node.BACKUP, 503)  # Asterisk answers, but failing
    result = sync_world.sync("--health-timeout", "2")
    assert result.exit_code == 6, result.output
    assert "did not answer SIP OK within 2 s" in result.stderr
    assert "SIP 503" in result.stderr
    assert backup.current() == good and len(sync_world.nodes[Node.PRIMARY].reloads()) == 1


def test_the_node_with_the_calls_is_refused_while_the_other_could_not_take_them(
    sync_world: SyncWorld,
) -> None:
    assert sync_world.sync().exit_code == 0
    route53 = sync_world.world.moto.client("route53")
    switch = sync_world.world.checks()[(Node.BACKUP, CheckRole.SWITCH)]
    route53.update_health_check(HealthCheckId=switch["Id"], Inverted=True)
    (sync_world.folder / "queues.conf").write_text("[support]\nstrategy=random\n")
    result = sync_world.sync()
    assert result.exit_code == 3, result.output
    assert "not touching the primary, which carries the calls" in result.stderr
    assert "Route 53 counts the backup unhealthy or switched out" in result.stderr
    backup, primary = sync_world.nodes[Node.BACKUP], sync_world.nodes[Node.PRIMARY]
    assert backup.tree()["queues.conf"] == b"[support]\nstrategy=random\n"
    assert primary.tree()["queues.conf"] != b"[support]\nstrategy=random\n"
    forced = sync_world.sync("--force")
    assert forced.exit_code == 0, forced.output
    assert primary.tree()["queues.conf"] == b"[support]\nstrategy=random\n"
    assert sync_world.world.audit()[-1]["forced"] is True


def test_a_missing_secret_stops_everything_before_any_node(sync_world: SyncWorld) -> None:
    before = {node: peer.current() for node, peer in sync_world.nodes.items()}
    result = sync_world.world.run("sync", "--yes")  # no TRUNK_PASSWORD in the environment
    assert result.exit_code == 2, result.output
    assert "no value for TRUNK_PASSWORD (set $TRUNK_PASSWORD); nothing was changed" in result.stderr
    assert {node: peer.current() for node, peer in sync_world.nodes.items()} == before
    assert not sync_world.world.audit()


def test_a_secret_from_ssm_parameter_store(sync_world: SyncWorld) -> None:
    text = sync_world.world.config_path.read_text()
    sync_world.world.config_path.write_text(
        text.replace(
            "\n[cli]\n",
            '\n[site.node.secrets]\nTRUNK_PASSWORD = "ssm:/pbx-failover/callcenter/trunk"\n'
            "\n[cli]\n",
        )
    )
    missing = sync_world.world.run("sync", "--yes")
    assert missing.exit_code == 2, missing.output
    assert "create the SSM parameter /pbx-failover/callcenter/trunk" in missing.stderr
    ssm = sync_world.world.moto.client("ssm", "eu-central-1")
    ssm.put_parameter(
        Name="/pbx-failover/callcenter/trunk", Value="fake-from-ssm-7", Type="SecureString"
    )
    result = sync_world.world.run("sync", "--yes")
    assert result.exit_code == 0, result.output
    assert sync_world.nodes[Node.BACKUP].tree()[SECRETS].endswith(b"password=fake-from-ssm-7\n")


def test_an_unknown_host_key_is_refused_without_the_accept_flag(sync_world: SyncWorld) -> None:
    sync_world.known_hosts.write_text("")
    result = sync_world.sync()
    assert result.exit_code == 3, result.output
    assert "host key" in result.stderr and "--accept-new-host-key" in result.stderr
    assert all(peer.current() == "first-boot" for peer in sync_world.nodes.values())
    accepted = sync_world.sync("--accept-new-host-key")
    assert accepted.exit_code == 0, accepted.output
    assert len(sync_world.known_hosts.read_text().splitlines()) == 2


def test_drift_by_hand_shows_in_status_and_diff(sync_world: SyncWorld) -> None:
    assert sync_world.sync().exit_code == 0
    status = sync_world.run("status")
    assert "config of the primary: in sync with the repo" in status.stdout, status.output
    assert "config of the backup: in sync with the repo" in status.stdout
    assert status.exit_code == 0, status.output
    edited = sync_world.nodes[Node.BACKUP].etc_asterisk / "queues.conf"
    edited.write_text(edited.read_text() + "; edited by hand\n")
    time.sleep(TREE_CACHE_SECONDS)  # the agent answers a flood of reports from one scan
    status = sync_world.run("status")
    assert status.exit_code == 3, status.output
    assert "config of the backup: drifted (1 file: queues.conf changed)" in status.stdout
    assert "the nodes' Asterisk configurations differ from each other" in status.stdout
    diff = sync_world.run("diff")
    assert diff.exit_code == 3 and "changed  queues.conf" in diff.stdout, diff.output
    contents = sync_world.run("diff", "--contents", "--node", "backup")
    assert "-; edited by hand" in contents.stdout, contents.output
    assert sync_world.sync().exit_code == 0
    assert sync_world.run("status").exit_code == 0
