"""An HTTP proxy in front of moto that misbehaves on purpose, and keeps Route 53's promises.

Faults: for chosen API operations it answers an AWS error (Throttling, 500s,
HealthCheckVersionMismatch, ...), delays the request, resets the connection, or answers a
canned body. It also enforces `HealthCheckVersion` the way Route 53 does (moto accepts any
version and never increments it): every successful UpdateHealthCheck bumps the check's
version, responses carry it, and an update with a stale version fails with
HealthCheckVersionMismatch. That makes two concurrent `pbxctl promote` runs behave as
they would against AWS.
"""

from __future__ import annotations

import http.client
import re
import socket
import struct
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROUTE53_PREFIX = "/2013-04-01/"
_HEALTH_CHECK = re.compile(rb"<HealthCheck>(.*?)</HealthCheck>", re.DOTALL)
_ID = re.compile(rb"<Id>([^<]+)</Id>")
_VERSION = re.compile(rb"<HealthCheckVersion>\d+</HealthCheckVersion>")
_REQUEST_VERSION = re.compile(rb"<HealthCheckVersion>(\d+)</HealthCheckVersion>")

# (method, path pattern under /2013-04-01/) -> Route 53 operation name
_ROUTE53_OPERATIONS = [
    ("GET", r"healthcheck", "ListHealthChecks"),
    ("POST", r"healthcheck", "CreateHealthCheck"),
    ("GET", r"healthcheck/[^/]+/status", "GetHealthCheckStatus"),
    ("GET", r"healthcheck/[^/]+/lastfailurereason", "GetHealthCheckLastFailureReason"),
    ("GET", r"healthcheck/[^/]+", "GetHealthCheck"),
    ("POST", r"healthcheck/[^/]+", "UpdateHealthCheck"),
    ("DELETE", r"healthcheck/[^/]+", "DeleteHealthCheck"),
    ("POST", r"tags/healthcheck", "ListTagsForResources"),
    ("GET", r"tags/healthcheck/[^/]+", "ListTagsForResource"),
    ("POST", r"tags/healthcheck/[^/]+", "ChangeTagsForResource"),
    ("GET", r"hostedzonesbyname", "ListHostedZonesByName"),
    ("GET", r"hostedzone", "ListHostedZones"),
    ("POST", r"hostedzone", "CreateHostedZone"),
    ("GET", r"hostedzone/[^/]+/rrset", "ListResourceRecordSets"),
    ("POST", r"hostedzone/[^/]+/rrset", "ChangeResourceRecordSets"),
    ("GET", r"hostedzone/[^/]+", "GetHostedZone"),
    ("GET", r"testdnsanswer", "TestDNSAnswer"),
]


def operation_of(method: str, path: str, body: bytes) -> str:
    """The AWS operation a request calls (Route 53 by path, query APIs by Action=)."""
    parsed = urllib.parse.urlsplit(path)
    if parsed.path.startswith(ROUTE53_PREFIX):
        rest = parsed.path[len(ROUTE53_PREFIX) :].strip("/")
        for verb, pattern, name in _ROUTE53_OPERATIONS:
            if verb == method and re.fullmatch(pattern, rest):
                return name
        return f"Route53:{method}:{rest}"
    params = urllib.parse.parse_qs(parsed.query)
    params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace")))
    return params.get("Action", ["Unknown"])[0]


@dataclass
class Fault:
    """What to do with the next `times` requests for `operation` (and `path_contains`)."""

    operation: str
    kind: str = "error"  # error | delay | reset | respond
    times: int = 1  # -1: every matching request
    status: int = 400
    code: str = "Throttling"
    message: str = "Rate exceeded"
    delay: float = 0.0
    body: str = ""
    path_contains: str = ""
    # reset/delay only after upstream has done the request: a change that is applied but
    # whose answer is lost (reset) or late (delay), as when a connection drops mid-call.
    after_forward: bool = False

    def matches(self, operation: str, path: str) -> bool:
        return self.times != 0 and operation == self.operation and self.path_contains in path


def throttling(operation: str, times: int = 1) -> Fault:
    return Fault(operation, times=times)


def server_error(operation: str, times: int = 1) -> Fault:
    return Fault(
        operation, status=500, code="InternalFailure", message="internal error", times=times
    )


def version_mismatch(operation: str = "UpdateHealthCheck") -> Fault:
    return Fault(
        operation,
        status=409,
        code="HealthCheckVersionMismatch",
        message="The value of HealthCheckVersion in the request doesn't match the current version",
    )


@dataclass(frozen=True)
class Seen:
    operation: str
    path: str
    status: int  # 0: the connection was reset


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        parsed = urllib.parse.urlsplit(upstream)
        self._upstream = (parsed.hostname or "127.0.0.1", parsed.port or 80)
        self._lock = threading.Lock()
        self._update_lock = threading.Lock()
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.versions: dict[str, int] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def reset(self) -> None:
        with self._lock:
            self.faults.clear()
            self.seen.clear()
            self.versions.clear()

    def add(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def calls(self, operation: str) -> list[Seen]:
        with self._lock:
            return [seen for seen in self.seen if seen.operation == operation]

    def _take_fault(self, operation: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(operation, path):
                    if fault.times > 0:
                        fault.times -= 1
                    return fault
        return None

    def _record(self, operation: str, path: str, status: int) -> None:
        with self._lock:
            self.seen.append(Seen(operation, path, status))

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self._upstream, timeout=30)
        try:
            connection.connect()
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def _with_versions(self, body: bytes) -> bytes:
        """Write our HealthCheckVersion into every <HealthCheck> of a response."""

        def fix(match: re.Match[bytes]) -> bytes:
            inner = match.group(1)
            found = _ID.search(inner)
            if found is None:
                return match.group(0)
            version = self.versions.get(found.group(1).decode(), 1)
            tag = f"<HealthCheckVersion>{version}</HealthCheckVersion>".encode()
            inner = _VERSION.sub(tag, inner)
            return b"<HealthCheck>" + inner + b"</HealthCheck>"

        return _HEALTH_CHECK.sub(fix, body)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:  # noqa: C901 (one HTTP handler, one branch per fault kind)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes: without this, Nagle's algorithm
                # and delayed ACKs add 40 ms to every call.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the test reads `proxy.seen` instead."""

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                operation = operation_of(self.command, self.path, body)
                fault = proxy._take_fault(operation, self.path)
                after = fault if fault is not None and fault.after_forward else None
                fault = None if after is not None else fault
                if fault is not None and fault.kind == "reset":
                    proxy._record(operation, self.path, 0)
                    self._reset()
                    return
                if fault is not None and fault.kind == "delay":
                    time.sleep(fault.delay)
                if fault is not None and fault.kind == "error":
                    self._send(fault.status, _error_body(self.path, fault), operation)
                    return
                if fault is not None and fault.kind == "respond":
                    self._send(fault.status, fault.body.encode(), operation)
                    return
                headers = {
                    key: value
                    for key, value in self.headers.items()
                    if key.lower() not in ("connection", "keep-alive", "proxy-connection")
                }
                if operation == "UpdateHealthCheck":
                    status, payload = self._update(headers, body)
                else:
                    status, _, payload = proxy._forward(self.command, self.path, headers, body)
                    if self.path.startswith(ROUTE53_PREFIX):
                        payload = proxy._with_versions(payload)
                if after is not None and after.kind == "reset":
                    proxy._record(operation, self.path, 0)
                    self._reset()
                    return
                if after is not None and after.kind == "delay":
                    time.sleep(after.delay)
                self._send(status, payload, operation)

            def _update(self, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
                check_id = self.path.rstrip("/").rsplit("/", 1)[-1]
                with proxy._update_lock:  # check, update and bump as one step, like Route 53
                    current = proxy.versions.get(check_id, 1)
                    asked = _REQUEST_VERSION.search(body)
                    if asked is not None and int(asked.group(1)) != current:
                        return 409, _error_body(self.path, version_mismatch())
                    status, _, payload = proxy._forward(self.command, self.path, headers, body)
                    if status == 200:
                        proxy.versions[check_id] = current + 1
                    return status, proxy._with_versions(payload)

            def _send(self, status: int, payload: bytes, operation: str) -> None:
                proxy._record(operation, self.path, status)
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
                self.end_headers()
                self.wfile.write(payload)

            def _reset(self) -> None:
                # SO_LINGER 0: close() sends RST, the client sees "connection reset by peer".
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                self.connection.close()

            do_GET = do_POST = do_DELETE = do_PUT = _handle

        return Handler


def _error_body(path: str, fault: Fault) -> bytes:
    request_id = uuid.uuid4()
    if path.startswith(ROUTE53_PREFIX):
        kind = "Receiver" if fault.status >= 500 else "Sender"
        return (
            '<?xml version="1.0"?>\n'
            '<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
            f"<Error><Type>{kind}</Type><Code>{fault.code}</Code>"
            f"<Message>{fault.message}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>"
        ).encode()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Response><Errors><Error><Code>{fault.code}</Code><Message>{fault.message}</Message>"
        f"</Error></Errors><RequestID>{request_id}</RequestID></Response>"
    ).encode()


def unhealthy_status(check_id: str, reason: str = "Failure: HTTP Status Code 503") -> Fault:
    """GetHealthCheckStatus for one check: every checker reports the failure."""
    observations = "".join(
        f"<HealthCheckObservation><Region>{region}</Region><IPAddress>192.0.2.{n}</IPAddress>"
        f"<StatusReport><Status>{reason}</Status>"
        f"<CheckedTime>2026-01-01T00:00:0{n}Z</CheckedTime></StatusReport>"
        "</HealthCheckObservation>"
        for n, region in enumerate(("us-east-1", "eu-west-1", "ap-southeast-1"), 1)
    )
    body = (
        '<?xml version="1.0"?>\n<GetHealthCheckStatusResponse '
        'xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HealthCheckObservations>'
        f"{observations}</HealthCheckObservations></GetHealthCheckStatusResponse>"
    )
    return Fault(
        "GetHealthCheckStatus",
        kind="respond",
        status=200,
        body=body,
        times=-1,
        path_contains=check_id,
    )
