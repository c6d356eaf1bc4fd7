"""Kamailio (Debian package) as a stand-in for one PBX: registrar and a phone that answers.

It keeps registrations in memory (no database, no authentication, expiries down to 5 s)
and answers every new INVITE at once with 200 and a small PCMU SDP, so a client's call is
"placed" as soon as its INVITE reaches a live server. Each REGISTER and each answered
INVITE is logged on stderr with a marker; a reader thread turns those lines into
`PbxEvent`s stamped with the lab's monotonic clock, which is how the lab knows which server
answered which attempt (the number dialled is unique per attempt).

Failure modes: `crash()` kills the process group (the kernel then refuses connections
and answers UDP with ICMP port unreachable), `hang()` stops it (SIGSTOP: silence, while
the kernel still completes TCP handshakes on its listening socket), `resume()` and
`start()` bring it back.
"""

from __future__ import annotations

import re
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tests.lab.processes import LabError, Process, binary, wait_until

MARKER = "PBXLAB"

_CONFIG = r"""#!KAMAILIO
# A PBX stand-in for the client lab ({node}); rendered by tests/lab/kamailio.py.
debug=1
log_stderror=yes
children=1
tcp_children=1
auto_aliases=no
# Phones keep their TCP connection between registrations, as with Asterisk.
tcp_connection_lifetime=3605

loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"

modparam("registrar", "min_expires", 5)

request_route {{
    if (is_method("REGISTER")) {{
        xlog("L_NOTICE", "{marker} REGISTER node={node} user=$tU expires=$hdr(Expires) contact=$ct proto=$pr src=$si:$sp\n");
        save("location");
        exit;
    }}
    if (is_method("INVITE") && !has_totag()) {{
        set_reply_body("v=0\r\no=pbxlab 1 1 IN IP4 $Ri\r\ns=pbxlab\r\nc=IN IP4 $Ri\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n", "application/sdp");
        append_to_reply("Contact: <sip:{node}@$Ri:$Rp;transport=$pr>\r\n");
        xlog("L_NOTICE", "{marker} ANSWER node={node} user=$fU number=$rU proto=$pr src=$si:$sp\n");
        sl_send_reply("200", "OK");
        exit;
    }}
    if (is_method("ACK")) {{
        exit;
    }}
    sl_send_reply("200", "OK");
}}
"""

_EVENT = re.compile(MARKER + r" (?P<kind>[A-Z]+) (?P<rest>.*)$")
_FIELD = re.compile(r"(\w+)=(\S*)")


@dataclass(frozen=True)
class PbxEvent:
    kind: str  # REGISTER or ANSWER
    node: str
    at: float  # time.monotonic() when the line was read
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def unregister(self) -> bool:
        """A REGISTER that removes the binding (Expires: 0 or ;expires=0)."""
        contact = self.fields.get("contact", "")
        return self.fields.get("expires") == "0" or "expires=0" in contact.replace(" ", "")


class KamailioPbx:
    """One stand-in PBX on `address`:`port` (UDP and TCP), optionally inside a netns."""

    def __init__(
        self,
        node: str,
        address: str,
        workdir: Path,
        *,
        port: int = 5060,
        netns: str | None = None,
    ) -> None:
        self.node, self.address, self.port, self.netns = node, address, port, netns
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.config = workdir / "kamailio.cfg"
        self.config.write_text(_CONFIG.format(node=node, marker=MARKER))
        self.events: list[PbxEvent] = []
        self._lock = threading.Lock()
        self._process: Process | None = None
        self._reader: threading.Thread | None = None

    # -- life cycle -------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> KamailioPbx:
        pidfile = self.workdir / "kamailio.pid"
        pidfile.unlink(missing_ok=True)  # a SIGKILLed Kamailio leaves it behind
        argv = [
            binary("kamailio"),
            "-DD",
            "-E",
            "-f",
            str(self.config),
            "-l",
            f"udp:{self.address}:{self.port}",
            "-l",
            f"tcp:{self.address}:{self.port}",
            "-P",
            str(pidfile),
            "-Y",
            str(self.workdir),
            "-w",
            str(self.workdir),
            "-m",
            "32",
            "-M",
            "4",
        ]
        if self.netns is not None:
            argv = [binary("ip"), "netns", "exec", self.netns, *argv]
        self._process = Process(
            f"kamailio {self.node}", argv, self.workdir / "kamailio.log", stdout_pipe=True
        )
        self._reader = threading.Thread(
            target=self._read, args=(self._process,), name=f"kamailio-{self.node}", daemon=True
        )
        self._reader.start()
        try:
            wait_until(self.answers, timeout, f"Kamailio {self.node} answering on {self.endpoint}")
        except LabError as err:
            tail = self._process.tail()
            self.stop()
            raise LabError(f"{err}; its log ends:\n{tail}") from None
        return self

    def stop(self) -> None:
        if self._process is not None:
            self._process.stop()
            self._process = None
        if self._reader is not None:
            self._reader.join(timeout=5)
            self._reader = None

    def crash(self) -> None:
        """Kill the whole process group: the address refuses from now on."""
        if self._process is None:
            raise LabError(f"Kamailio {self.node} is not running")
        self._process.kill()
        self._process = None
        if self._reader is not None:
            self._reader.join(timeout=5)
            self._reader = None

    def hang(self) -> None:
        """SIGSTOP the process group: packets are accepted by the kernel, never answered."""
        if self._process is None:
            raise LabError(f"Kamailio {self.node} is not running")
        self._process.signal_group(signal.SIGSTOP)

    def resume(self) -> None:
        if self._process is not None:
            self._process.signal_group(signal.SIGCONT)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def endpoint(self) -> str:
        return f"{self.address}:{self.port}"

    # -- observation ------------------------------------------------------------------

    def answers(self, timeout: float = 0.3) -> bool:
        """Whether an OPTIONS over UDP gets a SIP answer now."""
        request = (
            f"OPTIONS sip:probe@{self.address}:{self.port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {self.address}:9;rport;branch=z9hG4bK-lab{time.monotonic_ns()}\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:lab@{self.address}>;tag=lab\r\n"
            f"To: <sip:probe@{self.address}>\r\n"
            f"Call-ID: lab-{time.monotonic_ns()}\r\n"
            "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
        )
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect((self.address, self.port))
                sock.send(request.encode())
                return sock.recv(4096).startswith(b"SIP/2.0 ")
            except OSError:
                return False

    def events_since(self, since: float, kind: str | None = None) -> list[PbxEvent]:
        with self._lock:
            return [e for e in self.events if e.at >= since and (kind is None or e.kind == kind)]

    def answered(self, number: str) -> PbxEvent | None:
        """The event of this server answering a call to `number`, if it did."""
        with self._lock:
            for event in self.events:
                if event.kind == "ANSWER" and event.fields.get("number") == number:
                    return event
        return None

    def _read(self, process: Process) -> None:
        stream: IO[bytes] | None = process.popen.stdout
        if stream is None:
            return
        with stream, process.log.open("ab") as log:
            for raw in stream:
                log.write(raw)
                log.flush()
                match = _EVENT.search(raw.decode(errors="replace").rstrip())
                if match is None:
                    continue
                fields = dict(_FIELD.findall(match["rest"]))
                event = PbxEvent(
                    match["kind"], fields.pop("node", self.node), time.monotonic(), fields
                )
                with self._lock:
                    self.events.append(event)
