"""Build a command's world from the config file and the environment.

The config path comes from `--config`, else $PBX_FAILOVER_CONFIG, else ./pbx-failover.toml;
the clients read the standard variables (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL...,
HCLOUD_TOKEN, HCLOUD_ENDPOINT) themselves. Only well-formedness is checked here: whether a
config fits the providers' limits is the deployability gate's business, and must never stop
an incident command.
"""

from __future__ import annotations

import functools
from pathlib import Path

from infra.config import Config, SiteConfig, load_config, resolve_config_path
from infra.node.health_agent import probe_sip_options
from infra.pbxctl.audit import AuditLog, audit_path
from infra.pbxctl.clients.aws import Aws, Ec2, Route53
from infra.pbxctl.clients.hetzner import Hetzner, check_environment
from infra.pbxctl.dnsquery import configured_name_servers
from infra.pbxctl.session import Backends, Session, Ui


def load(config_file: Path | None, site_name: str | None) -> tuple[Config, SiteConfig]:
    config = load_config(resolve_config_path(config_file))
    return config, config.site(site_name)


def open_session(config: Config, site: SiteConfig, ui: Ui, *, poll_interval: float) -> Session:
    """Clients for Route 53, EC2 (the site's region) and, on first use, Hetzner.

    Every provider variable is checked first, so a malformed one stops the command with a
    sentence naming it before anything is asked or changed.
    """
    check_environment()
    aws = Aws()
    backends = Backends(
        route53=Route53(aws),
        ec2=Ec2(aws, site.primary.region),
        hetzner=functools.cache(lambda: Hetzner.from_env(poll_interval=poll_interval)),
        probe=probe_sip_options,
        name_servers=configured_name_servers(config.cli.name_servers),
        poll_interval=poll_interval,
    )
    return Session(
        config=config,
        site=site,
        backends=backends,
        audit_log=AuditLog(audit_path(config)),
        ui=ui,
    )
