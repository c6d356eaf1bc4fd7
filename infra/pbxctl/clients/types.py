"""What the provider clients return, in provider-neutral terms."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerInfo:
    """A node's server as its provider reports it."""

    provider: str  # "aws" or "hetzner"
    id: str
    name: str
    state: str  # the provider's own word: running, stopped, off, starting, ...
    address: str | None  # the server's public IPv4 address

    @property
    def running(self) -> bool:
        return self.state == "running"
