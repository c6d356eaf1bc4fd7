"""The typed config file: one TOML document describes every failover pair.

Both the CDK app (`stacks/`) and `pbxctl` read it through `load_config`, which turns every
mistake into one `ConfigError` sentence naming the file, the key and what is expected.
Whether a valid config fits the providers' limits is a separate question, answered by
`infra.deployable` for synth and `pbxctl validate` only: an incident command must never
refuse to run because a firewall grew past a quota.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import re
import reprlib
import stat
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
    Strict,
    ValidationError,
    field_validator,
    model_validator,
)

from infra.errors import ConfigError, printable
from infra.naming import AGENT_PATH_PREFIX, Node, StackRole, stack_name

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

# A config file is a few kilobytes; anything this large is the wrong file.
CONFIG_SIZE_LIMIT = 1024 * 1024
# The model nests five levels deep (site, carrier, signalling, ...); deeper data is a mistake
# or an attack on the parser, refused before it reaches one.
NESTING_LIMIT = 16
# DNS (RFC 1035): a name of at most 253 characters in text form, labels of at most 63.
DNS_NAME_LIMIT = 253
# Route 53 takes a health check's ResourcePath of at most 255 characters.
HEALTH_PATH_LIMIT = 255
# The SRV records generated under the failover name (RFC 3263).
SRV_SERVICES = ("_sip._udp", "_sip._tcp", "_sips._tcp")
SSH_PORT = 22
# RTP below this would open well-known service ports to every media source.
RTP_LOWEST_PORT = 1024

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
# A top-level domain: letters, or an internationalized one in punycode (RFC 5890 A-label).
_TLD = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59}[a-z0-9])$")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
    r"([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
# S3 general purpose bucket names, and the names S3 reserves among them.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_BUCKET_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BUCKET_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# S3's "safe" key characters (others need URL encoding and break tools), in segments.
_KEY_SEGMENT = re.compile(r"^[A-Za-z0-9!_.*'()-]+$")
# What systemd passes through literally on the health agent's command line.
_UNIT_ARGUMENT = re.compile(r"^[A-Za-z0-9._:/\[\]-]+$")
_SSH_KEY = re.compile(
    r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com)"
    r" [A-Za-z0-9+/]+={0,3}( [^\n]*)?$"
)
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
# Where a secret's value comes from: an environment variable, or an SSM parameter (SecureString
# or String) in the site's primary region. SSM names: letters, digits and _ . - / only.
SECRET_REF = re.compile(r"^(env:[A-Z_][A-Z0-9_]*|ssm:(/[A-Za-z0-9_.-]+)+)$")
_MAC = re.compile(r"^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$")
# ImportKeyPair takes RSA and ED25519 keys only.
AWS_SSH_KEY_TYPES = ("ssh-rsa", "ssh-ed25519")
# Control characters, and the bidirectional overrides that make text display other than it is.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Terraform reads these in any string of the synthesized JSON as the start of an expression.
_TERRAFORM_MARKERS = ("${", "%{")

_SHOW = reprlib.Repr()
_SHOW.maxstring = 60
_SHOW.maxother = 60
_SHOW.maxlist = _SHOW.maxtuple = _SHOW.maxdict = 4
_SHOW.maxlevel = 2


def shown(value: Any) -> str:
    """A value as an error message echoes it: repr, shortened, control characters escaped."""
    return printable(_SHOW.repr(value))


class KeyedProblem(ValueError):
    """A validator's complaint about a key below the model it checks (`sip.tls_port`).

    `load_config` joins `key` to where pydantic was, so the sentence names the exact key.
    """

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _network(value: Any) -> IpNetwork:
    if not isinstance(value, str):
        raise ValueError("expected a network in CIDR notation as a string, e.g. '198.51.100.0/24'")
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError as err:
        raise ValueError(
            f"{shown(value)} is not a network in CIDR notation ({printable(str(err)[:80])}); "
            "write e.g. '198.51.100.0/24'"
        ) from None


def _pattern(regex: str, what: str) -> AfterValidator:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(f"{shown(value)} is not {what}")
        return value

    return AfterValidator(check)


def domain_problem(name: str) -> str | None:
    """Why `name` (lower case, no trailing dot) is not a domain name, or None."""
    if not name.isascii():
        return "is not ASCII; write internationalized names in punycode ('xn--...')"
    if len(name) > DNS_NAME_LIMIT:
        return f"is {len(name)} characters long, over DNS's {DNS_NAME_LIMIT}"
    labels = name.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return (
            "is not a domain name like 'example.com' (labels of 1-63 letters, digits or "
            "'-', separated by dots)"
        )
    if not _TLD.fullmatch(labels[-1]):
        return f"ends in {shown(labels[-1])}, which is not a top-level domain"
    return None


def host_problem(host: str) -> str | None:
    """Why `host` is neither an IP address nor a DNS host name, or None."""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    name = host.lower().removesuffix(".")
    if not name:
        return "names no host"
    if not name.isascii():
        return "is not ASCII; write internationalized names in punycode ('xn--...')"
    labels = name.split(".")
    if len(name) > DNS_NAME_LIMIT or not all(_LABEL.fullmatch(label) for label in labels):
        return "is neither an IP address nor a host name (labels of 1-63 letters, digits or '-')"
    if labels[-1].isdigit():
        return "is not a valid IP address"
    return None


def split_name_server(spec: str) -> tuple[str, int]:
    """'ns1.example.net', '192.0.2.53', '127.0.0.1:5353' or '[2001:db8::53]:53' -> (host, port).

    Raises ValueError with the reason; the callers name the key or variable.
    """
    text = spec.strip()
    host, port_text = text, ""
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise ValueError(f"{shown(spec)} is not host, host:port or [IPv6]:port")
        port_text = rest.removeprefix(":")
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(f"{shown(spec)} has no IPv6 address inside [ ]") from None
        if not port_text and rest:
            raise ValueError(f"{shown(spec)} has an empty port; write [IPv6]:port")
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        if not port_text:
            raise ValueError(f"{shown(spec)} has an empty port; write host or host:port")
    port = 53
    if port_text:
        if not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
            raise ValueError(f"{shown(spec)} has a bad port; write host or host:port (1-65535)")
        port = int(port_text)
    problem = host_problem(host)
    if problem:
        raise ValueError(f"{shown(spec)}: the host {problem}; write host or host:port")
    return host, port


def _name_server(value: str) -> str:
    split_name_server(value)
    return value


def _unit_safe(value: str) -> str:
    if not _UNIT_ARGUMENT.fullmatch(value):
        # systemd would expand '%' and '$' and split on spaces in the agent's command line.
        raise ValueError(f"{shown(value)} may only use letters, digits and . _ : / [ ] -")
    return value


Network = Annotated[IpNetwork, BeforeValidator(_network)]
# Strict: TOML hands `true` to a port as a bool, and pydantic would read it as 1.
Port = Annotated[int, Field(ge=1, le=65535)]
Label = Annotated[str, _pattern(_LABEL.pattern, "a DNS label (lower-case letters, digits, '-')")]
SiteName = Annotated[
    str,
    _pattern(
        r"^[a-z][a-z0-9-]{0,22}[a-z0-9]$",
        "a site name (2-24 lower-case letters, digits or '-', starting with a letter)",
    ),
]
AWS_REGION_PATTERN = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$")
AwsRegion = Annotated[
    str, _pattern(AWS_REGION_PATTERN.pattern, "an AWS region like 'eu-central-1'")
]


class _Model(BaseModel):
    # Strict: TOML has real booleans, integers and strings, so `port = true`, `tls = 1` or
    # `ttl = "30"` is a mistake to name, not a value to coerce.
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, str_strip_whitespace=True, strict=True
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
        zone = value.lower().removesuffix(".")
        problem = domain_problem(zone)
        if problem:
            raise ValueError(f"{shown(value)} {problem}")
        return zone

    @model_validator(mode="after")
    def _names_in_zone(self) -> DnsConfig:
        for key in ("failover_name", "primary_name", "backup_name"):
            relative_name(getattr(self, key), self.zone, key=key)
        return self


def relative_name(name: str, zone: str, *, key: str) -> str:
    """The part of `name` under `zone` ('voip', or 'voip.example.com' -> 'voip')."""
    bare = name.lower().removesuffix(".")
    if bare == zone or bare.endswith("." + zone):
        relative = bare[: -len(zone)].removesuffix(".")
    elif "." in bare:
        raise KeyedProblem(
            key, f"{shown(name)} is outside the zone {zone!r}; use a name under it or a bare label"
        )
    else:
        relative = bare
    if not relative or not all(_LABEL.fullmatch(part) for part in relative.split(".")):
        raise KeyedProblem(
            key, f"{shown(name)} is not a record name under {zone!r}; use a label like 'voip'"
        )
    return relative


class StateConfig(_Model):
    backend: Literal["local", "s3"] = "local"
    bucket: str | None = None
    key_prefix: str = "pbx-failover"
    region: AwsRegion | None = None
    use_lockfile: bool = True

    @field_validator("bucket")
    @classmethod
    def _bucket(cls, value: str | None) -> str | None:
        if value is None:
            return None
        name = shown(value)
        if not _BUCKET.fullmatch(value) or ".." in value:
            raise ValueError(
                f"{name} is not an S3 bucket name (3-63 lower-case letters, digits, '.' or '-', "
                "starting and ending with a letter or digit)"
            )
        try:
            ipaddress.IPv4Address(value)
            raise ValueError(f"{name} looks like an IP address, which S3 refuses as a bucket name")
        except ipaddress.AddressValueError:
            pass
        if value.startswith(_BUCKET_RESERVED_PREFIXES) or value.endswith(_BUCKET_RESERVED_SUFFIXES):
            raise ValueError(f"{name} uses a prefix or suffix that S3 reserves; choose another")
        return value

    @field_validator("key_prefix")
    @classmethod
    def _key_prefix(cls, value: str) -> str:
        segments = value.split("/")
        if not all(_KEY_SEGMENT.fullmatch(part) and part not in (".", "..") for part in segments):
            raise ValueError(
                f"{shown(value)} is not an S3 key prefix like 'pbx-failover/prod' (segments of "
                "letters, digits and ! _ . * ' ( ) -, separated by single '/', none at the ends)"
            )
        # The state key is <key_prefix>/<stack>.tfstate; S3 keys hold at most 1024 bytes.
        longest = f"{value}/{stack_name('x' * 24, StackRole.PRIMARY)}.tfstate"
        if len(longest) > 1024:
            raise ValueError(f"is {len(value)} characters long; S3 keys hold at most 1024")
        return value

    @model_validator(mode="after")
    def _s3_needs_bucket(self) -> StateConfig:
        if self.backend == "s3" and (self.bucket is None or self.region is None):
            raise ValueError("the s3 backend needs both 'bucket' and 'region'")
        if self.backend == "local" and self.bucket is not None:
            raise ValueError("'bucket' is only used with backend = 's3'")
        return self


class CliConfig(_Model):
    audit_log: Annotated[Path | None, Strict(False)] = Field(
        None, description="append-only audit log; default under the user's state directory"
    )
    name_servers: list[Annotated[str, AfterValidator(_name_server)]] = Field(
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
    # EC2 image names are 3-128 characters; the filter may use '*' and '?'.
    ami_name: Annotated[str, Field(min_length=3, max_length=128)] = (
        "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"
    )
    access: Literal["ssm", "ssh"] = "ssm"
    ssh_public_key: str | None = None
    ssh_user: Label = Field("ubuntu", description="the user `pbxctl sync` logs in as (sudo)")
    use_default_vpc: bool = False
    vpc_cidr: Network = ipaddress.IPv4Network("10.40.0.0/16")
    root_volume_gb: int = Field(20, ge=8, le=1000)

    @field_validator("ssh_public_key")
    @classmethod
    def _ssh_key(cls, value: str | None) -> str | None:
        _check_ssh_key(value)
        if value is not None and value.split()[0] not in AWS_SSH_KEY_TYPES:
            raise ValueError(
                f"is a {value.split()[0]} key, but EC2 imports only RSA and ED25519 keys; use "
                "one of those (or access = 'ssm')"
            )
        return value

    @field_validator("vpc_cidr")
    @classmethod
    def _vpc_v4(cls, value: IpNetwork) -> IpNetwork:
        if not isinstance(value, ipaddress.IPv4Network) or not 16 <= value.prefixlen <= 24:
            raise ValueError(f"{value} must be an IPv4 network from /16 to /24, e.g. 10.40.0.0/16")
        if value.is_multicast or value.is_loopback or value.is_link_local or value.is_reserved:
            raise ValueError(
                f"{value} is a multicast, loopback, link-local or reserved range, which AWS "
                "refuses for a VPC; use a private range like 10.40.0.0/16"
            )
        return value

    @model_validator(mode="after")
    def _ssh_needs_key(self) -> PrimaryConfig:
        if self.access == "ssh" and self.ssh_public_key is None:
            raise ValueError("access = 'ssh' needs 'ssh_public_key' (or use access = 'ssm')")
        return self


def _check_ssh_key(value: str | None) -> str | None:
    if value is not None and not _SSH_KEY.fullmatch(value):
        raise ValueError("expected an OpenSSH public key line like 'ssh-ed25519 AAAA... comment'")
    if value is not None:
        problem = _ssh_key_problem(*value.split()[:2])
        if problem:
            raise ValueError(f"{problem}; paste the whole line of the .pub file")
    return value


def _ssh_key_problem(kind: str, blob: str) -> str | None:
    """What a provider would find wrong in the key itself (RFC 4253 public key blob)."""
    try:
        data = base64.b64decode(blob, validate=True)
    except binascii.Error:
        return "the key is not valid base64"
    length = int.from_bytes(data[:4], "big")
    if len(data) < 4 + length or data[4 : 4 + length] != kind.encode():
        return f"the key's data is not that of a {kind} key"
    rest = data[4 + length :]
    if kind == "ssh-ed25519" and (int.from_bytes(rest[:4], "big") != 32 or len(rest) != 36):
        return "the key's data is not a 32-byte ED25519 key"
    return None


def ssh_key_material(line: str) -> str:
    """The type and key of an OpenSSH public key line, without its comment."""
    return " ".join(line.split()[:2])


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
    path: Annotated[
        str,
        _pattern(r"^/[A-Za-z0-9._~/-]*$", "an URL path like '/health'"),
        Field(max_length=HEALTH_PATH_LIMIT),
    ] = "/health"
    interval: Literal[10, 30] = 10
    failure_threshold: int = Field(3, ge=1, le=10)
    regions: list[Literal[ROUTE53_CHECKER_REGIONS]] = Field(  # type: ignore[valid-type]
        default_factory=list, description="Route 53 checker regions; none (all) or at least 3"
    )

    @field_validator("path")
    @classmethod
    def _not_the_agents_own(cls, value: str) -> str:
        if value.startswith(AGENT_PATH_PREFIX) or value + "/" == AGENT_PATH_PREFIX:
            raise ValueError(
                f"{shown(value)} is under {AGENT_PATH_PREFIX}, which the health agent keeps "
                "for itself; use a path like '/health'"
            )
        return value

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
    registration_interval: int | None = Field(
        None,
        ge=30,
        le=3600,
        description="the registration expiry `pbxctl phones` writes (seconds); default: "
        "health detection time + TTL, at least 60",
    )


Layout = Literal["two-accounts", "backup-server", "srv"]
PhoneKind = Literal["baresip", "linphone", "yealink"]
Transport = Literal["udp", "tcp", "tls"]
DESK_PHONES: tuple[PhoneKind, ...] = ("yealink",)


class PhonesConfig(_Model):
    """How the site's phones reach the PBX pair (`pbxctl phones`, docs/phones.md)."""

    layout: Layout = "two-accounts"
    transport: Transport = "tcp"
    context: Annotated[
        str, _pattern(r"^[A-Za-z0-9_-]{1,79}$", "a dialplan context name like 'from-agents'")
    ] = "from-agents"


class Agent(_Model):
    extension: Annotated[str, _pattern(r"^[0-9]{2,8}$", "an extension of 2 to 8 digits like '101'")]
    display_name: Annotated[
        str,
        Field(min_length=1, max_length=40),
        _pattern(
            r'^[^"<>;\\\x00-\x1f]+$',
            "a name without quotes, angle brackets, semicolons or backslashes",
        ),
    ]
    phone: PhoneKind
    mac: str | None = Field(
        None, description="desk phones: the MAC its provisioning file is named by"
    )
    layout: Layout | None = Field(None, description="overrides [site.phones] layout")
    password: (
        Annotated[
            str, _pattern(SECRET_REF.pattern, "a secret source like 'env:NAME' or 'ssm:/path'")
        ]
        | None
    ) = Field(None, description="where the password comes from; default env:AGENT_<ext>_PASSWORD")

    @field_validator("mac")
    @classmethod
    def _mac(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _MAC.fullmatch(value.lower()):
            raise ValueError(f"{shown(value)} is not a MAC address like '80:5e:c0:12:34:56'")
        return value.lower().replace(":", "").replace("-", "")

    @model_validator(mode="after")
    def _mac_only_on_desk_phones(self) -> Agent:
        if self.mac is not None and self.phone not in DESK_PHONES:
            raise KeyedProblem(
                "mac",
                f"agent {self.extension}: a MAC is only used for desk phones "
                f"({', '.join(DESK_PHONES)}); remove it or change phone",
            )
        return self

    @property
    def password_variable(self) -> str:
        """The variable the agents' include file uses for this password."""
        return f"AGENT_{self.extension}_PASSWORD"

    @property
    def password_source(self) -> str:
        return self.password or f"env:{self.password_variable}"


class FirewallConfig(_Model):
    rtp_from_anywhere: bool = False
    allow_world_sip: bool = False
    allow_world_ssh: bool = False
    allow_world_health: bool = False
    aws_rule_quota: int = Field(
        60, ge=10, le=1000, description="inbound rules per security group (AWS quota)"
    )


class NodeConfig(_Model):
    asterisk_config_dir: Annotated[Path | None, Strict(False)] = Field(
        None, description="folder of Asterisk config copied verbatim to both nodes"
    )
    drain_file: Annotated[
        str, _pattern(r"^/[^\s]*$", "an absolute path"), AfterValidator(_unit_safe)
    ] = "/etc/pbx-failover/drain"
    sip_probe_host: Annotated[str, AfterValidator(_unit_safe)] = "127.0.0.1"
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

    @field_validator("sip_probe_host")
    @classmethod
    def _probe_host(cls, value: str) -> str:
        problem = host_problem(value)
        if problem:
            raise ValueError(f"{shown(value)} {problem}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{shown(value)} is not an IANA time zone like 'Europe/Berlin'"
            ) from None
        return value


class SiteConfig(_Model):
    name: SiteName
    ipv6: bool = False
    primary: PrimaryConfig
    backup: BackupConfig
    carriers: Annotated[list[Carrier], Field(alias="carrier", min_length=1)]
    operator_networks: list[Network] = Field(default_factory=list)
    rtp_ports: Annotated[tuple[Port, Port], Strict(False)] = (10000, 20000)
    health: HealthConfig = HealthConfig()
    sip: SipConfig = SipConfig()
    firewall: FirewallConfig = FirewallConfig()
    node: NodeConfig = NodeConfig()
    phones: PhonesConfig = PhonesConfig()
    agents: list[Agent] = Field(default_factory=list, alias="agent")
    # Per-site overrides of the [dns] names, so several sites can share one zone.
    failover_name: str | None = None
    primary_name: str | None = None
    backup_name: str | None = None

    @field_validator("rtp_ports")
    @classmethod
    def _rtp_range(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] > value[1]:
            raise ValueError(f"the range {value[0]}-{value[1]} is reversed; write [low, high]")
        if value[0] < RTP_LOWEST_PORT:
            raise ValueError(
                f"the range {value[0]}-{value[1]} starts below {RTP_LOWEST_PORT}, which would "
                "open well-known ports to every media source; use e.g. [10000, 20000]"
            )
        return value

    @model_validator(mode="after")
    def _ports_distinct(self) -> SiteConfig:
        """No two services on one port: the firewall would open one to the other's sources."""
        low, high = self.rtp_ports
        tcp = {"sip.tcp_port": self.sip.tcp_port}
        if self.sip.tls:
            tcp["sip.tls_port"] = self.sip.tls_port
        tcp["health.port"] = self.health.port
        for key, port in {"sip.udp_port": self.sip.udp_port, **tcp}.items():
            if port == SSH_PORT:
                raise KeyedProblem(
                    key,
                    f"{port} is the SSH port, which the firewall opens to the admin networks "
                    "only; choose another port",
                )
            if low <= port <= high:
                raise KeyedProblem(key, f"{port} lies inside rtp_ports {low}-{high}")
        seen: dict[int, str] = {}
        for key, port in tcp.items():
            if port in seen:
                raise KeyedProblem(
                    key,
                    f"{port} is also {seen[port]}: two TCP services cannot share a port (the "
                    "firewall rules and SRV records would collide); choose another",
                )
            seen[port] = key
        return self

    @model_validator(mode="after")
    def _ipv6_needs_own_vpc(self) -> SiteConfig:
        if self.ipv6 and self.primary.use_default_vpc:
            raise KeyedProblem(
                "ipv6",
                "the default VPC's subnets have no IPv6, so the primary would get no IPv6 "
                "address; set primary.use_default_vpc = false (its own VPC gets IPv6) or "
                "ipv6 = false",
            )
        return self

    @model_validator(mode="after")
    def _agents(self) -> SiteConfig:
        extensions: set[str] = set()
        macs: dict[str, str] = {}
        for index, agent in enumerate(self.agents):
            if agent.extension in extensions:
                raise KeyedProblem(
                    f"agent[{index}].extension",
                    f"extension {agent.extension!r} is used by two agents; give each its own",
                )
            extensions.add(agent.extension)
            if agent.mac is not None:
                if agent.mac in macs:
                    raise KeyedProblem(
                        f"agent[{index}].mac",
                        f"agents {macs[agent.mac]} and {agent.extension} have the same mac "
                        f"{agent.mac!r}; each desk phone has its own",
                    )
                macs[agent.mac] = agent.extension
        if self.phones.transport == "tls" and not self.sip.tls:
            raise KeyedProblem("phones.transport", "'tls' needs sip.tls = true")
        return self

    def agent_layout(self, agent: Agent) -> Layout:
        return agent.layout or self.phones.layout


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
            # RFC 5321: a path of at most 256 octets, so an address of at most 254.
            if len(address) > 254 or not _EMAIL.fullmatch(address):
                raise ValueError(
                    f"{shown(address)} is not an e-mail address like 'oncall@example.com'"
                )
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> Config:
        names = [site.name for site in self.sites]
        for index, name in enumerate(names):
            if name in names[:index]:
                raise KeyedProblem(
                    f"site[{index}].name",
                    f"site name {name!r} is used twice; site names must be unique",
                )
        seen: dict[str, str] = {}
        for index, site in enumerate(self.sites):
            for key in ("failover_name", "primary_name", "backup_name"):
                record = self.record_name(site, key)
                if record in seen:
                    raise KeyedProblem(
                        self.record_key(site, key),
                        f"site {site.name!r} would reuse the record name {record!r} of "
                        f"{seen[record]}; set a distinct {key} under [[site]] {site.name!r}",
                    )
                seen[record] = f"site {site.name!r} ({key})"
            self._check_name_lengths(index, site)
        return self

    def _check_name_lengths(self, index: int, site: SiteConfig) -> None:
        """Every DNS name the stacks generate for a site fits DNS's 253 characters."""
        services = SRV_SERVICES if site.sip.tls else SRV_SERVICES[:2]
        failover = self.record_name(site, "failover_name")
        generated = [("failover_name", f"{service}.{failover}") for service in services]
        generated += [(key, self.record_name(site, key)) for key in ("primary_name", "backup_name")]
        key, relative = max(generated, key=lambda item: len(item[1]))
        name = self.fqdn(relative)
        if len(name) > DNS_NAME_LIMIT:
            # Blame whichever part is longer: that is the one to shorten.
            blamed = "dns.zone" if len(self.dns.zone) >= len(relative) else None
            raise KeyedProblem(
                blamed or self.record_key(site, key),
                f"the generated name {shown(name)} would be {len(name)} characters long, over "
                f"DNS's {DNS_NAME_LIMIT}; shorten the zone or site[{index}]'s {key}",
            )

    def site_key(self, site: SiteConfig) -> str:
        """Where a site's keys live, as errors name them: 'site[0]'."""
        return f"site[{self.sites.index(site)}]"

    def record_key(self, site: SiteConfig, key: str) -> str:
        """The config key a record name comes from: the site's own, else [dns]'s."""
        return f"{self.site_key(site)}.{key}" if getattr(site, key) else f"dns.{key}"

    def record_name(self, site: SiteConfig, key: str) -> str:
        """Record name relative to the zone, per-site override first."""
        name = getattr(site, key) or getattr(self.dns, key)
        return relative_name(name, self.dns.zone, key=self.record_key(site, key))

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
            parts.append(("." if parts else "") + _shown_key(item))
    return "".join(parts)


def _shown_key(key: str) -> str:
    """A key as the user wrote it, shortened and made safe for a terminal."""
    return printable(key if len(key) <= 40 else key[:37] + "...")


def _joined(key: str, below: str) -> str:
    if not key:
        return below
    return key + below if below.startswith("[") else f"{key}.{below}"


def _sentence(path: Path, err: ValidationError) -> str:
    first = err.errors(include_url=False)[0]
    key = _key_path(tuple(first["loc"]))
    kind = first["type"]
    message = str(first["msg"]).removeprefix("Value error, ").replace("Input should be", "must be")
    problem = first.get("ctx", {}).get("error")
    if isinstance(problem, KeyedProblem):
        key, message = _joined(key, problem.key), problem.message
    elif kind == "extra_forbidden":
        message = "is not a known key; check its spelling against examples/callcenter.toml"
    elif kind == "missing":
        message = "is required but missing"
    elif kind.endswith(("_type", "_parsing")) or kind.startswith(
        ("literal_error", "greater_than", "less_than", "string_too", "too_", "is_instance")
    ):
        message = f"{message} (got {shown(first.get('input'))})"
    more = len(err.errors()) - 1
    suffix = f" ({more} more problem{'s' if more > 1 else ''} after this one)" if more else ""
    where = f"{key}: " if key else ""
    return f"{path}: {where}{message}{suffix}"


def parse_config(data: dict[str, Any], source: Path) -> Config:
    _check_values(data, source)
    try:
        return Config.model_validate({**data, "source": source})
    except ValidationError as err:
        raise ConfigError(_sentence(source, err)) from None


def _check_values(data: dict[str, Any], source: Path) -> None:
    """Refuse what no key may hold, before the model sees it: deep nesting, control
    characters (they reach terminals and provider APIs) and Terraform expressions (any
    string may end up in the synthesized JSON, where Terraform would evaluate `${...}`).
    """
    pending = [(_shown_key(key), value, 1) for key, value in data.items()]
    while pending:
        key, value, depth = pending.pop()
        if depth > NESTING_LIMIT:
            raise ConfigError(
                f"{source}: {key}: nests tables or arrays more than {NESTING_LIMIT} levels "
                "deep, which no key of the config does; fix the file"
            )
        if isinstance(value, dict):
            pending += [(f"{key}.{_shown_key(k)}", v, depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [(f"{key}[{i}]", v, depth + 1) for i, v in enumerate(value)]
        elif isinstance(value, str):
            control = _CONTROL.search(value)
            if control:
                raise ConfigError(
                    f"{source}: {key}: {shown(value)} holds the control character "
                    f"{shown(control.group())}; remove it (it would reach terminals and APIs)"
                )
            for marker in _TERRAFORM_MARKERS:
                if marker in value:
                    raise ConfigError(
                        f"{source}: {key}: {shown(value)} holds {marker!r}, which Terraform "
                        "would read as the start of an expression; remove it"
                    )


def load_config(path: Path) -> Config:
    """Read and validate a config file; every problem is one ConfigError sentence."""
    raw = _read_config_file(path)
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {printable(str(err)[:200])}") from None
    except RecursionError:
        raise ConfigError(
            f"{path}: nests arrays or tables too deeply to read (the config needs at most "
            f"{NESTING_LIMIT} levels); fix the file"
        ) from None
    if "source" in data:
        raise ConfigError(f"{path}: source: is not a known key")
    return parse_config(data, path)


def _read_config_file(path: Path) -> bytes:
    """The file's bytes: a regular file of bounded size, never a FIFO or a device.

    Opened without blocking (a FIFO would wait for a writer forever) and checked on the
    open descriptor, so what is read is what was checked.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise ConfigError(
            f"config file {path} does not exist; pass --config or set {CONFIG_ENV}"
        ) from None
    except OSError as err:
        raise ConfigError(f"cannot read config file {path}: {err.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ConfigError(f"{path}: is a folder, not a config file; name the .toml file")
        if not stat.S_ISREG(mode):
            raise ConfigError(
                f"{path}: is not a regular file (a pipe, socket or device); save the config "
                "as a file and pass that"
            )
        with os.fdopen(os.dup(fd), "rb") as file:
            raw = file.read(CONFIG_SIZE_LIMIT + 1)
    except OSError as err:
        raise ConfigError(f"cannot read config file {path}: {err.strerror}") from None
    finally:
        os.close(fd)
    if len(raw) > CONFIG_SIZE_LIMIT:
        raise ConfigError(
            f"{path}: is larger than {CONFIG_SIZE_LIMIT // 1024} KiB, far more than any "
            "config needs; check that this is the right file"
        )
    return raw
