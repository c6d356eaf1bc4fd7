"""An authoritative DNS test server that answers like Route 53 would, from moto's state.

moto stores the records and health checks but serves no DNS and reports every checker as
"Success". This server answers UDP and TCP on 127.0.0.1: for a failover record set it
applies Route 53's rules (PRIMARY while its health check is healthy, else SECONDARY if
healthy, else PRIMARY as the last resort) and evaluates health checks the way Route 53
does: an endpoint check is as healthy as the test says (`endpoint_healthy[node]`), a
calculated check is healthy when at least HealthThreshold children are, and Inverted
flips the result, Disabled makes it healthy.
"""

from __future__ import annotations

import threading
from typing import Any

from dnslib import AAAA, QTYPE, RCODE, RR, SRV, A, DNSRecord
from dnslib.server import BaseResolver, DNSHandler, DNSLogger, DNSServer

from infra.naming import TAG_NODE

_QUIET = DNSLogger(log="-request,-reply,-truncated,-error", prefix=False)


class FailoverDnsServer(BaseResolver):  # type: ignore[misc]
    def __init__(self, route53: Any, zone: str) -> None:
        self.route53 = route53  # a boto3 client that reads moto directly
        self.zone = zone.rstrip(".")
        self.endpoint_healthy: dict[str, bool] = {"primary": True, "backup": True}
        self.queries = 0
        self._lock = threading.Lock()
        self._tags: dict[str, dict[str, str]] = {}
        self._udp, self._tcp = self._bind()
        self.port = int(self._udp.server.server_address[1])

    def _bind(self) -> tuple[DNSServer, DNSServer]:
        """UDP and TCP on one port; the kernel's choice for UDP may be taken for TCP."""
        for _ in range(20):
            udp = DNSServer(self, address="127.0.0.1", port=0, logger=_QUIET)
            port = int(udp.server.server_address[1])
            try:
                return udp, DNSServer(self, address="127.0.0.1", port=port, tcp=True, logger=_QUIET)
            except OSError:
                udp.server.server_close()
        raise RuntimeError("no port free for both UDP and TCP on 127.0.0.1")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> FailoverDnsServer:
        self._udp.start_thread()
        self._tcp.start_thread()
        return self

    def stop(self) -> None:
        for server in (self._udp, self._tcp):
            server.stop()
            server.server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.endpoint_healthy = {"primary": True, "backup": True}
            self.queries = 0
            self._tags.clear()

    # -- Route 53's rules -------------------------------------------------------------

    def _zone_id(self) -> str | None:
        zones = self.route53.list_hosted_zones_by_name(DNSName=self.zone)["HostedZones"]
        for zone in zones:
            if zone["Name"].rstrip(".") == self.zone:
                return str(zone["Id"]).rsplit("/", 1)[-1]
        return None

    def _records(self, zone_id: str, name: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        paginator = self.route53.get_paginator("list_resource_record_sets")
        for page in paginator.paginate(HostedZoneId=zone_id, StartRecordName=name):
            for record in page["ResourceRecordSets"]:
                if record["Name"].rstrip(".").lower() != name:
                    return found
                found.append(record)
        return found

    def healthy(self, check_id: str) -> bool:
        config = self.route53.get_health_check(HealthCheckId=check_id)["HealthCheck"][
            "HealthCheckConfig"
        ]
        if config.get("Disabled"):
            return True
        if config["Type"] == "CALCULATED":
            children = config.get("ChildHealthChecks", [])
            state = sum(self.healthy(child) for child in children) >= config.get(
                "HealthThreshold", 0
            )
        else:
            state = self.endpoint_healthy.get(self._node(check_id), True)
        return bool(state) != bool(config.get("Inverted"))

    def _node(self, check_id: str) -> str:
        if check_id not in self._tags:
            tag_set = self.route53.list_tags_for_resource(
                ResourceType="healthcheck", ResourceId=check_id
            )["ResourceTagSet"]
            self._tags[check_id] = {t["Key"]: t["Value"] for t in tag_set.get("Tags", [])}
        return self._tags[check_id].get(TAG_NODE, "")

    def answer(self, name: str, qtype: str) -> tuple[int, list[dict[str, Any]]]:
        """(rcode, the record sets that answer) for one question."""
        zone_id = self._zone_id()
        if zone_id is None or not (name == self.zone or name.endswith("." + self.zone)):
            return RCODE.REFUSED, []
        records = self._records(zone_id, name)
        if not records:
            return RCODE.NXDOMAIN, []
        matching = [record for record in records if record["Type"] == qtype]
        failover = {r["Failover"]: r for r in matching if r.get("Failover")}
        if not failover:
            return RCODE.NOERROR, matching
        primary, secondary = failover.get("PRIMARY"), failover.get("SECONDARY")
        for candidate in (primary, secondary):
            if candidate is not None and self.healthy(candidate.get("HealthCheckId", "")):
                return RCODE.NOERROR, [candidate]
        last_resort = primary or secondary  # every record unhealthy: Route 53 answers anyway
        return RCODE.NOERROR, [last_resort] if last_resort is not None else []

    # -- dnslib -----------------------------------------------------------------------

    def resolve(self, request: DNSRecord, handler: DNSHandler) -> DNSRecord:
        reply = request.reply()
        reply.header.aa = 1
        name = str(request.q.qname).rstrip(".").lower()
        qtype = QTYPE[request.q.qtype]
        with self._lock:
            self.queries += 1
            try:
                rcode, record_sets = self.answer(name, qtype)
            except Exception:  # noqa: BLE001 (a broken peer answers SERVFAIL, like a real one)
                reply.header.rcode = RCODE.SERVFAIL
                return reply
        reply.header.rcode = rcode
        for record in record_sets:
            for value in record.get("ResourceRecords", []):
                reply.add_answer(
                    RR(
                        request.q.qname,
                        request.q.qtype,
                        ttl=record.get("TTL", 30),
                        rdata=_rdata(qtype, value["Value"]),
                    )
                )
        return reply


def _rdata(qtype: str, value: str) -> Any:
    if qtype == "A":
        return A(value)
    if qtype == "AAAA":
        return AAAA(value)
    if qtype == "SRV":
        priority, weight, port, target = value.split()
        return SRV(int(priority), int(weight), int(port), target)
    raise ValueError(f"the test DNS server does not serve {qtype} records")
