"""Real peers for the node tests: sipp as the SIP server, the health agent as a subprocess.

Everything listens on 127.0.0.1 (or ::1) on ports picked free for each test.
"""

from __future__ import annotations

import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from infra.node.cloud_init import node_agent

ROOT = Path(__file__).resolve().parents[2]
AGENT = ROOT / "infra" / "node" / "health_agent.py"
SCENARIOS = Path(__file__).parent / "sip"
SIPP_HINT = "sipp is not installed; install it with: apt-get install sip-tester (CI does)"
UNIT = ROOT / "infra" / "node" / "templates" / "pbx-health-agent.service"
# What the unit runs: the distribution's Python, not this virtual environment's.
SYSTEM_PYTHON = "/usr/bin/python3"


def free_port(kind: socket.SocketKind = socket.SOCK_STREAM, host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, kind) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(ready: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what}")
        time.sleep(0.02)


class Sipp:
    """sipp running one UAS scenario on UDP; counts the OPTIONS requests it received."""

    def __init__(self, binary: str, scenario: str, workdir: Path, host: str) -> None:
        self.host = host
        self.port = free_port(socket.SOCK_DGRAM, host)
        self.messages = workdir / f"sipp-{self.port}-messages.log"
        self.output = workdir / f"sipp-{self.port}.out"
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                [
                    binary, "-sf", str(SCENARIOS / scenario), "-i", host, "-p", str(self.port),
                    "-t", "u1", "-nostdin",
                    # One line per SIP message, written at once: what the tests count.
                    "-trace_shortmsg", "-shortmessage_file", str(self.messages),
                ],
                cwd=workdir,
                stdout=output,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until(self._listening, 10, f"sipp to listen on UDP port {self.port}")

    def _listening(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(
                f"sipp exited with {self.process.returncode}: {self.output.read_text()[-2000:]}"
            )
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            try:
                probe.bind((self.host, self.port))
            except OSError:
                return True  # sipp holds the port
        return False

    def options_received(self) -> int:
        if not self.messages.exists():
            return 0
        lines = self.messages.read_text(errors="replace").splitlines()
        # date, time, epoch, R(eceived)/S(ent), Call-ID, CSeq, first line of the message
        fields = [line.split("\t") for line in lines]
        return sum(1 for f in fields if len(f) >= 7 and f[3] == "R" and f[6].startswith("OPTIONS "))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


class SilentPeer:
    """A UDP socket that reads every datagram and never answers."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.bind((host, 0))
        self.sock.settimeout(0.05)
        self.port: int = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stopped.is_set():
            try:
                self.received.append(self.sock.recv(65535))
            except TimeoutError:
                continue

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(5)
        self.sock.close()


class ScriptedPeer(SilentPeer):
    """Answers each request with the datagrams `script(request)` returns."""

    def __init__(self, script: Callable[[bytes], list[bytes]], host: str = "127.0.0.1") -> None:
        self.script = script
        super().__init__(host)

    def _read(self) -> None:
        while not self._stopped.is_set():
            try:
                request, sender = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            self.received.append(request)
            for datagram in self.script(request):
                self.sock.sendto(datagram, sender)


def sip_response(request: bytes, status: int, reason: str, *, call_id: str | None = None) -> bytes:
    """A response to `request` that copies its Via, From, To, Call-ID and CSeq."""
    lines = request.decode().split("\r\n")
    copied = {
        line.split(":", 1)[0]: line
        for line in lines
        if line.split(":", 1)[0] in ("Via", "From", "To", "Call-ID", "CSeq")
    }
    if call_id is not None:
        copied["Call-ID"] = f"Call-ID: {call_id}"
    head = [f"SIP/2.0 {status} {reason}", *copied.values(), "Content-Length: 0"]
    return ("\r\n".join(head) + "\r\n\r\n").encode()


class Agent:
    """health_agent.py as a real subprocess, serving HTTP on a free loopback port."""

    def __init__(
        self,
        sip_port: int,
        workdir: Path,
        *,
        timeout: float = 0.5,
        cache: float = 1.0,
        sip_host: str = "127.0.0.1",
        python: str = sys.executable,
        listen: str = "127.0.0.1",
        script: Path = AGENT,
        launcher: Sequence[str] = (),
        extra: Sequence[str] = (),
    ) -> None:
        """`launcher` goes before the interpreter (limits, another user); `extra` are more
        agent arguments."""
        self.listen = listen
        self.port = free_port(host=listen)
        self.drain_file = workdir / f"drain-{self.port}"
        self.log_file = workdir / f"agent-{self.port}.log"
        with self.log_file.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    *launcher, python, "-I", str(script),
                    "--listen", listen, "--port", str(self.port),
                    "--path", "/health", "--sip-host", sip_host, "--sip-port", str(sip_port),
                    "--timeout", str(timeout), "--cache", str(cache),
                    "--drain-file", str(self.drain_file), *extra,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until(self._serving, 10, f"the health agent to serve on port {self.port}")

    def _serving(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the agent exited with {self.process.returncode}: {self.log()}")
        try:
            socket.create_connection((self.listen, self.port), timeout=1).close()
        except OSError:
            return False
        return True

    def request(
        self, path: str = "/health", method: str = "GET", *, source: str | None = None
    ) -> tuple[int, str]:
        """One request; `source` is a loopback address to send it from (one per checker)."""
        bind = None if source is None else (source, 0)
        connection = http.client.HTTPConnection(
            self.listen, self.port, timeout=10, source_address=bind
        )
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def log(self) -> str:
        return self.log_file.read_text()

    def stop(self) -> int:
        """SIGTERM, as systemd sends it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
                raise AssertionError("the agent ignored SIGTERM for 5 s") from None
        return self.process.returncode


@pytest.fixture(scope="session")
def sipp_binary() -> str:
    path = shutil.which("sipp")
    if path is None:
        pytest.fail(SIPP_HINT, pytrace=False)
    return path


@pytest.fixture
def sipp(sipp_binary: str, tmp_path: Path) -> Iterator[Callable[..., Sipp]]:
    """Start sipp with a scenario from tests/node/sip: `sipp("uas_options_200.xml")`."""
    started: list[Sipp] = []

    def start(scenario: str, host: str = "127.0.0.1") -> Sipp:
        started.append(Sipp(sipp_binary, scenario, tmp_path, host))
        return started[-1]

    yield start
    for process in started:
        process.stop()


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[Callable[..., Agent]]:
    """Start the health agent against a SIP port: `agent(sip_port, timeout=0.5)`."""
    started: list[Agent] = []

    def start(sip_port: int, workdir: Path | None = None, **options: object) -> Agent:
        started.append(Agent(sip_port, workdir or tmp_path, **options))  # type: ignore[arg-type]
        return started[-1]

    yield start
    for process in started:
        process.stop()


@pytest.fixture
def silent_peer() -> Iterator[SilentPeer]:
    peer = SilentPeer()
    yield peer
    peer.close()


def unit_limits() -> tuple[int, int]:
    """TasksMax and MemoryMax (bytes) of the agent's systemd unit."""
    unit = UNIT.read_text()
    tasks = re.search(r"^TasksMax=([0-9]+)$", unit, re.MULTILINE)
    memory = re.search(r"^MemoryMax=([0-9]+)M$", unit, re.MULTILINE)
    assert tasks and memory, f"{UNIT} lacks TasksMax=N or MemoryMax=NM"
    return int(tasks.group(1)), int(memory.group(1)) * 1024 * 1024


def limited_launcher(tasks: int, *, open_files: int = 1024) -> list[str]:
    """A command prefix that runs the rest as the unit would: a task limit (RLIMIT_NPROC
    standing in for TasksMax), systemd's default open-files limit, and a user of its own.

    As root the rest runs under a uid no account and no other process uses, so the task limit
    counts the agent's threads alone. Otherwise it runs as this (already unprivileged) user,
    whose other tasks then count too: a stricter limit, never a looser one.
    """
    for tool, package in (("prlimit", "util-linux"), ("setpriv", "util-linux")):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing; install it with: apt-get install {package}")
    if not Path(SYSTEM_PYTHON).exists():
        pytest.fail(f"{SYSTEM_PYTHON} is missing; install it with: apt-get install python3")
    limits = ["prlimit", f"--nproc={tasks}", f"--nofile={open_files}", "--"]
    if os.geteuid() != 0:
        return limits
    uid = next(u for u in range(61000 + os.getpid() % 3000, 65000) if not _has_account(u))
    return [
        *limits, "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
        "--no-new-privs", "--",
    ]  # fmt: skip


def _has_account(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A folder any user may read (pytest's tmp_path is 0700), holding the agent as the
    nodes get it (`node_agent()`, the code without docstrings and annotations)."""
    folder = Path(tempfile.mkdtemp(prefix="pbx-agent-"))
    try:
        folder.chmod(0o755)
        (folder / "health_agent.py").write_bytes(node_agent())
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
