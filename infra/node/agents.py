"""The agents' pjsip include file: every agent on both PBXs, identical on both nodes.

One endpoint, auth and AOR per `[[site.agent]]`, so an agent's phone can register with
and call through either node, whichever layout it uses. The passwords appear as
`${AGENT_<extension>_PASSWORD}` variables: the file is a template that only `pbxctl sync`
fills (from the environment or SSM Parameter Store), on the nodes; user data never holds
it filled. The user's `pjsip.conf` includes it with `#include pjsip.agents.conf`.

The registrar accepts exactly the expiry `pbxctl phones` writes into the phones (and
nothing shorter), so the two cannot drift apart.
"""

from __future__ import annotations

from infra.config import Config, SiteConfig
from infra.phones import MAX_EXPIRY, site_timers

AGENTS_FILE = "pjsip.agents.conf"


def agents_template(config: Config, site: SiteConfig) -> str:
    """The include file with `${VARIABLE}` placeholders for the passwords."""
    timers = site_timers(config, site)
    lines = [
        "; Rendered by pbx-failover from [[site.agent]] in the config; identical on both nodes.",
        "; The passwords are filled in by `pbxctl sync` on the nodes only.",
        "",
        "[pbx-failover-agent](!)",
        "type=endpoint",
        f"context={site.phones.context}",
        "disallow=all",
        "allow=g722,alaw,ulaw",
        "direct_media=no",
        "rtp_symmetric=yes",
        "force_rport=yes",
        "rewrite_contact=yes",
        "",
        "[pbx-failover-agent-aor](!)",
        "type=aor",
        # One phone per agent and node: a new registration replaces the old one.
        "max_contacts=1",
        "remove_existing=yes",
        f"minimum_expiration={timers.registration_expiry}",
        f"default_expiration={timers.registration_expiry}",
        f"maximum_expiration={MAX_EXPIRY}",
        f"qualify_frequency={timers.keepalive_interval * 3}",
    ]
    for agent in site.agents:
        extension = agent.extension
        lines += [
            "",
            f"[{extension}](pbx-failover-agent)",
            f"auth={extension}",
            f"aors={extension}",
            f'callerid="{agent.display_name}" <{extension}>',
            "",
            f"[{extension}](pbx-failover-agent-aor)",
            "",
            f"[{extension}]",
            "type=auth",
            "auth_type=userpass",
            f"username={extension}",
            f"password=${{{agent.password_variable}}}",
        ]
    return "\n".join(lines) + "\n"


def agent_secret_sources(site: SiteConfig) -> dict[str, str]:
    """Each password variable of the include file, and where its value comes from."""
    return {agent.password_variable: agent.password_source for agent in site.agents}
