"""A PBX node on loopback for `pbxctl sync`: a real OpenSSH server, the real health agent,
a stand-in `asterisk` command, and a root folder of its own that first boot has laid out.

- sshd (Debian `openssh-server`) runs as root on ADDRESS and a free port with a test host
  key; `SetEnv PBX_FAILOVER_ROOT=<root>` points the installer at the node's folder and
  `PATH` at the stand-in `asterisk`, which appends each call to `<root>/asterisk.log` and
  fails while `<root>/asterisk-fail` exists.
- The health agent (infra/node/health_agent.py) listens on ADDRESS and the health port and
  probes the SIP service there (sipp, run by the CLI test world), reporting the tree under
  `<root>/etc/asterisk`.
- First boot: the node's user data, rendered by infra/node/cloud_init.py with the node's
  literal address, is applied under the root (write_files, then the first-boot runcmd).
"""

from __future__ import annotations

import base64
import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
AGENT = ROOT / "infra" / "node" / "health_agent.py"
SSHD = Path("/usr/sbin/sshd")
STAND_IN_ASTERISK = """#!/bin/sh
# A stand-in for Asterisk's CLI on a test node: records the call, fails when told to.
echo "$*" >> "$PBX_FAILOVER_ROOT/asterisk.log"
if [ -e "$PBX_FAILOVER_ROOT/asterisk-fail" ]; then
  echo "pjsip.conf: line 3: syntax error (stand-in told to fail)" >&2
  exit 1
fi
echo "Reloaded"
"""


def sshd_binary() -> Path:
    if not SSHD.exists() or shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
        pytest.fail(
            "OpenSSH is not installed: run scripts/setup --test (apt-get install "
            "openssh-server openssh-client)"
        )
    return SSHD


def keygen(path: Path, comment: str) -> Path:
    if not path.exists():
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
            check=True,
            timeout=30,
        )
    return path


def free_tcp_port(*addresses: str) -> int:
    """A TCP port free on every given address."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((addresses[0], 0))
            port = int(probe.getsockname()[1])
        try:
            for address in addresses:
                with socket.socket() as other:
                    other.bind((address, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free TCP port found")


def _wait_for_port(address: str, port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex((address, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {address}:{port} within 10 s")


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def apply_user_data(text: str, root: Path) -> None:
    """What cloud-init does with a node's user data, under `root`: write_files, then the
    first-boot runcmd (the other runcmd entries start services: not here)."""
    document = yaml.safe_load(text)
    for entry in document["write_files"]:
        content = entry["content"].encode()
        if entry.get("encoding") == "gz+b64":
            content = gzip.decompress(base64.b64decode(content))
        path = root / entry["path"].lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        os.chmod(path, int(entry.get("permissions", "0644"), 8))
    (first_boot,) = [cmd for cmd in document["runcmd"] if "first_boot.py" in " ".join(cmd)]
    argv = [sys.executable, str(root / first_boot[1].lstrip("/")), *first_boot[2:]]
    subprocess.run(argv, env={**os.environ, "PBX_FAILOVER_ROOT": str(root)}, check=True, timeout=30)


class SshNode:
    """One node: its root folder, sshd and health agent (started by `start`)."""

    def __init__(self, name: str, address: str, workdir: Path, client_key: Path) -> None:
        self.name, self.address = name, address
        self.dir = workdir
        self.root = workdir / "root"
        self.host_key = keygen(workdir / "host_ed25519", f"{name}-host")
        self.client_key = client_key
        self.ssh_port = free_tcp_port(address)
        self.sshd: subprocess.Popen[bytes] | None = None
        self.agent: subprocess.Popen[bytes] | None = None
        self.health_port = 0

    # -- the node's files ---------------------------------------------------------------
    def first_boot(self, user_data: str) -> None:
        """A fresh node: the package's /etc/asterisk, then the user data applied."""
        shutil.rmtree(self.root, ignore_errors=True)
        package = self.root / "etc" / "asterisk"
        package.mkdir(parents=True)
        (package / "asterisk.conf").write_text("; the asterisk package's sample\n")
        bin_dir = self.root / "bin"
        bin_dir.mkdir()
        (bin_dir / "asterisk").write_text(STAND_IN_ASTERISK)
        (bin_dir / "asterisk").chmod(0o755)
        apply_user_data(user_data, self.root)

    @property
    def etc_asterisk(self) -> Path:
        return self.root / "etc" / "asterisk"

    @property
    def state(self) -> Path:
        return self.root / "var" / "lib" / "pbx-failover"

    def tree(self) -> dict[str, bytes]:
        """What /etc/asterisk shows, as a reader on the node sees it."""
        base = self.etc_asterisk
        return {
            p.relative_to(base).as_posix(): p.read_bytes()
            for p in sorted(base.rglob("*"))
            if p.is_file()
        }

    def generations(self) -> list[str]:
        return sorted(p.name for p in (self.state / "generations").iterdir())

    def current(self) -> str:
        return os.readlink(self.state / "current").removeprefix("generations/")

    def reloads(self) -> list[str]:
        log = self.root / "asterisk.log"
        return log.read_text().splitlines() if log.exists() else []

    def fail_reloads(self, fail: bool) -> None:
        marker = self.root / "asterisk-fail"
        if fail:
            marker.touch()
        else:
            marker.unlink(missing_ok=True)

    # -- processes ------------------------------------------------------------------------
    def start(self, *, health_port: int, sip_port: int) -> None:
        sshd = sshd_binary()
        self.health_port = health_port
        Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
        authorized = self.dir / "authorized_keys"
        authorized.write_text(Path(f"{self.client_key}.pub").read_text())
        config = self.dir / "sshd_config"
        config.write_text(
            f"ListenAddress {self.address}:{self.ssh_port}\n"
            f"HostKey {self.host_key}\n"
            f"AuthorizedKeysFile {authorized}\n"
            f"PidFile {self.dir / 'sshd.pid'}\n"
            "UsePAM no\nStrictModes no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
            f"SetEnv PBX_FAILOVER_ROOT={self.root} "
            f"PATH={self.root / 'bin'}:/usr/local/bin:/usr/bin:/bin\n"
        )
        with (self.dir / "sshd.log").open("wb") as log:
            self.sshd = subprocess.Popen(
                [str(sshd), "-D", "-e", "-f", str(config)],
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        _wait_for_port(self.address, self.ssh_port, self.sshd, f"sshd of the {self.name}")
        with (self.dir / "agent.log").open("wb") as log:
            self.agent = subprocess.Popen(
            [
                sys.executable, str(AGENT), "--listen", self.address, "--port", str(health_port),
                "--sip-host", self.address, "--sip-port", str(sip_port),
                "--timeout", "0.5", "--cache", "1",
                "--drain-file", str(self.dir / "drain"),
                "--tree-root", str(self.etc_asterisk),
                "--manifest", str(self.state / "current" / "manifest.json"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )  # fmt: skip
        _wait_for_port(self.address, health_port, self.agent, f"health agent of the {self.name}")

    def host_key_line(self, host: str) -> str:
        key = Path(f"{self.host_key}.pub").read_text().split()[:2]
        return f"{host} {' '.join(key)}\n"

    def stop(self) -> None:
        _stop(self.agent)
        _stop(self.sshd)
        self.agent = self.sshd = None
