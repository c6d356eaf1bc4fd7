#!/usr/bin/env python3
"""pbx-failover health agent: answers Route 53's HTTP checks with the state of local SIP.

`GET /health` sends SIP OPTIONS over UDP and answers `200 SIP OK` for any well-formed final
response except 5xx, else 503 and the reason. A 6xx (e.g. 603 Decline) counts as alive, like
401/403/404: the server processes SIP and only refuses this request. One probe result is
shared per `--cache` window. Standard library only, Python 3.10+, copied as one file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import signal
import socket
import socketserver
import stat
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

LOG = logging.getLogger("pbx-health-agent")

SIP_OK = "SIP OK"
SIP_TIMEOUT = "SIP TIMEOUT"
SIP_UNREACHABLE = "SIP UNREACHABLE"
SIP_MALFORMED = "SIP MALFORMED"
DRAINING = "DRAINING"
TREE_PATH = "/pbx-failover/tree"
TREE_MAX_FILES = 4096

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


def tree_report(root: str, manifest_path: str) -> bytes:  # noqa: C901 (one walk, one report)
    """`GET /pbx-failover/tree`: the non-secret regular files under `root` (never following
    a symlink below it) next to what the sync recorded in the manifest."""
    try:
        with open(manifest_path, "rb") as handle:
            manifest = json.loads(handle.read(1024 * 1024))
    except (OSError, ValueError):
        manifest = {}
    manifest = manifest if isinstance(manifest, dict) and manifest.get("format") == 1 else {}
    found = manifest.get("secrets")
    secrets: dict[str, object] = found if isinstance(found, dict) else {}
    listed = secrets.get("files")
    skip = {f for f in listed if isinstance(f, str)} if isinstance(listed, list) else set()
    files: dict[str, str] = {}
    unreadable: list[str] = []
    folders, seen, truncated = [""], 0, False
    while folders and not truncated:
        folder = folders.pop()
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except OSError:
            unreadable.append(folder or ".")
            continue
        for entry in entries:
            seen += 1
            if seen > TREE_MAX_FILES:
                truncated = True
                break
            path = f"{folder}/{entry.name}" if folder else entry.name
            if path in skip:
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(path)
                continue
            try:
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                unreadable.append(path)
                continue
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    unreadable.append(path)
                    continue
                files[path] = file_digest(handle.read())
    text = {k: v if isinstance(v, str) else None for k, v in manifest.items()}
    secrets_generation = secrets.get("generation")
    if not isinstance(secrets_generation, str):
        secrets_generation = None
    report = {
        "format": 1,
        "root": root,
        "generation": text.get("generation"),
        "installed": text.get("tree"),
        "digest": tree_digest(files),
        "files": dict(sorted(files.items())),
        "secrets": {"generation": secrets_generation, "files": sorted(skip)},
        "unreadable": sorted(unreadable),
        "truncated": truncated,
    }
    return json.dumps(report, indent=1).encode("utf-8")


class HealthCheck:
    """The answer to `GET /health`: drain file first, then a cached, single-flight probe."""

    def __init__(
        self, sip_host: str, sip_port: int, timeout: float, cache: float, drain_file: str
    ) -> None:
        self.sip_host = sip_host
        self.sip_port = sip_port
        self.timeout = timeout
        self.cache = cache
        self.drain_file = drain_file
        # One lock for everything: requests that arrive during a probe wait for its result
        # instead of probing too, and state changes are logged in the order they happened.
        self._lock = threading.Lock()
        self._result: SipProbeResult | None = None
        self._probed_at = 0.0
        self._state = "UNKNOWN"

    def answer(self) -> tuple[bool, str]:
        with self._lock:
            if os.path.exists(self.drain_file):
                alive, reason = False, DRAINING
            else:
                if self._result is None or time.monotonic() - self._probed_at >= self.cache:
                    self._result = probe_sip_options(self.sip_host, self.sip_port, self.timeout)
                    self._probed_at = time.monotonic()
                alive, reason = self._result.alive, self._result.reason
            if reason != self._state:
                LOG.info("health: %s -> %s", self._state, reason)
                self._state = reason
            return alive, reason


class AgentServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # checkers from several Route 53 regions can arrive at once

    def __init__(
        self,
        listen: str,
        port: int,
        path: str,
        health: HealthCheck,
        tree: tuple[str, str] = ("/etc/asterisk", "/var/lib/pbx-failover/current/manifest.json"),
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in listen else socket.AF_INET
        self.health_path = path
        self.health = health
        self.tree = tree
        super().__init__((listen, port), HealthHandler)

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)  # '::' takes v4
        # HTTPServer.server_bind would look the listen address up in DNS; nothing needs it.
        socketserver.TCPServer.server_bind(self)


class HealthHandler(BaseHTTPRequestHandler):
    server_version = "pbx-health-agent"
    sys_version = ""
    timeout = 10  # a client that connects and sends nothing must not keep a thread forever

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, *, body: bool) -> None:
        server = self.server
        assert isinstance(server, AgentServer)
        content_type = "text/plain; charset=utf-8"
        path = urlsplit(self.path).path
        if path == TREE_PATH:
            status, payload = 200, tree_report(*server.tree)
            content_type = "application/json"
        elif path != server.health_path:
            status, payload = 404, b"not found"
        else:
            alive, text = server.health.answer()
            status, payload = (200 if alive else 503), text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: Route 53 alone sends a request a second; state changes are logged instead."""


def _number(kind: type[float], low: float, high: float) -> Callable[[str], float]:
    def check(text: str) -> float:
        value = kind(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not from {low} to {high}")
        return value

    check.__name__ = kind.__name__  # argparse names it in "invalid int value: 'x'"
    return check


def _path(text: str) -> str:
    if not text.startswith("/"):
        raise argparse.ArgumentTypeError(f"{text} is not an URL path starting with '/'")
    return text


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="health_agent.py",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        description="Answer HTTP health checks (Route 53) with the state of the local SIP "
        "service, probed with SIP OPTIONS over UDP: 200 'SIP OK' or 503 and the reason.",
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
    # Stop signals are taken with sigtimedwait below, never by a handler: a handler raising
    # into the middle of socketserver can be swallowed by its per-request error handling.
    # Blocked before any thread starts, so every thread inherits the mask.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    health = HealthCheck(args.sip_host, args.sip_port, args.timeout, args.cache, args.drain_file)
    try:
        server = AgentServer(
            args.listen, args.port, args.path, health, (args.tree_root, args.manifest)
        )
    except OSError as err:
        LOG.error("cannot serve HTTP on %s port %d: %s", args.listen, args.port, err.strerror)
        return 1
    with server:
        # shutdown() takes effect at the next poll: 0.1 s keeps a stop quick, and costs nothing.
        serving = threading.Thread(target=server.serve_forever, args=(0.1,), name="http")
        serving.start()
        LOG.info(
            "serving http://%s:%d%s for SIP %s port %d (timeout %ss, cache %ss, drain %s)",
            args.listen, args.port, args.path, args.sip_host, args.sip_port,
            args.timeout, args.cache, args.drain_file,
        )  # fmt: skip
        while serving.is_alive():
            received = signal.sigtimedwait(stop_signals, 1.0)
            if received is not None:
                LOG.info("stopping on %s", signal.Signals(received.si_signo).name)
                server.shutdown()
                return 0
    LOG.error("the HTTP server stopped unexpectedly")
    return 1


if __name__ == "__main__":
    sys.exit(main())
