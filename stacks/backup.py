"""`<site>-backup`: the Hetzner PBX, its primary IP, firewall, SSH key and reverse DNS."""

from __future__ import annotations

from cdktn import Fn, TerraformOutput, TerraformResourceLifecycle, TerraformStack
from cdktn_aws.provider import AwsProvider
from constructs import Construct

from infra.config import Config, SiteConfig
from infra.naming import LABEL_NODE, LABEL_PROJECT, LABEL_SITE, Node
from infra.node.cloud_init import render_user_data
from infra.policy import check_hetzner_limit, site_policy
from stacks.common import use_backend
from stacks.components.hcloud_firewall import PolicyFirewall
from stacks.imports.hcloud.primary_ip import PrimaryIp
from stacks.imports.hcloud.provider import HcloudProvider
from stacks.imports.hcloud.rdns import Rdns
from stacks.imports.hcloud.server import Server, ServerPublicNet
from stacks.imports.hcloud.ssh_key import SshKey

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
        rules = site_policy(config, site)
        check_hetzner_limit(rules, site)

        backup = site.backup
        name = f"{config.project}-{site.name}-backup"
        labels = {
            LABEL_PROJECT: config.project,
            LABEL_SITE: site.name,
            LABEL_NODE: Node.BACKUP.value,
        }
        fqdn = config.node_fqdn(site, Node.BACKUP)

        ssh_key = SshKey(
            self, "ssh-key", name=name, public_key=backup.ssh_public_key, labels=labels
        )

        def primary_ip(family: str) -> PrimaryIp:
            # The address is what DNS, carriers and phones know: it outlives any rebuild.
            return PrimaryIp(
                self,
                family,
                name=f"{name}-{family}",
                type=family,
                assignee_type="server",
                location=backup.location,
                auto_delete=False,
                delete_protection=True,
                labels=labels,
            )

        ipv4 = primary_ip("ipv4")
        ipv6 = primary_ip("ipv6") if site.ipv6 else None
        # Hetzner assigns a /64; the server answers on its first host address.
        ipv6_host = Fn.cidrhost(ipv6.ip_network, 1) if ipv6 is not None else None
        server = Server(
            self,
            "pbx",
            name=name,
            server_type=backup.server_type,
            image=backup.image,
            location=backup.location,
            ssh_keys=[ssh_key.id],
            public_net=[
                ServerPublicNet(
                    ipv4_enabled=True,
                    ipv4=Fn.tonumber(ipv4.id),
                    ipv6_enabled=ipv6 is not None,
                    ipv6=Fn.tonumber(ipv6.id) if ipv6 is not None else None,
                )
            ],
            labels=labels,
            backups=backup.backups,
            delete_protection=True,
            rebuild_protection=True,
            user_data=render_user_data(
                config,
                site,
                Node.BACKUP,
                public_ipv4=ipv4.ip_address,
                public_ipv6=ipv6_host,
                hostname=fqdn,
            ),
            # As on the primary: a new image or user data must not rebuild a live PBX.
            lifecycle=TerraformResourceLifecycle(ignore_changes=["image", "user_data", "ssh_keys"]),
        )
        PolicyFirewall(
            self,
            "firewall",
            name=name,
            rules=rules,
            server_id=server.id,
            ip_ranges_provider=ip_ranges,
            labels=labels,
        )
        Rdns(
            self,
            "rdns-ipv4",
            primary_ip_id=Fn.tonumber(ipv4.id),
            ip_address=ipv4.ip_address,
            dns_ptr=fqdn,
        )
        if ipv6 is not None and ipv6_host is not None:
            Rdns(
                self,
                "rdns-ipv6",
                primary_ip_id=Fn.tonumber(ipv6.id),
                ip_address=ipv6_host,
                dns_ptr=fqdn,
            )

        self.public_ipv4 = ipv4.ip_address
        self.public_ipv6 = ipv6_host
        TerraformOutput(self, "public_ipv4", value=self.public_ipv4)
        if self.public_ipv6 is not None:
            TerraformOutput(self, "public_ipv6", value=self.public_ipv6)
        TerraformOutput(self, "server_id", value=server.id)
