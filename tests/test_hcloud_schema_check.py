"""The hcloud schema checker: hand-written documents with one mistake each, and a real
synth with the generated bindings in stacks.imports.hcloud."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.hcloud_schema import PROVIDER_ADDRESS, check_hcloud_blocks, load_schema

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "hcloud-provider-1.68.0.json"

Doc = dict[str, Any]

# What the CDK writes for a backup PBX: the shapes the stacks use, nothing more.
MINIMAL: Doc = {
    "provider": {"hcloud": [{"token": "${var.hcloud_token}"}]},
    "resource": {
        "hcloud_primary_ip": {
            "pbx": {"name": "pbx-ipv4", "type": "ipv4", "location": "fsn1", "auto_delete": False}
        },
        "hcloud_server": {
            "backup": {
                "//": {"metadata": {"path": "hetzner/backup"}},
                "name": "pbx-backup",
                "server_type": "cx22",
                "image": "debian-12",
                "location": "fsn1",
                "labels": {"role": "pbx"},
                "ssh_keys": ["${hcloud_ssh_key.ops.id}"],
                "public_net": [
                    {
                        "ipv4": "${hcloud_primary_ip.pbx.id}",
                        "ipv4_enabled": True,
                        "ipv6_enabled": False,
                    }
                ],
                "timeouts": {"create": "10m"},
                "iso": None,
            }
        },
        "hcloud_firewall": {
            "pbx": {
                "name": "pbx",
                "rule": [
                    {
                        "direction": "in",
                        "protocol": "udp",
                        "port": "5060",
                        "source_ips": ["0.0.0.0/0"],
                    },
                    {
                        "direction": "in",
                        "protocol": "udp",
                        "port": "10000-20000",
                        "source_ips": ["::/0"],
                    },
                    {"direction": "in", "protocol": "icmp", "source_ips": ["0.0.0.0/0"]},
                ],
            }
        },
        "hcloud_rdns": {
            "pbx": {
                "primary_ip_id": "${hcloud_primary_ip.pbx.id}",
                "ip_address": "${hcloud_primary_ip.pbx.ip_address}",
                "dns_ptr": "pbx.example.com",
            }
        },
    },
}


def server(doc: Doc) -> Doc:
    body: Doc = doc["resource"]["hcloud_server"]["backup"]
    return body


def firewall(doc: Doc) -> Doc:
    body: Doc = doc["resource"]["hcloud_firewall"]["pbx"]
    return body


@pytest.fixture(scope="module")
def schema() -> Doc:
    return load_schema(SCHEMA_PATH)


def check(schema: Doc, mutate: Callable[[Doc], object] = lambda doc: None) -> list[str]:
    doc = copy.deepcopy(MINIMAL)
    mutate(doc)
    return check_hcloud_blocks(doc, schema)


def test_minimal_document_passes(schema: Doc) -> None:
    assert check(schema) == []


def test_meta_arguments_aliases_and_non_hcloud_blocks_pass(schema: Doc) -> None:
    def mutate(doc: Doc) -> None:
        server(doc).update(
            count=2,
            depends_on=["hcloud_firewall.pbx"],
            lifecycle={"ignore_changes": ["image"]},
            provider="hcloud.backup",
        )
        doc["provider"]["hcloud"].append({"alias": "backup", "token": "x"})
        doc["provider"]["aws"] = [{"region": "eu-central-1", "bogus": 1}]
        doc["resource"]["aws_instance"] = {"x": {"bogus": 1}}

    assert check(schema, mutate) == []


def test_interpolation_passes_for_any_type_but_escaped_one_does_not(schema: Doc) -> None:
    def mutate(doc: Doc) -> None:
        server(doc).update(backups="${var.backups}", ssh_keys="${var.keys}")
        server(doc)["public_net"][0]["ipv4_enabled"] = "$${not.an.interpolation}"

    assert check(schema, mutate) == [
        'hcloud_server.backup: "public_net[0].ipv4_enabled": expected bool, '
        'got string "$${not.an.interpolation}"'
    ]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            lambda d: server(d).update(foo="bar"),
            'hcloud_server.backup: unknown argument "foo"',
            id="unknown-argument",
        ),
        pytest.param(
            lambda d: server(d)["public_net"][0].update(ipv4_address="1.2.3.4"),
            'hcloud_server.backup: unknown argument "public_net[0].ipv4_address"',
            id="unknown-argument-in-block",
        ),
        pytest.param(
            lambda d: d["provider"]["hcloud"][0].update(tokn="x"),
            'provider.hcloud: unknown argument "tokn"',
            id="unknown-provider-argument",
        ),
        pytest.param(
            lambda d: server(d).pop("server_type"),
            'hcloud_server.backup: missing required argument "server_type"',
            id="missing-required",
        ),
        pytest.param(
            lambda d: server(d).update(name=None),
            'hcloud_server.backup: missing required argument "name"',
            id="null-required",
        ),
        pytest.param(
            lambda d: firewall(d)["rule"][1].pop("direction"),
            'hcloud_firewall.pbx: missing required argument "rule[1].direction"',
            id="missing-required-in-block",
        ),
        pytest.param(
            lambda d: d["resource"]["hcloud_rdns"]["pbx"].pop("dns_ptr"),
            'hcloud_rdns.pbx: missing required argument "dns_ptr"',
            id="missing-required-rdns",
        ),
        pytest.param(
            lambda d: server(d).update(ipv4_address="1.2.3.4"),
            'hcloud_server.backup: "ipv4_address" is computed by the provider and cannot be set',
            id="computed-only",
        ),
        pytest.param(
            lambda d: d["resource"]["hcloud_primary_ip"]["pbx"].update(id=5),
            'hcloud_primary_ip.pbx: "id" is computed by the provider and cannot be set',
            id="computed-only-id",
        ),
        pytest.param(
            lambda d: server(d).update(datacenter="fsn1-dc14"),
            'hcloud_server.backup: "datacenter" is deprecated',
            id="deprecated-datacenter",
        ),
        pytest.param(
            lambda d: d["resource"]["hcloud_primary_ip"]["pbx"].update(datacenter="fsn1-dc14"),
            'hcloud_primary_ip.pbx: "datacenter" is deprecated',
            id="deprecated-datacenter-primary-ip",
        ),
        pytest.param(
            lambda d: server(d).update(backups="yes"),
            'hcloud_server.backup: "backups": expected bool, got string "yes"',
            id="string-for-bool",
        ),
        pytest.param(
            lambda d: firewall(d)["rule"][0].update(port=5060),
            'hcloud_firewall.pbx: "rule[0].port": expected string, got number 5060',
            id="number-for-port",
        ),
        pytest.param(
            lambda d: server(d)["public_net"][0].update(ipv4="1.2.3.4"),
            'hcloud_server.backup: "public_net[0].ipv4": expected number, got string "1.2.3.4"',
            id="string-for-number",
        ),
        pytest.param(
            lambda d: d["resource"]["hcloud_primary_ip"]["pbx"].update(auto_delete=1),
            'hcloud_primary_ip.pbx: "auto_delete": expected bool, got number 1',
            id="number-for-bool",
        ),
        pytest.param(
            lambda d: server(d).update(ssh_keys="ops"),
            'hcloud_server.backup: "ssh_keys": expected list of string, got string "ops"',
            id="string-for-list",
        ),
        pytest.param(
            lambda d: server(d).update(ssh_keys=[1234]),
            'hcloud_server.backup: "ssh_keys[0]": expected string, got number 1234',
            id="wrong-list-element",
        ),
        pytest.param(
            lambda d: firewall(d)["rule"][0].update(source_ips=["0.0.0.0/0", None]),
            'hcloud_firewall.pbx: "rule[0].source_ips[1]": null element',
            id="null-set-element",
        ),
        pytest.param(
            lambda d: server(d).update(labels={"role": True}),
            'hcloud_server.backup: "labels.role": expected string, got bool true',
            id="wrong-map-value",
        ),
        pytest.param(
            lambda d: firewall(d).update(rule=firewall(d)["rule"][0]),
            'hcloud_firewall.pbx: "rule": expected a list of blocks (JSON array of objects), '
            "got an object",
            id="object-for-set-block",
        ),
        pytest.param(
            lambda d: firewall(d).update(rule=["in udp 5060"]),
            'hcloud_firewall.pbx: "rule[0]": expected a JSON object, got string "in udp 5060"',
            id="string-for-block",
        ),
        pytest.param(
            lambda d: server(d).update(public_net="${var.public_net}"),
            'hcloud_server.backup: "public_net": expected a list of blocks (JSON array of objects),'
            ' got string "${var.public_net}"',
            id="interpolation-for-block",
        ),
        pytest.param(
            lambda d: server(d).update(timeouts=[{"create": "5m"}, {"create": "6m"}]),
            'hcloud_server.backup: "timeouts": at most 1 block(s) allowed, got 2',
            id="too-many-single-blocks",
        ),
        pytest.param(
            lambda d: d["resource"].update(hcloud_network={"lan": {"name": "lan"}}),
            'hcloud_network.lan: resource type "hcloud_network" is not in the schema',
            id="unknown-resource-type",
        ),
        pytest.param(
            lambda d: d.update(data={"hcloud_image": {"debian": {"name": "debian-12"}}}),
            'data.hcloud_image.debian: data type "hcloud_image" is not in the schema',
            id="unknown-data-source",
        ),
        pytest.param(
            lambda d: server(d).update(dynamic={"rules": {"for_each": "${var.x}", "content": {}}}),
            'hcloud_server.backup: unknown block type "dynamic.rules"',
            id="unknown-dynamic-block",
        ),
        pytest.param(
            lambda d: firewall(d).update(
                dynamic={"rule": {"for_each": "${var.rules}", "content": {"protocol": "udp"}}}
            ),
            'hcloud_firewall.pbx: missing required argument "dynamic.rule.content.direction"',
            id="dynamic-block-content",
        ),
    ],
)
def test_each_mistake_is_reported(
    schema: Doc, mutate: Callable[[Doc], object], expected: str
) -> None:
    assert check(schema, mutate) == [expected]


def test_dynamic_block_passes(schema: Doc) -> None:
    content = {"direction": "in", "protocol": "tcp", "port": "${each.value}"}

    def mutate(doc: Doc) -> None:
        del firewall(doc)["rule"]
        firewall(doc)["dynamic"] = {"rule": {"for_each": "${var.ports}", "content": content}}

    assert check(schema, mutate) == []


def test_every_mistake_in_a_document_is_reported(schema: Doc) -> None:
    def mutate(doc: Doc) -> None:
        server(doc).update(foo=1, datacenter="fsn1-dc14", backups="no")
        del server(doc)["server_type"]

    assert sorted(check(schema, mutate)) == [
        'hcloud_server.backup: "backups": expected bool, got string "no"',
        'hcloud_server.backup: "datacenter" is deprecated',
        'hcloud_server.backup: missing required argument "server_type"',
        'hcloud_server.backup: unknown argument "foo"',
    ]


# The hcloud schema has no list block with item limits; this one does.
LIMITED_SCHEMA: Doc = {
    "provider_schemas": {
        PROVIDER_ADDRESS: {
            "provider": {"block": {}},
            "resource_schemas": {
                "hcloud_test": {
                    "block": {
                        "block_types": {
                            "item": {
                                "nesting_mode": "list",
                                "min_items": 1,
                                "max_items": 1,
                                "block": {
                                    "attributes": {"n": {"type": "number", "optional": True}}
                                },
                            }
                        }
                    }
                }
            },
        }
    }
}


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"n": 1}, []),  # the CDK writes a max_items=1 block as one object
        ([{"n": 1}], []),
        ([{"n": 1}, {"n": 2}], ['hcloud_test.t: "item": at most 1 block(s) allowed, got 2']),
        ([], ['hcloud_test.t: "item": at least 1 block(s) required, got 0']),
        (None, ['hcloud_test.t: missing required block "item"']),
    ],
)
def test_list_block_item_limits(item: object, expected: list[str]) -> None:
    doc = {"resource": {"hcloud_test": {"t": {"item": item}}}}
    assert check_hcloud_blocks(doc, LIMITED_SCHEMA) == expected


def test_load_schema_rejects_another_provider(tmp_path: Path) -> None:
    path = tmp_path / "aws.json"
    path.write_text(json.dumps({"provider_schemas": {"registry.terraform.io/hashicorp/aws": {}}}))
    with pytest.raises(ValueError, match="hetznercloud/hcloud"):
        load_schema(path)


# One synth for the module: a good stack plus one stack per injected mistake.
@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Doc]:
    from cdktn import App, TerraformStack, Token

    from stacks.imports.hcloud.firewall import Firewall, FirewallApplyTo, FirewallRule
    from stacks.imports.hcloud.primary_ip import PrimaryIp
    from stacks.imports.hcloud.provider import HcloudProvider
    from stacks.imports.hcloud.rdns import Rdns
    from stacks.imports.hcloud.server import Server, ServerPublicNet, ServerTimeouts

    outdir = tmp_path_factory.mktemp("cdktf.out")
    app = App(outdir=str(outdir))
    servers: dict[str, Server] = {}
    for name in ("good", "unknown_argument", "no_server_type"):
        stack = TerraformStack(app, name)
        HcloudProvider(stack, "hcloud", token="${var.hcloud_token}")
        ip = PrimaryIp(stack, "pbx_ip", name="pbx-ipv4", type="ipv4", location="fsn1")
        servers[name] = Server(
            stack,
            "backup",
            name="pbx-backup",
            server_type="cx22",
            image="debian-12",
            location="fsn1",
            public_net=[ServerPublicNet(ipv4_enabled=True, ipv4=ip.id, ipv6_enabled=False)],
            timeouts=ServerTimeouts(create="10m"),
        )
        Firewall(
            stack,
            "pbx_fw",
            name="pbx",
            rule=[
                FirewallRule(direction="in", protocol="udp", port="5060", source_ips=["0.0.0.0/0"]),
                FirewallRule(
                    direction="in", protocol="udp", port="10000-20000", source_ips=["::/0"]
                ),
            ],
            apply_to=[FirewallApplyTo(server=Token.as_number(servers[name].id))],
        )
        Rdns(
            stack,
            "pbx_rdns",
            primary_ip_id=ip.id,
            ip_address=ip.ip_address,
            dns_ptr="pbx.example.com",
        )
    servers["unknown_argument"].add_override("foo", "bar")
    servers["no_server_type"].add_override("server_type", None)
    app.synth()
    return {
        name: json.loads((outdir / "stacks" / name / "cdk.tf.json").read_text()) for name in servers
    }


def test_synthesized_stack_passes(schema: Doc, synthesized: dict[str, Doc]) -> None:
    doc = synthesized["good"]
    assert set(doc["resource"]) == {
        "hcloud_server",
        "hcloud_firewall",
        "hcloud_primary_ip",
        "hcloud_rdns",
    }
    assert check_hcloud_blocks(doc, schema) == []


def test_bindings_require_the_provider_constraint(synthesized: dict[str, Doc]) -> None:
    assert synthesized["good"]["terraform"]["required_providers"]["hcloud"] == {
        "source": "hetznercloud/hcloud",
        "version": "~> 1.68.0",
    }


@pytest.mark.parametrize(
    ("stack", "expected"),
    [
        ("unknown_argument", 'hcloud_server.backup: unknown argument "foo"'),
        ("no_server_type", 'hcloud_server.backup: missing required argument "server_type"'),
    ],
)
def test_override_mistakes_in_a_synthesized_stack_are_reported(
    schema: Doc, synthesized: dict[str, Doc], stack: str, expected: str
) -> None:
    assert check_hcloud_blocks(synthesized[stack], schema) == [expected]
