"""The nodes' user data: valid for cloud-init 22.4, identical but for per-node values,
small enough for EC2, free of secrets, and carrying the Asterisk folder verbatim."""

from __future__ import annotations

import ast
import base64
import gzip
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.config import Config, SiteConfig, load_config
from infra.errors import ConfigError
from infra.naming import Node
from infra.node.cloud_init import (
    FIRST_BOOT_TREE,
    USER_DATA_LIMIT,
    check_user_data,
    node_agent,
    render_node,
    render_user_data,
    user_data_size,
)
from tests.node.conftest import AGENT, ROOT
from tests.support.cloud_init_check import validate_user_data

EXAMPLE = ROOT / "examples" / "callcenter.toml"
NODES = {
    Node.PRIMARY: {
        "public_ipv4": "${aws_eip.pbx.public_ip}",
        "public_ipv6": "${aws_instance.pbx.ipv6_addresses[0]}",
        "hostname": "pbx1",
    },
    Node.BACKUP: {
        "public_ipv4": "${hcloud_primary_ip.pbx_v4.ip_address}",
        "public_ipv6": "2001:db8:2::1",
        "hostname": "pbx2.example.com",
    },
}


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


def render(config: Config, node: Node, site: SiteConfig | None = None) -> str:
    return render_user_data(config, site or config.sites[0], node, **NODES[node])


TREE = FIRST_BOOT_TREE + "/"
FAKE_SECRETS = {"TRUNK_PASSWORD": "fake-trunk-password"}


def render_and_check(
    config: Config,
    node: Node,
    site: SiteConfig | None = None,
    secrets: dict[str, str] | None = None,
) -> str:
    """Render, then ask the questions the deployability gate asks of user data."""
    site = site or config.sites[0]
    values = NODES[node]
    rendered = render_node(
        config,
        site,
        node,
        public_ipv4=values["public_ipv4"],
        public_ipv6=values["public_ipv6"],
        hostname=values["hostname"],
    )
    check_user_data(site, node, rendered, FAKE_SECRETS if secrets is None else secrets)
    return rendered.text


def with_node(site: SiteConfig, **changes: Any) -> SiteConfig:
    return site.model_copy(update={"node": site.node.model_copy(update=changes)})


def with_folder(config: Config, folder: Path) -> tuple[Config, SiteConfig]:
    """The example config as if it lay beside `folder`, using it as its Asterisk folder."""
    moved = config.model_copy(update={"source": folder.parent / "pbx-failover.toml"})
    return moved, with_node(config.sites[0], asterisk_config_dir=Path(folder.name))


def files(text: str) -> dict[str, bytes]:
    """write_files of a document: path -> decoded content."""
    entries = yaml.safe_load(text)["write_files"]
    decoded = {}
    for entry in entries:
        content = entry["content"].encode()
        if entry.get("encoding") == "gz+b64":
            content = gzip.decompress(base64.b64decode(content))
        decoded[entry["path"]] = content
    return decoded


@pytest.mark.parametrize("node", list(Node))
def test_example_user_data_is_valid_cloud_config(config: Config, node: Node) -> None:
    assert validate_user_data(render(config, node)) == []


@pytest.mark.parametrize("node", list(Node))
def test_example_user_data_is_well_under_the_limit(config: Config, node: Node) -> None:
    addresses = NODES[node]
    size = user_data_size(
        render(config, node), node, addresses["public_ipv4"], addresses["public_ipv6"]
    )
    assert size < 0.85 * USER_DATA_LIMIT[node], f"{node}: {size} bytes"


def test_validation_rejects_an_unknown_top_level_key() -> None:
    problems = validate_user_data("#cloud-config\npakages: [asterisk]\n")
    assert any("'pakages' was unexpected" in problem for problem in problems), problems


def test_validation_rejects_a_wrong_type_through_cloud_init_itself() -> None:
    problems = validate_user_data("#cloud-config\npackages: asterisk\nwrite_files: [{}]\n")
    assert any(p.startswith("cloud-init schema:") and "packages" in p for p in problems), problems


def test_validation_needs_the_header() -> None:
    problems = validate_user_data("packages: [asterisk]\n")
    assert "the first line is not '#cloud-config'" in problems


def test_nodes_differ_only_in_their_own_values(config: Config) -> None:
    texts = {}
    for node, values in NODES.items():
        text = render(config, node)
        fqdn = (
            values["hostname"] if "." in values["hostname"] else f"{values['hostname']}.example.com"
        )
        for name, value in (
            ("FQDN", fqdn),
            ("HOST", fqdn.split(".")[0]),
            ("IPV4", values["public_ipv4"]),
            ("IPV6", values["public_ipv6"]),
            ("ROLE", node.value),
        ):
            assert value in text, f"{name} {value!r} is missing from the {node} user data"
            text = text.replace(value, f"<{name}>")
        texts[node] = text
    assert texts[Node.PRIMARY] == texts[Node.BACKUP]


def test_terraform_interpolations_stay_intact(config: Config) -> None:
    text = render(config, Node.PRIMARY)
    transports = files(text)[TREE + "pjsip.transports.conf"].decode()
    assert "external_media_address=${aws_eip.pbx.public_ip}\n" in transports
    assert "external_signaling_address=${aws_eip.pbx.public_ip}\n" in transports
    assert text.count("${") == text.count("${aws_eip.pbx.public_ip}") + text.count(
        "${aws_instance.pbx.ipv6_addresses[0]}"
    )


def test_contents_for_the_example(config: Config) -> None:
    site = config.sites[0]
    document = yaml.safe_load(render(config, Node.BACKUP))
    assert document["packages"] == ["asterisk", "python3", "chrony"]
    assert document["timezone"] == site.node.timezone
    assert (document["hostname"], document["fqdn"]) == ("pbx2", "pbx2.example.com")
    written = files(render(config, Node.BACKUP))
    assert written["/usr/local/lib/pbx-failover/health_agent.py"] == node_agent()
    unit = written["/etc/systemd/system/pbx-health-agent.service"].decode()
    assert (
        "--listen 0.0.0.0 --port 8080 --path /health \\\n"
        "    --sip-host 127.0.0.1 --sip-port 5060 \\\n"
        "    --timeout 1.0 --cache 1.0 --drain-file /etc/pbx-failover/drain \\\n"
        "    --tree-root /etc/asterisk --manifest /var/lib/pbx-failover/current/manifest.json\n"
    ) in unit
    assert "MemoryMax=64M\nTasksMax=16\n" in unit
    assert "CapabilityBoundingSet=\n" in unit and "DynamicUser=yes\n" in unit
    transports = written[TREE + "pjsip.transports.conf"].decode()
    for section in ("udp](public-nat)", "tcp](public-nat)", "tls](public-nat)"):
        assert f"[transport-{section}" in transports
    assert "bind=0.0.0.0:5061\n" in transports and "local_net=10.0.0.0/8\n" in transports
    assert "[transport-udp6]" not in transports  # the example site has ipv6 = false
    rtp = written[TREE + "rtp.conf"].decode()
    assert "rtpstart=10000\nrtpend=20000\n" in rtp
    assert not any(path.startswith("/etc/asterisk") for path in written)  # only the link
    assert [
        "python3",
        "/usr/local/lib/pbx-failover/first_boot.py",
        "first-boot",
    ] in (document["runcmd"])
    assert document["runcmd"][-1] == ["systemctl", "restart", "asterisk.service"]


def test_the_nodes_get_the_agent_without_its_docstrings_and_annotations(tmp_path: Path) -> None:
    # The attack and tree tests run this very copy; here: it is the same program, smaller.
    packed = node_agent().decode()
    ast.parse(packed, feature_version=(3, 10))
    assert '"' * 3 not in packed and "'" * 3 not in packed
    assert [line for line in packed.splitlines() if line.lstrip().startswith("#")] == [
        "#!/usr/bin/env python3",
        "# pbx-failover health agent: infra/node/health_agent.py without its docstrings,",
        "# comments and annotations (user data is small). Run it with --help.",
    ]
    copy = tmp_path / "health_agent.py"
    copy.write_text(packed)
    helps = [
        subprocess.run(
            [sys.executable, "-I", str(script), "--help"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for script in (AGENT, copy)
    ]
    assert helps[0] == helps[1]

    def names(source: str) -> set[str]:
        return {
            node.name
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.ClassDef)
        }

    assert names(packed) == names(AGENT.read_text())
    compressed = [len(gzip.compress(text, 9)) for text in (AGENT.read_bytes(), packed.encode())]
    assert compressed[1] < 0.75 * compressed[0]


def test_per_site_settings_reach_the_node(config: Config) -> None:
    site = config.sites[0]
    site = site.model_copy(
        update={
            "ipv6": True,
            "sip": site.sip.model_copy(update={"tls": False, "udp_port": 5080}),
            "health": site.health.model_copy(update={"port": 80, "path": "/sip"}),
            "node": site.node.model_copy(
                update={"sip_probe_port": 5090, "probe_timeout": 0.5, "timezone": "Europe/Berlin"}
            ),
        }
    )
    text = render(config, Node.PRIMARY, site)
    assert validate_user_data(text) == []
    written = files(text)
    transports = written[TREE + "pjsip.transports.conf"].decode()
    assert "tls" not in transports
    assert "[transport-udp6]\ntype=transport\nprotocol=udp\nbind=[::]:5080\n" in transports
    unit = written["/etc/systemd/system/pbx-health-agent.service"].decode()
    assert "--listen :: --port 80 --path /sip" in unit
    assert "--sip-port 5090" in unit and "--timeout 0.5" in unit
    assert "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n" in unit
    assert yaml.safe_load(text)["timezone"] == "Europe/Berlin"


def test_the_asterisk_folder_lands_verbatim(config: Config) -> None:
    folder = ROOT / "examples" / "asterisk"
    written = files(render(config, Node.PRIMARY))
    expected = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert expected, "examples/asterisk is empty"
    for name, data in expected.items():
        if name.endswith(".in"):  # a secrets template: filled by pbxctl sync, never shipped
            assert not any(path.endswith(name.removesuffix(".in")) for path in written)
            assert data not in b"".join(written.values())
        else:
            assert written[TREE + name] == data


def test_the_example_pjsip_conf_includes_the_rendered_and_the_secret_files() -> None:
    pjsip = (ROOT / "examples" / "asterisk" / "pjsip.conf").read_text()
    assert "#include pjsip.transports.conf\n" in pjsip
    assert "#include pjsip.secrets.conf\n" in pjsip
    for folder_file in (ROOT / "examples" / "asterisk").iterdir():
        text = folder_file.read_text().lower()
        if folder_file.suffix == ".in":  # templates hold variables, never values
            assert "password=${trunk_password}" in text, folder_file.name
            continue
        assert "password=" not in text and "secret=" not in text, folder_file.name


def test_subfolders_are_copied_too(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "asterisk"
    (folder / "keys").mkdir(parents=True)
    (folder / "keys" / "README").write_bytes(b"certificates are pushed after boot\n")
    (folder / "extensions.conf").write_bytes(b"[default]\r\nexten => s,1,Hangup()\r\n")
    config, site = with_folder(config, folder)
    written = files(render(config, Node.PRIMARY, site))
    assert written[TREE + "keys/README"] == b"certificates are pushed after boot\n"
    assert written[TREE + "extensions.conf"] == b"[default]\r\nexten => s,1,Hangup()\r\n"


def test_no_asterisk_folder(config: Config) -> None:
    site = with_node(config.sites[0], asterisk_config_dir=None)
    written = files(render(config, Node.PRIMARY, site))
    assert {path for path in written if path.startswith(TREE)} == {
        TREE + "pjsip.transports.conf",
        TREE + "rtp.conf",
    }


def test_a_secret_in_the_asterisk_folder_is_refused(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "asterisk"
    shutil.copytree(ROOT / "examples" / "asterisk", folder)
    (folder / "pjsip.secrets.conf.in").unlink()
    (folder / "pjsip.secrets.conf").write_text(
        "[carrier-b-auth]\ntype=auth\nauth_type=userpass\nusername=4930123456\n"
        "password=Tr0ub4dor&3-horse\n"
    )
    config, site = with_folder(config, folder)
    render_and_check(config, Node.PRIMARY, site, secrets={"TRUNK_PASSWORD": "another-value"})
    with pytest.raises(ConfigError, match=r"\$TRUNK_PASSWORD appears in .*pjsip.secrets.conf"):
        render_and_check(config, Node.PRIMARY, site, {"TRUNK_PASSWORD": "Tr0ub4dor&3-horse"})


@pytest.mark.parametrize("token", ["HCLOUD_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
def test_a_provider_token_in_the_folder_is_refused_though_nobody_declared_it(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    folder = tmp_path / "asterisk"
    folder.mkdir()
    (folder / "notes.conf").write_text("; pasted by mistake: fake-provider-token-4711\n")
    monkeypatch.setenv(token, "fake-provider-token-4711")
    config, site = with_folder(config, folder)
    with pytest.raises(ConfigError, match=rf"\${token} appears in .*notes\.conf") as caught:
        render_and_check(config, Node.BACKUP, site, secrets={})
    assert "fake-provider-token-4711" not in caught.value.message


def test_the_secret_is_not_in_the_error(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "asterisk"
    folder.mkdir()
    (folder / "pjsip.conf").write_text("[t]\ntype=auth\npassword=s3cr3t-value\n")
    config, site = with_folder(config, folder)
    with pytest.raises(ConfigError) as caught:
        render_and_check(config, Node.BACKUP, site, {"TRUNK_PASSWORD": "s3cr3t-value"})
    assert "s3cr3t-value" not in caught.value.message


def test_a_missing_asterisk_folder_is_refused(config: Config, tmp_path: Path) -> None:
    config, site = with_folder(config, tmp_path / "nope")
    with pytest.raises(ConfigError, match=r"asterisk_config_dir 'nope' \(.*nope\) is not a folder"):
        render(config, Node.PRIMARY, site)


def test_a_relative_folder_is_relative_to_the_config_file(config: Config, tmp_path: Path) -> None:
    (tmp_path / "pbx" / "asterisk").mkdir(parents=True)
    (tmp_path / "pbx" / "asterisk" / "queues.conf").write_bytes(b"[general]\n")
    moved = config.model_copy(update={"source": tmp_path / "pbx" / "pbx-failover.toml"})
    site = with_node(config.sites[0], asterisk_config_dir=Path("asterisk"))
    assert files(render(moved, Node.PRIMARY, site))[TREE + "queues.conf"] == b"[general]\n"


def test_an_oversized_asterisk_folder_is_refused(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "asterisk"
    folder.mkdir()
    (folder / "sounds.conf").write_bytes(bytes(range(256)) * 300)
    config, site = with_folder(config, folder)
    with pytest.raises(ConfigError, match=r"Asterisk folder .*asterisk holds more than the 65536"):
        render(config, Node.PRIMARY, site)


def test_user_data_over_the_ec2_limit_is_refused(config: Config, tmp_path: Path) -> None:
    # Incompressible but under the folder limit: fits Hetzner's 32 KiB, not EC2's 16 KiB
    # even gzipped.
    folder = tmp_path / "asterisk"
    folder.mkdir()
    (folder / "noise.conf").write_bytes(random.Random(6).randbytes(12000))
    config, site = with_folder(config, folder)
    with pytest.raises(
        ConfigError, match=r"primary node's user data is gzipped \d+ bytes, over .* 16384"
    ):
        render_and_check(config, Node.PRIMARY, site)
    assert validate_user_data(render_and_check(config, Node.BACKUP, site)) == []


def test_a_folder_may_not_bring_its_own_rendered_files(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "asterisk"
    folder.mkdir()
    (folder / "rtp.conf").write_text("[general]\nrtpstart=5000\n")
    config, site = with_folder(config, folder)
    with pytest.raises(ConfigError, match=r"contains rtp\.conf, which pbx-failover renders"):
        render(config, Node.PRIMARY, site)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"public_ipv4": "pbx.example.com"}, "public_ipv4 'pbx.example.com' is neither"),
        ({"public_ipv4": "2001:db8::1"}, "is neither an IPv4 address"),
        ({"public_ipv6": "192.0.2.1"}, "is neither an IPv6 address"),
        ({"public_ipv4": "${a} ${b}"}, "is neither"),
        ({"hostname": "pbx_1"}, "hostname 'pbx_1' is not a DNS name"),
    ],
)
def test_bad_node_values_are_refused(config: Config, changes: dict[str, str], message: str) -> None:
    values = {**NODES[Node.PRIMARY], **changes}
    with pytest.raises(ConfigError, match=message):
        render_user_data(config, config.sites[0], Node.PRIMARY, **values)


def test_literal_addresses_are_accepted(config: Config) -> None:
    text = render_user_data(
        config, config.sites[0], Node.BACKUP,
        public_ipv4="192.0.2.10", public_ipv6=None, hostname="pbx2",
    )  # fmt: skip
    assert (
        "external_signaling_address=192.0.2.10\n"
        in files(text)[TREE + "pjsip.transports.conf"].decode()
    )
    assert "PBX_PUBLIC_IPV6=\n" in text


def test_config_values_that_terraform_would_interpolate_are_refused(config: Config) -> None:
    site = with_node(config.sites[0], timezone="${var.tz}")
    with pytest.raises(ConfigError) as caught:
        render_and_check(config, Node.PRIMARY, site)
    assert caught.value.message == (
        "the primary node's user data would contain '${' in 'timezone: \"${var.tz}\"', which "
        "Terraform reads as an interpolation; remove it from the config"
    )


def test_values_systemd_would_expand_are_refused(config: Config) -> None:
    site = with_node(config.sites[0], drain_file="/etc/pbx-failover/%n")
    with pytest.raises(ConfigError, match=r"node\.drain_file '/etc/pbx-failover/%n' may only use"):
        render(config, Node.PRIMARY, site)


def test_the_rendered_unit_passes_systemd_analyze(config: Config, tmp_path: Path) -> None:
    systemd_analyze = shutil.which("systemd-analyze")
    if systemd_analyze is None:
        pytest.fail("systemd-analyze is missing; install it with: apt-get install systemd")
    unit = tmp_path / "pbx-health-agent.service"
    unit.write_bytes(
        files(render(config, Node.PRIMARY))["/etc/systemd/system/pbx-health-agent.service"]
    )
    result = subprocess.run(
        [systemd_analyze, "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_an_unreadable_file_is_one_sentence(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "asterisk"
    folder.mkdir()
    # A FIFO that nobody writes to: reading it would hang, listing it is enough to refuse.
    os.mkfifo(folder / "queues.conf")
    config, site = with_folder(config, folder)
    with pytest.raises(ConfigError, match=r"queues\.conf is not a regular file; remove it$"):
        render(config, Node.PRIMARY, site)


def test_an_all_digit_hostname_stays_a_string(config: Config) -> None:
    text = render_user_data(
        config, config.sites[0], Node.PRIMARY, public_ipv4="192.0.2.1", public_ipv6=None,
        hostname="1234",
    )  # fmt: skip
    document = yaml.safe_load(text)
    assert (document["hostname"], document["fqdn"]) == ("1234", "1234.example.com")
    assert validate_user_data(text) == []


@pytest.mark.parametrize("node", list(Node))
def test_first_boot_writes_the_desired_tree_byte_for_byte(config: Config, node: Node) -> None:
    """First boot and sync render one tree: what cloud-init writes is what sync compares."""
    from infra.node.cloud_init import FIRST_BOOT_TREE

    rendered = render_node(
        config, config.sites[0], node, public_ipv4="192.0.2.7", public_ipv6=None, hostname="pbx1"
    )
    written = files(rendered.text)
    tree = {
        path.removeprefix(f"{FIRST_BOOT_TREE}/"): data
        for path, data in rendered.files.items()
        if path.startswith(f"{FIRST_BOOT_TREE}/")
    }
    assert tree  # the example's folder and the per-node files
    for name, data in tree.items():
        assert written[f"{FIRST_BOOT_TREE}/{name}"] == data, name


@pytest.mark.parametrize("text", ["a\n", "a", "a\n\n", "a\n\n\n", "  indented\nb\n", "\n\nx\n"])
def test_a_block_literal_gives_back_exactly_its_text(text: str) -> None:
    from infra.node.cloud_init import _block_header, _literal

    document = f"write_files:\n  - path: /x\n    content: {_block_header(text)}\n{_literal(text)}\n"
    assert yaml.safe_load(document)["write_files"][0]["content"] == text
