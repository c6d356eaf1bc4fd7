"""Shared state: examples/callcenter-s3.toml synthesizes an S3 backend with Terraform's lock
file for every stack, and the cross-stack references read the producers' S3 state.

The default example keeps the CDK's local backend.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infra.config import Config, load_config
from infra.naming import stack_names
from tests.conftest import EXAMPLE, ROOT, Synth, read_stacks, synthesize
from tests.support.tfjson import data_sources

S3_EXAMPLE = ROOT / "examples" / "callcenter-s3.toml"


@pytest.fixture(scope="module")
def s3_config() -> Config:
    return load_config(S3_EXAMPLE)


@pytest.fixture(scope="module")
def s3_stacks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    outdir = tmp_path_factory.mktemp("cdktf.out.s3")
    result = synthesize(S3_EXAMPLE, outdir)
    assert result.returncode == 0, f"synth of {S3_EXAMPLE.name} failed:\n{result.stderr[-4000:]}"
    yield read_stacks(outdir)


def _stack_names(config: Config) -> dict[str, dict[str, str]]:
    return {
        site.name: {role.value: name for role, name in stack_names(site.name).items()}
        for site in config.sites
    }


def _all_stack_names(config: Config) -> set[str]:
    return {name for names in _stack_names(config).values() for name in names.values()}


def _remote_states(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return data_sources(doc, "terraform_remote_state")


def test_s3_example_is_the_default_example_with_shared_state() -> None:
    # The two examples describe the same site; only [state] differs.
    plain = tomllib.loads(EXAMPLE.read_text())
    shared = tomllib.loads(S3_EXAMPLE.read_text())
    assert plain.pop("state") == {"backend": "local"}
    state = shared.pop("state")
    assert plain == shared
    assert state["backend"] == "s3"
    assert state["use_lockfile"] is True
    assert {"bucket", "region", "key_prefix"} <= state.keys()


def test_every_stack_has_an_encrypted_locked_s3_backend(
    s3_config: Config, s3_stacks: dict[str, dict[str, Any]]
) -> None:
    state = s3_config.state
    assert set(s3_stacks) == _all_stack_names(s3_config)
    for name, doc in s3_stacks.items():
        backend = doc["terraform"]["backend"]
        assert list(backend) == ["s3"], f"{name}: {backend}"
        s3 = backend["s3"]
        assert s3["bucket"] == state.bucket, name
        assert s3["region"] == state.region, name
        assert s3["key"] == f"{state.key_prefix}/{name}.tfstate", name
        assert s3["encrypt"] is True, name
        # Terraform's own S3 lock file, not the deprecated DynamoDB table.
        assert s3["use_lockfile"] is True, name
        assert "dynamodb_table" not in s3, name


def test_state_keys_are_distinct_per_stack(s3_stacks: dict[str, dict[str, Any]]) -> None:
    keys = [doc["terraform"]["backend"]["s3"]["key"] for doc in s3_stacks.values()]
    assert len(set(keys)) == len(keys) == len(s3_stacks)


def test_dns_stack_reads_the_node_stacks_from_s3(
    s3_config: Config, s3_stacks: dict[str, dict[str, Any]]
) -> None:
    for names in _stack_names(s3_config).values():
        remote = _remote_states(s3_stacks[names["dns"]])
        producers = {
            s3_stacks[names[role]]["terraform"]["backend"]["s3"]["key"]
            for role in ("primary", "backup")
        }
        keys = {block["config"]["key"] for block in remote}
        # Later sites also read the first site's dns stack (one shared zone).
        assert producers <= keys, f"{names['dns']} reads {sorted(keys)}, not {sorted(producers)}"
        if len(s3_config.sites) == 1:
            assert keys == producers
        for block in remote:
            assert block["backend"] == "s3"
            assert block["config"]["bucket"] == s3_config.state.bucket
            assert block["config"]["region"] == s3_config.state.region
            producer = Path(block["config"]["key"]).stem
            assert producer in s3_stacks, f"remote state of an unknown stack: {block['config']}"
            assert block["config"] == s3_stacks[producer]["terraform"]["backend"]["s3"]


def test_node_stacks_read_no_remote_state(
    s3_config: Config, s3_stacks: dict[str, dict[str, Any]]
) -> None:
    for names in _stack_names(s3_config).values():
        for role in ("primary", "backup"):
            assert _remote_states(s3_stacks[names[role]]) == [], names[role]


def test_default_example_keeps_local_state(synth: Synth) -> None:
    config = load_config(EXAMPLE)
    assert config.state.backend == "local"
    assert set(synth.stacks) == _all_stack_names(config)
    for name, doc in synth.stacks.items():
        backend = doc["terraform"]["backend"]
        assert list(backend) == ["local"], f"{name}: {backend}"
        assert Path(backend["local"]["path"]).name == f"terraform.{name}.tfstate"
    for names in _stack_names(config).values():
        remote = _remote_states(synth.stack(names["dns"]))
        assert remote, f"{names['dns']} has no cross-stack references"
        assert {block["backend"] for block in remote} == {"local"}
        paths = {Path(block["config"]["path"]).name for block in remote}
        expected = {f"terraform.{names[role]}.tfstate" for role in ("primary", "backup")}
        assert expected <= paths
