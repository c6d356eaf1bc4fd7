"""Checks a `#cloud-config` document the way cloud-init 22.4 would, and stricter.

`cloud-init schema` reports wrong types and unknown keys inside modules but not an unknown
top-level key (`pakages:` is silently ignored on a real boot), so the same JSON schema is
also applied with `jsonschema`, closed at the top level to the keys the modules define.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import yaml

INSTALL_HINT = "apt-get install cloud-init"
SCHEMA_FILE = "config/schemas/schema-cloud-config-v1.json"


def validate_user_data(text: str) -> list[str]:
    """Every problem found in `text`, one sentence each; empty when the document is valid."""
    problems = []
    if not text.startswith("#cloud-config\n"):
        problems.append("the first line is not '#cloud-config'")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        return [*problems, f"not valid YAML: {err}"]
    if not isinstance(data, dict):
        return [*problems, "the document is not a YAML mapping"]
    problems += _cloud_init_schema(text)
    problems += _closed_schema_problems(data)
    return problems


def _cloud_init() -> str:
    path = shutil.which("cloud-init")
    if path is None:
        raise RuntimeError(f"the cloud-init command is missing; install it: {INSTALL_HINT}")
    return path


def _cloud_init_schema(text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "user-data"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run(
            [_cloud_init(), "schema", "--config-file", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    if result.returncode == 0:
        return []
    output = (result.stdout + result.stderr).replace(str(path), "the user data")
    lines = (line.strip() for line in output.splitlines())
    # Drop bare section titles such as "Error:"; keep the lines that say something.
    return [f"cloud-init schema: {line}" for line in lines if line and not line.endswith(":")]


@functools.cache
def _closed_schema() -> dict[str, Any]:
    """cloud-init's own schema, with unknown top-level keys forbidden."""
    schema: dict[str, Any] = json.loads(_schema_path().read_text(encoding="utf-8"))
    known: dict[str, Any] = {}
    for part in schema["allOf"]:
        definition = schema["$defs"][part["$ref"].removeprefix("#/$defs/")]
        known.update({key: {} for key in definition.get("properties", {})})
    return {**schema, "properties": known, "additionalProperties": False}


def _schema_path() -> Path:
    """The schema file inside the cloud-init package of the interpreter cloud-init runs on."""
    interpreter = Path(_cloud_init()).read_text(encoding="utf-8").splitlines()[0][2:].split()
    result = subprocess.run(
        [*interpreter, "-c", "import cloudinit; print(cloudinit.__path__[0])"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    path = Path(result.stdout.strip()) / SCHEMA_FILE
    if result.returncode != 0 or not path.is_file():
        raise RuntimeError(f"cannot find cloud-init's {SCHEMA_FILE}; reinstall: {INSTALL_HINT}")
    return path


def _closed_schema_problems(data: dict[str, Any]) -> list[str]:
    schema = _closed_schema()
    validator = jsonschema.validators.validator_for(schema)(
        schema, format_checker=jsonschema.FormatChecker()
    )
    return [
        f"schema: {'.'.join(map(str, error.absolute_path)) or '(top level)'}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]
