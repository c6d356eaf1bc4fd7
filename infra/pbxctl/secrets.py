"""Secret values by the config's references: `env:NAME` or `ssm:/path` (Parameter Store).

A site's secrets are the variables its `*.in` templates use, `[site.node] secret_names`
and the keys of `[site.node.secrets]`; each comes from the environment variable of the same
name unless `[site.node.secrets]` maps it elsewhere. SSM parameters are read, decrypted,
from the site's primary region (boto3 honours AWS_ENDPOINT_URL_SSM).

Values live only in the returned mapping: they are never logged, printed or written here.
Every missing value is named in one sentence (exit 2) before anything happens anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from infra.config import SiteConfig
from infra.errors import ConfigError
from infra.node.tree import secret_source
from infra.pbxctl.clients.aws import Aws

_SSM_BATCH = 10  # GetParameters takes at most 10 names


@dataclass(frozen=True)
class SecretRef:
    """One secret: the variable templates use, and where its value comes from."""

    name: str
    source: str  # env:NAME or ssm:/path

    @property
    def env(self) -> str | None:
        return self.source.removeprefix("env:") if self.source.startswith("env:") else None

    @property
    def ssm(self) -> str | None:
        return self.source.removeprefix("ssm:") if self.source.startswith("ssm:") else None

    def how_to_set(self) -> str:
        if self.env is not None:
            return f"set ${self.env}"
        return f"create the SSM parameter {self.ssm} in the site's primary region"


def site_refs(site: SiteConfig, names: Sequence[str]) -> list[SecretRef]:
    return [SecretRef(name, secret_source(site, name)) for name in names]


class SecretResolver:
    """Resolves references; SSM reads go through one client per region, built on first use."""

    def __init__(
        self,
        region: str,
        *,
        environ: Mapping[str, str] | None = None,
        aws: Callable[[], Aws] = Aws,
    ) -> None:
        self.region = region
        self.environ = os.environ if environ is None else environ
        self._aws_factory = aws
        self._aws: Aws | None = None

    def resolve(self, refs: Sequence[SecretRef], *, what: str) -> dict[str, str]:
        """Every ref's value; a ConfigError naming each missing one (`what` prefixes it)."""
        values: dict[str, str] = {}
        missing: list[SecretRef] = []
        for ref in refs:
            if ref.env is not None:
                value = self.environ.get(ref.env, "")
                if value:
                    values[ref.name] = value
                else:
                    missing.append(ref)
        from_ssm = [ref for ref in refs if ref.ssm is not None]
        if from_ssm:
            found = self._ssm_values(sorted({ref.ssm for ref in from_ssm if ref.ssm}))
            for ref in from_ssm:
                if found.get(ref.ssm or ""):
                    values[ref.name] = found[ref.ssm or ""]
                else:
                    missing.append(ref)
        if missing:
            listed = "; ".join(f"{ref.name} ({ref.how_to_set()})" for ref in missing)
            raise ConfigError(f"{what}: no value for {listed}; nothing was changed")
        return values

    def _ssm_values(self, names: list[str]) -> dict[str, str]:
        if self._aws is None:
            self._aws = self._aws_factory()
        aws = self._aws
        client = aws.client("ssm", self.region)
        found: dict[str, str] = {}
        for start in range(0, len(names), _SSM_BATCH):
            batch = names[start : start + _SSM_BATCH]
            response = aws.call(
                f"reading the SSM parameters {', '.join(batch)} in {self.region}",
                client.get_parameters,
                Names=batch,
                WithDecryption=True,
            )
            for parameter in response.get("Parameters", []):
                found[str(parameter["Name"])] = str(parameter.get("Value", ""))
        return found


def site_secrets(
    site: SiteConfig, names: Sequence[str], resolver: SecretResolver | None = None
) -> dict[str, str]:
    """The values of a site's declared secrets (`names`), from the environment or SSM."""
    resolver = resolver or SecretResolver(site.primary.region)
    return resolver.resolve(site_refs(site, names), what=f"site {site.name!r}")
