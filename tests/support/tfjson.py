"""Select synthesized Terraform JSON by type and properties, never by hashed logical ids."""

from __future__ import annotations

from typing import Any


def resources(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The resources of one type, without the CDK's metadata, in synthesized order."""
    return [
        {k: v for k, v in body.items() if k != "//"}
        for body in doc.get("resource", {}).get(kind, {}).values()
    ]


def data_sources(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in body.items() if k != "//"}
        for body in doc.get("data", {}).get(kind, {}).values()
    ]
