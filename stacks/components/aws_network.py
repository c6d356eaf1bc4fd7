"""Where the primary PBX lives: its own small VPC, or the account's default VPC."""

from __future__ import annotations

import ipaddress

from cdktn_aws.ec2 import DataAwsAvailabilityZones
from cdktn_aws.vpc import (
    AwsDefaultSecurityGroup,
    AwsInternetGateway,
    AwsRoute,
    AwsRouteTable,
    AwsRouteTableAssociation,
    AwsSubnet,
    AwsVpc,
    DataAwsVpc,
)
from constructs import Construct


class PbxNetwork(Construct):
    """A VPC with one public subnet (IPv6 too when asked), or the default VPC.

    `subnet_id` is None for the default VPC: EC2 then picks the default subnet.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        use_default_vpc: bool,
        cidr: ipaddress.IPv4Network,
        ipv6: bool,
        tags: dict[str, str],
    ) -> None:
        super().__init__(scope, id_)
        if use_default_vpc:
            self.vpc_id: str = DataAwsVpc(self, "default", default=True).id
            self.subnet_id: str | None = None
            return

        vpc = AwsVpc(
            self,
            "vpc",
            cidr_block=str(cidr),
            enable_dns_hostnames=True,
            enable_dns_support=True,
            assign_generated_ipv6_cidr_block=ipv6,
            tags={**tags, "Name": tags.get("Name", "pbx")},
        )
        # Each attribute read is a round trip to the jsii runtime: read the ids once.
        vpc_id = vpc.id
        # The default security group of a new VPC allows traffic between its members;
        # adopting it with no rules closes that door (nothing should use it).
        AwsDefaultSecurityGroup(self, "default-sg-closed", vpc_id=vpc_id, tags=tags)
        gateway = AwsInternetGateway(self, "igw", vpc_id=vpc_id, tags=tags)
        gateway_id = gateway.id
        zones = DataAwsAvailabilityZones(self, "zones", state="available")
        subnet = AwsSubnet(
            self,
            "public",
            vpc_id=vpc_id,
            cidr_block=str(next(cidr.subnets(new_prefix=24))),
            availability_zone=f"${{{zones.fqn}.names[0]}}",
            # The PBX gets an Elastic IP; nothing here should receive a random public one.
            map_public_ip_on_launch=False,
            ipv6_cidr_block=f"${{cidrsubnet({vpc.fqn}.ipv6_cidr_block, 8, 0)}}" if ipv6 else None,
            assign_ipv6_address_on_creation=ipv6 or None,
            tags=tags,
        )
        table_id = AwsRouteTable(self, "routes", vpc_id=vpc_id, tags=tags).id
        AwsRoute(
            self,
            "default-ipv4",
            route_table_id=table_id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=gateway_id,
        )
        if ipv6:
            AwsRoute(
                self,
                "default-ipv6",
                route_table_id=table_id,
                destination_ipv6_cidr_block="::/0",
                gateway_id=gateway_id,
            )
        AwsRouteTableAssociation(
            self, "public-routes", subnet_id=subnet.id, route_table_id=table_id
        )
        self.vpc_id = vpc_id
        self.subnet_id = subnet.id
