"""Time `pbxctl sync` of the example to two nodes over loopback SSH: a no-op and one file.

The nodes are the test suite's (tests/peers/ssh_node.py): real OpenSSH servers on 127.0.0.2
and 127.0.0.3 laid out by their own user data, the real health agent in front of sipp, the
primary through the ProxyCommand path (a local relay instead of Session Manager), Route 53
and EC2 in moto behind the fault proxy, the backup's server in the Hetzner fake. Every run
is a real `pbxctl sync --yes` process; the one-file runs change `queues.conf` each time, so
each installs a generation on both nodes, reloads the stand-in Asterisk and waits for
`SIP OK` from each node's agent (which includes the agent's 1 s result cache).

`measure_sync(runs, workdir)` is what a bench harness calls; run alone:
`python scripts/bench_sync.py [--runs N]` prints the rows as JSON.
"""

# ruff: noqa: PLC0415 (the test peers load after sys.path is set)

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "callcenter.toml"
ADDRESS = {"primary": "127.0.0.2", "backup": "127.0.0.3"}


def _timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=300, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:3])} failed ({done.returncode}): {done.stderr}")
    return seconds


def _row(row_id: str, title: str, values: list[float]) -> dict[str, Any]:
    return {
        "id": row_id,
        "title": title,
        "runs": len(values),
        "median_s": round(statistics.median(values), 3),
        "min_s": round(min(values), 3),
        "max_s": round(max(values), 3),
    }


def measure_sync(runs: int, workdir: Path) -> list[dict[str, Any]]:
    """Rows for a no-op and a one-file sync of the example to both nodes (medians of `runs`)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from infra.config import load_config
    from infra.naming import Node, StackRole, stack_name
    from infra.node.cloud_init import render_user_data
    from tests.peers.dns_server import FailoverDnsServer
    from tests.peers.fault_proxy import FaultProxy
    from tests.peers.hetzner_fake import HetznerFake
    from tests.peers.moto_server import MotoServer
    from tests.peers.pbxctl_env import FOREIGN_SETTINGS, SITE, peer_env, seed_site
    from tests.peers.sip_peer import SipPeer, free_udp_port, sipp_binary
    from tests.peers.ssh_node import SshNode, free_tcp_port, keygen
    from tests.support.examples import fake_secrets

    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    out = workdir / "synth"
    subprocess.run(
        [sys.executable, "-m", "stacks", "--config", str(EXAMPLE), "--outdir", str(out)],
        cwd=ROOT, check=True, capture_output=True, timeout=300,
        env={**os.environ, **fake_secrets()},
    )  # fmt: skip
    dns_stack = json.loads(
        (out / "stacks" / stack_name(SITE, StackRole.DNS) / "cdk.tf.json").read_text()
    )
    started: list[Any] = []
    try:
        moto = MotoServer().start()
        started.append(moto)
        proxy = FaultProxy(moto.url).start()
        started.append(proxy)
        hetzner = HetznerFake().start()
        started.append(hetzner)
        dns = FailoverDnsServer(moto.client("route53"), "example.com").start()
        started.append(dns)
        seed_site(moto, hetzner, dns_stack, addresses={Node(n): a for n, a in ADDRESS.items()})
        sipp_binary()
        sip_port = free_udp_port(*ADDRESS.values())
        for node, address in ADDRESS.items():
            started.append(SipPeer(address, sip_port, 200, workdir / f"sipp-{node}"))
        health_port = free_tcp_port(*ADDRESS.values())

        project = workdir / "project"
        shutil.copytree(EXAMPLE.parent / "asterisk", project / "asterisk")
        config_path = project / "pbx-failover.toml"
        text = EXAMPLE.read_text().replace("udp_port = 5060", f"udp_port = {sip_port}")
        text = text.replace("port = 8080", f"port = {health_port}")
        text = text.replace('access = "ssm"', 'access = "ssm"\nssh_user = "root"')
        text += (
            f'\n[cli]\naudit_log = "{workdir / "audit.jsonl"}"\nname_servers = ["{dns.address}"]\n'
        )
        config_path.write_text(text)
        config = load_config(config_path)
        site = config.sites[0]

        client_key = keygen(workdir / "client_ed25519", "pbxctl-bench")
        nodes = {}
        for name, address in ADDRESS.items():
            (workdir / name).mkdir()
            peer = SshNode(name, address, workdir / name, client_key)
            started.append(peer)
            peer.first_boot(
                render_user_data(
                    config, site, Node(name), public_ipv4=address, public_ipv6=None,
                    hostname=config.node_fqdn(site, Node(name)),
                )
            )  # fmt: skip
            peer.start(health_port=health_port, sip_port=sip_port)
            nodes[name] = peer
        ssh_config = workdir / "ssh_config"
        backup = nodes["backup"]
        ssh_config.write_text(
            f"Host {config.node_fqdn(site, Node.BACKUP)}\n"
            f"  HostName {backup.address}\n  Port {backup.ssh_port}\n"
        )
        primary = nodes["primary"]
        relay = ROOT / "tests" / "peers" / "tcp_relay.py"
        env = {k: v for k, v in os.environ.items() if k not in FOREIGN_SETTINGS}
        env.update(
            peer_env(
                aws_url=proxy.url, hcloud_url=hetzner.url, hcloud_token=hetzner.token,
                config=config_path, scratch=workdir,
            )
        )  # fmt: skip
        env.update(fake_secrets())  # the trunk's and the agents' fake passwords
        env.update(
            {
                "PBX_FAILOVER_SSH_IDENTITY": str(client_key),
                "PBX_FAILOVER_KNOWN_HOSTS": str(workdir / "known_hosts"),
                "PBX_FAILOVER_SSH_CONFIG": str(ssh_config),
                "PBX_FAILOVER_SSM_PROXY_COMMAND": (
                    f"{sys.executable} {relay} {primary.address} {primary.ssh_port}"
                ),
            }
        )
        pbxctl = str(Path(sys.executable).parent / "pbxctl")
        sync = [pbxctl, "sync", "--yes", "--reason", "bench"]
        first = _timed([*sync, "--accept-new-host-key"], env)  # first contact, secrets arrive
        no_op = [_timed(sync, env) for _ in range(runs)]
        queues = project / "asterisk" / "queues.conf"
        original = queues.read_text()
        one_file = []
        for run in range(runs):
            queues.write_text(f"{original}; bench run {run}\n")
            one_file.append(_timed(sync, env))
        return [
            _row("sync-first", "first `pbxctl sync` after first boot (adds the secrets)", [first]),
            _row("sync-noop", "`pbxctl sync --yes`, nothing to change, both nodes", no_op),
            _row("sync-one-file", "`pbxctl sync --yes`, one file changed, both nodes", one_file),
        ]
    finally:
        for peer in reversed(started):
            try:
                peer.stop()
            except Exception as err:  # noqa: BLE001 (best effort at shutdown)
                print(f"stopping {type(peer).__name__}: {err}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench" / "sync")
    args = parser.parse_args()
    print(json.dumps(measure_sync(args.runs, args.workdir), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
