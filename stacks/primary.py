"""`<site>-primary`: the AWS PBX, its network, its security group and its address."""

from __future__ import annotations

from cdktn import TerraformOutput, TerraformStack
from cdktn_aws.provider import AwsProvider
from constructs import Construct

from infra.config import Config, SiteConfig
from infra.naming import Node, aws_tags, node_resource_name
from infra.node.cloud_init import render_user_data
from infra.policy import site_policy
from stacks.common import use_backend
from stacks.components.aws_firewall import PolicySecurityGroup
from stacks.components.aws_network import PbxNetwork
from stacks.components.aws_pbx import ElasticAddress, PrimaryPbxInstance


class PrimaryStack(TerraformStack):
    def __init__(self, scope: Construct, id_: str, *, config: Config, site: SiteConfig) -> None:
        super().__init__(scope, id_)
        use_backend(self, config, id_)
        tags = aws_tags(config.project, site.name, Node.PRIMARY)
        primary = site.primary
        AwsProvider(
            self,
            "aws",
            region=primary.region,
            default_tags=[{"tags": tags}],
        )
        name = node_resource_name(config.project, site.name, Node.PRIMARY)
        network = PbxNetwork(
            self,
            "network",
            use_default_vpc=primary.use_default_vpc,
            cidr=primary.vpc_cidr,  # type: ignore[arg-type]  # the config allows IPv4 only
            ipv6=site.ipv6,
            tags={**tags, "Name": name},
        )
        firewall = PolicySecurityGroup(
            self,
            "firewall",
            name=name,
            vpc_id=network.vpc_id,
            region=primary.region,
            rules=site_policy(config, site),
            tags=tags,
        )
        address = ElasticAddress(self, "address", tags={**tags, "Name": name})
        hostname = config.node_fqdn(site, Node.PRIMARY)
        pbx = PrimaryPbxInstance(
            self,
            "pbx",
            name=name,
            instance_type=primary.instance_type,
            ami_owner=primary.ami_owner,
            ami_name=primary.ami_name,
            subnet_id=network.subnet_id,
            security_group_id=firewall.group.id,
            address=address,
            ssh_public_key=primary.ssh_public_key if primary.access == "ssh" else None,
            root_volume_gb=primary.root_volume_gb,
            ipv6=site.ipv6,
            user_data=render_user_data(
                config,
                site,
                Node.PRIMARY,
                public_ipv4=address.public_ip,
                public_ipv6=None,
                hostname=hostname,
            ),
            tags=tags,
        )
        self.public_ipv4 = address.public_ip
        self.public_ipv6: str | None = (
            f"${{{pbx.instance.fqn}.ipv6_addresses[0]}}" if site.ipv6 else None
        )
        TerraformOutput(self, "public_ipv4", value=self.public_ipv4)
        if self.public_ipv6 is not None:
            TerraformOutput(self, "public_ipv6", value=self.public_ipv6)
        TerraformOutput(self, "instance_id", value=pbx.instance.id)
