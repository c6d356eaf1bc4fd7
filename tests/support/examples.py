"""The examples' fake secrets, shared by the tests and the bench; imports nothing heavy."""

from __future__ import annotations

from pathlib import Path

FAKE_SECRETS_FILE = Path(__file__).resolve().parents[2] / "examples" / "fake-secrets.env"


def fake_secrets() -> dict[str, str]:
    """The examples' declared secrets with their obvious fake values (examples/fake-secrets.env)."""
    lines = FAKE_SECRETS_FILE.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
