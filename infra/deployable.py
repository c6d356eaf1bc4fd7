"""Everything a synth could refuse, checked before the CDK is even imported.

`python -m stacks` and `pbxctl validate` both call `check_deployable`, so a config that
validates also synthesizes, and a refused one leaves nothing behind.
"""

from __future__ import annotations

from infra.config import Config
from infra.naming import Node
from infra.node.cloud_init import render_user_data

# Documentation addresses (RFC 5737 / RFC 3849) stand in for the real ones here.
_STAND_IN = {Node.PRIMARY: ("192.0.2.1", "2001:db8::1"), Node.BACKUP: ("192.0.2.2", "2001:db8::2")}


def check_deployable(config: Config) -> None:
    """Render every node's user data once; raises the ConfigError a synth would raise."""
    for site in config.sites:
        for node in Node:
            ipv4, ipv6 = _STAND_IN[node]
            render_user_data(
                config,
                site,
                node,
                public_ipv4=ipv4,
                public_ipv6=ipv6 if site.ipv6 else None,
                hostname=config.node_fqdn(site, node),
            )
