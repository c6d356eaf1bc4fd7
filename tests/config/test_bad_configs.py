"""The config model and the deployability gate, in process.

Bad configs as a person meets them (through `pbxctl validate` and synth, as processes) are
the corpus in tests/hostile/; these tests pin the library's behaviour behind it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from infra.config import load_config
from infra.deployable import check_deployable
from infra.errors import ConfigError
from tests.conftest import EXAMPLE
from tests.support.examples import fake_secrets

BASE = EXAMPLE.read_text()


@pytest.fixture(autouse=True)
def _declared_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate needs a value for every declared secret: the examples' fakes."""
    for name, value in fake_secrets().items():
        monkeypatch.setenv(name, value)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    """A config beside a copy of the example's Asterisk folder, as the gate reads it."""
    if not (tmp_path / "asterisk").exists():
        shutil.copytree(EXAMPLE.parent / "asterisk", tmp_path / "asterisk")
    path = tmp_path / name
    path.write_text(text)
    return path


def test_example_is_valid() -> None:
    config = load_config(EXAMPLE)
    assert [site.name for site in config.sites] == ["callcenter"]
    assert check_deployable(config) == []


def test_missing_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match="does not exist; pass --config or set PBX_FAILOVER_CONFIG"
    ):
        load_config(tmp_path / "nope.toml")


def test_world_open_ssh_with_flag_is_a_warning(tmp_path: Path) -> None:
    text = BASE.replace('["203.0.113.0/28", "2001:db8:ad::/48"]', '["0.0.0.0/0"]').replace(
        "[site.health]",
        "[site.firewall]\nallow_world_ssh = true\nallow_world_health = true\n\n[site.health]",
    )
    path = _write(tmp_path, "open.toml", text)
    warnings = check_deployable(load_config(path))
    assert [warning.split(": ")[1] for warning in warnings] == ["admin_networks"] * 2
    assert all(warning.startswith(f"{path}: ") for warning in warnings)
    assert "SSH (22/tcp) is open to the whole internet" in warnings[0]
    assert "health agent (8080/tcp) is open" in warnings[1]


def _with_operator_networks(count: int, tmp_path: Path) -> Path:
    networks = ", ".join(f'"10.{i // 256}.{i % 256}.0/24"' for i in range(count))
    return _write(
        tmp_path,
        f"operators-{count}.toml",
        BASE.replace('operator_networks = ["192.0.2.0/24"]', f"operator_networks = [{networks}]"),
    )


def test_security_group_quota_is_enforced_before_synth(tmp_path: Path) -> None:
    # 10 operator networks appear in SIP x3, RTP and ICMP rules: 50 more IPv4 rules.
    path = _with_operator_networks(10, tmp_path)
    config = load_config(path)  # well-formed: it loads
    with pytest.raises(ConfigError, match=r"over the security group quota of 60 per family") as err:
        check_deployable(config)
    assert err.value.message.startswith(f"{path}: site[0].firewall.aws_rule_quota: ")


def test_hetzner_effective_rule_limit(tmp_path: Path) -> None:
    path = _with_operator_networks(100, tmp_path)
    text = path.read_text().replace(
        "[site.health]", "[site.firewall]\naws_rule_quota = 1000\n\n[site.health]"
    )
    path.write_text(text)
    with pytest.raises(
        ConfigError, match=r"effective rules on Hetzner, over its limit of 500"
    ) as err:
        check_deployable(load_config(path))
    assert err.value.message.startswith(f"{path}: site[0].operator_networks: ")


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('timezone = "Mars/Olympus"', ("site[0].node.timezone", "IANA time zone")),
        ("probe_timeout = 3.0", ("site[0].node.probe_timeout", "less than or equal to 1.5")),
    ],
)
def test_node_settings(tmp_path: Path, line: str, words: tuple[str, ...]) -> None:
    path = tmp_path / "node.toml"
    path.write_text(
        BASE.replace(
            'secret_names = ["TRUNK_PASSWORD"]', f'secret_names = ["TRUNK_PASSWORD"]\n{line}'
        )
    )
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    for word in words:
        assert word in str(raised.value)
