"""Check the ``hcloud`` blocks of a synthesized Terraform JSON document against the
provider schema (``terraform providers schema -json`` format), without Terraform.

Deliberately stricter than Terraform where the CDK is: a value must already have the
schema's JSON type (Terraform would quietly turn 5060 into "5060"), and a list or set
block must be a JSON array of objects unless it allows at most one block. A string
holding an interpolation ``${...}`` passes for any type: only Terraform can resolve it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROVIDER_ADDRESS = "registry.terraform.io/hetznercloud/hcloud"

_RESOURCE_META = frozenset(
    {"count", "for_each", "provider", "depends_on", "lifecycle", "connection", "provisioner"}
)
_DATA_META = frozenset({"count", "for_each", "provider", "depends_on", "lifecycle"})
_PROVIDER_META = frozenset({"alias"})
_NO_META: frozenset[str] = frozenset()
_DYNAMIC_KEYS = frozenset({"for_each", "iterator", "labels", "content"})
# Terraform JSON's comment key; the CDK keeps construct metadata there.
_COMMENT = "//"
# "$${" is an escaped, literal "${".
_INTERPOLATION = re.compile(r"(?<!\$)\$\{")


def load_schema(path: Path) -> dict[str, Any]:
    """Read a provider schema file and make sure it describes the hcloud provider."""
    with path.open(encoding="utf-8") as f:
        schema: dict[str, Any] = json.load(f)
    if PROVIDER_ADDRESS not in schema.get("provider_schemas", {}):
        raise ValueError(f"{path}: no schema for {PROVIDER_ADDRESS}")
    return schema


def check_hcloud_blocks(tf_json: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """Return one message per problem in the ``hcloud_*`` resources, data sources and
    ``hcloud`` provider blocks of ``tf_json``; an empty list means they are valid."""
    provider = schema["provider_schemas"][PROVIDER_ADDRESS]
    errors: list[str] = []
    for section, schemas_key, meta, prefix in (
        ("resource", "resource_schemas", _RESOURCE_META, ""),
        ("data", "data_source_schemas", _DATA_META, "data."),
    ):
        for type_name, instances in (tf_json.get(section) or {}).items():
            if not type_name.startswith("hcloud_"):
                continue
            entity = provider.get(schemas_key, {}).get(type_name)
            for name, body in instances.items():
                address = f"{prefix}{type_name}.{name}"
                if entity is None:
                    errors.append(f'{address}: {section} type "{type_name}" is not in the schema')
                else:
                    errors += _prefixed(address, _check_body(body, entity["block"], meta, ""))

    configs = (tf_json.get("provider") or {}).get("hcloud") or []
    # The CDK writes a list of configurations; hand-written JSON may use one object.
    for body in configs if isinstance(configs, list) else [configs]:
        alias = body.get("alias") if isinstance(body, dict) else None
        address = f"provider.hcloud.{alias}" if isinstance(alias, str) else "provider.hcloud"
        errors += _prefixed(
            address, _check_body(body, provider["provider"]["block"], _PROVIDER_META, "")
        )
    return errors


def _prefixed(address: str, messages: list[str]) -> list[str]:
    return [f"{address}: {message}" for message in messages]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    kind = "bool" if isinstance(value, bool) else "string" if isinstance(value, str) else "number"
    text = json.dumps(value)
    return f"{kind} {text if len(text) <= 40 else text[:37] + '...'}"


def _check_body(  # noqa: C901 (arguments, blocks, required ones: Terraform's own order)
    body: Any, block: Mapping[str, Any], meta: frozenset[str], path: str
) -> list[str]:
    """Check one block body: its arguments, nested blocks and required arguments."""
    if not isinstance(body, dict):
        return [f'"{path or "body"}": expected a JSON object, got {_describe(body)}']
    attributes: Mapping[str, Any] = block.get("attributes", {})
    block_types: Mapping[str, Any] = block.get("block_types", {})
    errors: list[str] = []
    dynamic_names: set[str] = set()
    for key, value in body.items():
        where = _join(path, key)
        if key == _COMMENT or key in meta:
            continue
        if key in attributes:
            errors += _check_attribute(where, value, attributes[key])
        elif key in block_types:
            errors += _check_nested(where, value, block_types[key])
        elif key == "dynamic":
            errors += _check_dynamic(where, value, block_types)
            if isinstance(value, dict):
                dynamic_names.update(value)
        else:
            errors.append(f'unknown argument "{where}"')
    for key, attribute in attributes.items():
        if attribute.get("required") and body.get(key) is None:
            errors.append(f'missing required argument "{_join(path, key)}"')
    for key, nested in block_types.items():
        if nested.get("min_items", 0) > 0 and body.get(key) is None and key not in dynamic_names:
            errors.append(f'missing required block "{_join(path, key)}"')
    return errors


def _check_attribute(where: str, value: Any, attribute: Mapping[str, Any]) -> list[str]:
    if value is None:  # the CDK writes unset arguments as null
        return []
    if attribute.get("computed") and not attribute.get("optional"):
        return [f'"{where}" is computed by the provider and cannot be set']
    errors = [f'"{where}" is deprecated'] if attribute.get("deprecated") else []
    return errors + _check_type(where, value, _attribute_type(attribute))


def _attribute_type(attribute: Mapping[str, Any]) -> Any:
    """The cty type of an attribute; protocol-6 nested attributes become objects."""
    if "type" in attribute:
        return attribute["type"]
    nested = attribute["nested_type"]
    obj = ["object", {k: _attribute_type(a) for k, a in nested["attributes"].items()}]
    return obj if nested["nesting_mode"] == "single" else [nested["nesting_mode"], obj]


def _type_name(cty: Any) -> str:
    if isinstance(cty, str):
        return cty
    kind, inner = cty
    return kind if kind in ("object", "tuple") else f"{kind} of {_type_name(inner)}"


def _check_type(  # noqa: C901, PLR0911 (one branch per cty type)
    where: str, value: Any, cty: Any
) -> list[str]:
    """Check a non-null value against a cty type in its JSON form."""
    if isinstance(value, str) and _INTERPOLATION.search(value):
        return []
    mismatch = [f'"{where}": expected {_type_name(cty)}, got {_describe(value)}']
    if cty == "dynamic":
        return []
    if cty == "string":
        return [] if isinstance(value, str) else mismatch
    if cty == "number":
        return [] if isinstance(value, int | float) and not isinstance(value, bool) else mismatch
    if cty == "bool":
        return [] if isinstance(value, bool) else mismatch
    kind, inner = cty
    if kind in ("list", "set", "tuple"):
        if not isinstance(value, list):
            return mismatch
        if kind == "tuple" and len(value) != len(inner):
            return mismatch
        types = inner if kind == "tuple" else [inner] * len(value)
        return [
            e
            for i, (v, t) in enumerate(zip(value, types, strict=True))
            for e in _check_element(f"{where}[{i}]", v, t)
        ]
    if not isinstance(value, dict):
        return mismatch
    if kind == "map":
        return [e for k, v in value.items() for e in _check_element(f"{where}.{k}", v, inner)]
    errors = [f'unknown argument "{where}.{k}"' for k in value if k not in inner]
    return errors + [
        e
        for k, v in value.items()
        if k in inner and v is not None
        for e in _check_type(f"{where}.{k}", v, inner[k])
    ]


def _check_element(where: str, value: Any, cty: Any) -> list[str]:
    return [f'"{where}": null element'] if value is None else _check_type(where, value, cty)


def _check_nested(where: str, value: Any, nested: Mapping[str, Any]) -> list[str]:
    """Check a nested block against its nesting mode and item limits."""
    if value is None:
        return []
    mode = nested["nesting_mode"]
    block = nested["block"]
    errors = [f'"{where}" is deprecated'] if block.get("deprecated") else []
    if mode == "map":
        if not isinstance(value, dict):
            return [f'"{where}": expected an object of labelled blocks, got {_describe(value)}']
        return errors + [
            e
            for label, body in value.items()
            for e in _check_body(body, block, _NO_META, f"{where}.{label}")
        ]
    max_items = 1 if mode in ("single", "group") else nested.get("max_items")
    if isinstance(value, dict) and max_items == 1:
        # Single blocks, and list/set blocks of at most one, are written as one object.
        return errors + _check_body(value, block, _NO_META, where)
    if not isinstance(value, list):
        return [
            f'"{where}": expected a list of blocks (JSON array of objects), got {_describe(value)}'
        ]
    if max_items is not None and len(value) > max_items:
        errors.append(f'"{where}": at most {max_items} block(s) allowed, got {len(value)}')
    if len(value) < nested.get("min_items", 0):
        errors.append(
            f'"{where}": at least {nested["min_items"]} block(s) required, got {len(value)}'
        )
    return errors + [
        e
        for i, body in enumerate(value)
        for e in _check_body(body, block, _NO_META, f"{where}[{i}]")
    ]


def _check_dynamic(where: str, value: Any, block_types: Mapping[str, Any]) -> list[str]:
    """Check ``dynamic`` blocks (what the CDK writes for iterators over blocks)."""
    if not isinstance(value, dict):
        return [f'"{where}": expected an object, got {_describe(value)}']
    errors: list[str] = []
    for name, spec in value.items():
        at = f"{where}.{name}"
        if name not in block_types:
            errors.append(f'unknown block type "{at}"')
        elif not isinstance(spec, dict) or "for_each" not in spec or "content" not in spec:
            errors.append(f'"{at}": needs "for_each" and "content"')
        else:
            errors += [f'unknown argument "{at}.{k}"' for k in spec if k not in _DYNAMIC_KEYS]
            errors += _check_body(
                spec["content"], block_types[name]["block"], _NO_META, f"{at}.content"
            )
    return errors
