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


def user_data(doc: dict[str, Any], kind: str) -> str:
    """A node's user data document: the text itself, or the local that base64gzip wraps."""
    (body,) = resources(doc, kind)
    if "user_data" in body:
        return str(body["user_data"])
    wrapped = str(body["user_data_base64"])
    if not (wrapped.startswith("${base64gzip(local.") and wrapped.endswith(")}")):
        raise AssertionError(f"unexpected user_data_base64: {wrapped[:80]}")
    return str(doc["locals"][wrapped.removeprefix("${base64gzip(local.").removesuffix(")}")])
