"""The site pbxctl sees in the tests, and the environment that points it there.

Shared by the CLI tests and scripts/bench, so both drive pbxctl the same way: the Route 53
side applied from the synthesized dns stack, the primary's EC2 instance and the backup's
Hetzner server tagged and labelled through `infra.naming`, as the stacks would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infra.naming import Node, aws_tags, hetzner_labels, node_resource_name
from tests.peers.hetzner_fake import HetznerFake
from tests.peers.moto_server import CREDENTIALS, MotoServer
from tests.support.route53_apply import apply_dns_stack

PROJECT, SITE = "acme-callcenter", "callcenter"  # as in examples/callcenter.toml
PRIMARY_REGION = "eu-central-1"

# Settings from the caller's shell that would send pbxctl elsewhere or change its timing.
FOREIGN_SETTINGS = (
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "PBX_FAILOVER_NAME_SERVERS",
    "PBX_FAILOVER_AUDIT_LOG",
    "PBX_FAILOVER_POLL_INTERVAL",
)


def peer_env(
    *, aws_url: str, hcloud_url: str, hcloud_token: str, config: Path, scratch: Path
) -> dict[str, str]:
    """Variables for pbxctl: AWS through `aws_url`, Hetzner through `hcloud_url`, no real credentials."""
    return {
        **CREDENTIALS,
        "AWS_ENDPOINT_URL": aws_url,
        "AWS_CONFIG_FILE": str(scratch / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(scratch / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "HCLOUD_TOKEN": hcloud_token,
        "HCLOUD_ENDPOINT": hcloud_url,
        "PBX_FAILOVER_CONFIG": str(config),
        "COLUMNS": "160",
    }


def seed_site(
    moto: MotoServer,
    hetzner: HetznerFake,
    dns_stack: dict[str, Any],
    *,
    addresses: dict[Node, str],
) -> int:
    """Create the example site's checks, records, instance and server; the server's id."""
    apply_dns_stack(
        dns_stack,
        moto.client("route53"),
        addresses={node.value: address for node, address in addresses.items()},
    )
    tags = {
        **aws_tags(PROJECT, SITE, Node.PRIMARY),
        "Name": node_resource_name(PROJECT, SITE, Node.PRIMARY),
    }
    moto.client("ec2", PRIMARY_REGION).run_instances(
        ImageId="ami-0123456789abcdef0",
        MinCount=1,
        MaxCount=1,
        TagSpecifications=[
            {
                "ResourceType": "instance",
                "Tags": [{"Key": key, "Value": value} for key, value in tags.items()],
            }
        ],
    )
    return hetzner.add_server(
        node_resource_name(PROJECT, SITE, Node.BACKUP),
        addresses[Node.BACKUP],
        hetzner_labels(PROJECT, SITE, Node.BACKUP),
    )
