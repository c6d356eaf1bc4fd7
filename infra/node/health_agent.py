#!/usr/bin/env python3
"""pbx-failover health agent: answers Route 53's HTTP checks with the state of local SIP.

`GET /health` sends SIP OPTIONS over UDP and answers `200 SIP OK` for any well-formed final
response except 5xx, else 503 and the reason. A 6xx (e.g. 603 Decline) counts as alive, like
401/403/404: the server processes SIP and only refuses this request. While the drain file
exists the answer is `503 DRAINING`, without probing. One probe result is shared per
`--cache` window, and requests that arrive during a probe wait for it.

`GET /pbx-failover/tree` answers JSON describing the configuration installed under
`--tree-root`: the sha256 of every regular file found there now and their `tree_digest`,
next to what the sync recorded in `--manifest`. Files the manifest lists as secrets are
never opened. `file_digest` and `tree_digest` are the functions both sides compute with.

Anyone allowed on the health port may be hostile, so one thread serves every connection
from an asyncio loop, within bounds: MAX_CONNECTIONS in all and MAX_PER_SOURCE per address
(per /64 for IPv6), MAX_REQUEST_BYTES and REQUEST_SECONDS for a request's line and headers,
GET and HEAD only, no bodies; a bad request is answered 400 (or 405, 408, 413, 431) and
closed. When the table is full, the oldest connection that is not waiting for an answer
makes room for the newcomer. The SIP probe and the tree scan each run in one short-lived
worker thread, so the loop never waits for them. Nothing is logged per request: one line at
start and stop, and one per change of health state.

Standard library only, Python 3.10+, one file. The nodes get it without its docstrings,
comments and annotations (infra/node/cloud_init.py): user data is small.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import logging
import os
import re
import resource
import signal
import socket
import stat
import sys
import threading
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Generic, TypeVar

LOG = logging.getLogger("pbx-health-agent")

SIP_OK = "SIP OK"
SIP_TIMEOUT = "SIP TIMEOUT"
SIP_UNREACHABLE = "SIP UNREACHABLE"
SIP_MALFORMED = "SIP MALFORMED"
DRAINING = "DRAINING"

TREE_PATH = "/pbx-failover/tree"
TREE_CACHE_SECONDS = 2.0  # a flood of tree requests costs one scan per window
TREE_MAX_FILES = 4096  # entries visited, folders included
TREE_MAX_BYTES = 32 * 1024 * 1024
MANIFEST_MAX_BYTES = 4 * 1024 * 1024

MAX_CONNECTIONS = 512  # lowered to fit the open-files limit when that is smaller
MAX_PER_SOURCE = 16  # one admin host cannot fill the table; Route 53 checks from many
MAX_REQUEST_BYTES = 8192  # request line and headers
REQUEST_SECONDS = 2.5  # from accept to the end of the headers (Route 53 waits 2 s for them)
ANSWER_SECONDS = 15.0  # to get the answer (probe included), and again to read it
SEND_BUFFER = 16384  # kernel memory per slow reader stays small
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}

_CSEQ = 1  # every probe has a fresh Call-ID, so its one request is always CSeq 1
_STATUS_LINE = re.compile(r"(?i:SIP)/2\.0 ([1-6][0-9]{2}) [^\x00-\x08\x0a-\x1f\x7f]*", re.ASCII)
_HEADER = re.compile(r"([A-Za-z0-9.!%*_+`'~-]+)[ \t]*:[ \t]*([^\x00-\x08\x0a-\x1f\x7f]*)", re.ASCII)
_CONTINUATION = re.compile(r"[ \t][^\x00-\x08\x0a-\x1f\x7f]*")
_CSEQ_VALUE = re.compile(r"[0-9]{1,10}[ \t]+[A-Za-z0-9.!%*_+`'~-]+", re.ASCII)
_LENGTH = re.compile(r"[0-9]{1,10}", re.ASCII)
_END_OF_HEADERS = re.compile(rb"\r?\n\r?\n")
_COMPACT = {"v": "via", "f": "from", "t": "to", "i": "call-id", "l": "content-length"}
_REQUIRED = ("via", "from", "to", "call-id", "cseq")


@dataclass(frozen=True)
class SipProbeResult:
    """One OPTIONS probe: `alive` for any well-formed final response except 5xx."""

    alive: bool
    status: int | None  # None when no (valid) answer came
    reason: str  # SIP OK, SIP TIMEOUT, SIP 503, SIP UNREACHABLE, SIP MALFORMED
    rtt_ms: float | None


def _parse_response(  # noqa: C901, PLR0911 (one early return per rule a response can break)
    data: bytes,
) -> tuple[int, dict[str, str]] | None:
    """Status code and headers (long lower-case names, first value) of a well-formed response."""
    end = _END_OF_HEADERS.search(data)
    if end is None:
        return None
    try:
        head = data[: end.start()].decode("utf-8")
    except UnicodeDecodeError:
        return None
    start_line, *lines = head.replace("\r\n", "\n").split("\n")
    status = _STATUS_LINE.fullmatch(start_line)
    if status is None:
        return None
    headers: dict[str, str] = {}
    name = ""
    for line in lines:
        if line[:1] in (" ", "\t"):  # a folded header line: only its form matters here
            if not name or _CONTINUATION.fullmatch(line) is None:
                return None
            continue
        header = _HEADER.fullmatch(line)
        if header is None:
            return None
        name = header.group(1).lower()
        headers.setdefault(_COMPACT.get(name, name), header.group(2).strip())
    if any(not headers.get(required) for required in _REQUIRED):
        return None
    if _CSEQ_VALUE.fullmatch(headers["cseq"]) is None:
        return None
    # RFC 3261 18.3: a datagram shorter than its Content-Length is discarded.
    length = headers.get("content-length")
    if length is not None and (
        _LENGTH.fullmatch(length) is None or int(length) > len(data) - end.end()
    ):
        return None
    return int(status.group(1)), headers


def parse_sip_status(data: bytes) -> int | None:
    """The status code of a well-formed SIP response, else None; never raises."""
    parsed = _parse_response(data)
    return None if parsed is None else parsed[0]


def _uri_host(address: str) -> str:
    host = address.split("%", 1)[0]  # a link-local scope id has no place in a SIP URI
    return f"[{host}]" if ":" in host else host


def _options_request(target: tuple[str, int], local: tuple[str, int], call_id: str) -> bytes:
    remote = f"{_uri_host(target[0])}:{target[1]}"
    here = f"{_uri_host(local[0])}:{local[1]}"
    lines = (
        f"OPTIONS sip:{remote} SIP/2.0",
        f"Via: SIP/2.0/UDP {here};branch=z9hG4bK{uuid.uuid4().hex};rport",
        "Max-Forwards: 70",
        f"From: <sip:pbx-health-agent@{_uri_host(local[0])}>;tag={uuid.uuid4().hex[:16]}",
        f"To: <sip:{remote}>",
        f"Call-ID: {call_id}",
        f"CSeq: {_CSEQ} OPTIONS",
        f"Contact: <sip:pbx-health-agent@{here}>",
        "Accept: application/sdp",
        "User-Agent: pbx-failover-health-agent",
        "Content-Length: 0",
    )
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def probe_sip_options(host: str, port: int = 5060, timeout: float = 1.0) -> SipProbeResult:
    """Send one SIP OPTIONS over UDP and wait up to `timeout` seconds for its final response."""
    deadline = time.monotonic() + timeout
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)[0]
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            # Connected, so an ICMP port unreachable surfaces as ConnectionRefusedError at
            # once, and the kernel drops datagrams from anyone but the target.
            sock.connect(address)
            call_id = f"{uuid.uuid4().hex}@pbx-health-agent"
            target, local = sock.getpeername(), sock.getsockname()
            started = time.monotonic()
            sock.send(_options_request((target[0], target[1]), (local[0], local[1]), call_id))
            return _await_final(sock, call_id, started, deadline)
    except (OSError, UnicodeError):  # refused, no route, bad address: nothing answers SIP there
        return SipProbeResult(False, None, SIP_UNREACHABLE, None)


def _await_final(
    sock: socket.socket, call_id: str, started: float, deadline: float
) -> SipProbeResult:
    malformed = False
    while (remaining := deadline - time.monotonic()) > 0:
        sock.settimeout(remaining)
        try:
            data = sock.recv(65535)
        except TimeoutError:
            break
        parsed = _parse_response(data)
        if parsed is None:
            if call_id.encode() in data:  # a broken answer to this very request
                return SipProbeResult(False, None, SIP_MALFORMED, None)
            malformed = True
            continue
        status, headers = parsed
        cseq = headers["cseq"].split()
        if headers["call-id"] != call_id or cseq != [str(_CSEQ), "OPTIONS"]:
            continue  # a late answer to an earlier probe, or someone else's
        if status < 200:
            continue  # provisional: the final response is still to come
        rtt_ms = (time.monotonic() - started) * 1000
        if 500 <= status < 600:
            return SipProbeResult(False, status, f"SIP {status}", rtt_ms)
        return SipProbeResult(True, status, SIP_OK, rtt_ms)
    return SipProbeResult(False, None, SIP_MALFORMED if malformed else SIP_TIMEOUT, None)


def file_digest(data: bytes) -> str:
    """The sha256 of one file's contents, in hex."""
    return hashlib.sha256(data).hexdigest()


def tree_digest(files: Mapping[str, str]) -> str:
    """The sha256 (hex) of `sha256sum`'s listing of `files` (POSIX path -> sha), sorted by path."""
    listing = "".join(f"{files[path]}  {path}\n" for path in sorted(files))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


@dataclass
class TreeScan:
    """What lies under a tree root now. `unreadable` holds what is there but not hashed:
    symlinks (never followed), special files, and what cannot be opened or named in UTF-8."""

    files: dict[str, str] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    truncated: bool = False


class _OverBudget(Exception):
    pass


def scan_tree(
    root: str,
    skip: Collection[str] = (),
    max_files: int = TREE_MAX_FILES,
    max_bytes: int = TREE_MAX_BYTES,
) -> TreeScan:
    """Hash every regular file under `root` except the relative paths in `skip` (a skipped
    folder is skipped whole). The root may be a symlink; nothing below it is followed."""
    scan = TreeScan()
    budget = [max_files, max_bytes]
    folders = [""]
    try:
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(os.path.join(root, folder)) as entries:
                    for entry in entries:
                        budget[0] -= 1
                        if budget[0] < 0:
                            raise _OverBudget
                        path = f"{folder}/{entry.name}" if folder else entry.name
                        # A name that is not UTF-8 is listed escaped, never hashed.
                        named = os.fsencode(path).decode("utf-8", "backslashreplace")
                        if path in skip:
                            continue
                        if named != path:
                            scan.unreadable.append(named)
                        elif _is_folder(entry):
                            folders.append(path)
                        elif (digest := _hash_file(os.path.join(root, path), budget)) is None:
                            scan.unreadable.append(path)
                        else:
                            scan.files[path] = digest
            except OSError:
                scan.unreadable.append(folder or ".")
    except _OverBudget:
        scan.truncated = True
    return scan


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _hash_file(path: str, budget: list[int]) -> str | None:
    """The sha256 of a regular file; None for a symlink or anything else that is no file."""
    # O_NOFOLLOW refuses a symlink, O_NONBLOCK keeps a FIFO from hanging the open.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := os.read(fd, 65536):
            budget[1] -= len(chunk)
            if budget[1] < 0:
                raise _OverBudget
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def read_manifest(path: str) -> dict[str, Any]:
    """The sync's manifest, or {} when it is missing, unreadable or not format 1."""
    try:
        with open(path, "rb") as manifest:
            data = manifest.read(MANIFEST_MAX_BYTES + 1)
        loaded = json.loads(data) if len(data) <= MANIFEST_MAX_BYTES else None
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(loaded, dict) or loaded.get("format") != 1:
        return {}
    return loaded


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def tree_report(root: str, manifest_path: str) -> bytes:
    """The JSON body of `GET /pbx-failover/tree`."""
    manifest = read_manifest(manifest_path)
    secrets = manifest.get("secrets")
    secrets = secrets if isinstance(secrets, dict) else {}
    secret_files = secrets.get("files")
    if not isinstance(secret_files, list) or not all(isinstance(f, str) for f in secret_files):
        secret_files = []
    scan = scan_tree(root, frozenset(secret_files))
    report = {
        "format": 1,
        "root": root,
        "generation": _text(manifest.get("generation")),
        "installed": _text(manifest.get("tree")),
        "digest": tree_digest(scan.files),
        "files": dict(sorted(scan.files.items())),
        "secrets": {"generation": _text(secrets.get("generation")), "files": secret_files},
        "unreadable": sorted(scan.unreadable),
        "truncated": scan.truncated,
    }
    return json.dumps(report, indent=1).encode("utf-8")


# Request heads: RFC 9112 tokens and visible ASCII targets; header values may carry obs-text.
_TOKEN = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]"
_METHOD = re.compile(rb"%s{1,20}" % _TOKEN)
_REQUEST_LINE = re.compile(rb"(?:GET|HEAD) (/[\x21-\x7e]*) HTTP/1\.[01]\r?")
_HEADER_LINE = re.compile(rb"(%s+):[ \t]*([\t\x20-\x7e\x80-\xff]*?)[ \t]*\r?" % _TOKEN)
_NEVER_IN_A_HEAD = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # without the query


def parse_request_line(line: bytes) -> Request | int:
    """The request in a request line (without its LF), or the status that refuses it."""
    method = line.split(b" ", 1)[0]
    if method not in (b"GET", b"HEAD") and _METHOD.fullmatch(method) and line.count(b" ") == 2:
        return 405
    matched = _REQUEST_LINE.fullmatch(line)
    if matched is None:
        return 400  # also an absolute URL (`GET http://[/health`): nothing here needs one
    return Request(method.decode("ascii"), matched.group(1).split(b"?", 1)[0].decode("ascii"))


def parse_request(head: bytes) -> Request | int:
    """A whole request head (up to its blank line): the request, or the status refusing it."""
    line, *headers = head.rstrip(b"\r\n").split(b"\n")
    request = parse_request_line(line)
    for header in headers:
        matched = _HEADER_LINE.fullmatch(header)
        if matched is None:
            return 400  # includes folded lines, which RFC 9112 lets a server refuse
        name, value = matched.group(1).lower(), matched.group(2)
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return 400 if name == b"content-length" and not value.isdigit() else 413
    return request


_TEXT = "text/plain; charset=utf-8"

T = TypeVar("T")


class Cached(Generic[T]):
    """A slow computation run off the loop in one worker thread at a time. Its result is
    reused for `ttl` seconds, and everyone who asks while it runs gets that run's result."""

    def __init__(self, compute: Callable[[], T], ttl: float) -> None:
        self.compute = compute
        self.ttl = ttl
        self.result: T | None = None
        self.done_at = 0.0
        self.waiting: list[Callable[[T], None]] = []

    def get(self, then: Callable[[T], None]) -> None:
        loop = asyncio.get_running_loop()
        if self.result is not None and loop.time() - self.done_at < self.ttl:
            then(self.result)
            return
        self.waiting.append(then)
        if len(self.waiting) > 1:
            return  # a run is under way

        def work() -> None:
            result = self.compute()
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: stopping
                loop.call_soon_threadsafe(self._done, result)

        try:  # a daemon thread: a stop never waits for a probe or a scan
            threading.Thread(target=work, daemon=True).start()
        except RuntimeError:  # no thread to be had: run here, bounded by its own timeout
            self._done(self.compute())

    def _done(self, result: T) -> None:
        self.result, self.done_at = result, asyncio.get_running_loop().time()
        waiting, self.waiting = self.waiting, []
        for then in waiting:
            then(result)


class Connection(asyncio.Protocol):
    """One exchange: a request head within the bounds, one answer, then the close."""

    transport: asyncio.Transport

    def __init__(self, agent: Agent) -> None:
        self.agent = agent
        self.source = ""
        self.buffer = bytearray()
        self.waiting = False  # for the probe or the scan: never evicted
        self.answered = False
        self.head_only = False
        self.peer_done = False  # the client has sent all it will
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.source = source_of(transport.get_extra_info("peername"))
        with contextlib.suppress(OSError):
            transport.get_extra_info("socket").setsockopt(
                socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER
            )
        if self.agent.admit(self):
            self._deadline(REQUEST_SECONDS, self.expire)
        else:
            transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.agent.forget(self)

    def eof_received(self) -> bool:
        self.peer_done = True
        if not self.answered and not self.waiting:
            self.refuse(400)  # the head can never be complete now
        return not self.answered  # a waiting request still gets its answer

    def _deadline(self, seconds: float, then: Callable[[], None]) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(seconds, then)

    def expire(self) -> None:
        self.refuse(408)  # the request head took too long

    def data_received(self, data: bytes) -> None:
        if self.answered or self.waiting:
            return  # the rest of a refused request, or more than one request: ignored
        buffer = self.buffer
        before = len(buffer)
        buffer += data[: MAX_REQUEST_BYTES + 1 - before]
        if _NEVER_IN_A_HEAD.search(data):
            self.refuse(400)
            return
        line_end = buffer.find(b"\n")
        if line_end < 0:
            if len(buffer) > MAX_REQUEST_BYTES:
                self.refuse(400)  # a request line this long is no request
            return
        if line_end >= before:  # the request line is complete now: refuse a bad one at once
            verdict = parse_request_line(bytes(buffer[:line_end]))
            if isinstance(verdict, int):
                self.refuse(verdict)
                return
        end = _END_OF_HEADERS.search(buffer, max(0, before - 3))
        if end is None:
            if len(buffer) > MAX_REQUEST_BYTES:
                self.refuse(431)
            return
        request = parse_request(bytes(buffer[: end.end()]))
        if isinstance(request, int):
            self.refuse(request)
            return
        self.buffer = bytearray()
        self.head_only = request.method == "HEAD"
        self.waiting = True
        self._deadline(ANSWER_SECONDS, self.transport.abort)
        self.agent.answer(self, request.path)

    def refuse(self, status: int) -> None:
        self.reply(status, HTTPStatus(status).phrase.lower().encode("ascii"))

    def reply(self, status: int, body: bytes, content_type: str = _TEXT) -> None:
        if self.answered or self.transport.is_closing():
            return
        self.answered, self.waiting = True, False
        extra = "Allow: GET, HEAD\r\n" if status == 405 else ""
        # HTTP/1.0: one answer per connection, never kept alive.
        head = (
            f"HTTP/1.0 {status} {HTTPStatus(status).phrase}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\n"
            f"Connection: close\r\n{extra}\r\n"
        ).encode("ascii")
        self.transport.writelines([head] if self.head_only else [head, body])
        if self.peer_done:
            self.transport.close()  # once all is sent
        else:
            # FIN once all is sent, then read on until the client closes: a close with its
            # input unread would reset the connection and could destroy the answer.
            self.transport.write_eof()
        self._deadline(ANSWER_SECONDS, self.transport.abort)


def source_of(address: tuple[Any, ...]) -> str:
    """Whom a connection counts against: its IPv4 address, or its IPv6 /64."""
    host = str(address[0]).split("%", 1)[0]
    if ":" in host and not host.startswith("::ffff:"):
        return socket.inet_pton(socket.AF_INET6, host)[:8].hex()
    return host.removeprefix("::ffff:")


class Agent:
    """Admits connections within the bounds and answers their requests."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.health_path: str = args.path
        self.drain_file: str = args.drain_file
        nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        self.max_connections = max(1, min(MAX_CONNECTIONS, nofile - 32))
        self.connections: dict[Connection, None] = {}  # oldest first
        self.per_source: dict[str, int] = {}
        self.state = "UNKNOWN"
        self.probe = Cached(
            lambda: probe_sip_options(args.sip_host, args.sip_port, args.timeout), args.cache
        )
        self.tree = Cached(lambda: tree_report(args.tree_root, args.manifest), TREE_CACHE_SECONDS)

    def admit(self, connection: Connection) -> bool:
        """Make room for `connection` by closing the oldest one that is not waiting for an
        answer: of its address when that holds its share, else of anyone when the table is
        full. False when nobody could go."""
        source = connection.source
        candidates: Iterable[Connection] | None = None
        if self.per_source.get(source, 0) >= MAX_PER_SOURCE:
            candidates = (c for c in self.connections if c.source == source)
        elif len(self.connections) >= self.max_connections:
            candidates = self.connections  # oldest first
        if candidates is not None:
            # A waiting connection is answered within the probe's timeout; all others are
            # slow or idle requests, slow readers, or answered and lingering.
            victim = next((c for c in candidates if not c.waiting), None)
            if victim is None:
                return False
            self.forget(victim)
            victim.transport.abort()
        self.connections[connection] = None
        self.per_source[source] = self.per_source.get(source, 0) + 1
        return True

    def forget(self, connection: Connection) -> None:
        if connection not in self.connections:
            return  # made room for another, or never admitted
        del self.connections[connection]
        left = self.per_source[connection.source] - 1
        if left:
            self.per_source[connection.source] = left
        else:
            del self.per_source[connection.source]

    def answer(self, connection: Connection, path: str) -> None:
        if path == self.health_path:
            if os.path.exists(self.drain_file):
                self._health(connection, None)
            else:
                self.probe.get(lambda result: self._health(connection, result))
        elif path == TREE_PATH:
            self.tree.get(lambda body: connection.reply(200, body, "application/json"))
        else:
            connection.reply(404, b"not found")

    def _health(self, connection: Connection, result: SipProbeResult | None) -> None:
        """DRAINING while the drain file exists, else the probe's result."""
        if result is None or os.path.exists(self.drain_file):
            alive, reason = False, DRAINING
        else:
            alive, reason = result.alive, result.reason
        if reason != self.state:
            LOG.info("health: %s -> %s", self.state, reason)
            self.state = reason
        connection.reply(200 if alive else 503, reason.encode("utf-8"))


def listen(address: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)  # '::' takes IPv4 too
        sock.bind((address, port))
        sock.listen(1024)  # checkers from several Route 53 regions can arrive at once
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _number(kind: type[float], low: float, high: float) -> Callable[[str], float]:
    def check(text: str) -> float:
        value = kind(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not from {low} to {high}")
        return value

    check.__name__ = kind.__name__  # argparse names it in "invalid int value: 'x'"
    return check


def _path(text: str) -> str:
    # Compared with the request target's path, so it holds no query and no space.
    if re.fullmatch(r"/[\x21-\x3e\x40-\x7e]*", text) is None or text == TREE_PATH:
        raise argparse.ArgumentTypeError(
            f"{text} is not an URL path starting with '/' (without '?', not {TREE_PATH})"
        )
    return text


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="health_agent.py",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        description="Answer HTTP health checks (Route 53) with the state of the local SIP "
        "service, probed with SIP OPTIONS over UDP: 200 'SIP OK' or 503 and the reason. "
        f"{TREE_PATH} reports the installed configuration tree as JSON.",
    )
    parser.add_argument("--listen", default="0.0.0.0", help="address to serve HTTP on (:: = all)")
    parser.add_argument("--port", type=_number(int, 1, 65535), default=8080, help="HTTP port")
    parser.add_argument("--path", type=_path, default="/health", help="health URL path")
    parser.add_argument("--sip-host", default="127.0.0.1", help="SIP service to probe")
    parser.add_argument(
        "--sip-port", type=_number(int, 1, 65535), default=5060, help="its UDP port"
    )
    parser.add_argument(
        "--timeout",
        type=_number(float, 0.01, 10),
        default=1.0,
        help="seconds to wait for a SIP answer",
    )
    parser.add_argument(
        "--cache", type=_number(float, 0, 60), default=1.0, help="seconds a probe result is reused"
    )
    parser.add_argument(
        "--drain-file",
        default="/etc/pbx-failover/drain",
        help="while this file exists, answer 503 DRAINING without probing",
    )
    parser.add_argument(
        "--tree-root", default="/etc/asterisk", help=f"the configuration tree {TREE_PATH} reports"
    )
    parser.add_argument(
        "--manifest",
        default="/var/lib/pbx-failover/current/manifest.json",
        help="the manifest the sync wrote with the tree (its secrets are never read)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    # Held until the loop can take them: systemd may stop the agent as soon as it listens.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        listener = listen(args.listen, args.port)
    except OSError as err:
        LOG.error("cannot serve HTTP on %s port %d: %s", args.listen, args.port, err.strerror)
        return 1
    loop = asyncio.new_event_loop()
    try:
        stopped_by = loop.run_until_complete(serve(listener, args))
    finally:
        loop.close()
    LOG.info("stopping on %s", signal.Signals(stopped_by).name)
    return 0


async def serve(listener: socket.socket, args: argparse.Namespace) -> int:
    """Serve until SIGTERM or SIGINT; the signal's number."""
    loop = asyncio.get_running_loop()
    stopped: asyncio.Future[int] = loop.create_future()

    def stop(signo: int) -> None:
        if not stopped.done():
            stopped.set_result(signo)

    for signo in STOP_SIGNALS:
        loop.add_signal_handler(signo, stop, signo)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # one sent early arrives now
    agent = Agent(args)
    server = await loop.create_server(lambda: Connection(agent), sock=listener, backlog=1024)
    LOG.info(
        "serving http://%s:%d%s for SIP %s port %d (timeout %ss, cache %ss, drain %s, tree %s)",
        args.listen, args.port, args.path, args.sip_host, args.sip_port,
        args.timeout, args.cache, args.drain_file, args.tree_root,
    )  # fmt: skip
    stopped_by = await stopped
    server.close()
    for connection in list(agent.connections):
        connection.transport.abort()
    return stopped_by


if __name__ == "__main__":
    sys.exit(main())
