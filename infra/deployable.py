"""The deployability gate: can this config be synthesized and deployed as it stands?

`load_config` answers "is this a well-formed config"; this module answers "does it fit
the providers": security-group quota, Hetzner's effective-rule limit, user-data size, no
secret (declared, or a provider token in the environment) and no stray Terraform
interpolation in user data. `python -m stacks` and `pbxctl validate` call
`check_deployable` before anything is written; the incident commands never do, so a config
that grew past a quota cannot stop a promote.

Every declared secret must have a value, or the check could not look for it: synth takes
them from the environment (`environment_secrets`), `pbxctl validate` also from SSM.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from infra.config import Config, SiteConfig
from infra.errors import ConfigError, PolicyError
from infra.naming import Node
from infra.node.cloud_init import check_user_data, render_node
from infra.node.tree import AsteriskFolder, declared_secrets, read_asterisk_folder, secret_source
from infra.policy import (
    ROUTE53_CHECKER_PREFIXES_BOUND,
    ROUTE53_PREFIX_LIST_WEIGHT,
    Rule,
    aws_rule_counts,
    hetzner_effective_rules,
    site_policy,
)

# Hetzner allows 500 effective rules per firewall (a rule counts once per source network).
HETZNER_EFFECTIVE_RULE_LIMIT = 500
# The longest address a Terraform interpolation can resolve to: user data is sized with it.
_STAND_IN = {
    Node.PRIMARY: ("255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    Node.BACKUP: ("255.255.255.254", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"),
}


# (site, declared secret names) -> their values; raises a ConfigError for a missing one.
SecretLookup = Callable[[SiteConfig, list[str]], dict[str, str]]


def environment_secrets(site: SiteConfig, names: list[str]) -> dict[str, str]:
    """Each secret from its `env:` variable; an `ssm:` secret from the variable of its name."""
    values = {}
    for name in names:
        source = secret_source(site, name)
        variable = source.removeprefix("env:") if source.startswith("env:") else name
        value = os.environ.get(variable, "")
        if not value and source.startswith("ssm:"):
            raise ConfigError(
                f"site {site.name!r}: the secret {name} comes from the SSM parameter "
                f"{source.removeprefix('ssm:')}, which synth does not read; set ${name} to its "
                "value for the user-data check, or check with `pbxctl validate`"
            )
        if not value:
            raise ConfigError(
                f"site {site.name!r}: the secret {name} is declared but ${variable} is not set; "
                "set it (synth needs it to prove that user data does not contain it)"
            )
        values[name] = value
    return values


def check_deployable(config: Config, secrets: SecretLookup = environment_secrets) -> None:
    """Raise the ConfigError (file-prefixed) that a deploy would otherwise hit later."""
    try:
        for site in config.sites:
            rules = site_policy(config, site)
            check_aws_quota(rules, site)
            check_hetzner_limit(rules, site)
            folder = read_asterisk_folder(config, site)
            values = secrets(site, declared_secrets(site, folder))
            for node in Node:
                check_node(config, site, node, folder=folder, secrets=values)
    except ConfigError as err:
        raise type(err)(f"{config.source}: {err.message}") from None


def check_aws_quota(rules: list[Rule], site: SiteConfig) -> None:
    quota = site.firewall.aws_rule_quota
    v4, v6 = aws_rule_counts(rules)
    if max(v4, v6) > quota:
        raise PolicyError(
            f"site {site.name!r}: the firewall policy needs {v4} IPv4 and {v6} IPv6 inbound "
            f"rules, over the security group quota of {quota} per family (the Route 53 "
            f"checkers' prefix list counts as {ROUTE53_PREFIX_LIST_WEIGHT}); merge networks "
            "into fewer CIDRs or raise the quota with AWS and set firewall.aws_rule_quota"
        )


def check_hetzner_limit(rules: list[Rule], site: SiteConfig) -> None:
    effective = hetzner_effective_rules(rules)
    if effective > HETZNER_EFFECTIVE_RULE_LIMIT:
        raise PolicyError(
            f"site {site.name!r}: the firewall policy needs about {effective} effective rules "
            f"on Hetzner, over its limit of {HETZNER_EFFECTIVE_RULE_LIMIT} per firewall "
            f"(counting {ROUTE53_CHECKER_PREFIXES_BOUND} for the Route 53 checkers); merge "
            "networks into fewer CIDRs"
        )


def check_node(
    config: Config,
    site: SiteConfig,
    node: Node,
    *,
    folder: AsteriskFolder,
    secrets: dict[str, str],
) -> None:
    """Render a node's user data with the longest possible addresses, and check it."""
    ipv4, ipv6 = _STAND_IN[node]
    rendered = render_node(
        config,
        site,
        node,
        public_ipv4=ipv4,
        public_ipv6=ipv6 if site.ipv6 else None,
        hostname=config.node_fqdn(site, node),
        folder=folder,
    )
    check_user_data(site, node, rendered, secrets)
