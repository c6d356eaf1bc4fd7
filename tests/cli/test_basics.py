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
from tests.conftest import fake_secrets

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
    result = CliRunner().invoke(app, ["validate", str(EXAMPLE)], env={"TRUNK_PASSWORD": ""})
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
    # interval 10 s x threshold 3, aggregation (assumed 30 s), TTL 30 s, re-register 120 s
    assert terms == {
        "detection": 30,
        "aggregation": 30,
        "DNS caches": 30,
        "re-registration": 120,
    }
    assert site["automatic"]["total_seconds"] == 210
    assert site["manual"]["total_seconds"] == 185
    assert any("SRV" in note for note in site["notes"])


def test_rto_human_output_lists_assumptions() -> None:
    code, out, _ = invoke("--config", str(EXAMPLE), "rto")
    assert code == 0
    assert "node fails, Route 53 moves traffic by itself: 210 s" in out
    assert "3 failed checks in a row, every 10 s" in out
    assert "assumed" in out


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
