"""Per node, the three Route 53 health checks of the design: endpoint, switch, effective."""

from __future__ import annotations

from cdktn import TerraformResourceLifecycle
from cdktn_aws.route_53 import AwsHealthCheck
from constructs import Construct

from infra.config import HealthConfig
from infra.naming import HEALTH_SEARCH_STRING, CheckRole, Node, check_tags


class NodeHealthChecks(Construct):
    """`effective` = the node answers SIP (`endpoint`) AND an operator has it switched in.

    The switch is a CALCULATED check with no children and threshold 0, so it is healthy
    until `pbxctl` sets Inverted=true. Terraform ignores `invert_healthcheck` on it, so a
    deploy never undoes an operator's decision. The endpoint check is never inverted or
    disabled: its truth stays visible during an incident.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        project: str,
        site: str,
        node: Node,
        address: str,
        health: HealthConfig,
        tags: dict[str, str],
    ) -> None:
        super().__init__(scope, id_)

        def tagged(role: CheckRole) -> dict[str, str]:
            return {**tags, **check_tags(project, site, node, role)}

        self.endpoint = AwsHealthCheck(
            self,
            "endpoint",
            type="HTTP_STR_MATCH",
            ip_address=address,
            port=health.port,
            resource_path=health.path,
            search_string=HEALTH_SEARCH_STRING,
            request_interval=health.interval,
            failure_threshold=health.failure_threshold,
            regions=list(health.regions) or None,
            tags=tagged(CheckRole.ENDPOINT),
        )
        self.switch = AwsHealthCheck(
            self,
            "switch",
            type="CALCULATED",
            child_healthchecks=[],
            child_health_threshold=0,
            invert_healthcheck=False,
            tags=tagged(CheckRole.SWITCH),
            lifecycle=TerraformResourceLifecycle(ignore_changes=["invert_healthcheck"]),
        )
        self.effective = AwsHealthCheck(
            self,
            "effective",
            type="CALCULATED",
            child_healthchecks=[self.endpoint.id, self.switch.id],
            child_health_threshold=2,
            tags=tagged(CheckRole.EFFECTIVE),
        )
