"""Names, tags and labels: the one contract between the stacks, `pbxctl` and the tests.

`pbxctl` finds every resource by these tags and labels (never from Terraform state, which
may be unreachable during an outage), so the stacks must write exactly these. Nothing else
spells a resource name, a stack name, a tag or a label.
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


class StackRole(StrEnum):
    """The three stacks of a site, deployed on their own: `<site>-<role>`."""

    PRIMARY = "primary"
    BACKUP = "backup"
    DNS = "dns"


class CheckRole(StrEnum):
    ENDPOINT = "endpoint"  # HTTP_STR_MATCH on the node's health agent; never touched by pbxctl
    SWITCH = "switch"  # CALCULATED, threshold 0: healthy until pbxctl inverts it
    EFFECTIVE = "effective"  # CALCULATED endpoint AND switch: what the failover record uses


def stack_name(site: str, role: StackRole) -> str:
    return f"{site}-{role}"


def stack_names(site: str) -> dict[StackRole, str]:
    return {role: stack_name(site, role) for role in StackRole}


def resource_name(project: str, site: str, *parts: str) -> str:
    """`<project>-<site>-<parts...>`: what the consoles show (instance, server, alarms...)."""
    return "-".join((project, site, *parts))


def node_resource_name(project: str, site: str, node: Node) -> str:
    """The name of a node's server and of what belongs to it alone (key, firewall)."""
    return resource_name(project, site, node.value)


def alert_topic_name(project: str, site: str) -> str:
    return resource_name(project, site, "failover")


def endpoint_alarm_name(project: str, site: str, node: Node) -> str:
    return resource_name(project, site, node.value, "sip-health")


def traffic_alarm_name(project: str, site: str) -> str:
    return resource_name(project, site, "traffic-on-backup")


def dashboard_name(project: str, site: str) -> str:
    return resource_name(project, site, "failover")


def dashboard_url(project: str, site: str, region: str = "us-east-1") -> str:
    """The CloudWatch console page of a site's dashboard (beside the Route 53 metrics)."""
    return (
        f"https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}"
        f"#dashboards/dashboard/{dashboard_name(project, site)}"
    )


def check_name(site: str, node: Node, role: CheckRole) -> str:
    """The `Name` tag of a health check, as the Route 53 console shows it."""
    return f"{site}-{node}-{role}"


def aws_tags(project: str, site: str, node: Node | None = None) -> dict[str, str]:
    """Tags on every AWS resource of a site (the node's too, on what belongs to one node)."""
    tags = {TAG_PROJECT: project, TAG_SITE: site}
    if node is not None:
        tags[TAG_NODE] = node.value
    return tags


def check_tags(project: str, site: str, node: Node, role: CheckRole) -> dict[str, str]:
    """The tags by which `pbxctl` finds one of the six health checks of a site."""
    return {
        **aws_tags(project, site),
        TAG_NODE: node.value,
        TAG_ROLE: role.value,
        "Name": check_name(site, node, role),
    }


def hetzner_labels(project: str, site: str, node: Node) -> dict[str, str]:
    return {LABEL_PROJECT: project, LABEL_SITE: site, LABEL_NODE: node.value}


def hetzner_selector(site: str, node: Node) -> str:
    """The label selector that finds a node's Hetzner server."""
    return f"{LABEL_SITE}={site},{LABEL_NODE}={node.value}"


def ec2_filters(site: str, node: Node) -> list[dict[str, str | list[str]]]:
    """The DescribeInstances filters that find a node's EC2 instance by its tags."""
    return [
        {"Name": f"tag:{TAG_SITE}", "Values": [site]},
        {"Name": f"tag:{TAG_NODE}", "Values": [node.value]},
    ]


# Failover record set identifiers (Route 53 SetIdentifier).
SET_IDENTIFIER = {Node.PRIMARY: "primary", Node.BACKUP: "backup"}

# The health agent serves its own endpoints (e.g. the node's tree report) under this path
# on the health port; the configured health path must stay outside it.
AGENT_PATH_PREFIX = f"/{TAG_PREFIX}/"
