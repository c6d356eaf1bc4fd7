"""Tell people when traffic moves: CloudWatch alarms on the checks, an SNS topic, e-mail.

Route 53 publishes health-check metrics only in us-east-1, so everything here is created
through a provider for that region, wherever the primary runs.
"""

from __future__ import annotations

import json

from cdktn import TerraformProvider
from cdktn_aws.cloudwatch import AwsMetricAlarm
from cdktn_aws.kms import AwsAlias, AwsKey
from cdktn_aws.sns import AwsTopic, AwsTopicSubscription
from cdktn_aws.sts import DataAwsCallerIdentity
from constructs import Construct

from infra.naming import Node, alert_topic_name, endpoint_alarm_name, traffic_alarm_name


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
        AwsMetricAlarm(
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


class Monitoring:
    """Who hears that traffic moved: the alert topic and an alarm per check that matters.

    An alarm per node on its endpoint check (the node fails or recovers), and one on the
    primary's effective check: the moment DNS sends callers to the backup, whether a node
    failed or an operator promoted. Like `BackupPbxServer` it adds no level to the construct
    tree, so the topic keeps its address and its confirmed e-mail subscriptions.
    """

    def __init__(
        self,
        scope: Construct,
        *,
        project: str,
        site: str,
        failover_fqdn: str,
        emails: list[str],
        endpoint_checks: dict[Node, str],
        primary_effective_check: str,
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
        for node, check_id in endpoint_checks.items():
            HealthCheckAlarm(
                scope,
                f"{node}-endpoint-alarm",
                name=endpoint_alarm_name(project, site, node),
                description=f"The {node} PBX of {site} fails its SIP health check.",
                health_check_id=check_id,
                topic_arn=topic_arn,
                provider=provider,
                tags=tags,
            )
        HealthCheckAlarm(
            scope,
            "traffic-moved-alarm",
            name=traffic_alarm_name(project, site),
            description=f"Calls for {failover_fqdn} now go to the backup PBX.",
            health_check_id=primary_effective_check,
            topic_arn=topic_arn,
            provider=provider,
            tags=tags,
        )
