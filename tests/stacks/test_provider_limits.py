"""Every name and value the stacks generate fits the providers, at the config's limits.

A config with the longest project and site names the model allows, a zone that makes the
longest generated DNS name exactly 253 characters, IPv6, SSH access and e-mail alerts is
synthesized, and each generated name, tag, label and description is held against the
limit and character set the provider documents. A new resource name that outgrows a
limit, or a longer name allowed by the model, fails here instead of at deploy time.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infra.config import DNS_NAME_LIMIT, load_config
from infra.errors import ConfigError
from tests.conftest import EXAMPLE, read_stacks, synthesize
from tests.support.tfjson import resources

PROJECT = "p" * 23 + "1"  # SiteName allows 2-24 characters
SITE = "s" * 23 + "2"
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAK ops"
FAILOVER = "voip"
# Labels of 63 characters, then one that brings _sips._tcp.voip.<zone> to exactly 253.
_LONGEST_SRV = f"_sips._tcp.{FAILOVER}."
_REST = DNS_NAME_LIMIT - len(_LONGEST_SRV) - len("example.com") - 4 * 1
ZONE = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * (_REST - 3 * 63)]) + ".example.com"

_HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_HETZNER_LABEL_VALUE = re.compile(r"^([a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?)?$")
_DNS_LABEL = re.compile(r"^(_?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)$")
# EC2 security group (rule) descriptions: a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*
_EC2_DESCRIPTION = re.compile(r"^[A-Za-z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*$")


@pytest.fixture(scope="module")
def stacks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("limits")
    shutil.copytree(EXAMPLE.parent / "asterisk", folder / "asterisk")  # links are refused
    text = (
        EXAMPLE.read_text()
        .replace('project = "acme-callcenter"', f'project = "{PROJECT}"')
        .replace('zone = "example.com"', f'zone = "{ZONE}"')
        .replace('name = "callcenter"', f'name = "{SITE}"\nipv6 = true')
        .replace('access = "ssm"', f'access = "ssh"\nssh_public_key = "{SSH_KEY}"')
    )
    config = folder / "longest.toml"
    config.write_text(text)
    result = synthesize(config, folder / "out")
    assert result.returncode == 0, result.stderr
    yield read_stacks(folder / "out")


def _all(stacks: dict[str, dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [body for doc in stacks.values() for body in resources(doc, kind)]


def test_the_longest_srv_name_is_exactly_at_the_limit() -> None:
    assert len(f"{_LONGEST_SRV}{ZONE}") == DNS_NAME_LIMIT


def test_record_names_fit_dns(stacks: dict[str, dict[str, Any]]) -> None:
    names = [record["name"] for record in _all(stacks, "aws_route53_record")]
    assert f"{_LONGEST_SRV}{ZONE}" in names
    for name in names:
        assert len(name) <= DNS_NAME_LIMIT, name
        assert all(_DNS_LABEL.fullmatch(label) for label in name.split(".")), name


def test_aws_names_fit_their_limits(stacks: dict[str, dict[str, Any]]) -> None:
    limits = {  # resource type, attribute, length, character set
        ("aws_iam_role", "name"): (64, r"[\w+=,.@-]+"),
        ("aws_iam_instance_profile", "name"): (128, r"[\w+=,.@-]+"),
        ("aws_security_group", "name"): (255, r"[A-Za-z0-9 ._\-:/()#,@\[\]+=&;{}!$*]+"),
        ("aws_key_pair", "key_name"): (255, r"[\x20-\x7e]+"),
        ("aws_sns_topic", "name"): (256, r"[A-Za-z0-9_-]+"),
        ("aws_kms_alias", "name"): (256, r"alias/[A-Za-z0-9/_-]+"),
        ("aws_cloudwatch_metric_alarm", "alarm_name"): (255, r"[\x20-\x7e]+"),
        ("aws_cloudwatch_metric_alarm", "alarm_description"): (1024, r"[\x20-\x7e]+"),
        ("aws_kms_key", "description"): (8192, r"[\x20-\x7e]+"),
    }
    for (kind, attribute), (limit, charset) in limits.items():
        bodies = _all(stacks, kind)
        assert bodies, f"no {kind} was synthesized"
        for body in bodies:
            value = body[attribute]
            assert len(value) <= limit and re.fullmatch(charset, value), (kind, value)


def test_aws_tags_and_descriptions(stacks: dict[str, dict[str, Any]]) -> None:
    for doc in stacks.values():
        for kind, bodies in doc.get("resource", {}).items():
            if not kind.startswith("aws_"):
                continue
            for body in bodies.values():
                for key, value in (body.get("tags") or {}).items():
                    assert len(key) <= 128 and not key.startswith("aws:"), (kind, key)
                    assert len(value) <= 256, (kind, key, value)
        for provider in doc.get("provider", {}).get("aws", []):
            for tags in provider.get("default_tags", []):
                assert all(len(value) <= 256 for value in tags["tags"].values())
    for kind in ("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"):
        for rule in _all(stacks, kind):
            description = rule["description"]
            assert len(description) <= 255 and _EC2_DESCRIPTION.fullmatch(description), rule


def test_hetzner_names_and_labels(stacks: dict[str, dict[str, Any]]) -> None:
    for kind in ("hcloud_server", "hcloud_firewall", "hcloud_ssh_key", "hcloud_primary_ip"):
        bodies = _all(stacks, kind)
        assert bodies, f"no {kind} was synthesized"
        for body in bodies:
            name = body["name"]
            # The server's name must be a valid hostname (RFC 1123); keep all to that.
            assert _HOSTNAME.fullmatch(name), (kind, name)
            for key, value in body.get("labels", {}).items():
                prefix, _, bare = key.rpartition("/")
                assert len(bare) <= 63 and _HETZNER_LABEL_VALUE.fullmatch(bare), (kind, key)
                assert len(prefix) <= 253
                assert len(value) <= 63 and _HETZNER_LABEL_VALUE.fullmatch(value), (kind, value)
    for rdns in _all(stacks, "hcloud_rdns"):
        assert len(rdns["dns_ptr"]) <= DNS_NAME_LIMIT


def test_health_checks_fit_route53(stacks: dict[str, dict[str, Any]]) -> None:
    checks = _all(stacks, "aws_route53_health_check")
    paths = [check["resource_path"] for check in checks if check["type"] == "HTTP_STR_MATCH"]
    assert paths and all(len(path) <= 255 for path in paths)
    for check in checks:
        for key, value in check["tags"].items():
            assert len(key) <= 128 and len(value) <= 256


@pytest.mark.parametrize(("segments", "fits"), [(9, True), (10, False)])
def test_state_keys_fit_s3(tmp_path: Path, segments: int, fits: bool) -> None:
    """A key prefix is accepted only while <prefix>/<stack>.tfstate fits S3's 1024 bytes."""
    shutil.copytree(EXAMPLE.parent / "asterisk", tmp_path / "asterisk")
    prefix = "/".join(["k" * 100] * segments)
    config = tmp_path / "s3.toml"
    config.write_text(
        EXAMPLE.read_text().replace(
            'backend = "local"',
            f'backend = "s3"\nbucket = "pbx-state"\nregion = "eu-central-1"\n'
            f'key_prefix = "{prefix}"',
        )
    )
    longest = f"{prefix}/{'x' * 24}-primary.tfstate"
    assert (len(longest.encode()) <= 1024) is fits
    if fits:
        assert load_config(config).state.key_prefix == prefix
    else:
        with pytest.raises(ConfigError, match=r"state.key_prefix: .* S3 keys hold at most 1024"):
            load_config(config)
