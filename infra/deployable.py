"""The deployability gate: can this config be synthesized and deployed as it stands?

`load_config` answers "is this a well-formed config"; this module answers "does it fit
the providers": security-group quota, Hetzner's effective-rule limit, user-data size, no
secret and no stray Terraform interpolation in user data. `python -m stacks` and
`pbxctl validate` call `check_deployable` before anything is written; the incident
commands never do, so a config that grew past a quota cannot stop a promote.
"""

from __future__ import annotations

from infra.config import Config, SiteConfig
from infra.errors import ConfigError, PolicyError
from infra.naming import Node
from infra.node.cloud_init import check_user_data, render_node
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


def check_deployable(config: Config) -> None:
    """Raise the ConfigError (file-prefixed) that a deploy would otherwise hit later."""
    try:
        for site in config.sites:
            rules = site_policy(config, site)
            check_aws_quota(rules, site)
            check_hetzner_limit(rules, site)
            for node in Node:
                check_node(config, site, node)
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


def check_node(config: Config, site: SiteConfig, node: Node) -> None:
    """Render a node's user data with the longest possible addresses, and check it."""
    ipv4, ipv6 = _STAND_IN[node]
    rendered = render_node(
        config,
        site,
        node,
        public_ipv4=ipv4,
        public_ipv6=ipv6 if site.ipv6 else None,
        hostname=config.node_fqdn(site, node),
    )
    check_user_data(site, node, rendered)
