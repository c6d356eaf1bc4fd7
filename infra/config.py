"""The typed config file: one TOML document describes every failover pair.

Both the CDK app (`stacks/`) and `pbxctl` read it through `load_config`, which turns every
mistake into one `ConfigError` sentence naming the file, the key and what is expected.
Whether a valid config fits the providers' limits is a separate question, answered by
`infra.deployable` for synth and `pbxctl validate` only: an incident command must never
refuse to run because a firewall grew past a quota.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from infra.errors import ConfigError
from infra.naming import Node

DEFAULT_CONFIG_FILE = "pbx-failover.toml"
CONFIG_ENV = "PBX_FAILOVER_CONFIG"

# Route 53 health checkers run only in these regions (Route 53 API, HealthCheckRegion).
ROUTE53_CHECKER_REGIONS = (
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
)

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_DOMAIN = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,63}$")
_SSH_KEY = re.compile(
    r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com)"
    r" [A-Za-z0-9+/]+={0,3}( [^\n]*)?$"
)
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
# Where a secret's value comes from: an environment variable, or an SSM parameter (SecureString
# or String) in the site's primary region. SSM names: letters, digits and _ . - / only.
SECRET_REF = re.compile(r"^(env:[A-Z_][A-Z0-9_]*|ssm:(/[A-Za-z0-9_.-]+)+)$")


def _network(value: Any) -> IpNetwork:
    if not isinstance(value, str):
        raise ValueError("expected a network in CIDR notation as a string, e.g. '198.51.100.0/24'")
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError as err:
        raise ValueError(
            f"{value!r} is not a network in CIDR notation ({err}); write e.g. '198.51.100.0/24'"
        ) from None


def _pattern(regex: str, what: str) -> AfterValidator:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(f"{value!r} is not {what}")
        return value

    return AfterValidator(check)


Network = Annotated[IpNetwork, BeforeValidator(_network)]
Port = Annotated[int, Field(ge=1, le=65535)]
Label = Annotated[str, _pattern(_LABEL.pattern, "a DNS label (lower-case letters, digits, '-')")]
SiteName = Annotated[
    str,
    _pattern(
        r"^[a-z][a-z0-9-]{0,22}[a-z0-9]$",
        "a site name (2-24 lower-case letters, digits or '-', starting with a letter)",
    ),
]
AwsRegion = Annotated[
    str,
    _pattern(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$", "an AWS region like 'eu-central-1'"),
]


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, str_strip_whitespace=True
    )


class DnsConfig(_Model):
    zone: str = Field(description="the DNS zone, e.g. 'example.com'")
    create_zone: bool = Field(True, description="create the hosted zone; false looks it up")
    failover_name: str = "voip"
    primary_name: str = "pbx1"
    backup_name: str = "pbx2"
    ttl: int = Field(30, ge=5, le=300)

    @field_validator("zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        zone = value.lower().rstrip(".")
        if not _DOMAIN.fullmatch(zone):
            raise ValueError(f"{value!r} is not a domain name like 'example.com'")
        return zone

    @model_validator(mode="after")
    def _names_in_zone(self) -> DnsConfig:
        for key in ("failover_name", "primary_name", "backup_name"):
            relative_name(getattr(self, key), self.zone, key=f"dns.{key}")
        return self


def relative_name(name: str, zone: str, *, key: str) -> str:
    """The part of `name` under `zone` ('voip', or 'voip.example.com' -> 'voip')."""
    bare = name.lower().rstrip(".")
    if bare == zone or bare.endswith("." + zone):
        relative = bare[: -len(zone)].rstrip(".")
    elif "." in bare:
        raise ConfigError(
            f"{key}: {name!r} is outside the zone {zone!r}; use a name under it or a bare label"
        )
    else:
        relative = bare
    if not relative or not all(_LABEL.fullmatch(part) for part in relative.split(".")):
        raise ConfigError(
            f"{key}: {name!r} is not a record name under {zone!r}; use a label like 'voip'"
        )
    return relative


class StateConfig(_Model):
    backend: Literal["local", "s3"] = "local"
    bucket: str | None = None
    key_prefix: str = "pbx-failover"
    region: AwsRegion | None = None
    use_lockfile: bool = True

    @model_validator(mode="after")
    def _s3_needs_bucket(self) -> StateConfig:
        if self.backend == "s3" and (self.bucket is None or self.region is None):
            raise ValueError("the s3 backend needs both 'bucket' and 'region'")
        if self.backend == "local" and self.bucket is not None:
            raise ValueError("'bucket' is only used with backend = 's3'")
        return self


class CliConfig(_Model):
    audit_log: Path | None = Field(
        None, description="append-only audit log; default under the user's state directory"
    )
    name_servers: list[str] = Field(
        default_factory=list,
        description="query these (host or host:port) instead of the zone's name servers",
    )
    dns_wait_timeout: int = Field(300, ge=5, le=3600)


class PrimaryConfig(_Model):
    region: AwsRegion
    instance_type: Annotated[
        str, _pattern(r"^[a-z][a-z0-9-]*\.[a-z0-9]+$", "an EC2 instance type like 't3.small'")
    ] = "t3.small"
    ami_owner: Annotated[
        str, _pattern(r"^(\d{12}|amazon|aws-marketplace)$", "a 12-digit AWS account id")
    ] = "099720109477"
    ami_name: str = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"
    access: Literal["ssm", "ssh"] = "ssm"
    ssh_public_key: str | None = None
    ssh_user: Label = Field("ubuntu", description="the user `pbxctl sync` logs in as (sudo)")
    use_default_vpc: bool = False
    vpc_cidr: Network = ipaddress.IPv4Network("10.40.0.0/16")
    root_volume_gb: int = Field(20, ge=8, le=1000)

    @field_validator("ssh_public_key")
    @classmethod
    def _ssh_key(cls, value: str | None) -> str | None:
        return _check_ssh_key(value)

    @field_validator("vpc_cidr")
    @classmethod
    def _vpc_v4(cls, value: IpNetwork) -> IpNetwork:
        if not isinstance(value, ipaddress.IPv4Network) or not 16 <= value.prefixlen <= 24:
            raise ValueError(f"{value} must be an IPv4 network from /16 to /24, e.g. 10.40.0.0/16")
        return value

    @model_validator(mode="after")
    def _ssh_needs_key(self) -> PrimaryConfig:
        if self.access == "ssh" and self.ssh_public_key is None:
            raise ValueError("access = 'ssh' needs 'ssh_public_key' (or use access = 'ssm')")
        return self


def _check_ssh_key(value: str | None) -> str | None:
    if value is not None and not _SSH_KEY.fullmatch(value):
        raise ValueError("expected an OpenSSH public key line like 'ssh-ed25519 AAAA... comment'")
    return value


class BackupConfig(_Model):
    location: Annotated[
        str, _pattern(r"^[a-z]{3}[0-9]?$", "a Hetzner location like 'fsn1', 'nbg1', 'hel1', 'ash'")
    ] = "fsn1"
    server_type: Annotated[
        str, _pattern(r"^[a-z]{2,4}[0-9]{1,3}[a-z]?$", "a Hetzner server type like 'cx22'")
    ] = "cx22"
    image: Annotated[
        str,
        _pattern(r"^[a-z][a-z0-9]*(-[a-z0-9.]+)*$", "a Hetzner image name like 'ubuntu-24.04'"),
    ] = "ubuntu-24.04"
    backups: bool = False
    ssh_public_key: str
    ssh_user: Label = Field("root", description="the user `pbxctl sync` logs in as")

    @field_validator("ssh_public_key")
    @classmethod
    def _ssh_key(cls, value: str) -> str:
        _check_ssh_key(value)
        return value


class Carrier(_Model):
    name: Label
    signalling: Annotated[list[Network], Field(min_length=1)]
    media: list[Network] = Field(
        default_factory=list, description="media (RTP) networks; empty means the signalling ones"
    )

    @property
    def media_networks(self) -> list[IpNetwork]:
        return self.media or self.signalling


class HealthConfig(_Model):
    port: Port = 8080
    path: Annotated[str, _pattern(r"^/[A-Za-z0-9._~/-]*$", "an URL path like '/health'")] = (
        "/health"
    )
    interval: Literal[10, 30] = 10
    failure_threshold: int = Field(3, ge=1, le=10)
    regions: list[Literal[ROUTE53_CHECKER_REGIONS]] = Field(  # type: ignore[valid-type]
        default_factory=list, description="Route 53 checker regions; none (all) or at least 3"
    )

    @field_validator("regions")
    @classmethod
    def _three_or_none(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("lists a region twice")
        if 0 < len(value) < 3:
            raise ValueError(
                f"lists {len(value)} region(s); Route 53 needs at least 3, or leave it empty"
            )
        return value


class SipConfig(_Model):
    udp_port: Port = 5060
    tcp_port: Port = 5060
    tls: bool = True
    tls_port: Port = 5061
    registration_interval: int = Field(
        120, ge=30, le=3600, description="how often phones re-register (seconds), for `rto`"
    )


class FirewallConfig(_Model):
    rtp_from_anywhere: bool = False
    allow_world_ssh: bool = False
    allow_world_health: bool = False
    aws_rule_quota: int = Field(
        60, ge=10, le=1000, description="inbound rules per security group (AWS quota)"
    )


class NodeConfig(_Model):
    asterisk_config_dir: Path | None = Field(
        None, description="folder of Asterisk config copied verbatim to both nodes"
    )
    drain_file: Annotated[str, _pattern(r"^/[^\s]*$", "an absolute path")] = (
        "/etc/pbx-failover/drain"
    )
    sip_probe_host: str = "127.0.0.1"
    sip_probe_port: Port | None = None
    # Route 53 wants the whole answer within 2 s; the agent must answer before that.
    probe_timeout: float = Field(1.0, ge=0.1, le=1.5)
    secret_names: list[
        Annotated[str, _pattern(_ENV_NAME.pattern, "an environment variable name")]
    ] = Field(default_factory=list)
    secrets: dict[
        Annotated[str, _pattern(_ENV_NAME.pattern, "an environment variable name")],
        Annotated[
            str, _pattern(SECRET_REF.pattern, "a secret source like 'env:NAME' or 'ssm:/path'")
        ],
    ] = Field(
        default_factory=dict,
        description="where a template variable's value comes from; default env:<same name>",
    )
    timezone: str = "UTC"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone like 'Europe/Berlin'") from None
        return value


class SiteConfig(_Model):
    name: SiteName
    ipv6: bool = False
    primary: PrimaryConfig
    backup: BackupConfig
    carriers: Annotated[list[Carrier], Field(alias="carrier", min_length=1)]
    operator_networks: list[Network] = Field(default_factory=list)
    rtp_ports: tuple[Port, Port] = (10000, 20000)
    health: HealthConfig = HealthConfig()
    sip: SipConfig = SipConfig()
    firewall: FirewallConfig = FirewallConfig()
    node: NodeConfig = NodeConfig()
    # Per-site overrides of the [dns] names, so several sites can share one zone.
    failover_name: str | None = None
    primary_name: str | None = None
    backup_name: str | None = None

    @field_validator("rtp_ports")
    @classmethod
    def _rtp_range(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] > value[1]:
            raise ValueError(f"the range {value[0]}-{value[1]} is reversed; write [low, high]")
        return value

    @model_validator(mode="after")
    def _ports_distinct(self) -> SiteConfig:
        low, high = self.rtp_ports
        for key, port in (
            ("sip.udp_port", self.sip.udp_port),
            ("sip.tcp_port", self.sip.tcp_port),
            ("health.port", self.health.port),
        ):
            if low <= port <= high:
                raise ValueError(f"{key} {port} lies inside rtp_ports {low}-{high}")
        if self.health.port in (self.sip.tcp_port, 22) or (
            self.sip.tls and self.health.port == self.sip.tls_port
        ):
            raise ValueError(f"health.port {self.health.port} collides with SIP or SSH")
        return self


class Config(_Model):
    project: SiteName
    dns: DnsConfig
    admin_networks: Annotated[list[Network], Field(min_length=1)]
    alert_emails: list[str] = Field(default_factory=list)
    state: StateConfig = StateConfig()
    cli: CliConfig = CliConfig()
    sites: Annotated[list[SiteConfig], Field(alias="site", min_length=1)]
    source: Path = Field(Path(DEFAULT_CONFIG_FILE), exclude=True)

    @field_validator("alert_emails")
    @classmethod
    def _emails(cls, value: list[str]) -> list[str]:
        for address in value:
            if not _EMAIL.fullmatch(address):
                raise ValueError(f"{address!r} is not an e-mail address like 'oncall@example.com'")
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> Config:
        names = [site.name for site in self.sites]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"site name {name!r} is used twice; site names must be unique")
        seen: dict[str, str] = {}
        for site in self.sites:
            for key in ("failover_name", "primary_name", "backup_name"):
                record = self.record_name(site, key)
                if record in seen:
                    raise ValueError(
                        f"site {site.name!r} would reuse the record name {record!r} of site "
                        f"{seen[record]!r}; set a distinct {key} under that [[site]]"
                    )
                seen[record] = site.name
            self._check_world_open(site)
        return self

    def _check_world_open(self, site: SiteConfig) -> None:
        if not covers_world(self.admin_networks):
            return
        if not site.firewall.allow_world_ssh:
            raise ValueError(
                "admin_networks open SSH (22/tcp) to the whole internet; narrow them, or set "
                f"allow_world_ssh = true under [site.firewall] of site {site.name!r}"
            )
        if not site.firewall.allow_world_health:
            raise ValueError(
                "admin_networks open the health port to the whole internet; narrow them, or set "
                f"allow_world_health = true under [site.firewall] of site {site.name!r}"
            )

    def record_name(self, site: SiteConfig, key: str) -> str:
        """Record name relative to the zone, per-site override first."""
        name = getattr(site, key) or getattr(self.dns, key)
        return relative_name(name, self.dns.zone, key=f"site {site.name!r} {key}")

    def fqdn(self, relative: str) -> str:
        return f"{relative}.{self.dns.zone}"

    def failover_fqdn(self, site: SiteConfig) -> str:
        """The name callers use, e.g. voip.example.com."""
        return self.fqdn(self.record_name(site, "failover_name"))

    def node_fqdn(self, site: SiteConfig, node: Node) -> str:
        """A node's own name, e.g. pbx1.example.com (SRV target, hostname, rDNS)."""
        return self.fqdn(self.record_name(site, f"{node.value}_name"))

    def site(self, name: str | None) -> SiteConfig:
        """The named site, or the only one; a ConfigError names the choices otherwise."""
        if name is None:
            if len(self.sites) == 1:
                return self.sites[0]
            choices = ", ".join(site.name for site in self.sites)
            raise ConfigError(f"the config has several sites ({choices}); choose one with --site")
        for site in self.sites:
            if site.name == name:
                return site
        choices = ", ".join(site.name for site in self.sites)
        raise ConfigError(f"--site {name!r} is not in the config; choose one of: {choices}")

    def warnings(self) -> list[str]:
        """Legal but risky choices, printed at synth time."""
        found = []
        for site in self.sites:
            if site.firewall.rtp_from_anywhere:
                found.append(
                    f"site {site.name!r}: RTP ports {site.rtp_ports[0]}-{site.rtp_ports[1]}/udp "
                    "are open to the whole internet (rtp_from_anywhere = true)"
                )
            if covers_world(self.admin_networks):
                found.append(
                    f"site {site.name!r}: SSH and the health port are open to the whole internet "
                    "(allow_world_ssh / allow_world_health)"
                )
        return found


def covers_world(networks: list[IpNetwork]) -> bool:
    """True when the networks together cover all of IPv4 or all of IPv6."""
    v4 = [n for n in networks if isinstance(n, ipaddress.IPv4Network)]
    v6 = [n for n in networks if isinstance(n, ipaddress.IPv6Network)]
    whole_v4 = ipaddress.IPv4Network("0.0.0.0/0")
    whole_v6 = ipaddress.IPv6Network("::/0")
    return whole_v4 in ipaddress.collapse_addresses(v4) or whole_v6 in ipaddress.collapse_addresses(
        v6
    )


def resolve_config_path(cli_value: Path | None) -> Path:
    """`--config`, else $PBX_FAILOVER_CONFIG, else ./pbx-failover.toml."""
    if cli_value is not None:
        return cli_value
    from_env = os.environ.get(CONFIG_ENV)
    return Path(from_env) if from_env else Path(DEFAULT_CONFIG_FILE)


def _key_path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item.startswith(("function-", "literal[", "list[", "tuple[", "IPv")) or item in (
            "str",
            "int",
            "float",
            "bool",
        ):
            continue  # pydantic's names for union/validator branches mean nothing to a person
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def _sentence(path: Path, err: ValidationError) -> str:
    first = err.errors(include_url=False)[0]
    key = _key_path(tuple(first["loc"]))
    kind = first["type"]
    message = str(first["msg"]).removeprefix("Value error, ").replace("Input should be", "must be")
    if kind == "extra_forbidden":
        message = "is not a known key; check its spelling against examples/callcenter.toml"
    elif kind == "missing":
        message = "is required but missing"
    elif kind.endswith(("_type", "_parsing")) or kind.startswith(
        ("literal_error", "greater_than", "less_than")
    ):
        message = f"{message} (got {first.get('input')!r})"
    more = len(err.errors()) - 1
    suffix = f" ({more} more problem{'s' if more > 1 else ''} after this one)" if more else ""
    where = f"{key}: " if key else ""
    return f"{path}: {where}{message}{suffix}"


def parse_config(data: dict[str, Any], source: Path) -> Config:
    try:
        return Config.model_validate({**data, "source": source})
    except ValidationError as err:
        raise ConfigError(_sentence(source, err)) from None
    except ConfigError as err:
        raise ConfigError(f"{source}: {err.message}") from None


def load_config(path: Path) -> Config:
    """Read and validate a config file; every problem is one ConfigError sentence."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"config file {path} does not exist; pass --config or set {CONFIG_ENV}"
        ) from None
    except OSError as err:
        raise ConfigError(f"cannot read config file {path}: {err.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    if "source" in data:
        raise ConfigError(f"{path}: source: is not a known key")
    return parse_config(data, path)
