"""The files each kind of phone loads: baresip's accounts and config, Linphone's
remote-provisioning XML, a Yealink `.cfg`. Pure text from accounts and timers.

What each phone can and cannot be told, and why (measured in the client lab, see
docs/phones.md):

- baresip 1.0: the expiry only. Its SIP timers are fixed, and it sends keepalives only
  when the registrar supports SIP outbound (RFC 5626), which Asterisk does not advertise.
- Linphone: expiry, keepalives (also on TCP), how long a TCP connect may take, how soon
  a failed registration is retried, when a silent connection is given up (so the next
  SRV target is tried), and going back to the first SRV target once it answers again; an
  unused second account is cleared (Linphone keeps accounts a document does not mention).
- Yealink: both servers of one account, how many retries before the second, how to fall
  back, and server 2 cleared explicitly when unused (a phone keeps keys it is not sent).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from infra.phones import Account, PhoneTimers, Server

# -- baresip ------------------------------------------------------------------------------

BARESIP_MODULES = "/usr/lib/baresip/modules"


def baresip_accounts(accounts: list[Account], timers: PhoneTimers) -> str:
    """baresip's `accounts` file: one line per account (it holds the passwords)."""
    lines = ["# baresip accounts: one line per account, primary first"]
    for account in accounts:
        transport = account.server.transport
        lines.append(
            f'"{account.display_name}" <{account.aor};transport={transport}>'
            f";auth_user={account.extension};auth_pass={account.password}"
            f';outbound="{account.server.uri}"'
            f";regint={timers.registration_expiry};answermode=manual"
        )
    return "\n".join(lines) + "\n"


def baresip_config() -> str:
    """A desktop `config` to run `baresip -f <folder>` with the accounts beside it."""
    return "\n".join(
        [
            "# baresip config written by pbxctl phones; the accounts file is beside it.",
            "# module_path: Debian and Ubuntu's; other systems keep the modules elsewhere.",
            f"module_path\t\t{BARESIP_MODULES}",
            "poll_method\t\tepoll",
            "call_local_timeout\t120",
            "audio_player\t\talsa,default",
            "audio_source\t\talsa,default",
            "audio_alert\t\talsa,default",
            "module\t\t\tstdio.so",
            "module\t\t\topus.so",
            "module\t\t\tg722.so",
            "module\t\t\tg711.so",
            "module\t\t\talsa.so",
            "module_tmp\t\tuuid.so",
            "module_tmp\t\taccount.so",
            "module_app\t\tmenu.so",
            "",
        ]
    )


# -- Linphone -----------------------------------------------------------------------------

_LPCONFIG = "http://www.linphone.org/xsds/lpconfig.xsd"
LINPHONE_CLEARED_ACCOUNTS = 2  # accounts a layout may leave behind: the two-account layout's


def linphone_xml(accounts: list[Account], timers: PhoneTimers) -> str:
    """A Linphone remote-provisioning document (lpconfig.xsd); it holds the passwords."""
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (
            "sip",
            [
                ("default_proxy", "0"),
                ("keepalive_period", str(timers.keepalive_interval * 1000)),
                ("tcp_tls_keepalive", "1"),
                ("transport_timeout", str(timers.tcp_connect_timeout * 1000)),
                ("refresher_retry_after", str(timers.registration_retry * 1000)),
                ("unreliable_connection_timeout", str(timers.suspect_connection_after)),
                # Back to the SRV record's first target as soon as it answers again.
                ("reconnect_to_primary_asap", "1"),
            ],
        ),
        ("net", [("dns_srv_enabled", "1")]),
    ]
    for index, account in enumerate(accounts):
        route = f"<{account.server.uri}>"
        sections.append(
            (
                f"proxy_{index}",
                [
                    ("reg_proxy", route),
                    ("reg_route", route),
                    ("reg_identity", f'"{account.display_name}" <{account.aor}>'),
                    ("reg_expires", str(timers.registration_expiry)),
                    ("reg_sendregister", "1"),
                    ("publish", "0"),
                    ("dial_escape_plus", "0"),
                ],
            )
        )
        sections.append(
            (
                f"auth_info_{index}",
                [
                    ("username", account.extension),
                    ("userid", account.extension),
                    ("passwd", account.password),
                    ("domain", account.domain),
                ],
            )
        )
    # Linphone keeps accounts a document does not mention: an account whose server and
    # identity are empty no longer loads, so the unused second one is cleared explicitly.
    for index in range(len(accounts), LINPHONE_CLEARED_ACCOUNTS):
        sections.append((f"proxy_{index}", [("reg_proxy", ""), ("reg_identity", "")]))
        sections.append((f"auth_info_{index}", [("username", ""), ("passwd", "")]))
    body = []
    for name, entries in sections:
        body.append(f'  <section name="{name}">')
        body += [
            f'    <entry name="{key}" overwrite="true">{escape(value)}</entry>'
            for key, value in entries
        ]
        body.append("  </section>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<config xmlns="{_LPCONFIG}">\n' + "\n".join(body) + "\n</config>\n"
    )


# -- Yealink ------------------------------------------------------------------------------

YEALINK_TRANSPORT = {"udp": 0, "tcp": 1, "tls": 2}
YEALINK_DNS_NAPTR = 3  # NAPTR, then SRV, then A; needs port 0
# Accounts a phone may already have beyond ours are switched off up to this one.
YEALINK_CLEARED_ACCOUNTS = 2


def _yealink_server(prefix: str, server: Server | None, timers: PhoneTimers) -> list[str]:
    if server is None:  # cleared: the phone keeps any key it is not sent
        return [f"{prefix}.address = ", f"{prefix}.port = 5060"]
    srv = server.port is None
    return [
        f"{prefix}.address = {server.host}",
        f"{prefix}.port = {0 if srv else server.port}",
        f"{prefix}.transport_type = "
        f"{YEALINK_DNS_NAPTR if srv else YEALINK_TRANSPORT[server.transport]}",
        f"{prefix}.expires = {timers.registration_expiry}",
        # Give up on a silent server after one retry instead of three.
        f"{prefix}.retry_counts = 1",
        f"{prefix}.invite_retry_counts = 1",
        # After a failover, stay on the working server until the next registration.
        f"{prefix}.failback_mode = 2",
        f"{prefix}.register_on_enable = 1",
    ]


def yealink_cfg(accounts: list[Account], timers: PhoneTimers) -> str:
    """A Yealink `<MAC>.cfg` (it holds the passwords); keys from Yealink's admin guide."""
    lines = ["#!version:1.0.0.1", "## Written by pbxctl phones (pbx-failover)."]
    for number, account in enumerate(accounts, 1):
        prefix = f"account.{number}"
        servers: list[Server | None] = [*account.servers, None][:2]
        lines += [
            "",
            f"{prefix}.enable = 1",
            f"{prefix}.label = {account.display_name}",
            f"{prefix}.display_name = {account.display_name}",
            f"{prefix}.auth_name = {account.extension}",
            f"{prefix}.user_name = {account.extension}",
            f"{prefix}.password = {account.password}",
            # Both servers registered at once: the second takes calls without a delay.
            f"{prefix}.fallback.redundancy_type = 0",
        ]
        if account.server.port is None:
            # No NAPTR records: build the SRV query for every transport, not only UDP.
            lines.append(f"{prefix}.naptr_build = {0 if account.server.transport == 'udp' else 1}")
        for index, server in enumerate(servers, 1):
            lines += _yealink_server(f"{prefix}.sip_server.{index}", server, timers)
    for number in range(len(accounts) + 1, YEALINK_CLEARED_ACCOUNTS + 1):
        lines += ["", f"account.{number}.enable = 0"]
    return "\n".join(lines) + "\n"
