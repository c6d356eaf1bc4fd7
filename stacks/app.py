"""Build every stack of a config into one CDK app (config chosen only in the entry point)."""

from __future__ import annotations

from pathlib import Path

from cdktn import App

from infra.config import Config
from infra.naming import StackRole, stack_names
from stacks.backup import BackupStack
from stacks.components.failover_records import NodeAddresses
from stacks.components.zone import ZoneRef
from stacks.dns import DnsStack
from stacks.primary import PrimaryStack

TARGET_VERSIONS = {"terraform": ">=1.10.0", "opentofu": ">=1.10.0"}


def build_app(config: Config, outdir: Path | None = None) -> App:
    """All stacks, constructed and checked; nothing is written until `App.synth()`."""
    app = App(
        outdir=str(outdir) if outdir is not None else None,
        # S3's native lock file (use_lockfile) needs Terraform 1.10; cdktf.json says the same
        # for runs through the cdktn CLI.
        context={"targetVersions": TARGET_VERSIONS},
    )
    shared_zone: ZoneRef | None = None
    for site in config.sites:
        names = stack_names(site.name)
        primary = PrimaryStack(app, names[StackRole.PRIMARY], config=config, site=site)
        backup = BackupStack(app, names[StackRole.BACKUP], config=config, site=site)
        dns = DnsStack(
            app,
            names[StackRole.DNS],
            config=config,
            site=site,
            primary=NodeAddresses(primary.public_ipv4, primary.public_ipv6),
            backup=NodeAddresses(backup.public_ipv4, backup.public_ipv6),
            # One zone for all sites: the first site's dns stack creates or finds it and
            # the others refer to it across stacks.
            shared_zone=shared_zone,
        )
        shared_zone = dns.zone
    return app
