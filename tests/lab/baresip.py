"""baresip 1.0 (Debian baresip-core) as an agent's phone, driven headless over ctrl_tcp.

ctrl_tcp speaks netstrings of JSON: commands `{"command": "dial", "params": "...",
"token": "..."}` get a response with the same token; events (REGISTER_OK/FAIL,
CALL_ESTABLISHED, CALL_CLOSED with the reason) arrive on the same socket. The commands
come from the `menu` module, so both are loaded. Audio: `ausine` as the source and
`aubridge` as the player (1.0 has no null device), which needs 48 kHz stereo.
"""

from __future__ import annotations

import contextlib
import json
import queue
import re
import socket
import threading
import time
from pathlib import Path
from typing import Any

from infra.pbxctl.provisioning import BARESIP_MODULES, baresip_accounts
from infra.phones import Account, PhoneTimers
from tests.lab.phone import CallResult, Network
from tests.lab.processes import LabError, Process, binary, free_port, wait_until

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_REGINFO = re.compile(r"^[> ] (sip:\S+)\s+(\S+)", re.MULTILINE)


def lab_config(network: Network, control_port: int) -> str:
    """The machine's part of baresip's `config`: modules, audio, control socket, DNS."""
    lines = [
        f"module_path {BARESIP_MODULES}",
        "poll_method epoll",
        f"sip_listen {network.bind_address}:0",
        "call_local_timeout 120",
        "audio_player aubridge,nil",
        "audio_source ausine,440",
        "audio_alert aubridge,nil",
        "ausrc_srate 48000",
        "auplay_srate 48000",
        "ausrc_channels 2",
        "auplay_channels 2",
        "module g711.so",
        "module ausine.so",
        "module aubridge.so",
        "module_tmp account.so",
        "module_app menu.so",
        "module_app ctrl_tcp.so",
        f"ctrl_tcp_listen {network.control_address}:{control_port}",
    ]
    if network.dns_server is not None:
        lines.append(f"dns_server {network.dns_server}")
    return "\n".join(lines) + "\n"


class BaresipPhone:
    client = "baresip"

    def __init__(
        self,
        accounts: list[Account],
        timers: PhoneTimers,
        network: Network,
        workdir: Path,
        *,
        accounts_file: str | None = None,
    ) -> None:
        """`accounts_file` replaces the rendered accounts (a file `pbxctl phones` wrote)."""
        self.accounts, self.network, self.workdir = accounts, network, workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.log = workdir / "baresip.log"
        self.control_port = free_port(network.control_address)
        (workdir / "config").write_text(lab_config(network, self.control_port))
        accounts_path = workdir / "accounts"
        accounts_path.write_text(accounts_file or baresip_accounts(accounts, timers))
        accounts_path.chmod(0o600)
        (workdir / "contacts").write_text("")
        self._process: Process | None = None
        self._sock: socket.socket | None = None
        self._reader: threading.Thread | None = None
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._responses: queue.Queue[dict[str, Any]] = queue.Queue()
        self._send_lock = threading.Lock()
        self._token = 0

    def start(self, timeout: float = 15.0) -> None:
        self._process = Process("baresip", [binary("baresip"), "-f", str(self.workdir)], self.log)
        deadline = time.monotonic() + timeout
        while self._sock is None:
            if not self._process.alive():
                raise LabError(f"baresip exited at start; its log ends:\n{self._process.tail()}")
            try:
                self._sock = socket.create_connection(
                    (self.network.control_address, self.control_port), timeout=1
                )
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise LabError(
                        f"baresip's control socket did not open within {timeout:g} s"
                    ) from None
                time.sleep(0.05)
        self._sock.settimeout(None)
        self._reader = threading.Thread(target=self._read, name="baresip-ctrl", daemon=True)
        self._reader.start()

    def stop(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
            self._sock.close()
            self._sock = None
        if self._process is not None:
            self._process.stop()
            self._process = None
        if self._reader is not None:
            self._reader.join(timeout=5)
            self._reader = None

    # -- state --------------------------------------------------------------------------

    def registered(self) -> dict[str, bool]:
        """From `reginfo`: one line per account, `OK` when registered (`zzz`/`ERR` if not)."""
        text = _ANSI.sub("", str(self.command("reginfo").get("data", "")))
        states = {match[1]: match[2] == "OK" for match in _REGINFO.finditer(text)}
        return {a.label: states.get(a.aor, False) for a in self.accounts}

    def wait_registered(self, timeout: float) -> None:
        wait_until(
            lambda: all(self.registered().values()), timeout, "baresip registering every account"
        )

    # -- calls --------------------------------------------------------------------------

    def call(self, number: str, account: int, patience: float) -> CallResult:
        label = self.accounts[account].label
        self._drain_events()
        started = time.monotonic()
        if len(self.accounts) > 1:
            self.command("uafind", self.accounts[account].aor)
        response = self.command("dial", number)
        if not response.get("ok", False):
            self._wait_closed(2.0)
            return CallResult(
                number,
                label,
                started,
                time.monotonic(),
                False,
                str(response.get("data", "")).strip(),
            )
        deadline = started + patience
        while True:
            event = self._next_call_event(deadline)
            if event is None:  # the agent gives up and hangs up
                ended = time.monotonic()
                self.command("hangup")
                self._wait_closed(5.0)
                return CallResult(
                    number, label, started, ended, False, f"no answer within {patience:g} s"
                )
            if event["type"] == "CALL_ESTABLISHED":
                ended = time.monotonic()
                self.command("hangup")
                self._wait_closed(5.0)
                return CallResult(number, label, started, ended, True, "")
            if event["type"] == "CALL_CLOSED":
                return CallResult(
                    number, label, started, time.monotonic(), False, str(event.get("param", ""))
                )

    def command(self, name: str, params: str = "", timeout: float = 5.0) -> dict[str, Any]:
        """Send one command and wait for its response (bounded)."""
        with self._send_lock:
            self._token += 1
            token = f"lab{self._token}"
            body = json.dumps({"command": name, "params": params, "token": token}).encode()
            if self._sock is None:
                raise LabError("baresip is not running")
            self._sock.sendall(str(len(body)).encode() + b":" + body + b",")
            deadline = time.monotonic() + timeout
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LabError(f"baresip did not answer `{name}` within {timeout:g} s")
                try:
                    response = self._responses.get(timeout=remaining)
                except queue.Empty:
                    continue
                if response.get("token") == token:
                    return response

    def _next_call_event(self, deadline: float) -> dict[str, Any] | None:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                event = self._events.get(timeout=remaining)
            except queue.Empty:
                return None
            if event.get("type") in ("CALL_ESTABLISHED", "CALL_CLOSED"):
                return event

    def _wait_closed(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while (event := self._next_call_event(deadline)) is not None:
            if event["type"] == "CALL_CLOSED":
                return

    def _drain_events(self) -> None:
        while True:
            try:
                self._events.get_nowait()
            except queue.Empty:
                return

    def _read(self) -> None:
        buffer = b""
        sock = self._sock
        while sock is not None:
            try:
                chunk = sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while True:
                length, colon, rest = buffer.partition(b":")
                if not colon or not length.isdigit() or len(rest) < int(length) + 1:
                    break
                size = int(length)
                message, buffer = rest[:size], rest[size + 1 :]
                self._dispatch(json.loads(message))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if message.get("response"):
            self._responses.put(message)
            return
        self._events.put(message)
