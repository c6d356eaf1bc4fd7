"""`<site>-backup`: the Hetzner PBX, its primary IP, firewall, SSH key and reverse DNS."""

from __future__ import annotations

from cdktn import TerraformOutput, TerraformStack
from cdktn_aws.provider import AwsProvider
from constructs import Construct

from infra.config import Config, SiteConfig
from infra.naming import Node, hetzner_labels, node_resource_name
from infra.node.cloud_init import render_user_data
from infra.policy import site_policy
from stacks.common import use_backend
from stacks.components.hcloud_firewall import PolicyFirewall
from stacks.components.hcloud_pbx import BackupPbxServer
from stacks.imports.hcloud.provider import HcloudProvider

# aws_ip_ranges reads AWS's public ip-ranges.json; this provider needs no credentials.
IP_RANGES_REGION = "us-east-1"


class BackupStack(TerraformStack):
    def __init__(self, scope: Construct, id_: str, *, config: Config, site: SiteConfig) -> None:
        super().__init__(scope, id_)
        use_backend(self, config, id_)
        # The token comes from HCLOUD_TOKEN at plan/apply time, never from this JSON.
        HcloudProvider(self, "hcloud")
        ip_ranges = AwsProvider(
            self,
            "aws-ip-ranges",
            region=IP_RANGES_REGION,
            skip_credentials_validation=True,
            skip_requesting_account_id=True,
            skip_metadata_api_check="true",
        )
        name = node_resource_name(config.project, site.name, Node.BACKUP)
        labels = hetzner_labels(config.project, site.name, Node.BACKUP)
        fqdn = config.node_fqdn(site, Node.BACKUP)
        backup = site.backup
        pbx = BackupPbxServer(
            self,
            name=name,
            fqdn=fqdn,
            server_type=backup.server_type,
            image=backup.image,
            location=backup.location,
            backups=backup.backups,
            ssh_public_key=backup.ssh_public_key,
            ipv6=site.ipv6,
            user_data=lambda ipv4, ipv6: render_user_data(
                config, site, Node.BACKUP, public_ipv4=ipv4, public_ipv6=ipv6, hostname=fqdn
            ),
            labels=labels,
        )
        PolicyFirewall(
            self,
            "firewall",
            name=name,
            rules=site_policy(config, site),
            server_id=pbx.server.id,
            ip_ranges_provider=ip_ranges,
            labels=labels,
        )

        self.public_ipv4 = pbx.public_ipv4
        self.public_ipv6 = pbx.public_ipv6
        TerraformOutput(self, "public_ipv4", value=self.public_ipv4)
        if self.public_ipv6 is not None:
            TerraformOutput(self, "public_ipv6", value=self.public_ipv6)
        TerraformOutput(self, "server_id", value=pbx.server.id)
