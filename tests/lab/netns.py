"""A host that vanishes: the primary runs in its own network namespace behind a veth pair.

Taking the inner end of the pair down makes every packet to the primary disappear without
an answer (no refusal, no ICMP), which is what phones see when a cloud host or its network
dies. The host keeps a permanent neighbour entry for the inner address, so the kernel never
reports a failed ARP lookup either (that would be an ICMP "host unreachable" to the
phone). This sandbox has no iptables/nftables and no tc classifiers; a downed veth peer is
the silent drop that works everywhere with iproute2 and root.

Why not a loopback address: the kernel refuses to route 127.0.0.0/8 over any interface but
`lo`, so the vanishing host needs an address on the veth. 198.18.0.0/15 is reserved for
benchmark networks (RFC 2544) and never routed on the internet; the pair connects only
this namespace and the machine itself, and nothing else can reach it.
"""

from __future__ import annotations

import os
import subprocess

from tests.lab.processes import LabError, binary

HOST_ADDRESS = "198.18.0.1"
INNER_ADDRESS = "198.18.0.2"


def _ip(*args: str) -> str:
    result = subprocess.run(
        [binary("ip"), *args], capture_output=True, text=True, timeout=10, check=False
    )
    if result.returncode != 0:
        raise LabError(f"`ip {' '.join(args)}` failed: {result.stderr.strip()}")
    return result.stdout


class VanishingHost:
    """`create()` it, run the primary with `netns=self.name`, then `vanish()`/`reappear()`."""

    def __init__(
        self, tag: str, host_address: str = HOST_ADDRESS, inner_address: str = INNER_ADDRESS
    ) -> None:
        self.name = f"pbxlab-{tag}"
        self.host_if, self.inner_if = f"plab{tag}h"[:15], f"plab{tag}i"[:15]
        self.host_address, self.inner_address = host_address, inner_address
        self.created = False

    def create(self) -> VanishingHost:
        if os.geteuid() != 0:
            raise LabError(
                "the 'vanish' mode needs root: it builds a network namespace and a veth pair"
            )
        _ip("netns", "add", self.name)
        self.created = True
        _ip("link", "add", self.host_if, "type", "veth", "peer", "name", self.inner_if)
        _ip("link", "set", self.inner_if, "netns", self.name)
        _ip("addr", "add", f"{self.host_address}/30", "dev", self.host_if)
        _ip("link", "set", self.host_if, "up")
        _ip("-n", self.name, "addr", "add", f"{self.inner_address}/30", "dev", self.inner_if)
        _ip("-n", self.name, "link", "set", self.inner_if, "up")
        _ip("-n", self.name, "link", "set", "lo", "up")
        mac = (
            _ip("-n", self.name, "-o", "link", "show", self.inner_if)
            .split("link/ether ")[1]
            .split()[0]
        )
        _ip(
            "neigh",
            "replace",
            self.inner_address,
            "lladdr",
            mac,
            "dev",
            self.host_if,
            "nud",
            "permanent",
        )
        return self

    def vanish(self) -> None:
        _ip("-n", self.name, "link", "set", self.inner_if, "down")

    def reappear(self) -> None:
        _ip("-n", self.name, "link", "set", self.inner_if, "up")

    def remove(self) -> None:
        if not self.created:
            return
        # Deleting one end deletes the pair; the namespace goes once nothing runs in it.
        subprocess.run(
            [binary("ip"), "link", "del", self.host_if],
            capture_output=True,
            timeout=10,
            check=False,
        )
        subprocess.run(
            [binary("ip"), "netns", "del", self.name], capture_output=True, timeout=10, check=False
        )
        self.created = False
