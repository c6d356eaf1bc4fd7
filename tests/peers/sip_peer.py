"""`sipp` (Debian package sip-tester) as a real SIP peer answering OPTIONS."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from infra.node.health_agent import probe_sip_options

_SCENARIO = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="answer OPTIONS with {status}">
  <recv request="OPTIONS" crlf="true"/>
  <send>
    <![CDATA[

      SIP/2.0 {status} {reason}
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]>
  </send>
</scenario>
"""
_REASONS = {200: "OK", 503: "Service Unavailable"}


def sipp_binary() -> str:
    """The sipp path; a missing sipp fails the test (it must not pass by skipping)."""
    found = shutil.which("sipp")
    if found is None:
        pytest.fail("sipp is not installed: run `apt-get install sip-tester` (Debian/Ubuntu)")
    return found


def free_udp_port(*addresses: str) -> int:
    """A UDP port free on every given address (nodes share the port, as in production)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind((addresses[0], 0))
            port = int(probe.getsockname()[1])
        try:
            for address in addresses:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as other:
                    other.bind((address, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free UDP port found")


class SipPeer:
    """A sipp UAS on address:port answering every OPTIONS with `status`."""

    def __init__(self, address: str, port: int, status: int, workdir: Path) -> None:
        self.address, self.port, self.status = address, port, status
        workdir.mkdir(parents=True, exist_ok=True)
        scenario = workdir / f"options-{status}.xml"
        scenario.write_text(_SCENARIO.format(status=status, reason=_REASONS[status]))
        self._process = subprocess.Popen(
            [
                sipp_binary(),
                "-sf",
                str(scenario),
                "-i",
                address,
                "-p",
                str(port),
                "-t",
                "u1",
                "-nostdin",
            ],
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                stderr = self._process.stderr.read().decode() if self._process.stderr else ""
                raise RuntimeError(f"sipp exited early: {stderr.strip()}")
            if probe_sip_options(self.address, self.port, 0.2).status == self.status:
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"sipp on {self.address}:{self.port} did not answer within 5 s")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process.stderr is not None:
            self._process.stderr.close()
