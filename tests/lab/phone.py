"""What the lab asks of a phone, whichever client runs it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from infra.phones import Account


@dataclass(frozen=True)
class CallResult:
    number: str  # the number dialled (unique per attempt)
    account: str  # label of the account used: failover, pbx1, pbx2
    started: float  # time.monotonic()
    ended: float  # when the client said established, or gave up / was hung up
    established: bool
    reason: str  # the client's words when it failed


@dataclass(frozen=True)
class Network:
    """Where a phone lives: its SIP address, and the lab's DNS server."""

    bind_address: str  # SIP source address of the phone
    control_address: str  # loopback address for the client's control socket
    dns_server: str | None  # HOST:PORT of the lab's DNS, or None when accounts use addresses


class Phone(Protocol):
    client: str  # baresip or linphone
    accounts: list[Account]
    log: Path

    def start(self, timeout: float = 15.0) -> None: ...

    def wait_registered(self, timeout: float) -> None:
        """Return once every account is registered; a LabError after `timeout` s."""
        ...

    def registered(self) -> dict[str, bool]:
        """Registration state per account label, as the client shows it now."""
        ...

    def call(self, number: str, account: int, patience: float) -> CallResult:
        """Dial `number` on accounts[account]; hang up once answered or after `patience` s."""
        ...

    def stop(self) -> None: ...
