"""The deployability gate: can this config be synthesized and deployed as it stands?

`load_config` answers "is this a well-formed config"; this module answers "does it fit
the providers, and does it open no more than it says": services open to the whole internet
(refused unless the site opts in, then a warning), security-group quota, Hetzner's
effective-rule limit and unique SSH keys, unique alert subscriptions, user-data size, no
secret and no stray Terraform interpolation in user data. `python -m stacks` and
`pbxctl validate` call `check_deployable` before anything is written; the incident
commands never do, so a config that grew past a quota cannot stop a promote.

Every error and warning names the file and the key: "<file>: site[0].sip.tls_port: ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from infra.config import Config, SiteConfig, ssh_key_material
from infra.errors import ConfigError, PolicyError
from infra.naming import Node
from infra.node.cloud_init import check_user_data, render_node
from infra.policy import (
    ROUTE53_CHECKER_PREFIXES_BOUND,
    ROUTE53_PREFIX_LIST_WEIGHT,
    Rule,
    Service,
    aws_rule_counts,
    hetzner_effective_rules,
    site_policy,
    world_exposures,
)

# Hetzner allows 500 effective rules per firewall (a rule counts once per source network).
HETZNER_EFFECTIVE_RULE_LIMIT = 500
# The longest address a Terraform interpolation can resolve to: user data is sized with it.
_STAND_IN = {
    Node.PRIMARY: ("255.255.255.255", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    Node.BACKUP: ("255.255.255.254", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"),
}


# (services, what they are called, the [site.firewall] flag that opens them to the world)
_EXPOSABLE = (
    ((Service.SIP_UDP, Service.SIP_TCP, Service.SIP_TLS), "SIP", "allow_world_sip"),
    ((Service.RTP,), "RTP", "rtp_from_anywhere"),
    ((Service.SSH,), "SSH", "allow_world_ssh"),
    ((Service.HEALTH,), "the health agent", "allow_world_health"),
)
_ADVICE = {
    "allow_world_sip": "list the carriers' and operators' own networks",
    "rtp_from_anywhere": "list the carriers' media networks and the operators' own",
    "allow_world_ssh": "list your administrators' networks",
    "allow_world_health": "list your administrators' networks",
}


def check_deployable(config: Config) -> list[str]:
    """Raise the ConfigError that a deploy would otherwise hit later; return the warnings.

    Both carry the file and the key: "<file>: <key>: <sentence>".
    """
    warnings = []
    try:
        check_unique_keys(config)
        for site in config.sites:
            rules = site_policy(config, site)
            warnings += check_exposure(config, site, rules)
            check_aws_quota(rules, site, config)
            check_hetzner_limit(rules, site, config)
            # User data is generated but for the Asterisk folder: what goes wrong in it
            # (a secret, its size) is fixed there.
            with _keyed(f"{config.site_key(site)}.node.asterisk_config_dir", site):
                for node in Node:
                    check_node(config, site, node)
    except ConfigError as err:
        raise type(err)(f"{config.source}: {err.message}") from None
    return [f"{config.source}: {warning}" for warning in warnings]


@contextmanager
def _keyed(key: str, site: SiteConfig) -> Iterator[None]:
    """Give `key` to the errors raised inside that name none (and drop their site prefix)."""
    try:
        yield
    except ConfigError as err:
        if err.key:
            raise
        reason = re.sub(rf"^site {re.escape(repr(site.name))}: ", "", err.message)
        raise type(err)(reason, key=key) from None


def check_unique_keys(config: Config) -> None:
    """What one account or project holds only once: SSH keys, e-mail subscriptions."""
    seen: dict[str, str] = {}
    for site in config.sites:
        key = f"{config.site_key(site)}.backup.ssh_public_key"
        material = ssh_key_material(site.backup.ssh_public_key)
        if material in seen:
            raise ConfigError(
                f"is the same key as {seen[material]}; Hetzner refuses a second SSH key with "
                "the same fingerprint in a project, so give each site its own key",
                key=key,
            )
        seen[material] = key
    addresses: dict[str, int] = {}
    for index, address in enumerate(config.alert_emails):
        if address.lower() in addresses:
            raise ConfigError(
                f"{address!r} is also alert_emails[{addresses[address.lower()]}]; SNS keeps one "
                "subscription per address, so removing one would unsubscribe both; list it once",
                key=f"alert_emails[{index}]",
            )
        addresses[address.lower()] = index


def check_exposure(config: Config, site: SiteConfig, rules: list[Rule]) -> list[str]:
    """Refuse a service open to the whole internet unless the site opted in; warn if it did.

    Whichever keys the sources come from (carriers, operators, admins): a set of networks
    that together holds every public address of a family counts as the whole internet.
    """
    warnings = []
    for services, what, flag in _EXPOSABLE:
        group = [rule for rule in rules if rule.service in services]
        exposures = [exposure for rule in group[:1] for exposure in world_exposures(rule)]
        if not exposures:
            continue
        ports = ", ".join(f"{rule.ports}/{rule.protocol}" for rule in group)
        keys = exposures[0].keys
        families = " and ".join(f"IPv{found.version}" for found in exposures if found.keys == keys)
        flag_key = f"{config.site_key(site)}.firewall.{flag}"
        if keys == (flag_key,):
            warnings.append(
                f"{flag_key}: {what} ({ports}) is open to the whole internet ({families})"
            )
            continue
        together = f"together with {' and '.join(keys[1:])} " if len(keys) > 1 else ""
        coverage = f"{together}covers every public {families} address"
        if getattr(site.firewall, flag):
            warnings.append(
                f"{keys[0]}: {coverage}, so {what} ({ports}) is open to the whole internet "
                f"({flag_key} = true)"
            )
            continue
        raise ConfigError(
            f"{coverage}, so {what} ({ports}) would be open to the whole internet; "
            f"{_ADVICE[flag]}, or set {flag_key} = true if that is intended",
            key=keys[0],
        )
    return warnings


def check_aws_quota(rules: list[Rule], site: SiteConfig, config: Config) -> None:
    quota = site.firewall.aws_rule_quota
    v4, v6 = aws_rule_counts(rules)
    if max(v4, v6) > quota:
        raise PolicyError(
            f"the firewall policy needs {v4} IPv4 and {v6} IPv6 inbound rules, over the "
            f"security group quota of {quota} per family (the Route 53 checkers' prefix list "
            f"counts as {ROUTE53_PREFIX_LIST_WEIGHT}); merge networks into fewer CIDRs (most "
            f"come from {_busiest_key(rules)}) or raise the quota with AWS and set this key",
            key=f"{config.site_key(site)}.firewall.aws_rule_quota",
        )


def check_hetzner_limit(rules: list[Rule], site: SiteConfig, config: Config) -> None:
    effective = hetzner_effective_rules(rules)
    if effective > HETZNER_EFFECTIVE_RULE_LIMIT:
        raise PolicyError(
            f"the firewall policy needs about {effective} effective rules on Hetzner, over its "
            f"limit of {HETZNER_EFFECTIVE_RULE_LIMIT} per firewall (counting "
            f"{ROUTE53_CHECKER_PREFIXES_BOUND} for the Route 53 checkers); merge these "
            "networks into fewer CIDRs",
            key=_busiest_key(rules),
        )


def _busiest_key(rules: list[Rule]) -> str:
    """The config key whose networks appear in the most rules: the one to shorten first."""
    counts: dict[str, int] = {}
    for rule in rules:
        for source in rule.sources:
            if source.network is not None:
                counts[source.key] = counts.get(source.key, 0) + 1
    return max(counts, key=lambda key: counts[key])


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
