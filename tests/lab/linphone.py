"""linphonec 5.1 (Debian linphone-cli) as an agent's phone, driven over stdin.

Its accounts arrive the way a deployed Linphone gets them: a remote-provisioning XML
(`[misc] config-uri=file://...`) applied at start. Quirks: linphonec rewrites its config
file (so it gets a fresh copy), it opens no SIP port unless `$HOME/.local/share/linphone`
exists, and it reads the name server only from /etc/resolv.conf, so when the lab's DNS is
used it runs in a private mount namespace where /etc/resolv.conf names the lab's server
(belle-sip accepts `nameserver [address]:port`).
"""

from __future__ import annotations

import os
import queue
import re
import shlex
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

from infra.pbxctl.provisioning import linphone_xml
from infra.phones import Account, PhoneTimers
from tests.lab.phone import CallResult, Network
from tests.lab.processes import LabError, Process, binary, wait_until

_CALL = re.compile(r"Call (\d+) (?:with|to) \S+ (in progress|connected|error|ended)")
_ASSIGNED = re.compile(r"assigned id (\d+)")
_REGISTERED = re.compile(r"^registered: (yes|no)")


class LinphonePhone:
    client = "linphone"

    def __init__(
        self,
        accounts: list[Account],
        timers: PhoneTimers,
        network: Network,
        workdir: Path,
        *,
        provisioning_xml: str | None = None,
    ) -> None:
        """`provisioning_xml` replaces the rendered document (one `pbxctl phones` wrote)."""
        self.accounts, self.network, self.workdir = accounts, network, workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.log = workdir / "linphonec.log"
        self.home = workdir / "home"
        (self.home / ".local" / "share" / "linphone").mkdir(parents=True, exist_ok=True)
        self.provisioning = workdir / "provisioning.xml"
        self.provisioning.write_text(provisioning_xml or linphone_xml(accounts, timers))
        self.provisioning.chmod(0o600)
        self.rc = workdir / "linphonerc"
        self.rc.write_text(
            "[sip]\nsip_port=-1\nsip_tcp_port=-1\n"
            f"bind_address={network.bind_address}\n"
            # No network monitor reports loopback as "up"; register regardless.
            "register_only_when_network_is_up=0\n"
            "[rtp]\naudio_rtp_port=-1\n"
            f"[misc]\nconfig-uri=file://{self.provisioning}\n"
        )
        self.rc.chmod(0o600)
        self._process: Process | None = None
        self._reader: threading.Thread | None = None
        self._lines: queue.Queue[str] = queue.Queue()
        self._send_lock = threading.Lock()

    def _argv(self) -> list[str]:
        # stdout into a pipe is block-buffered: a call's "error." line could sit there for
        # many seconds. stdbuf makes linphonec's stdio line-buffered.
        linphonec = [binary("stdbuf"), "-oL", "-eL", binary("linphonec"), "-c", str(self.rc), "-S"]
        if self.network.dns_server is None:
            return linphonec
        address, port = self.network.dns_server.rsplit(":", 1)
        resolv = self.workdir / "resolv.conf"
        resolv.write_text(f"nameserver [{address}]:{port}\n")
        # Root gets a plain mount namespace; anyone else one inside a user namespace.
        namespace = ["--mount"] if os.geteuid() == 0 else ["--user", "--map-root-user", "--mount"]
        script = f"mount --bind {shlex.quote(str(resolv))} /etc/resolv.conf && exec {shlex.join(linphonec)}"
        return [binary("unshare"), *namespace, "--propagation", "private", "sh", "-c", script]

    def start(self, timeout: float = 15.0) -> None:
        env = {**os.environ, "HOME": str(self.home)}
        self._process = Process(
            "linphonec", self._argv(), self.log, env=env, stdin=subprocess.PIPE, stdout_pipe=True
        )
        self._reader = threading.Thread(
            target=self._read, args=(self._process,), name="linphonec", daemon=True
        )
        self._reader.start()
        self._send("soundcard use files")
        try:
            wait_until(
                lambda: len(self._proxy_states(2.0)) == len(self.accounts),
                timeout,
                "linphonec loading its accounts",
                step=0.3,
            )
        except LabError as err:
            tail = self._process.tail()
            self.stop()
            raise LabError(f"{err}; its log ends:\n{tail}") from None

    def stop(self) -> None:
        if self._process is not None:
            try:
                self._send("quit")
                self._process.popen.wait(timeout=3)
            except (LabError, OSError, subprocess.TimeoutExpired):
                pass
            self._process.stop()
            self._process = None
        if self._reader is not None:
            self._reader.join(timeout=5)
            self._reader = None

    # -- state --------------------------------------------------------------------------

    def registered(self) -> dict[str, bool]:
        states = self._proxy_states(2.0)
        return {
            a.label: (states[i] if i < len(states) else False) for i, a in enumerate(self.accounts)
        }

    def wait_registered(self, timeout: float) -> None:
        wait_until(
            lambda: all(self.registered().values()),
            timeout,
            "linphonec registering every account",
            step=0.3,
        )

    def command_output(self, command: str, quiet: float = 1.0, timeout: float = 5.0) -> str:
        """What linphonec prints for `command` until it is quiet for `quiet` s (bounded)."""
        self._drain()
        self._send(command)
        lines: list[str] = []
        deadline = time.monotonic() + timeout
        while (line := self._next_line(min(deadline, time.monotonic() + quiet))) is not None:
            lines.append(line)
        return "\n".join(lines)

    def _proxy_states(self, timeout: float) -> list[bool]:
        """`proxy list`: one `registered: yes|no` line per account, in order."""
        self._drain()
        self._send("proxy list")
        states: list[bool] = []
        deadline = time.monotonic() + timeout
        while len(states) < len(self.accounts):
            line = self._next_line(deadline)
            if line is None:
                break
            match = _REGISTERED.match(line)
            if match:
                states.append(match[1] == "yes")
        return states

    # -- calls --------------------------------------------------------------------------

    def call(self, number: str, account: int, patience: float) -> CallResult:
        label = self.accounts[account].label
        self._drain()
        started = time.monotonic()
        deadline = started + patience
        if len(self.accounts) > 1:
            self._send(f"proxy use {account}")
        self._send(f"call {number}")
        call_id: str | None = None
        while True:
            line = self._next_line(deadline)
            if line is None:
                ended = time.monotonic()
                self._hang_up(call_id)
                return CallResult(
                    number, label, started, ended, False, f"no answer within {patience:g} s"
                )
            if call_id is None and (assigned := _ASSIGNED.search(line)):
                call_id = assigned[1]
                continue
            state = _CALL.search(line)
            if state is None or (call_id is not None and state[1] != call_id):
                continue
            if state[2] == "connected":
                ended = time.monotonic()
                self._hang_up(state[1])
                return CallResult(number, label, started, ended, True, "")
            if state[2] in ("error", "ended"):
                return CallResult(number, label, started, time.monotonic(), False, line.strip())

    def _hang_up(self, call_id: str | None) -> None:
        self._send(f"terminate {call_id}" if call_id else "terminate")
        deadline = time.monotonic() + 5
        while (line := self._next_line(deadline)) is not None:
            state = _CALL.search(line)
            if (
                state
                and state[2] in ("ended", "error")
                and (call_id is None or state[1] == call_id)
            ):
                return

    # -- plumbing -----------------------------------------------------------------------

    def _send(self, command: str) -> None:
        process = self._process
        if process is None or process.popen.stdin is None or not process.alive():
            raise LabError("linphonec is not running")
        with self._send_lock:
            process.popen.stdin.write(command.encode() + b"\n")
            process.popen.stdin.flush()

    def _next_line(self, deadline: float) -> str | None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            return self._lines.get(timeout=remaining)
        except queue.Empty:
            return None

    def _drain(self) -> None:
        while True:
            try:
                self._lines.get_nowait()
            except queue.Empty:
                return

    def _read(self, process: Process) -> None:
        stream: IO[bytes] | None = process.popen.stdout
        if stream is None:
            return
        with stream, process.log.open("ab") as log:
            for raw in stream:
                log.write(raw)
                log.flush()
                # The prompt is printed without a newline and glued to the next line.
                self._lines.put(raw.decode(errors="replace").replace("linphonec> ", "").rstrip())
