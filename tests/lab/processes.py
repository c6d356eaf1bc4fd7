"""Start the lab's peers in their own process groups and stop them by id, always bounded."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

# Debian package that provides each binary, for the hint when one is missing.
PACKAGES = {
    "kamailio": "kamailio",
    "dnsmasq": "dnsmasq-base",
    "baresip": "baresip-core",
    "linphonec": "linphone-cli",
    "ip": "iproute2",
    "unshare": "util-linux",
    "stdbuf": "coreutils",
}


class LabError(RuntimeError):
    """A lab peer could not be started or did not become ready in time."""


def binary(name: str) -> str:
    """The path of a peer binary, or a LabError that says which package installs it."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found is None:
        package = PACKAGES.get(name, name)
        raise LabError(
            f"{name} is not installed: run `scripts/setup --test` "
            f"(or `apt-get install {package}` on Debian/Ubuntu)"
        )
    return found


class Process:
    """One peer: its own session and process group (pid == pgid), output to a log file."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log: Path,
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        stdin: int | None = subprocess.DEVNULL,
        stdout_pipe: bool = False,
    ) -> None:
        self.name = name
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file: IO[bytes] = log.open("ab")
        self.popen = subprocess.Popen(
            list(argv),
            stdin=stdin,
            stdout=subprocess.PIPE if stdout_pipe else self._log_file,
            stderr=subprocess.STDOUT if stdout_pipe else self._log_file,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        self.pid = self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def signal_group(self, signum: int) -> None:
        """Signal the whole group (a PBX's workers hold its sockets too)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signum)

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM the group, SIGKILL it after `timeout`, and reap the leader."""
        if self.alive():
            self.signal_group(signal.SIGCONT)  # a stopped group cannot act on SIGTERM
            self.signal_group(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.signal_group(signal.SIGKILL)
                self.popen.wait(timeout=timeout)
        # Workers that outlive their leader are in the same group.
        self.signal_group(signal.SIGKILL)
        self._release()

    def kill(self) -> None:
        """SIGKILL the group at once (a crash) and reap the leader."""
        self.signal_group(signal.SIGKILL)
        try:
            self.popen.wait(timeout=5)
        except subprocess.TimeoutExpired as err:
            raise LabError(f"{self.name} (pid {self.pid}) survived SIGKILL") from err
        self._release()

    def _release(self) -> None:
        # A piped stdout belongs to its reader thread, which closes it at end of file.
        if self.popen.stdin is not None:
            self.popen.stdin.close()
        self._log_file.close()

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def wait_until(check: Callable[[], bool], timeout: float, what: str, step: float = 0.05) -> None:
    """Poll `check` until it is true; a LabError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(step)
    raise LabError(f"{what} did not happen within {timeout:g} s")


def free_port(address: str, kind: int = socket.SOCK_STREAM) -> int:
    """A port the kernel chose on `address` (free for TCP and UDP alike where asked)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, kind) as probe:
            probe.bind((address, 0))
            port = int(probe.getsockname()[1])
        other = socket.SOCK_DGRAM if kind == socket.SOCK_STREAM else socket.SOCK_STREAM
        try:
            with socket.socket(socket.AF_INET, other) as second:
                second.bind((address, port))
        except OSError:
            continue
        return port
    raise LabError(f"no free port on {address}")


def port_free(address: str, port: int) -> bool:
    """Whether UDP and TCP `port` are both free on `address`."""
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((address, port))
            except OSError:
                return False
    return True


def version_of(argv: Sequence[str], marker: str) -> str:
    """The first word after `marker` in a binary's version output ('?' if not found)."""
    try:
        result = subprocess.run(list(argv), capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = result.stdout + result.stderr
    index = text.find(marker)
    if index < 0:
        return "?"
    words = text[index + len(marker) :].split()
    return words[0].strip(",") if words else "?"
