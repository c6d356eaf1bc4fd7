"""The deployability gate: can this config be synthesized and deployed as it stands?

`load_config` answers "is this a well-formed config"; this module answers "does it fit
the providers, and does it open no more than it says": services open to the whole internet
(refused unless the site opts in, then a warning), security-group quota, Hetzner's
effective-rule limit and unique SSH keys, unique alert subscriptions, user-data size, no
secret (declared, or a provider token in the environment) and no stray Terraform
interpolation in user data. `python -m stacks` and `pbxctl validate` call
`check_deployable` before anything is written; the incident commands never do, so a config
that grew past a quota cannot stop a promote.

Every declared secret must have a value, or the check could not look for it: synth takes
them from the environment (`environment_secrets`), `pbxctl validate` also from SSM.

Every error and warning names the file and the key: "<file>: site[0].sip.tls_port: ...".
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from infra.config import Config, SiteConfig, ssh_key_material
from infra.errors import ConfigError, PolicyError
from infra.naming import Node
from infra.node.cloud_init import check_user_data, render_node
from infra.node.tree import AsteriskFolder, declared_secrets, read_asterisk_folder, secret_source
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


def check_deployable(config: Config, secrets: SecretLookup = environment_secrets) -> list[str]:
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
            node_key = f"{config.site_key(site)}.node"
            # User data is generated but for the Asterisk folder: what goes wrong in it
            # (a link, a secret, its size) is fixed there.
            with _keyed(f"{node_key}.asterisk_config_dir", site):
                folder = read_asterisk_folder(config, site)
            values: dict[str, str] = {}
            for name in declared_secrets(site, folder):
                with _keyed(f"{node_key}.{_declared_in(site, name)}", site):
                    values.update(secrets(site, [name]))
            with _keyed(f"{node_key}.asterisk_config_dir", site):
                for node in Node:
                    check_node(config, site, node, folder=folder, secrets=values)
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
        repeated = key.split(".", 1)[-1] + " "  # "node.asterisk_config_dir '/etc' is ..."
        raise type(err)(reason.removeprefix(repeated), key=key) from None


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


def _declared_in(site: SiteConfig, name: str) -> str:
    """The key (under the site's node) that declares a secret: where to look it up."""
    if name in site.node.secrets:
        return f"secrets.{name}"
    if name in site.node.secret_names:
        return "secret_names"
    return "asterisk_config_dir"  # a variable of one of the folder's templates
