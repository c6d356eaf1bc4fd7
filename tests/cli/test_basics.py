"""Start-up, --version, validate and rto: the commands that need no cloud."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from infra import __version__
from infra.pbxctl.app import app
from tests.cli.conftest import EXAMPLE, ROOT
from tests.support.examples import fake_secrets

HEAVY = ("boto3", "botocore", "hcloud", "dns", "rich", "pydantic", "cdktn", "constructs", "stacks")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=fake_secrets())  # the example's secrets
    assert result.exit_code is not None
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert (code, out.strip()) == (0, f"pbxctl {__version__}")


def test_help_and_version_load_no_heavy_library() -> None:
    # A fresh interpreter: what `pbxctl --help` imports is what an engineer waits for.
    for flag in ("--help", "--version"):
        probe = (
            "import sys\n"
            "from infra.pbxctl.app import main\n"
            f"sys.argv = ['pbxctl', '{flag}']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
        )
        assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


def test_help_lists_every_command() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    for command in ("status", "promote", "demote", "drill", "rto", "validate"):
        assert command in out


def test_validate_example() -> None:
    code, out, err = invoke("validate", str(EXAMPLE))
    assert (code, out.strip(), err) == (0, "ok: 1 site(s)", "")


def test_validate_names_a_missing_secret() -> None:
    result = CliRunner().invoke(
        app, ["validate", str(EXAMPLE)], env={**fake_secrets(), "TRUNK_PASSWORD": ""}
    )
    assert result.exit_code == 2
    assert "no value for TRUNK_PASSWORD (set $TRUNK_PASSWORD)" in result.stderr


def test_validate_takes_the_global_config_option() -> None:
    code, out, _ = invoke("--config", str(EXAMPLE), "validate")
    assert (code, out.strip()) == (0, "ok: 1 site(s)")


def test_validate_prints_warnings(tmp_path: Path) -> None:
    config = tmp_path / "open-rtp.toml"
    shutil.copytree(EXAMPLE.parent / "asterisk", tmp_path / "asterisk")  # the config's folder
    config.write_text(EXAMPLE.read_text() + "\n[site.firewall]\nrtp_from_anywhere = true\n")
    code, out, err = invoke("validate", str(config))
    assert (code, out.strip()) == (0, "ok: 1 site(s)")
    assert err.startswith(
        f"warning: {config}: site[0].firewall.rtp_from_anywhere: RTP (10000-20000/udp) is open"
    )


def test_validate_bad_config_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(EXAMPLE.read_text().replace("interval = 10", "interval = 20"))
    code, out, err = invoke("validate", str(config))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {config}: site[0].health.interval:")
    assert "Traceback" not in err


def test_missing_config_file_says_how_to_pass_one(tmp_path: Path) -> None:
    code, _, err = invoke("--config", str(tmp_path / "nope.toml"), "status")
    assert code == 2
    assert "does not exist; pass --config or set PBX_FAILOVER_CONFIG" in err


def test_unknown_site_names_the_choices() -> None:
    code, _, err = invoke("--config", str(EXAMPLE), "--site", "elsewhere", "status")
    assert code == 2
    assert "choose one of: callcenter" in err


def test_rto_for_the_example() -> None:
    code, out, _ = invoke("--config", str(EXAMPLE), "rto", "--json")
    assert code == 0
    (site,) = json.loads(out)["sites"]
    terms = {t["name"]: t["seconds"] for t in site["automatic"]["terms"]}
    # interval 10 s x threshold 3, aggregation (assumed 30 s), TTL 30 s
    assert terms == {"detection": 30, "aggregation": 30, "DNS caches": 30}
    assert site["automatic"]["total_seconds"] == 90
    assert site["manual"]["total_seconds"] == 65
    phones = {tuple(p["agents"]): p for p in site["phones"]}
    assert sorted(phones) == [("101",), ("102",), ("103",)]
    assert phones[("101",)]["scheme"] == "server-pair"
    assert phones[("101",)]["basis"].startswith("assumed, not measured")
    for agents in (("102",), ("103",)):
        term = phones[agents]
        assert term["scheme"] == "two-accounts" and not term["waits_for_dns"]
        assert term["basis"].startswith("measured after the failure")
        # Two accounts do not wait for Route 53: the total is the phone's own term.
        assert term["total_automatic_seconds"] == term["worst_seconds"]
    assert "client_failover.json, measured 20" in site["phones_source"]


def test_rto_takes_each_phone_term_from_the_published_measurements() -> None:
    from infra.config import load_config
    from infra.pbxctl.rto import measurements, phone_terms

    config = load_config(EXAMPLE)
    site = config.sites[0]
    data = measurements()
    for term in phone_terms(config, site):
        if term.phone == "yealink":
            continue
        rows = [
            r["failover"]
            for r in data["terms"]
            if (r["client"], r["scheme"], r["transport"]) == (term.phone, term.scheme, "tcp")
        ]
        assert rows, term
        assert term.worst == max(row["max"] for row in rows)
        assert term.typical == max(row["median"] for row in rows)


def test_rto_on_the_failover_name_adds_the_dns_part(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    (tmp_path / "asterisk").symlink_to(EXAMPLE.parent / "asterisk")
    config.write_text(
        EXAMPLE.read_text().replace('layout = "two-accounts"', 'layout = "backup-server"')
    )
    code, out, _ = invoke("--config", str(config), "rto", "--json")
    assert code == 0
    (site,) = json.loads(out)["sites"]
    linphone = next(p for p in site["phones"] if p["phone"] == "linphone")
    assert linphone["scheme"] == "a-record" and linphone["waits_for_dns"]
    assert linphone["basis"].startswith("measured after DNS answers the backup")
    assert linphone["total_automatic_seconds"] == 90 + linphone["worst_seconds"]
    assert linphone["total_manual_seconds"] == 65 + linphone["worst_seconds"]


def test_rto_human_output_names_the_source_of_the_phone_terms() -> None:
    code, out, _ = invoke("--config", str(EXAMPLE), "rto")
    assert code == 0
    assert "node fails, Route 53 moves the failover name by itself" in out
    assert "3 failed checks in a row, every 10 s" in out
    assert "assumed" in out
    assert "phone terms: infra/pbxctl/client_failover.json, measured" in out


def test_global_options_may_follow_the_command() -> None:
    from infra.pbxctl.app import hoist_global_options

    assert hoist_global_options(["rto", "--config", "a.toml", "--site", "x", "--json"]) == [
        "--config",
        "a.toml",
        "--site",
        "x",
        "rto",
        "--json",
    ]
    assert hoist_global_options(["status", "-c=a.toml"]) == ["status", "-c=a.toml"]
    assert hoist_global_options(["promote", "--config=a.toml", "--", "--site"]) == [
        "--config=a.toml",
        "promote",
        "--",
        "--site",
    ]


def test_config_after_the_command_in_a_real_process() -> None:
    import subprocess
    import sys
    from pathlib import Path

    pbxctl = Path(sys.executable).parent / "pbxctl"
    result = subprocess.run(
        [str(pbxctl), "rto", "--config", str(EXAMPLE), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sites"][0]["site"] == "callcenter"
