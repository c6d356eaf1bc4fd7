"""The health agent under attack, as its unit runs it: /usr/bin/python3 -I as an unprivileged
user under the unit's task limit, sipp behind it, hundreds of hostile connections in front.

Route 53 marks a node unhealthy when its checks go unanswered for 2 s, and calls move: the
agent must keep answering while anyone allowed on the health port misbehaves.
"""

from __future__ import annotations

import http.client
import re
import selectors
import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.node.conftest import SYSTEM_PYTHON, Agent, Sipp, limited_launcher, unit_limits

SLOW, IDLE, HUGE = "slow", "idle", "huge"
SLOW_HEADER_SECONDS = 2.0  # a slow client sends one more header line this often
FIRST_LINE = b"GET /health HTTP/1.1\r\n"
HUGE_CHUNK = FIRST_LINE + b"X-Huge: " + b"a" * 65536
HEALTH_EVERY = 0.5
ANSWER_WITHIN = 2.0  # Route 53 fails a check whose response headers take longer
# Lines the agent may write: start, state changes, stop. Nothing per request.
ALLOWED_LOG = re.compile(r"serving http://.*|health: [A-Z0-9 ]+ -> [A-Z0-9 ]+|stopping on SIGTERM")


@dataclass
class _Slot:
    kind: str
    source: str
    sock: socket.socket | None = None
    connected: bool = False
    next_header_at: float = 0.0
    headers_sent: int = 0


@dataclass
class FloodStats:
    connects: int = 0
    closed_by_agent: int = 0
    established_max: int = 0


class Flood:
    """Hostile clients from many loopback addresses, each reconnected as soon as the agent
    closes it: slow (the request line, then a header every few seconds), idle (nothing at
    all) and huge (header bytes as fast as the agent takes them)."""

    def __init__(self, port: int, counts: dict[str, int], sources: list[str]) -> None:
        self.port = port
        kinds = [kind for kind, count in counts.items() for _ in range(count)]
        self.slots = [_Slot(kind, sources[n % len(sources)]) for n, kind in enumerate(kinds)]
        self.stats = FloodStats()
        self.selector = selectors.DefaultSelector()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Flood:
        for slot in self.slots:
            self._open(slot)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(10)
        for slot in self.slots:
            self._drop(slot)
        self.selector.close()

    def established(self) -> int:
        return sum(1 for slot in self.slots if slot.connected)

    def _open(self, slot: _Slot) -> None:
        sock = socket.socket()
        sock.setblocking(False)
        sock.bind((slot.source, 0))
        sock.connect_ex(("127.0.0.1", self.port))
        slot.sock, slot.connected, slot.headers_sent = sock, False, 0
        self.stats.connects += 1
        self.selector.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE, slot)

    def _drop(self, slot: _Slot) -> None:
        if slot.sock is not None:
            self.selector.unregister(slot.sock)
            slot.sock.close()
            slot.sock, slot.connected = None, False

    def _reopen(self, slot: _Slot) -> None:
        self.stats.closed_by_agent += 1
        self._drop(slot)
        self._open(slot)

    def _run(self) -> None:
        while not self._stop.is_set():
            for key, events in self.selector.select(0.1):
                self._ready(key.data, events)
            self._send_slow_headers()
            self.stats.established_max = max(self.stats.established_max, self.established())

    def _ready(self, slot: _Slot, events: int) -> None:
        sock = slot.sock
        assert sock is not None
        if events & selectors.EVENT_READ:  # the agent's answers are read and dropped
            try:
                if not sock.recv(65536):
                    self._reopen(slot)
                    return
            except BlockingIOError:
                return
            except OSError:
                self._reopen(slot)
                return
        if not events & selectors.EVENT_WRITE:
            return
        if not slot.connected:
            if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                self._reopen(slot)
                return
            slot.connected = True
            slot.next_header_at = time.monotonic()
            if slot.kind != HUGE:  # the others write on a timer, or never
                self.selector.modify(sock, selectors.EVENT_READ, slot)
        if slot.kind == HUGE:
            self._send(slot, HUGE_CHUNK)

    def _send_slow_headers(self) -> None:
        now = time.monotonic()
        for slot in self.slots:
            if slot.kind == SLOW and slot.connected and now >= slot.next_header_at:
                first = slot.headers_sent == 0
                if self._send(slot, FIRST_LINE if first else b"X-Slow: %d\r\n" % slot.headers_sent):
                    slot.headers_sent += 1
                    slot.next_header_at = now + SLOW_HEADER_SECONDS

    def _send(self, slot: _Slot, data: bytes) -> bool:
        """False when the agent had closed the connection (it is reopened)."""
        assert slot.sock is not None
        try:
            slot.sock.send(data)
        except BlockingIOError:
            pass
        except OSError:
            self._reopen(slot)
            return False
        return True


@dataclass
class ProcessWatch:
    """Samples a process's resident memory and task count from /proc."""

    pid: int
    uid: int | None = None
    rss_max: int = 0
    tasks_max: int = 0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> ProcessWatch:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                return
            uid = re.search(r"^Uid:\s+([0-9]+)", status, re.MULTILINE)
            self.uid = int(uid.group(1)) if uid else None
            rss = re.search(r"^VmRSS:\s+([0-9]+) kB$", status, re.MULTILINE)
            tasks = re.search(r"^Threads:\s+([0-9]+)$", status, re.MULTILINE)
            if rss and tasks:
                self.rss_max = max(self.rss_max, int(rss.group(1)) * 1024)
                self.tasks_max = max(self.tasks_max, int(tasks.group(1)))
                self.samples += 1


def timed_health_get(port: int, source: str) -> tuple[float, str]:
    """Seconds to the answer and `status body`, or the error, of one GET /health."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=ANSWER_WITHIN + 1, source_address=(source, 0)
    )
    try:
        connection.request("GET", "/health")
        response = connection.getresponse()
        outcome = f"{response.status} {response.read().decode()}"
    except (OSError, http.client.HTTPException) as err:
        outcome = f"{type(err).__name__}: {err}"
    finally:
        connection.close()
    return time.monotonic() - started, outcome


@pytest.fixture
def limited_agent(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent], public_dir: Path
) -> Iterator[Agent]:
    """The agent as its unit runs it, under the unit's task limit, with sipp answering 200."""
    tasks, _ = unit_limits()
    server = sipp("uas_options_200.xml")
    yield agent(
        server.port,
        workdir=public_dir,
        python=SYSTEM_PYTHON,
        script=public_dir / "health_agent.py",
        launcher=limited_launcher(tasks),
        timeout=1.0,
    )


def test_health_is_answered_within_2_s_while_hundreds_of_connections_attack(
    limited_agent: Agent,
) -> None:
    tasks_limit, memory_limit = unit_limits()
    counts = {SLOW: 300, IDLE: 200, HUGE: 12}
    attackers = [f"127.0.2.{n}" for n in range(1, 65)]  # 8 connections per address
    checkers = [f"127.0.3.{n}" for n in range(1, 17)]
    answers: list[tuple[float, str]] = []
    with (
        ProcessWatch(limited_agent.process.pid) as watch,
        Flood(limited_agent.port, counts, attackers) as flood,
    ):
        deadline = time.monotonic() + 10
        while flood.established() < 0.9 * sum(counts.values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        held = flood.established()
        for n in range(int(10 / HEALTH_EVERY)):
            started = time.monotonic()
            answers.append(timed_health_get(limited_agent.port, checkers[n % len(checkers)]))
            time.sleep(max(0.0, HEALTH_EVERY - (time.monotonic() - started)))
        stats = flood.stats
    alive = limited_agent.process.poll() is None
    after = timed_health_get(limited_agent.port, checkers[0]) if alive else (0.0, "dead")
    exit_code = limited_agent.stop()
    log = limited_agent.log()
    times = [seconds for seconds, _ in answers]
    print(
        f"\nattack: {held} hostile connections established when checks began (max "
        f"{stats.established_max}), {stats.connects} connects, {stats.closed_by_agent} closed "
        f"by the agent; {len(answers)} health GETs: median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s; agent RSS max {watch.rss_max / 2**20:.1f} MiB, tasks max "
        f"{watch.tasks_max} ({watch.samples} samples); log {len(log.splitlines())} lines"
    )
    failed = [a for a in answers if a[1] != "200 SIP OK" or a[0] >= ANSWER_WITHIN]
    assert not failed, f"{len(failed)} of {len(answers)} checks failed or were late: {failed[:5]}"
    assert held >= 0.9 * sum(counts.values()), f"only {held} hostile connections were open"
    assert alive and after[1] == "200 SIP OK", f"after the attack: {after}"
    assert exit_code == 0
    assert watch.uid not in (None, 0), "the agent ran as root"
    assert watch.samples > 0 and watch.rss_max < memory_limit
    assert watch.tasks_max < tasks_limit
    assert "Traceback" not in log
    assert all(ALLOWED_LOG.fullmatch(line) for line in log.splitlines()), log[-2000:]
