"""The primary PBX: an EC2 instance on Ubuntu LTS with a stable Elastic IP."""

from __future__ import annotations

import json
import re

from cdktn import Fn, TerraformLocal, TerraformResourceLifecycle
from cdktn_aws.ec2 import (
    AwsEip,
    AwsEipAssociation,
    AwsInstance,
    AwsKeyPair,
    DataAwsAmi,
)
from cdktn_aws.iam import AwsInstanceProfile, AwsRole, AwsRolePolicyAttachment
from constructs import Construct

SSM_CORE_POLICY = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"


def _architecture(instance_type: str) -> str:
    # Graviton families carry a 'g' after the generation digit (t4g, c7gn, m7gd, x2gd);
    # g4dn or c5n do not.
    suffix = re.match(r"^[a-z]+\d+([a-z-]*)", instance_type)
    return "arm64" if suffix and "g" in suffix.group(1) else "x86_64"


class ElasticAddress(Construct):
    """An Elastic IP allocated before the instance, so user data can name the address."""

    def __init__(self, scope: Construct, id_: str, *, tags: dict[str, str]) -> None:
        super().__init__(scope, id_)
        self.eip = AwsEip(self, "eip", domain="vpc", tags=tags)
        self.public_ip = self.eip.public_ip
        self.allocation_id = self.eip.allocation_id


class PrimaryPbxInstance(Construct):
    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        instance_type: str,
        ami_owner: str,
        ami_name: str,
        subnet_id: str | None,
        security_group_id: str,
        address: ElasticAddress,
        ssh_public_key: str | None,
        root_volume_gb: int,
        ipv6: bool,
        user_data: str,
        tags: dict[str, str],
    ) -> None:
        super().__init__(scope, id_)
        ami = DataAwsAmi(
            self,
            "ubuntu",
            most_recent=True,
            owners=[ami_owner],
            filter=[
                {"name": "name", "values": [ami_name]},
                {"name": "architecture", "values": [_architecture(instance_type)]},
                {"name": "virtualization-type", "values": ["hvm"]},
            ],
        )
        role = AwsRole(
            self,
            "role",
            name=f"{name}-ssm",
            assume_role_policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "ec2.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
            tags=tags,
        )
        AwsRolePolicyAttachment(self, "ssm-core", role=role.name, policy_arn=SSM_CORE_POLICY)
        profile = AwsInstanceProfile(self, "profile", name=f"{name}-ssm", role=role.name, tags=tags)
        key_name = None
        if ssh_public_key is not None:
            key_name = AwsKeyPair(
                self, "ssh-key", key_name=name, public_key=ssh_public_key, tags=tags
            ).key_name

        self.instance = AwsInstance(
            self,
            "pbx",
            ami=ami.id,
            instance_type=instance_type,
            subnet_id=subnet_id,
            vpc_security_group_ids=[security_group_id],
            iam_instance_profile=profile.name,
            key_name=key_name,
            ipv6_address_count=1 if ipv6 else None,
            metadata_options={
                "http_endpoint": "enabled",
                "http_tokens": "required",
                "http_put_response_hop_limit": 1,
            },
            root_block_device={
                "encrypted": True,
                "volume_type": "gp3",
                "volume_size": root_volume_gb,
            },
            disable_api_termination=True,
            ebs_optimized=True,
            monitoring=True,
            # EC2 takes 16 KiB as sent; gzipped, the same document takes about half of that
            # (cloud-init unpacks it). The text stays readable in the JSON as a local.
            user_data_base64=Fn.base64gzip(TerraformLocal(self, "user-data", user_data).as_string),
            tags={**tags, "Name": name},
            volume_tags=tags,
            # A newer Ubuntu AMI or changed user data must never stop or replace a live
            # PBX on a routine deploy; roll those out deliberately (README, "Upgrades").
            lifecycle=TerraformResourceLifecycle(
                ignore_changes=["ami", "user_data", "user_data_base64"]
            ),
        )
        AwsEipAssociation(
            self, "address", allocation_id=address.allocation_id, instance_id=self.instance.id
        )
