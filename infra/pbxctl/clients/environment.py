"""The provider variables pbxctl reads, checked before any client is built.

A malformed variable is the caller's mistake, not an API failure to retry: one sentence
that names the variable, exit 2. Values of secrets are never repeated.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from infra.config import AWS_REGION_PATTERN, shown
from infra.errors import ConfigError

# The endpoint overrides pbxctl honours (botocore reads them itself, pbxctl checks them).
AWS_ENDPOINT_VARIABLES = (
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_ROUTE53",
    "AWS_ENDPOINT_URL_ROUTE_53",
    "AWS_ENDPOINT_URL_EC2",
)


def variable(name: str) -> str | None:
    """The variable's value without surrounding blanks; None when unset or empty."""
    return os.environ.get(name, "").strip() or None


def aws_region() -> str | None:
    """$AWS_REGION, if set: an AWS region like 'us-east-1'."""
    value = variable("AWS_REGION")
    if value is not None and not AWS_REGION_PATTERN.fullmatch(value):
        raise ConfigError(
            f"AWS_REGION={shown(value)} is not an AWS region like 'us-east-1'; set it to one "
            "or unset it"
        )
    return value


def endpoint(name: str) -> str | None:
    """An endpoint variable, if set: an http(s) URL with a host."""
    value = variable(name)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (parsing the port raises for a bad one)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{name}={shown(value)} is not an http(s) URL like 'https://host:port'; correct "
            "it or unset it"
        )
    return value


def check_aws_environment() -> None:
    aws_region()
    for name in AWS_ENDPOINT_VARIABLES:
        endpoint(name)


def token(name: str) -> str | None:
    """A token variable, if set: visible ASCII without blanks (it goes into an HTTP header)."""
    value = variable(name)
    if value is not None and not (value.isascii() and value.isprintable() and " " not in value):
        raise ConfigError(
            f"{name} holds characters no API token has (blanks, control or non-ASCII "
            "characters); copy the token again"
        )
    return value
