"""A small stateful fake of the Hetzner Cloud API endpoints pbxctl uses.

Reached by the real `hcloud` client through HCLOUD_ENDPOINT. Response shapes follow the
API reference closely enough for hcloud's models (e.g. `public_net.ipv4` has an `id`).
Served: GET /servers (label_selector), GET /servers/{id}, POST /servers/{id}/actions/poweron,
GET /actions/{id} and GET /servers/actions/{id}. A power-on action stays "running" for
`action_polls` reads, then succeeds (the server is running) or fails (`power_on_fails`).
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "hcloud-test-token-0123456789abcdef"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class HetznerFake:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self._lock = threading.Lock()
        self.servers: dict[int, dict[str, Any]] = {}
        self.actions: dict[int, dict[str, Any]] = {}
        self.requests: list[str] = []
        self.action_polls = 2
        self.power_on_fails = False
        self._next_id = 4711
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> HetznerFake:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def reset(self) -> None:
        with self._lock:
            self.servers.clear()
            self.actions.clear()
            self.requests.clear()
            self.action_polls = 2
            self.power_on_fails = False

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def add_server(
        self, name: str, ipv4: str, labels: dict[str, str], status: str = "running"
    ) -> int:
        with self._lock:
            server_id = self._new_id()
            self.servers[server_id] = _server(server_id, name, ipv4, labels, status)
            return server_id

    def _power_on(self, server_id: int) -> dict[str, Any]:
        action_id = self._new_id()
        action = {
            "id": action_id,
            "command": "start_server",
            "status": "running",
            "progress": 0,
            "started": _now(),
            "finished": None,
            "resources": [{"id": server_id, "type": "server"}],
            "error": None,
            "_polls_left": self.action_polls,
        }
        self.actions[action_id] = action
        self.servers[server_id]["status"] = "starting"
        return action

    def _advance(self, action: dict[str, Any]) -> None:
        if action["status"] != "running":
            return
        if action["_polls_left"] > 0:
            action["_polls_left"] -= 1
            action["progress"] = min(90, action["progress"] + 45)
            return
        server = self.servers[action["resources"][0]["id"]]
        action["finished"] = _now()
        if self.power_on_fails:
            action["status"] = "error"
            action["error"] = {"code": "action_failed", "message": "Action failed"}
            server["status"] = "off"
        else:
            action["status"] = "success"
            action["progress"] = 100
            server["status"] = "running"

    def _route(  # noqa: PLR0911 (a routing table: one return per endpoint)
        self, method: str, path: str, query: dict[str, list[str]]
    ) -> tuple[int, Any]:
        if method == "GET" and path == "/v1/servers":
            wanted = _selector(query.get("label_selector", [""])[0])
            found = [
                server
                for server in self.servers.values()
                if all(server["labels"].get(k) == v for k, v in wanted.items())
            ]
            return 200, {"servers": found, "meta": _pagination(len(found))}
        if match := re.fullmatch(r"/v1/servers/(\d+)", path):
            server = self.servers.get(int(match.group(1)))
            if server is None or method != "GET":
                return _not_found("server")
            return 200, {"server": server}
        if method == "POST" and (match := re.fullmatch(r"/v1/servers/(\d+)/actions/poweron", path)):
            server_id = int(match.group(1))
            if server_id not in self.servers:
                return _not_found("server")
            return 201, {"action": _public(self._power_on(server_id))}
        if method == "GET" and (match := re.fullmatch(r"/v1/(?:servers/)?actions/(\d+)", path)):
            action = self.actions.get(int(match.group(1)))
            if action is None:
                return _not_found("action")
            self._advance(action)
            return 200, {"action": _public(action)}
        return _not_found("resource")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the test reads `fake.requests` instead."""

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                parsed = urllib.parse.urlsplit(self.path)
                with fake._lock:
                    fake.requests.append(f"{self.command} {parsed.path}")
                    if self.headers.get("Authorization") != f"Bearer {fake.token}":
                        status, body = (
                            401,
                            {
                                "error": {
                                    "code": "unauthorized",
                                    "message": "unable to authenticate",
                                }
                            },
                        )
                    else:
                        status, body = fake._route(
                            self.command, parsed.path, urllib.parse.parse_qs(parsed.query)
                        )
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _handle

        return Handler


def _public(action: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in action.items() if not k.startswith("_")}


def _selector(text: str) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in text.split(",") if "=" in item)
    return {key.strip(): value.strip() for key, value in pairs}


def _not_found(what: str) -> tuple[int, Any]:
    return 404, {"error": {"code": "not_found", "message": f"{what} not found"}}


def _pagination(total: int) -> dict[str, Any]:
    return {
        "pagination": {
            "page": 1,
            "per_page": 50,
            "previous_page": None,
            "next_page": None,
            "last_page": 1,
            "total_entries": total,
        }
    }


def _server(
    server_id: int, name: str, ipv4: str, labels: dict[str, str], status: str
) -> dict[str, Any]:
    location = {
        "id": 1,
        "name": "fsn1",
        "description": "Falkenstein DC Park 1",
        "country": "DE",
        "city": "Falkenstein",
        "latitude": 50.47612,
        "longitude": 12.370071,
        "network_zone": "eu-central",
    }
    return {
        "id": server_id,
        "name": name,
        "status": status,
        "created": "2026-01-01T00:00:00Z",
        "public_net": {
            "ipv4": {"id": server_id + 1000, "ip": ipv4, "blocked": False, "dns_ptr": name},
            "ipv6": None,
            "floating_ips": [],
            "firewalls": [],
        },
        "private_net": [],
        "server_type": {
            "id": 104,
            "name": "cx22",
            "description": "CX22",
            "cores": 2,
            "memory": 4.0,
            "disk": 40,
            "storage_type": "local",
            "cpu_type": "shared",
            "architecture": "x86",
            "prices": [],
            "deprecation": None,
        },
        "location": location,
        "image": {
            "id": 161547269,
            "type": "system",
            "status": "available",
            "name": "ubuntu-24.04",
            "description": "Ubuntu 24.04",
            "os_flavor": "ubuntu",
            "os_version": "24.04",
            "architecture": "x86",
            "labels": {},
        },
        "iso": None,
        "rescue_enabled": False,
        "locked": False,
        "backup_window": None,
        "outgoing_traffic": 0,
        "ingoing_traffic": 0,
        "included_traffic": 21990232555520,
        "protection": {"delete": False, "rebuild": False},
        "labels": labels,
        "volumes": [],
        "load_balancers": [],
        "primary_disk_size": 40,
        "placement_group": None,
    }
