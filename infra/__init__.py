"""pbx-failover: the config, the firewall policy, the cloud clients and `pbxctl`.

Nothing under `infra/` imports the CDK: `pbxctl` must start in about a second.
"""

__version__ = "0.1.0"
