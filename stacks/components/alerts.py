"""Tell people when traffic moves: CloudWatch alarms on the checks, an SNS topic, e-mail.

Route 53 publishes health-check metrics only in us-east-1, so everything here is created
through a provider for that region, wherever the primary runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cdktn import TerraformProvider
from cdktn_aws.cloudwatch import AwsDashboard, AwsMetricAlarm
from cdktn_aws.kms import AwsAlias, AwsKey
from cdktn_aws.sns import AwsTopic, AwsTopicSubscription
from cdktn_aws.sts import DataAwsCallerIdentity
from constructs import Construct

from infra.naming import (
    Node,
    alert_topic_name,
    dashboard_name,
    endpoint_alarm_name,
    traffic_alarm_name,
)

# Route 53 publishes its health-check metrics only here.
METRICS_REGION = "us-east-1"


class AlertTopic(Construct):
    """An encrypted SNS topic with e-mail subscriptions.

    The key is customer-managed because CloudWatch cannot publish to a topic encrypted
    with the AWS-managed SNS key (its key policy does not admit the CloudWatch service).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        emails: list[str],
        provider: TerraformProvider,
        tags: dict[str, str],
    ) -> None:
        super().__init__(scope, id_)
        account = DataAwsCallerIdentity(self, "account", provider=provider)
        key = AwsKey(
            self,
            "key",
            provider=provider,
            description=f"{name}: encrypts the pbx-failover alert topic",
            enable_key_rotation=True,
            deletion_window_in_days=30,
            policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "AccountAdministers",
                            "Effect": "Allow",
                            "Principal": {"AWS": f"arn:aws:iam::{account.account_id}:root"},
                            "Action": "kms:*",
                            "Resource": "*",
                        },
                        {
                            "Sid": "CloudWatchPublishes",
                            "Effect": "Allow",
                            "Principal": {"Service": "cloudwatch.amazonaws.com"},
                            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                            "Resource": "*",
                        },
                    ],
                }
            ),
            tags=tags,
        )
        AwsAlias(self, "alias", provider=provider, name=f"alias/{name}", target_key_id=key.key_id)
        self.topic = AwsTopic(
            self, "topic", provider=provider, name=name, kms_master_key_id=key.arn, tags=tags
        )
        topic_arn = self.topic.arn  # one round trip to the jsii runtime, not one per use
        for index, email in enumerate(emails):
            AwsTopicSubscription(
                self,
                f"email-{index}",
                provider=provider,
                topic_arn=topic_arn,
                protocol="email",
                endpoint=email,
            )


class HealthCheckAlarm(Construct):
    """Alarm (and OK) when a Route 53 health check turns unhealthy (and healthy again)."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        description: str,
        health_check_id: str,
        topic_arn: str,
        provider: TerraformProvider,
        tags: dict[str, str],
    ) -> None:
        super().__init__(scope, id_)
        self.alarm = AwsMetricAlarm(
            self,
            "alarm",
            provider=provider,
            alarm_name=name,
            alarm_description=description,
            namespace="AWS/Route53",
            metric_name="HealthCheckStatus",
            dimensions={"HealthCheckId": health_check_id},
            statistic="Minimum",
            period=60,
            evaluation_periods=1,
            threshold=1,
            comparison_operator="LessThanThreshold",
            # No data means Route 53 stopped reporting: treat it as a problem, not silence.
            treat_missing_data="breaching",
            alarm_actions=[topic_arn],
            ok_actions=[topic_arn],
            tags=tags,
        )


@dataclass(frozen=True)
class NodeChecks:
    """The ids of one node's three health checks."""

    endpoint: str
    switch: str
    effective: str


class Monitoring:
    """Who hears and sees that traffic moved: the alert topic, the alarms, a dashboard.

    An alarm per node on its endpoint check (the node fails or recovers), and one on the
    primary's effective check: the moment DNS sends callers to the backup, whether a node
    failed or an operator promoted. The dashboard shows, per node, the share of Route 53's
    checkers that see it healthy, its switch and its effective health over time, and the
    alarms' states. Like `BackupPbxServer` this adds no level to the construct tree, so the
    topic keeps its address and its confirmed e-mail subscriptions.
    """

    def __init__(
        self,
        scope: Construct,
        *,
        project: str,
        site: str,
        failover_fqdn: str,
        emails: list[str],
        checks: dict[Node, NodeChecks],
        provider: TerraformProvider,
        tags: dict[str, str],
    ) -> None:
        self.topic = AlertTopic(
            scope,
            "alerts",
            name=alert_topic_name(project, site),
            emails=emails,
            provider=provider,
            tags=tags,
        ).topic
        topic_arn = self.topic.arn  # one round trip to the jsii runtime, not one per alarm
        alarms = [
            HealthCheckAlarm(
                scope,
                f"{node}-endpoint-alarm",
                name=endpoint_alarm_name(project, site, node),
                description=f"The {node} PBX of {site} fails its SIP health check.",
                health_check_id=node_checks.endpoint,
                topic_arn=topic_arn,
                provider=provider,
                tags=tags,
            )
            for node, node_checks in checks.items()
        ]
        alarms.append(
            HealthCheckAlarm(
                scope,
                "traffic-moved-alarm",
                name=traffic_alarm_name(project, site),
                description=f"Calls for {failover_fqdn} now go to the backup PBX.",
                health_check_id=checks[Node.PRIMARY].effective,
                topic_arn=topic_arn,
                provider=provider,
                tags=tags,
            )
        )
        AwsDashboard(
            scope,
            "dashboard",
            provider=provider,
            dashboard_name=dashboard_name(project, site),
            dashboard_body=json.dumps(
                _dashboard(failover_fqdn, checks, [alarm.alarm.arn for alarm in alarms])
            ),
        )


def _dashboard(fqdn: str, checks: dict[Node, NodeChecks], alarm_arns: list[str]) -> dict[str, Any]:
    """CloudWatch's dashboard body: Route 53 publishes its check metrics in us-east-1."""

    def metric(check_id: str, name: str, label: str) -> list[Any]:
        return ["AWS/Route53", name, "HealthCheckId", check_id, {"label": label}]

    def graph(title: str, metrics: list[list[Any]], stat: str, y: int, x: int) -> dict[str, Any]:
        return {
            "type": "metric",
            "x": x,
            "y": y,
            "width": 12,
            "height": 6,
            "properties": {
                "title": title,
                "region": METRICS_REGION,
                "metrics": metrics,
                "stat": stat,
                "period": 60,
                "view": "timeSeries",
            },
        }

    widgets: list[dict[str, Any]] = [
        {
            "type": "text",
            "x": 0,
            "y": 0,
            "width": 24,
            "height": 2,
            "properties": {
                "markdown": f"## Where calls for {fqdn} go\n"
                "Switch and effective: 1 = in / healthy, 0 = out / unhealthy. DNS answers the "
                "primary while its effective check is 1, else the backup while its is."
            },
        }
    ]
    for row, (node, ids) in enumerate(checks.items()):
        y = 2 + row * 6
        widgets.append(
            graph(
                f"{node}: endpoint, % of Route 53 checkers that see SIP OK",
                [metric(ids.endpoint, "HealthCheckPercentageHealthy", "endpoint")],
                "Average",
                y,
                0,
            )
        )
        widgets.append(
            graph(
                f"{node}: switch and effective health",
                [
                    metric(ids.switch, "HealthCheckStatus", "switch (1 in)"),
                    metric(ids.effective, "HealthCheckStatus", "effective (1 healthy)"),
                ],
                "Minimum",
                y,
                12,
            )
        )
    widgets.append(
        {
            "type": "alarm",
            "x": 0,
            "y": 2 + len(checks) * 6,
            "width": 24,
            "height": 3,
            "properties": {"title": "Alarms", "alarms": alarm_arns},
        }
    )
    return {"widgets": widgets}
