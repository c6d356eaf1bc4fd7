"""Observing a site: what Route 53, the providers, the name servers and SIP say right now.

`observe` reads everything at once; `SiteView` answers the questions an operator asks
(where do calls go, what is wrong) and what a move would change. Nothing here changes
anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from infra.config import Config, SiteConfig
from infra.errors import PbxError
from infra.naming import CheckRole, Node, StackRole, dashboard_url, stack_name
from infra.pbxctl.clients.aws import EndpointStatus, Route53Check, Zone
from infra.pbxctl.clients.types import ServerInfo
from infra.pbxctl.dnsquery import NameServer, NsAnswer
from infra.pbxctl.session import Backends, Route53Api

PROVIDER = {Node.PRIMARY: "aws", Node.BACKUP: "hetzner"}
T = TypeVar("T")


@dataclass(frozen=True)
class SipCheck:
    address: str
    port: int
    alive: bool
    status: int | None
    reason: str
    rtt_ms: float | None

    def describe(self) -> str:
        where = f"{self.address}:{self.port}"
        if self.rtt_ms is None:
            return f"{self.reason} from {where}"
        return f"{self.reason} in {self.rtt_ms:.1f} ms from {where}"


@dataclass(frozen=True)
class NodeView:
    node: Node
    addresses: tuple[str, ...]  # the failover record's values: where callers go
    checks: dict[CheckRole, Route53Check]
    endpoint_status: EndpointStatus
    server: ServerInfo | None
    server_problem: str | None
    sip: SipCheck  # an OPTIONS round trip from here

    @property
    def provider(self) -> str:
        return PROVIDER[self.node]

    @property
    def switch(self) -> Route53Check:
        return self.checks[CheckRole.SWITCH]

    @property
    def switched_in(self) -> bool:
        return _switch_healthy(self.switch)

    @property
    def endpoint_healthy(self) -> bool:
        endpoint = self.checks[CheckRole.ENDPOINT]
        return endpoint.disabled or (self.endpoint_status.healthy != endpoint.inverted)

    def effective_healthy(self, switched_in: bool | None = None) -> bool:
        """Route 53's view of the effective check (optionally with the switch moved)."""
        effective = self.checks[CheckRole.EFFECTIVE]
        if effective.disabled:
            return True
        child_state = {
            self.checks[CheckRole.ENDPOINT].id: self.endpoint_healthy,
            self.switch.id: self.switched_in if switched_in is None else switched_in,
        }
        healthy = sum(child_state.get(child, False) for child in effective.children)
        return (healthy >= (effective.threshold or 0)) != effective.inverted

    def setup_problems(self) -> list[str]:
        """Deviations from the design that make the switch lie."""
        problems = []
        endpoint, effective = self.checks[CheckRole.ENDPOINT], self.checks[CheckRole.EFFECTIVE]
        if endpoint.inverted or endpoint.disabled:
            problems.append(
                f"the {self.node}'s endpoint check {endpoint.id} is inverted or disabled, so it "
                "no longer tells whether the node works; redeploy the dns stack"
            )
        if self.switch.disabled:
            problems.append(
                f"the {self.node}'s switch {self.switch.id} is disabled, which Route 53 treats "
                "as always healthy; enable it in the console"
            )
        if set(effective.children) != {endpoint.id, self.switch.id} or effective.threshold != 2:
            problems.append(
                f"the {self.node}'s effective check {effective.id} does not combine its endpoint "
                "and switch checks; redeploy the dns stack"
            )
        return problems

    def fitness_problems(self) -> list[str]:
        """What keeps this node from taking calls: its endpoint, its server, its SIP."""
        found = []
        if not self.endpoint_healthy:
            why = f": {self.endpoint_status.failure}" if self.endpoint_status.failure else ""
            found.append(
                f"the {self.node}'s endpoint check is {self.endpoint_status.describe()}{why}"
            )
        if self.server is None:
            found.append(f"the {self.node}'s server is unknown: {self.server_problem}")
        elif not self.server.running:
            found.append(f"the {self.node}'s server is {self.server.state}")
        if not self.sip.alive:
            found.append(f"the {self.node} does not answer SIP: {self.sip.describe()}")
        return found

    def to_dict(self) -> dict[str, Any]:
        status, switch = self.endpoint_status, self.switch
        return {
            "provider": self.provider,
            "addresses": list(self.addresses),
            "server": None
            if self.server is None
            else {
                "id": self.server.id,
                "name": self.server.name,
                "state": self.server.state,
                "address": self.server.address,
            },
            "server_problem": self.server_problem,
            "endpoint": {
                "id": self.checks[CheckRole.ENDPOINT].id,
                "healthy": self.endpoint_healthy,
                "share": round(status.share, 3),
                "checkers": status.checkers,
                "failure": status.failure,
            },
            "switch": {
                "id": switch.id,
                "position": "in" if self.switched_in else "out",
                "version": switch.version,
            },
            "effective": {
                "id": self.checks[CheckRole.EFFECTIVE].id,
                "healthy": self.effective_healthy(),
            },
            "sip": {
                "address": self.sip.address,
                "port": self.sip.port,
                "alive": self.sip.alive,
                "status": self.sip.status,
                "reason": self.sip.reason,
                "rtt_ms": None if self.sip.rtt_ms is None else round(self.sip.rtt_ms, 2),
            },
        }


@dataclass(frozen=True)
class SiteView:
    site: str
    fqdn: str
    zone: Zone
    nodes: dict[Node, NodeView]
    name_servers: tuple[NameServer, ...]
    ns_answers: tuple[NsAnswer, ...]
    route53_answer: tuple[str, ...] | None  # None: TestDNSAnswer not available
    dashboard: str  # the CloudWatch console page that shows the checks over time

    def answering(self, answers: Sequence[NsAnswer] | None = None) -> Node | None:
        """The node every answering name server points at, if they agree on one."""
        got = {answer.addresses for answer in (answers or self.ns_answers) if answer.error is None}
        if len(got) != 1:
            return None
        only = got.pop()
        return next(
            (n for n, view in self.nodes.items() if frozenset(view.addresses) == only), None
        )

    def expected(self) -> Node:
        """Where Route 53's failover rules send traffic, from the checks alone."""
        if self.nodes[Node.PRIMARY].effective_healthy():
            return Node.PRIMARY
        if self.nodes[Node.BACKUP].effective_healthy():
            return Node.BACKUP
        return Node.PRIMARY  # Route 53's last resort when every record is unhealthy

    def describe_dns(self, answers: Sequence[NsAnswer] | None = None) -> str:
        """What the name servers said, as a clause: 'voip.example.com answers 127.0.0.3
        (backup) from ns-1, ns-2; ns-3: no answer within 2 s'."""
        answers = answers or self.ns_answers
        if not answers:
            return f"no name servers to ask for {self.fqdn}"
        groups: dict[str, list[str]] = {}
        failures = []
        for answer in answers:
            if answer.error is not None:
                failures.append(f"{answer.server}: {answer.error}")
                continue
            key = ", ".join(sorted(answer.addresses)) or "no address"
            node = self.answering([answer])
            key += f" ({node})" if node is not None else ""
            groups.setdefault(key, []).append(answer.server)
        if not groups:
            return f"no name server answered for {self.fqdn} ({'; '.join(failures)})"
        said = [
            f"{self.fqdn} answers {key} from {', '.join(servers)}"
            for key, servers in groups.items()
        ]
        return "; ".join(said + failures)

    def problems(self) -> list[str]:
        """Everything that makes the site degraded; empty means healthy."""
        found: list[str] = []
        primary, backup = self.nodes[Node.PRIMARY], self.nodes[Node.BACKUP]
        for view in self.nodes.values():
            found.extend(view.setup_problems())
        if not primary.switched_in:
            found.append(
                "the primary is switched out (promoted); run `pbxctl demote` when it is fit"
            )
        if not backup.switched_in:
            found.append("the backup is switched out, so Route 53 cannot fail over to it")
        for view in self.nodes.values():
            found.extend(view.fitness_problems())
        answering = self.answering()
        if answering is None:
            found.append(f"the name servers give no single answer: {self.describe_dns()}")
        elif answering is not Node.PRIMARY:
            found.append(f"{self.fqdn} sends callers to the {answering}")
        return found

    def snapshot(self, answers: Sequence[NsAnswer] | None = None) -> dict[str, Any]:
        """The short state an audit line records."""
        answers = answers or self.ns_answers
        state: dict[str, Any] = {
            node.value: {
                "switch": "in" if view.switched_in else "out",
                "endpoint": "healthy" if view.endpoint_healthy else "unhealthy",
                "effective": "healthy" if view.effective_healthy() else "unhealthy",
            }
            for node, view in self.nodes.items()
        }
        state["dns"] = sorted({a for answer in answers for a in answer.addresses})
        answering = self.answering(answers)
        state["traffic"] = None if answering is None else answering.value
        return state

    def with_switch(self, check: Route53Check) -> SiteView:
        view = self.nodes[check.node]
        checks = {**view.checks, CheckRole.SWITCH: check}
        return replace(self, nodes={**self.nodes, check.node: replace(view, checks=checks)})

    def to_dict(self) -> dict[str, Any]:
        problems = self.problems()
        answering = self.answering()
        return {
            "site": self.site,
            "fqdn": self.fqdn,
            "dashboard": self.dashboard,
            "healthy": not problems,
            "problems": problems,
            "traffic": None if answering is None else answering.value,
            "expected": self.expected().value,
            "zone": {"id": self.zone.id, "name": self.zone.name},
            "dns": {
                "name_servers": [
                    {
                        "server": answer.server,
                        "addresses": sorted(answer.addresses),
                        "error": answer.error,
                    }
                    for answer in self.ns_answers
                ],
                "route53": None if self.route53_answer is None else list(self.route53_answer),
            },
            "nodes": {node.value: view.to_dict() for node, view in self.nodes.items()},
        }


def _switch_healthy(switch: Route53Check) -> bool:
    """A switch is a calculated check with threshold 0: healthy unless inverted."""
    return switch.disabled or (((switch.threshold or 0) <= 0) != switch.inverted)


class _InOrder(Executor):
    """Runs each call at once: for stand-in backends that answer in microseconds."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # noqa: BLE001 (result() raises it, as a pool's would)
            future.set_exception(err)
        return future


def _executor(backends: Backends) -> Executor:
    # The reads wait on the network, not the CPU: side by side, status costs the slowest.
    return ThreadPoolExecutor(max_workers=8) if backends.concurrent else _InOrder()


def observe(config: Config, site: SiteConfig, backends: Backends) -> SiteView:
    """Read everything about a site at once; only Route 53 failures are fatal."""
    route53 = backends.route53
    checks = route53.find_checks(site.name)
    zone = route53.find_zone(config.dns.zone)
    fqdn = config.failover_fqdn(site)
    records = route53.failover_records(zone, fqdn)
    for node, kind in ((Node.PRIMARY, "PRIMARY"), (Node.BACKUP, "SECONDARY")):
        if node not in records or not records[node].addresses:
            raise PbxError(
                f"{fqdn} has no {kind} failover A record in the zone {zone.name}; redeploy "
                f"the dns stack (cdktn deploy {stack_name(site.name, StackRole.DNS)})"
            )
    servers = tuple(backends.name_servers or [NameServer(ns) for ns in zone.name_servers])

    def server(node: Node) -> tuple[ServerInfo | None, str | None]:
        try:
            if node is Node.PRIMARY:
                info = backends.ec2.primary_server(site.name)
                missing = f"no EC2 instance is tagged as {site.name}'s primary"
            else:
                info = backends.hetzner().backup_server(site.name)
                missing = f"no Hetzner server is labelled as {site.name}'s backup"
        except PbxError as err:
            return None, err.message
        return info, None if info is not None else missing

    with _executor(backends) as pool:
        status = {
            node: pool.submit(route53.endpoint_status, checks[(node, CheckRole.ENDPOINT)])
            for node in Node
        }
        found = {node: pool.submit(server, node) for node in Node}
        probes = {
            node: pool.submit(probe, backends, records[node].addresses[0], site.sip.udp_port)
            for node in Node
        }
        answers = pool.submit(backends.dns, fqdn, servers, timeout=backends.dns_timeout)
        route53_answer = pool.submit(_route53_answer, route53, zone, fqdn)
        nodes = {
            node: NodeView(
                node=node,
                addresses=records[node].addresses,
                checks={role: checks[(node, role)] for role in CheckRole},
                endpoint_status=status[node].result(),
                server=found[node].result()[0],
                server_problem=found[node].result()[1],
                sip=probes[node].result(),
            )
            for node in Node
        }
        return SiteView(
            site=site.name,
            fqdn=fqdn,
            zone=zone,
            nodes=nodes,
            name_servers=servers,
            ns_answers=tuple(answers.result()),
            route53_answer=route53_answer.result(),
            dashboard=dashboard_url(config.project, site.name),
        )


def _route53_answer(route53: Route53Api, zone: Zone, fqdn: str) -> tuple[str, ...] | None:
    """A diagnostic only: when it fails, the name servers' answer still decides."""
    try:
        return route53.test_dns_answer(zone, fqdn)
    except PbxError:
        return None


def probe(backends: Backends, address: str, port: int) -> SipCheck:
    result = backends.probe(address, port, backends.sip_timeout)
    return SipCheck(address, port, result.alive, result.status, result.reason, result.rtt_ms)
