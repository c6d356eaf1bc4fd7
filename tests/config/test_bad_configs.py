"""Every bad config gets one sentence naming the file and the key, exit 2, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from infra.config import load_config
from infra.deployable import check_deployable
from infra.errors import ConfigError, ExitCode
from tests.conftest import EXAMPLE, synthesize

BASE = EXAMPLE.read_text()
SITE_EXTRA = '\n[[site]]\nname = "second"\n'

# (case id, text to replace in the example, replacement, words the sentence must contain)
CASES: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "invalid-cidr",
        '"198.51.100.0/28"',
        '"198.51.100.300/28"',
        ("carrier[0].signalling[0]", "CIDR"),
    ),
    ("host-bits-set", '"192.0.2.0/24"', '"192.0.2.7/24"', ("operator_networks[0]", "host bits")),
    (
        "unknown-key",
        "ttl = 30",
        "ttl = 30\nttl_seconds = 30",
        ("dns.ttl_seconds", "not a known key"),
    ),
    (
        "unknown-top-key",
        'project = "acme-callcenter"',
        'project = "acme-callcenter"\npakages = 1',
        ("pakages", "not a known key"),
    ),
    ("interval-20", "interval = 10", "interval = 20", ("site[0].health.interval", "10", "30")),
    (
        "threshold-0",
        "failure_threshold = 3",
        "failure_threshold = 0",
        ("failure_threshold", "greater than or equal to 1"),
    ),
    (
        "threshold-11",
        "failure_threshold = 3",
        "failure_threshold = 11",
        ("failure_threshold", "less than or equal to 10"),
    ),
    (
        "two-regions",
        "failure_threshold = 3",
        'failure_threshold = 3\nregions = ["us-east-1", "eu-west-1"]',
        ("health.regions", "at least 3"),
    ),
    (
        "unknown-region",
        "failure_threshold = 3",
        'failure_threshold = 3\nregions = ["us-east-1", "eu-west-1", "mars-1"]',
        ("health.regions[2]",),
    ),
    ("duplicate-site", 'name = "callcenter"', 'name = "callcenter"', ()),  # replaced below
    ("ttl-too-low", "ttl = 30", "ttl = 2", ("dns.ttl", "greater than or equal to 5")),
    ("ttl-too-high", "ttl = 30", "ttl = 301", ("dns.ttl", "less than or equal to 300")),
    ("missing-zone", 'zone = "example.com"', "", ("dns.zone", "required")),
    ("bad-zone", 'zone = "example.com"', 'zone = "example"', ("dns.zone", "domain name")),
    ("ttl-wrong-type", "ttl = 30", 'ttl = "thirty"', ("dns.ttl", "integer")),
    (
        "rtp-reversed",
        "rtp_ports = [10000, 20000]",
        "rtp_ports = [20000, 10000]",
        ("rtp_ports", "reversed"),
    ),
    (
        "world-ssh",
        '["203.0.113.0/28", "2001:db8:ad::/48"]',
        '["0.0.0.0/0"]',
        ("admin_networks", "SSH", "allow_world_ssh"),
    ),
    (
        "world-ssh-split",
        '["203.0.113.0/28", "2001:db8:ad::/48"]',
        '["0.0.0.0/1", "128.0.0.0/1"]',
        ("SSH", "allow_world_ssh"),
    ),
    (
        "no-carrier",
        '[[site.carrier]]\nname = "carrier-a"',
        '[[site.carriers]]\nname = "carrier-a"',
        ("carriers", "not a known key"),
    ),
    (
        "bad-email",
        '"oncall@example.com"',
        '"oncall-at-example"',
        ("alert_emails", "e-mail address"),
    ),
    (
        "name-outside-zone",
        'failover_name = "voip"',
        'failover_name = "voip.example.org"',
        ("failover_name", "outside the zone"),
    ),
    (
        "srv-port-range",
        "tls_port = 5061",
        "tls_port = 70000",
        ("sip.tls_port", "less than or equal to 65535"),
    ),
    (
        "bad-location",
        'location = "fsn1"',
        'location = "Falkenstein"',
        ("backup.location", "Hetzner location"),
    ),
    (
        "bad-server-type",
        'server_type = "cx22"',
        'server_type = "cx 22"',
        ("backup.server_type", "server type"),
    ),
    (
        "bad-image",
        'image = "ubuntu-24.04"',
        'image = "Ubuntu 24.04"',
        ("backup.image", "image name"),
    ),
    (
        "bad-ssh-key",
        '"ssh-ed25519 AAAAC3',
        '"ssh-dss AAAAC3',
        ("backup.ssh_public_key", "OpenSSH public key"),
    ),
    ("ssh-without-key", 'access = "ssm"', 'access = "ssh"', ("primary", "ssh_public_key")),
    (
        "bad-region",
        'region = "eu-central-1"',
        'region = "Frankfurt"',
        ("primary.region", "AWS region"),
    ),
    ("health-in-rtp", "port = 8080", "port = 15000", ("health.port", "inside rtp_ports")),
    ("s3-without-bucket", 'backend = "local"', 'backend = "s3"', ("state", "bucket")),
    ("not-toml", "[dns]", "[dns", ("not valid TOML",)),
    (
        "wrong-type-list",
        'operator_networks = ["192.0.2.0/24"]',
        'operator_networks = "192.0.2.0/24"',
        ("operator_networks", "list"),
    ),
]


def _bad_text(case: str, old: str, new: str) -> str:
    if case == "duplicate-site":
        site = BASE[BASE.index("[[site]]") :]
        return BASE + "\n" + site
    assert old in BASE, f"case {case}: {old!r} is not in the example"
    return BASE.replace(old, new, 1)


@pytest.fixture(params=CASES, ids=[case[0] for case in CASES])
def bad_config(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    case, old, new, words = request.param
    path = tmp_path / f"{case}.toml"
    path.write_text(_bad_text(case, old, new))
    if case == "duplicate-site":
        words = ("site name 'callcenter' is used twice",)
    return path, words


def test_load_config_names_file_and_key(bad_config: tuple[Path, tuple[str, ...]]) -> None:
    path, words = bad_config
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    sentence = str(raised.value)
    assert sentence.startswith(f"{path}: "), sentence
    assert "\n" not in sentence
    for word in words:
        assert word in sentence, f"{word!r} missing from: {sentence}"


def test_synth_refuses_and_writes_nothing(
    bad_config: tuple[Path, tuple[str, ...]], tmp_path: Path
) -> None:
    path, _ = bad_config
    outdir = tmp_path / "out"
    result = synthesize(path, outdir)
    assert result.returncode == ExitCode.USAGE, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert not outdir.exists()


def test_pbxctl_validate_prints_the_sentence(bad_config: tuple[Path, tuple[str, ...]]) -> None:
    path, words = bad_config
    pbxctl = Path(sys.executable).parent / "pbxctl"
    result = subprocess.run(
        [str(pbxctl), "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == ExitCode.USAGE, result.stdout + result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert str(path) in line and "Traceback" not in result.stderr
    for word in words:
        assert word in line, f"{word!r} missing from: {line}"


def test_example_is_valid() -> None:
    config = load_config(EXAMPLE)
    assert [site.name for site in config.sites] == ["callcenter"]
    assert config.warnings() == []


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
    path = tmp_path / "open.toml"
    path.write_text(text)
    config = load_config(path)
    assert any("open to the whole internet" in warning for warning in config.warnings())


def _with_operator_networks(count: int, tmp_path: Path) -> Path:
    networks = ", ".join(f'"10.{i // 256}.{i % 256}.0/24"' for i in range(count))
    path = tmp_path / f"operators-{count}.toml"
    path.write_text(
        BASE.replace('operator_networks = ["192.0.2.0/24"]', f"operator_networks = [{networks}]")
    )
    return path


def test_security_group_quota_is_enforced_before_synth(tmp_path: Path) -> None:
    # 10 operator networks appear in SIP x3, RTP and ICMP rules: 50 more IPv4 rules.
    config = load_config(_with_operator_networks(10, tmp_path))  # well-formed: it loads
    with pytest.raises(ConfigError, match=r"over the security group quota of 60 per family"):
        check_deployable(config)


def test_hetzner_effective_rule_limit(tmp_path: Path) -> None:
    path = _with_operator_networks(100, tmp_path)
    text = path.read_text().replace(
        "[site.health]", "[site.firewall]\naws_rule_quota = 1000\n\n[site.health]"
    )
    path.write_text(text)
    with pytest.raises(ConfigError, match=r"effective rules on Hetzner, over its limit of 500"):
        check_deployable(load_config(path))


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


# [[site.agent]] mistakes: one sentence each (load_config and `pbxctl validate`; synth
# refuses them through the same load_config, tested above).
AGENT_CASES: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "duplicate-extension",
        'extension = "102"',
        'extension = "101"',
        ("extension '101' is used by two agents",),
    ),
    (
        "duplicate-mac",
        'phone = "linphone"',
        'phone = "yealink"\nmac = "00-00-5E-00-53-01"',
        ("agents 101 and 102 have the same mac '00005e005301'",),
    ),
    (
        "bad-mac",
        'mac = "00:00:5e:00:53:01"',
        'mac = "00:00:5e:00:53"',
        ("agent[0].mac", "not a MAC address"),
    ),
    (
        "mac-on-a-softphone",
        'phone = "linphone"',
        'phone = "linphone"\nmac = "00:00:5e:00:53:02"',
        ("agent 102: a MAC is only used for desk phones (yealink)",),
    ),
    (
        "password-in-the-toml",
        'phone = "baresip"\n',
        'phone = "baresip"\npassword = "hunter2hunter2"\n',
        ("agent[2].password", "secret source like 'env:NAME' or 'ssm:/path'"),
    ),
    (
        "unknown-phone",
        'phone = "baresip"',
        'phone = "zoiper"',
        ("agent[2].phone", "'baresip', 'linphone' or 'yealink'"),
    ),
    (
        "unknown-layout",
        'layout = "backup-server"    # Yealink',
        'layout = "both"    # Yealink',
        ("agent[0].layout",),
    ),
    (
        "letters-in-extension",
        'extension = "103"',
        'extension = "10a"',
        ("agent[2].extension", "extension of 2 to 8 digits"),
    ),
    (
        "quote-in-name",
        'display_name = "Desk 102"',
        'display_name = "Desk \\"102\\""',
        ("agent[1].display_name", "without quotes"),
    ),
    (
        "tls-phones-without-tls",
        "tls = true",
        "tls = false",
        ("phones.transport = 'tls' needs sip.tls = true",),
    ),
]


@pytest.mark.parametrize(
    ("case", "old", "new", "words"), AGENT_CASES, ids=[c[0] for c in AGENT_CASES]
)
def test_agent_mistakes_are_one_sentence(
    case: str, old: str, new: str, words: tuple[str, ...], tmp_path: Path
) -> None:
    assert old in BASE, f"case {case}: {old!r} is not in the example"
    text = BASE.replace(old, new, 1)
    if case == "tls-phones-without-tls":
        text = text.replace('transport = "tcp"', 'transport = "tls"', 1)
    path = tmp_path / f"{case}.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    sentence = str(raised.value)
    assert sentence.startswith(f"{path}: ") and "\n" not in sentence, sentence
    for word in words:
        assert word in sentence, f"{word!r} missing from: {sentence}"
    pbxctl = Path(sys.executable).parent / "pbxctl"
    result = subprocess.run(
        [str(pbxctl), "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.strip() == f"error: {sentence}"
