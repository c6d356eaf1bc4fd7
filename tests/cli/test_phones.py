"""`pbxctl phones`: what it writes, with which modes, from which secrets, and what it refuses.

Passwords come from the environment and from SSM Parameter Store (moto over HTTP, through
the real boto3 client); the Yealink files are checked key by key against the keys and
value ranges Yealink documents (tests/fixtures/yealink-documented-keys.json).
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infra.pbxctl.app import app
from tests.cli.conftest import EXAMPLE
from tests.peers.moto_server import CREDENTIALS, MotoServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# The example's agents: 101 (Yealink, backup-server), 102 (Linphone), 103 (baresip); here
# 103's password comes from SSM Parameter Store, as the example's comment shows.
PASSWORDS = {
    "AGENT_101_PASSWORD": "fake-pass-101-yealink",
    "AGENT_102_PASSWORD": "fake-pass-102-linphone",
    "AGENT_103_PASSWORD": "fake-pass-103-env",  # used where 103 is not from SSM
}
SSM_NAME, SSM_VALUE = "/acme-callcenter/agents/103", "fake-pass-103-from-ssm"
REGION = "eu-central-1"  # the example's primary region, where SSM is read


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoServer]:
    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def env(moto: MotoServer, tmp_path: Path) -> dict[str, str]:
    moto.reset()
    moto.client("ssm", REGION).put_parameter(Name=SSM_NAME, Value=SSM_VALUE, Type="SecureString")
    return {
        **CREDENTIALS,
        **PASSWORDS,
        "AWS_ENDPOINT_URL": moto.url,
        "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "COLUMNS": "200",
    }


SSM_LINE = '# password = "ssm:/acme-callcenter/agents/103"   # from SSM Parameter Store instead'


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("config")
    (folder / "asterisk").symlink_to(EXAMPLE.parent / "asterisk")
    text = EXAMPLE.read_text()
    assert SSM_LINE in text
    (folder / "site.toml").write_text(text.replace(SSM_LINE, f'password = "ssm:{SSM_NAME}"'))
    return folder / "site.toml"


def run(*args: str, env: dict[str, str], config: Path = EXAMPLE) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--config", str(config), "phones", *args], env=env)
    assert result.exit_code is not None
    return result.exit_code, result.stdout, result.stderr


def secrets_in(text: str) -> list[str]:
    return [value for value in [*PASSWORDS.values(), SSM_VALUE] if value in text]


def test_writes_every_agents_files_with_their_modes(
    env: dict[str, str], tmp_path: Path, config: Path
) -> None:
    out = tmp_path / "phones"
    code, stdout, stderr = run("--out", str(out), env=env, config=config)
    assert code == 0, stderr
    assert secrets_in(stdout + stderr) == []
    files = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    assert sorted(files) == [
        "baresip/103/accounts",
        "baresip/103/config",
        "linphone/102.xml",
        "yealink/00005e005301.cfg",
    ]
    modes = {name: stat.S_IMODE(path.stat().st_mode) for name, path in files.items()}
    assert modes == {
        "baresip/103/accounts": 0o600,
        "baresip/103/config": 0o644,
        "linphone/102.xml": 0o600,
        "yealink/00005e005301.cfg": 0o600,
    }
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert SSM_VALUE in files["baresip/103/accounts"].read_text()
    assert PASSWORDS["AGENT_102_PASSWORD"] in files["linphone/102.xml"].read_text()
    assert PASSWORDS["AGENT_101_PASSWORD"] in files["yealink/00005e005301.cfg"].read_text()
    assert secrets_in(files["baresip/103/config"].read_text()) == []
    assert not [p for p in out.rglob(".*")], "temporary files were left behind"


def test_the_two_account_layout_knows_both_servers(
    env: dict[str, str], tmp_path: Path, config: Path
) -> None:
    code, _, stderr = run(
        "--out", str(tmp_path), "--layout", "two-accounts", env=env, config=config
    )
    assert code == 0, stderr
    accounts = (tmp_path / "baresip" / "103" / "accounts").read_text()
    assert 'outbound="sip:pbx1.example.com:5060;transport=tcp"' in accounts
    assert 'outbound="sip:pbx2.example.com:5060;transport=tcp"' in accounts
    assert "regint=60;" in accounts  # interval 10 s x 3 + TTL 30 s
    xml = (tmp_path / "linphone" / "102.xml").read_text()
    assert "&lt;sip:pbx1.example.com:5060;transport=tcp&gt;" in xml
    assert "&lt;sip:pbx2.example.com:5060;transport=tcp&gt;" in xml
    cfg = keys_of((tmp_path / "yealink" / "00005e005301.cfg").read_text())
    assert cfg["account.1.sip_server.1.address"] == "pbx1.example.com"
    assert cfg["account.2.sip_server.1.address"] == "pbx2.example.com"
    assert cfg["account.1.sip_server.2.address"] == cfg["account.2.sip_server.2.address"] == ""


def test_srv_and_backup_server_layouts(env: dict[str, str], tmp_path: Path, config: Path) -> None:
    code, _, stderr = run("--out", str(tmp_path / "srv"), "--layout", "srv", env=env, config=config)
    assert code == 0, stderr
    accounts = (tmp_path / "srv" / "baresip" / "103" / "accounts").read_text()
    assert 'outbound="sip:voip.example.com;transport=tcp"' in accounts  # no port: SRV
    cfg = keys_of((tmp_path / "srv" / "yealink" / "00005e005301.cfg").read_text())
    assert (cfg["account.1.sip_server.1.port"], cfg["account.1.sip_server.1.transport_type"]) == (
        "0",
        "3",
    )
    assert cfg["account.1.naptr_build"] == "1"  # TCP: SRV queries beyond _sip._udp
    assert cfg["account.1.sip_server.2.address"] == ""
    assert cfg["account.2.enable"] == "0"

    code, _, stderr = run(
        "--out", str(tmp_path / "pair"), "--layout", "backup-server", env=env, config=config
    )
    assert code == 0, stderr
    accounts = (tmp_path / "pair" / "baresip" / "103" / "accounts").read_text()
    assert 'outbound="sip:voip.example.com:5060;transport=tcp"' in accounts  # port: A only
    cfg = keys_of((tmp_path / "pair" / "yealink" / "00005e005301.cfg").read_text())
    assert cfg["account.1.sip_server.1.address"] == "pbx1.example.com"
    assert cfg["account.1.sip_server.2.address"] == "pbx2.example.com"
    assert cfg["account.1.fallback.redundancy_type"] == "0"


def test_dry_run_reads_no_secret_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "phones"
    code, stdout, stderr = run("--out", str(out), "--dry-run", "--json", env={"COLUMNS": "200"})
    assert code == 0, stderr
    assert not out.exists()
    listed = json.loads(stdout)
    assert listed["written"] is False
    assert [a["extension"] for a in listed["agents"]] == ["101", "102", "103"]
    assert listed["agents"][0]["files"] == [
        {"path": "yealink/00005e005301.cfg", "mode": "0600", "holds_password": True}
    ]
    assert listed["agents"][0]["scheme"] == "server-pair"
    code, stdout, _ = run("--out", str(out), "--dry-run", env={"COLUMNS": "200"})
    assert code == 0
    assert "4 file(s) would be written; no password was read" in stdout


def test_missing_passwords_are_named_and_nothing_is_written(
    env: dict[str, str], tmp_path: Path, config: Path
) -> None:
    out = tmp_path / "phones"
    partial = {k: v for k, v in env.items() if k != "AGENT_102_PASSWORD"}
    code, _, stderr = run("--out", str(out), env=partial, config=config)
    assert code == 2
    assert stderr.count("\n") == 1
    assert "AGENT_102_PASSWORD (set $AGENT_102_PASSWORD)" in stderr
    assert "nothing was changed" in stderr
    assert not out.exists()


def test_a_missing_ssm_parameter_is_named(
    env: dict[str, str], moto: MotoServer, tmp_path: Path, config: Path
) -> None:
    moto.client("ssm", REGION).delete_parameter(Name=SSM_NAME)
    code, _, stderr = run("--out", str(tmp_path / "phones"), env=env, config=config)
    assert code == 2
    assert f"create the SSM parameter {SSM_NAME} in the site's primary region" in stderr
    assert not (tmp_path / "phones").exists()


def test_a_password_the_files_cannot_carry_is_refused_without_showing_it(
    env: dict[str, str], tmp_path: Path, config: Path
) -> None:
    code, stdout, stderr = run(
        "--out", str(tmp_path / "phones"), env={**env, "AGENT_101_PASSWORD": "semi;colon-pass"}
    )
    assert code == 2
    assert "agent 101 (env:AGENT_101_PASSWORD)" in stderr
    assert "semi;colon" not in stdout + stderr
    assert not (tmp_path / "phones").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--out", "x", "--layout", "sideways"],
            "--layout 'sideways' is not one of two-accounts, backup-server, srv",
        ),
        ([], "Missing option"),
    ],
)
def test_bad_arguments_exit_2(args: list[str], words: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--config", str(EXAMPLE), "phones", *args, "--dry-run"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_site_without_agents_is_told_how_to_add_them(tmp_path: Path) -> None:
    config = tmp_path / "no-agents.toml"
    (tmp_path / "asterisk").symlink_to(EXAMPLE.parent / "asterisk")
    text = EXAMPLE.read_text()
    config.write_text(
        text[: text.index("# Passwords never go here")] + text[text.index("[site.node]") :]
    )
    result = CliRunner().invoke(
        app, ["--config", str(config), "phones", "--out", str(tmp_path / "x"), "--dry-run"]
    )
    assert result.exit_code == 2
    assert "site 'callcenter' has no agents; add [[site.agent]] entries" in result.stderr


# -- Yealink, key by key -------------------------------------------------------------------


def keys_of(cfg: str) -> dict[str, str]:
    lines = [line for line in cfg.splitlines() if line and not line.startswith("#")]
    pairs = [line.split(" = ", 1) if " = " in line else line.rsplit(" =", 1) for line in lines]
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), "a key is set twice"
    return {key: value for key, value in pairs}


def documented() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "yealink-documented-keys.json").read_text())
    return data


def check_against_documentation(cfg: str) -> None:
    doc = documented()
    assert cfg.splitlines()[0] == doc["header"], "the version header must be the first line"
    low_x, high_x = doc["ranges"]["X"]
    low_y, high_y = doc["ranges"]["Y"]
    for key, value in keys_of(cfg).items():
        generic = re.sub(r"^account\.(\d+)\.", "account.X.", key)
        generic = re.sub(r"\.sip_server\.(\d+)\.", ".sip_server.Y.", generic)
        assert generic in doc["keys"], f"{key} is not a documented Yealink key"
        x = int(key.split(".")[1])
        assert low_x <= x <= high_x, key
        if ".sip_server." in key:
            assert low_y <= int(key.split(".")[3]) <= high_y, key
        rule = doc["keys"][generic]
        if "text" in rule:
            assert len(value) <= rule["text"], key
            assert value or rule.get("empty_allowed", False), f"{key} is empty"
            continue
        assert value.isdigit(), f"{key} = {value!r} is not a number"
        number = int(value)
        allowed = number in rule.get("values", [])
        if "range" in rule:
            allowed = allowed or rule["range"][0] <= number <= rule["range"][1]
        assert allowed, f"{key} = {value} is outside what Yealink documents"


@pytest.mark.parametrize("layout", ["two-accounts", "backup-server", "srv"])
@pytest.mark.parametrize("transport", ["udp", "tcp", "tls"])
def test_yealink_files_use_only_documented_keys_and_values(
    layout: str, transport: str, env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "site.toml"
    (tmp_path / "asterisk").symlink_to(EXAMPLE.parent / "asterisk")
    config.write_text(
        EXAMPLE.read_text().replace('transport = "tcp"', f'transport = "{transport}"')
    )
    result = CliRunner().invoke(
        app,
        ["--config", str(config), "phones", "--out", str(tmp_path / "out"), "--layout", layout],
        env=env,
    )
    assert result.exit_code == 0, result.stderr
    cfg = (tmp_path / "out" / "yealink" / "00005e005301.cfg").read_text()
    check_against_documentation(cfg)
    keys = keys_of(cfg)
    # Server 2 is always sent: the phone keeps a key it is not sent.
    for account in ("1", "2"):
        if keys.get(f"account.{account}.enable") == "1":
            assert f"account.{account}.sip_server.2.address" in keys
    expected = {"udp": "0", "tcp": "1", "tls": "2"}[transport]
    if layout != "srv":
        assert keys["account.1.sip_server.1.transport_type"] == expected
        assert keys["account.1.sip_server.1.port"] == ("5061" if transport == "tls" else "5060")
    assert keys["account.1.sip_server.1.expires"] == "60"


def test_the_checker_catches_an_undocumented_key_and_a_value_out_of_range() -> None:
    header = documented()["header"]
    with pytest.raises(AssertionError, match="not a documented Yealink key"):
        check_against_documentation(f"{header}\naccount.1.sip_server.1.backup_host = x\n")
    with pytest.raises(AssertionError, match="outside what Yealink documents"):
        check_against_documentation(f"{header}\naccount.1.sip_server.1.expires = 20\n")
    with pytest.raises(AssertionError, match="first line"):
        check_against_documentation("account.1.enable = 1\n")
