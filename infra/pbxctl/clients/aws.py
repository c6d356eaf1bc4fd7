"""Route 53 and EC2 through boto3: bounded adaptive retries and one-sentence errors.

boto3 reads AWS_PROFILE, the credential variables, AWS_ENDPOINT_URL and the per-service
AWS_ENDPOINT_URL_<SERVICE> itself; `AWS_ENDPOINT_URL_ROUTE53` is accepted as an alias of
botocore's `AWS_ENDPOINT_URL_ROUTE_53`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
)

from infra import __version__
from infra.errors import ApiError, ConfigError, ConflictError, PbxError
from infra.naming import (
    TAG_NODE,
    TAG_ROLE,
    TAG_SITE,
    CheckRole,
    Node,
    StackRole,
    check_name,
    ec2_filters,
    stack_name,
)
from infra.pbxctl.clients import environment
from infra.pbxctl.clients.types import ServerInfo

if TYPE_CHECKING:
    from mypy_boto3_ec2 import EC2Client
    from mypy_boto3_ec2.type_defs import InstanceTypeDef
    from mypy_boto3_route53 import Route53Client
    from mypy_boto3_route53.type_defs import HealthCheckTypeDef

P = ParamSpec("P")
T = TypeVar("T")

# Route 53 is global; its API lives in us-east-1 (aws partition).
ROUTE53_REGION = "us-east-1"
# Route 53 calls an endpoint healthy when more than 18% of its checkers say so.
HEALTHY_SHARE = 0.18
_THROTTLING = {
    "Throttling",
    "ThrottlingException",
    "PriorRequestNotComplete",
    "RequestLimitExceeded",
    "TooManyRequestsException",
}
_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "UnrecognizedClientException",
}
_NOT_SUPPORTED = {"NotImplemented", "404", "NotFound", "InvalidAction"}
_TAG_BATCH = 10  # ListTagsForResources takes at most 10 ids


@dataclass(frozen=True)
class AwsTimeouts:
    """Bounds on every AWS call: attempts x read (or connect) plus backoff, about 25 s at
    most against an endpoint that accepts and never answers. Route 53 and EC2 answer in
    well under a second; the attempts are for throttling and passing errors."""

    connect: float = 3.0
    read: float = 5.0
    max_attempts: int = 4


@dataclass(frozen=True)
class Route53Check:
    """One of a site's six Route 53 health checks, as far as pbxctl reads or changes it."""

    id: str
    node: Node
    role: CheckRole
    type: str
    version: int  # HealthCheckVersion: an update with an older one is refused
    inverted: bool
    disabled: bool
    children: tuple[str, ...]
    threshold: int | None


@dataclass(frozen=True)
class EndpointStatus:
    """What Route 53's checkers report for an endpoint check."""

    healthy: bool
    share: float  # of checkers reporting healthy, 0..1
    checkers: int
    failure: str | None  # newest failure reason, if any checker reports one

    def describe(self) -> str:
        if self.checkers == 0:
            return "no checker has reported yet"
        word = "healthy" if self.healthy else "UNHEALTHY"
        plural = "s" if self.checkers != 1 else ""
        return f"{word} ({self.share:.0%} of {self.checkers} checker{plural})"


@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    name_servers: tuple[str, ...]


@dataclass(frozen=True)
class FailoverRecord:
    node: Node
    addresses: tuple[str, ...]
    health_check_id: str | None


class Aws:
    """One boto3 session for a command; counts the retries botocore made so we can say so."""

    def __init__(self, timeouts: AwsTimeouts | None = None) -> None:
        self.timeouts = timeouts or AwsTimeouts()
        self.retries = 0
        self._lock = threading.Lock()  # status reads in parallel threads
        self._build_lock = threading.Lock()  # a boto3 session builds one client at a time
        environment.check_aws_environment()
        try:
            self._session = boto3.Session()
        except ProfileNotFound as err:
            raise ConfigError(
                f"{err}; set AWS_PROFILE to a profile in ~/.aws/config, or unset it"
            ) from None
        self._config = BotoConfig(
            retries={"mode": "adaptive", "total_max_attempts": self.timeouts.max_attempts},
            connect_timeout=self.timeouts.connect,
            read_timeout=self.timeouts.read,
            user_agent_extra=f"pbx-failover/{__version__}",
        )

    def route53(self) -> Route53Client:
        region = environment.aws_region() or ROUTE53_REGION
        endpoint = environment.endpoint("AWS_ENDPOINT_URL_ROUTE53")
        with self._building("Route 53"):
            return self._session.client(
                "route53", region_name=region, endpoint_url=endpoint, config=self._config
            )

    def ec2(self, region: str) -> EC2Client:
        with self._build_lock, self._building("EC2"):
            return self._session.client("ec2", region_name=region, config=self._config)

    @contextmanager
    def _building(self, service: str) -> Iterator[None]:
        """Building a client reads the environment and the AWS config: say what is wrong."""
        try:
            yield
        except (NoCredentialsError, PartialCredentialsError):
            raise self.error(f"setting up {service}", NoCredentialsError()) from None
        except (BotoCoreError, ValueError) as err:
            raise ConfigError(
                f"cannot set up the {service} client ({str(err)[:200]}); check AWS_PROFILE, "
                "AWS_REGION and the AWS_ENDPOINT_URL variables"
            ) from None

    def client(self, service: str, region: str) -> Any:
        """Any other service's client (SSM, EC2 Instance Connect), with the same bounds."""
        with self._build_lock, self._building(service):
            client: Any = self._session.client(  # type: ignore[call-overload]
                service, region_name=region, config=self._config
            )
            return client

    def call(self, what: str, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run one API call; `what` completes the sentence 'while <what>'."""
        response = self.call_if_supported(what, fn, *args, **kwargs)
        if response is None:
            raise ApiError(f"AWS does not offer the API used while {what}")
        return response

    def call_if_supported(
        self, what: str, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        """Like `call`, but None where the API is not implemented (moto, some partitions)."""
        try:
            response = fn(*args, **kwargs)
        except ClientError as err:
            self._count(err.response)
            if not_supported(err):
                return None
            raise self.error(what, err) from None
        except (BotoCoreError, OSError) as err:
            raise self.error(what, err) from None
        self._count(response)
        return response

    def _count(self, response: Any) -> None:
        meta = response.get("ResponseMetadata", {}) if isinstance(response, dict) else {}
        with self._lock:
            self.retries += int(meta.get("RetryAttempts", 0))

    def error(self, what: str, err: Exception) -> PbxError:
        if isinstance(err, ClientError):
            return self._rejected(what, err)
        if isinstance(err, NoCredentialsError | PartialCredentialsError):
            return ConfigError(
                "no AWS credentials found; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY"
            )
        if isinstance(
            err,
            EndpointConnectionError
            | ConnectTimeoutError
            | ReadTimeoutError
            | ConnectionClosedError
            | OSError,
        ):
            return ApiError(
                f"cannot reach AWS while {what} ({err}, {self.timeouts.max_attempts} attempts); "
                "check the network (and AWS_ENDPOINT_URL if set) and try again"
            )
        return ApiError(f"the AWS client failed while {what}: {err}")

    @staticmethod
    def _rejected(what: str, err: ClientError) -> PbxError:
        """An error answer from AWS, as one sentence that says what to do about it."""
        info: Any = err.response.get("Error", {})
        code = str(info.get("Code", "")) or "error"
        message = str(info.get("Message", "")).rstrip(".")
        meta: Any = err.response.get("ResponseMetadata", {})
        attempts = int(meta.get("RetryAttempts", 0)) + 1
        status = int(meta.get("HTTPStatusCode", 0))
        if code == "HealthCheckVersionMismatch":
            return ConflictError(
                f"someone else changed it while {what} ({message})", after_retry=attempts > 1
            )
        if code in _THROTTLING:
            advice = f"({code}, {attempts} attempts); wait a minute and run the command again"
            return ApiError(f"AWS kept throttling us while {what} {advice}")
        if code in _DENIED:
            return ApiError(
                f"AWS refused access while {what} ({code}: {message}); use credentials "
                "(AWS_PROFILE) that are allowed to do this"
            )
        if status >= 500:
            return ApiError(
                f"AWS failed while {what} (HTTP {status} {code}, {attempts} attempts); "
                "try again in a minute"
            )
        return ApiError(
            f"AWS rejected the request while {what} ({code}: {message}); check that the "
            "deployed stacks match the config"
        )


def not_supported(err: ClientError) -> bool:
    """True for 'this API is not implemented here' (moto, partitions without the API)."""
    code = str(err.response.get("Error", {}).get("Code", ""))
    status = int(err.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
    return code in _NOT_SUPPORTED or status in (404, 501)


class Route53:
    def __init__(self, aws: Aws) -> None:
        self.aws = aws
        self.client = aws.route53()

    @property
    def retries(self) -> int:
        """Requests botocore had to retry so far (shared with EC2: one session)."""
        return self.aws.retries

    def find_checks(self, site: str) -> dict[tuple[Node, CheckRole], Route53Check]:
        """The six checks of a site, found by their `pbx-failover:*` tags."""
        raw = self._all_checks()
        found: dict[tuple[Node, CheckRole], list[Route53Check]] = {}
        for check_id, tags in self._tags(list(raw)):
            if tags.get(TAG_SITE) != site:
                continue
            try:
                key = (Node(tags.get(TAG_NODE, "")), CheckRole(tags.get(TAG_ROLE, "")))
            except ValueError:
                continue
            found.setdefault(key, []).append(_health_check(raw[check_id], *key))
        return _exactly_six(site, found)

    def _all_checks(self) -> dict[str, HealthCheckTypeDef]:
        raw: dict[str, HealthCheckTypeDef] = {}
        paging: dict[str, str] = {}
        while True:
            page = self.aws.call(
                "listing Route 53 health checks", self.client.list_health_checks, **paging
            )
            raw.update({check["Id"]: check for check in page["HealthChecks"]})
            if not page.get("IsTruncated"):
                return raw
            paging = {"Marker": page["NextMarker"]}

    def _tags(self, ids: list[str]) -> list[tuple[str, dict[str, str]]]:
        """(check id, its tags) for every id, in batches as the API wants them."""
        tagged = []
        for start in range(0, len(ids), _TAG_BATCH):
            tag_sets = self.aws.call(
                "reading health check tags",
                self.client.list_tags_for_resources,
                ResourceType="healthcheck",
                ResourceIds=ids[start : start + _TAG_BATCH],
            )["ResourceTagSets"]
            for tag_set in tag_sets:
                tags = {tag["Key"]: tag.get("Value", "") for tag in tag_set.get("Tags", [])}
                tagged.append((tag_set["ResourceId"], tags))
        return tagged

    def get_check(self, check: Route53Check) -> Route53Check:
        response = self.aws.call(
            f"reading health check {check.id}", self.client.get_health_check, HealthCheckId=check.id
        )
        return _health_check(response["HealthCheck"], check.node, check.role)

    def endpoint_status(self, check: Route53Check) -> EndpointStatus:
        response = self.aws.call(
            f"reading the status of health check {check.id}",
            self.client.get_health_check_status,
            HealthCheckId=check.id,
        )
        observations = response["HealthCheckObservations"]
        reports = [obs.get("StatusReport", {}) for obs in observations]
        healthy = sum(1 for report in reports if report.get("Status", "").startswith("Success"))
        failing = sorted(
            (report for report in reports if not report.get("Status", "").startswith("Success")),
            key=lambda report: str(report.get("CheckedTime", "")),
        )
        failure = failing[-1].get("Status") if failing else self._last_failure(check)
        share = healthy / len(reports) if reports else 0.0
        return EndpointStatus(
            healthy=share > HEALTHY_SHARE, share=share, checkers=len(reports), failure=failure
        )

    def _last_failure(self, check: Route53Check) -> str | None:
        response = self.aws.call_if_supported(
            f"reading the last failure of health check {check.id}",
            self.client.get_health_check_last_failure_reason,
            HealthCheckId=check.id,
        )
        if response is None:
            return None
        reports = sorted(
            (obs.get("StatusReport", {}) for obs in response["HealthCheckObservations"]),
            key=lambda report: str(report.get("CheckedTime", "")),
        )
        return reports[-1].get("Status") if reports else None

    def set_inverted(self, check: Route53Check, inverted: bool) -> Route53Check:
        """Flip a switch, guarded by its version so a concurrent change fails cleanly."""
        kwargs: dict[str, Any] = {
            "HealthCheckId": check.id,
            "HealthCheckVersion": check.version,
            "Inverted": inverted,
        }
        # Pass the calculated check's definition back unchanged: some implementations
        # (moto) treat an omitted child list as "no children".
        if check.type == "CALCULATED":
            if check.threshold is not None:
                kwargs["HealthThreshold"] = check.threshold
            if check.children:
                kwargs["ChildHealthChecks"] = list(check.children)
        response = self.aws.call(
            f"updating the {check.node}'s switch ({check.id})",
            self.client.update_health_check,
            **kwargs,
        )
        return _health_check(response["HealthCheck"], check.node, check.role)

    def find_zone(self, name: str) -> Zone:
        response = self.aws.call(
            f"looking up the hosted zone {name}",
            self.client.list_hosted_zones_by_name,
            DNSName=name,
        )
        zones = [
            zone
            for zone in response["HostedZones"]
            if zone["Name"].rstrip(".") == name and not zone.get("Config", {}).get("PrivateZone")
        ]
        if not zones:
            raise PbxError(
                f"there is no public Route 53 hosted zone named {name}; deploy the dns stack, "
                "or fix dns.zone in the config"
            )
        if len(zones) > 1:
            ids = ", ".join(zone["Id"].rsplit("/", 1)[-1] for zone in zones)
            raise PbxError(
                f"several public hosted zones are named {name} ({ids}); delete the unused one"
            )
        zone_id = zones[0]["Id"].rsplit("/", 1)[-1]
        detail = self.aws.call(
            f"reading the hosted zone {name}", self.client.get_hosted_zone, Id=zone_id
        )
        servers = tuple(detail.get("DelegationSet", {}).get("NameServers", []))
        return Zone(id=zone_id, name=name, name_servers=servers)

    def failover_records(self, zone: Zone, fqdn: str) -> dict[Node, FailoverRecord]:
        """The PRIMARY and SECONDARY A records of the failover name."""
        wanted = fqdn.rstrip(".") + "."
        found: dict[Node, FailoverRecord] = {}
        start_name, start_type = wanted, "A"
        while True:
            page = self.aws.call(
                f"reading the records of {fqdn}",
                self.client.list_resource_record_sets,
                HostedZoneId=zone.id,
                StartRecordName=start_name,
                StartRecordType=start_type,  # type: ignore[arg-type]
            )
            for record in page["ResourceRecordSets"]:
                if record["Name"] != wanted:
                    return found
                failover = record.get("Failover")
                if record["Type"] != "A" or failover is None:
                    continue
                node = Node.PRIMARY if failover == "PRIMARY" else Node.BACKUP
                found[node] = FailoverRecord(
                    node=node,
                    addresses=tuple(rr["Value"] for rr in record.get("ResourceRecords", [])),
                    health_check_id=record.get("HealthCheckId"),
                )
            if not page.get("IsTruncated"):
                return found
            start_name = page["NextRecordName"]
            start_type = page["NextRecordType"]

    def test_dns_answer(self, zone: Zone, fqdn: str) -> tuple[str, ...] | None:
        """Route 53's own answer for the A record; None where the API is not available."""
        response = self.aws.call_if_supported(
            f"asking Route 53 what it answers for {fqdn}",
            self.client.test_dns_answer,
            HostedZoneId=zone.id,
            RecordName=fqdn,
            RecordType="A",
        )
        return None if response is None else tuple(response.get("RecordData", []))


class Ec2:
    def __init__(self, aws: Aws, region: str) -> None:
        self.aws = aws
        self.region = region

    @functools.cached_property
    def client(self) -> EC2Client:
        # Built on first use: loading the EC2 model takes a noticeable 0.2 s, which `status`
        # spends in a worker thread while the Route 53 calls run.
        return self.aws.ec2(self.region)

    def primary_server(self, site: str) -> ServerInfo | None:
        """The primary's instance, found by its `pbx-failover:*` tags (not terminated)."""
        response = self.aws.call(
            f"looking up the primary's EC2 instance in {self.region}",
            self.client.describe_instances,
            Filters=[
                *ec2_filters(site, Node.PRIMARY),  # type: ignore[list-item]
                {
                    "Name": "instance-state-name",
                    "Values": ["pending", "running", "stopping", "stopped", "shutting-down"],
                },
            ],
        )
        instances: list[InstanceTypeDef] = [
            instance
            for reservation in response["Reservations"]
            for instance in reservation.get("Instances", [])
        ]
        if not instances:
            return None
        # A stray second instance should not hide the running one.
        instances.sort(key=lambda i: (i.get("State", {}).get("Name") != "running", i["InstanceId"]))
        instance = instances[0]
        name = next(
            (tag["Value"] for tag in instance.get("Tags", []) if tag.get("Key") == "Name"),
            instance["InstanceId"],
        )
        return ServerInfo(
            provider="aws",
            id=instance["InstanceId"],
            name=name,
            state=instance.get("State", {}).get("Name", "unknown"),
            address=instance.get("PublicIpAddress"),
        )


def _exactly_six(
    site: str, found: dict[tuple[Node, CheckRole], list[Route53Check]]
) -> dict[tuple[Node, CheckRole], Route53Check]:
    """One check per (node, role), or a sentence that says what to redeploy or delete."""
    missing = [
        check_name(site, node, role)
        for node in Node
        for role in CheckRole
        if (node, role) not in found
    ]
    if len(missing) == len(Node) * len(CheckRole):
        raise PbxError(
            f"no Route 53 health checks are tagged {TAG_SITE}={site}; deploy the dns stack "
            f"(cdktn deploy {stack_name(site, StackRole.DNS)}), or check --site and the AWS "
            "account"
        )
    if missing:
        raise PbxError(
            f"health check(s) {', '.join(missing)} (tagged {TAG_SITE}={site}) are missing; "
            f"redeploy the dns stack (cdktn deploy {stack_name(site, StackRole.DNS)})"
        )
    for (node, role), checks in found.items():
        if len(checks) > 1:
            ids_text = ", ".join(check.id for check in checks)
            raise PbxError(
                f"{len(checks)} health checks are tagged as {check_name(site, node, role)} "
                f"({ids_text}); delete the stray one so pbxctl knows which switch to use"
            )
    return {key: checks[0] for key, checks in found.items()}


def _health_check(raw: HealthCheckTypeDef, node: Node, role: CheckRole) -> Route53Check:
    config = raw["HealthCheckConfig"]
    return Route53Check(
        id=raw["Id"],
        node=node,
        role=role,
        type=config["Type"],
        version=int(raw["HealthCheckVersion"]),
        inverted=bool(config.get("Inverted", False)),
        disabled=bool(config.get("Disabled", False)),
        children=tuple(config.get("ChildHealthChecks", [])),
        threshold=config.get("HealthThreshold"),
    )
