"""Names, tags and labels shared by the stacks and `pbxctl`: the contract between them.

`pbxctl` finds every resource by these tags (never from Terraform state, which may be
unreachable during an outage), so the stacks must write exactly these.
"""

from __future__ import annotations

from enum import StrEnum

TAG_PREFIX = "pbx-failover"
TAG_SITE = f"{TAG_PREFIX}:site"  # AWS tags (EC2, Route 53, CloudWatch, SNS)
TAG_NODE = f"{TAG_PREFIX}:node"
TAG_ROLE = f"{TAG_PREFIX}:role"
TAG_PROJECT = f"{TAG_PREFIX}:project"
LABEL_SITE = f"{TAG_PREFIX}-site"  # Hetzner labels (no ':' allowed in label keys)
LABEL_NODE = f"{TAG_PREFIX}-node"
LABEL_PROJECT = f"{TAG_PREFIX}-project"

# What Route 53 looks for in the health agent's answer.
HEALTH_SEARCH_STRING = "SIP OK"


class Node(StrEnum):
    PRIMARY = "primary"
    BACKUP = "backup"

    @property
    def other(self) -> Node:
        return Node.BACKUP if self is Node.PRIMARY else Node.PRIMARY


class CheckRole(StrEnum):
    ENDPOINT = "endpoint"  # HTTP_STR_MATCH on the node's health agent; never touched by pbxctl
    SWITCH = "switch"  # CALCULATED, threshold 0: healthy until pbxctl inverts it
    EFFECTIVE = "effective"  # CALCULATED endpoint AND switch: what the failover record uses


def check_name(site: str, node: Node, role: CheckRole) -> str:
    """The `Name` tag of a health check, as the Route 53 console shows it."""
    return f"{site}-{node}-{role}"


# Failover record set identifiers (Route 53 SetIdentifier).
SET_IDENTIFIER = {Node.PRIMARY: "primary", Node.BACKUP: "backup"}
