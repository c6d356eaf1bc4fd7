"""The measured numbers people read come from the committed lab results, not from a hand.

`docs/data/clientlab-results.json` is the raw output of the client-lab run (every sample
and every attempt). `pbxctl rto` reads `infra/pbxctl/client_failover.json`, the README and
docs/phones.md show a table of the same run: each must be exactly what the raw results
give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.lab.results import headline_table, published_text, summarize

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "docs" / "data" / "clientlab-results.json"
PUBLISHED = ROOT / "infra" / "pbxctl" / "client_failover.json"


def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RAW.read_text())
    return data


def test_the_rto_data_file_is_what_the_raw_results_give() -> None:
    assert PUBLISHED.read_text() == published_text(raw())


def test_every_case_was_measured_at_least_five_times() -> None:
    rows = summarize(raw()["samples"], raw()["lab"]["max_wait"])
    cases = {
        (r["mode"], r["transport"], r["scheme"], r["client"]): r["failover"]["n"] for r in rows
    }
    assert len(cases) == 3 * 2 * 3 * 2, sorted(cases)
    assert min(cases.values()) >= 5, cases


def test_the_documented_tables_are_the_measured_ones() -> None:
    table = headline_table(raw())
    for page in (ROOT / "README.md", ROOT / "docs" / "phones.md"):
        assert table in page.read_text(), f"{page.name} does not show the measured table"


def test_the_patient_agent_variant_is_documented_as_measured() -> None:
    data = json.loads((ROOT / "docs" / "data" / "clientlab-patience5.json").read_text())
    assert data["lab"]["patience"] == 5
    assert headline_table(data) in (ROOT / "docs" / "benchmarks.md").read_text()
