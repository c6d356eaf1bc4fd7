"""The backup PBX: a Hetzner server on primary IPs that outlive it, its SSH key and rDNS."""

from __future__ import annotations

from collections.abc import Callable

from cdktn import Fn, TerraformResourceLifecycle
from constructs import Construct

from stacks.imports.hcloud.primary_ip import PrimaryIp
from stacks.imports.hcloud.rdns import Rdns
from stacks.imports.hcloud.server import Server, ServerPublicNet
from stacks.imports.hcloud.ssh_key import SshKey


class BackupPbxServer:
    """The backup's counterpart of `PrimaryPbxInstance`.

    `user_data` renders the node's user data from its public addresses (IPv4, IPv6 or None),
    which exist only once the primary IPs do.

    Unlike the other components it adds no level to the construct tree: its resources keep
    the Terraform addresses they were first deployed with (`hcloud_server.pbx`, ...), and a
    new address would make Terraform replace the live PBX and release its address.
    """

    def __init__(
        self,
        scope: Construct,
        *,
        name: str,
        fqdn: str,
        server_type: str,
        image: str,
        location: str,
        backups: bool,
        ssh_public_key: str,
        ipv6: bool,
        user_data: Callable[[str, str | None], str],
        labels: dict[str, str],
    ) -> None:
        ssh_key = SshKey(scope, "ssh-key", name=name, public_key=ssh_public_key, labels=labels)

        def primary_ip(family: str) -> PrimaryIp:
            # The address is what DNS, carriers and phones know: it outlives any rebuild.
            return PrimaryIp(
                scope,
                family,
                name=f"{name}-{family}",
                type=family,
                assignee_type="server",
                location=location,
                auto_delete=False,
                delete_protection=True,
                labels=labels,
            )

        ipv4 = primary_ip("ipv4")
        ipv6_ip = primary_ip("ipv6") if ipv6 else None
        # Hetzner assigns a /64; the server answers on its first host address.
        self.public_ipv4: str = ipv4.ip_address
        self.public_ipv6: str | None = (
            Fn.cidrhost(ipv6_ip.ip_network, 1) if ipv6_ip is not None else None
        )
        self.server = Server(
            scope,
            "pbx",
            name=name,
            server_type=server_type,
            image=image,
            location=location,
            ssh_keys=[ssh_key.id],
            public_net=[
                ServerPublicNet(
                    ipv4_enabled=True,
                    ipv4=Fn.tonumber(ipv4.id),
                    ipv6_enabled=ipv6_ip is not None,
                    ipv6=Fn.tonumber(ipv6_ip.id) if ipv6_ip is not None else None,
                )
            ],
            labels=labels,
            backups=backups,
            delete_protection=True,
            rebuild_protection=True,
            user_data=user_data(self.public_ipv4, self.public_ipv6),
            # As on the primary: a new image or user data must not rebuild a live PBX.
            lifecycle=TerraformResourceLifecycle(ignore_changes=["image", "user_data", "ssh_keys"]),
        )
        Rdns(
            scope,
            "rdns-ipv4",
            primary_ip_id=Fn.tonumber(ipv4.id),
            ip_address=ipv4.ip_address,
            dns_ptr=fqdn,
        )
        if ipv6_ip is not None and self.public_ipv6 is not None:
            Rdns(
                scope,
                "rdns-ipv6",
                primary_ip_id=Fn.tonumber(ipv6_ip.id),
                ip_address=self.public_ipv6,
                dns_ptr=fqdn,
            )
