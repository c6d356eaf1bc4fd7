"""The environment that points pbxctl at the local test peers, and nothing else.

Shared by the CLI tests and scripts/bench, so both drive pbxctl the same way.
"""

from __future__ import annotations

from pathlib import Path

from tests.peers.moto_server import CREDENTIALS

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
