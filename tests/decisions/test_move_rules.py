"""The move rules, row by row: what promote and demote change, refuse, or leave alone, for
every combination of endpoint health, switch positions and server states, with and
without --force. The expected row comes from the rules written out below, independently
of the code; the site is in memory, so the whole table runs in well under a second."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from infra.config import Config, load_config
from infra.errors import PbxError, RefusedError
from infra.naming import Node
from infra.pbxctl.actions import MoveOptions, move
from tests.conftest import EXAMPLE
from tests.support.memory_site import MemorySite, NodeState, session_for

SERVER_STATES = {Node.PRIMARY: ("running", "stopped"), Node.BACKUP: ("running", "off", "stopping")}


@dataclass(frozen=True)
class Row:
    target: Node
    primary: NodeState
    backup: NodeState
    force: bool

    def __str__(self) -> str:
        def node(state: NodeState) -> str:
            health = "up" if state.endpoint_healthy else "down"
            switch = "out" if state.switched_out else "in"
            return f"{health}-{switch}-{state.server}"

        action = "promote" if self.target is Node.BACKUP else "demote"
        forced = "-force" if self.force else ""
        return f"{action}{forced}:primary={node(self.primary)},backup={node(self.backup)}"


@dataclass(frozen=True)
class Expected:
    outcome: str  # changed, refused, no-op
    switched_out: dict[Node, bool]  # the switches afterwards
    degraded: bool  # calls do not go where the action meant (exit 3)
    powered_on: bool


def rows() -> list[Row]:
    found = []
    for target, force in itertools.product(Node, (False, True)):
        for p_up, p_out, b_up, b_out in itertools.product((True, False), repeat=4):
            for p_server, b_server in itertools.product(
                SERVER_STATES[Node.PRIMARY], SERVER_STATES[Node.BACKUP]
            ):
                found.append(
                    Row(
                        target,
                        NodeState(p_up, p_out, p_server),
                        NodeState(b_up, b_out, b_server),
                        force,
                    )
                )
    return found


def effective(up: bool, out: bool) -> bool:
    return up and not out


def route53_sends_to(primary: tuple[bool, bool], backup: tuple[bool, bool]) -> Node:
    if effective(*primary):
        return Node.PRIMARY
    return Node.BACKUP if effective(*backup) else Node.PRIMARY  # the last resort


def expected(row: Row) -> Expected:
    """The rules, as an operator would state them."""
    p, b = row.primary, row.backup
    before = {Node.PRIMARY: p.switched_out, Node.BACKUP: b.switched_out}
    # promote: backup in, primary out. demote: primary in (the backup is left as it is).
    wanted = (
        {Node.PRIMARY: True, Node.BACKUP: False}
        if row.target is Node.BACKUP
        else {Node.PRIMARY: False, Node.BACKUP: b.switched_out}
    )
    if wanted == before:  # nothing to switch: a no-op that says where calls really go
        sends_to = route53_sends_to(
            (p.endpoint_healthy, p.switched_out), (b.endpoint_healthy, b.switched_out)
        )
        return Expected("no-op", before, sends_to is not row.target, False)

    target = b if row.target is Node.BACKUP else p
    # The backup is powered on when it is off; anything else not running fails.
    fit_server = target.server == "running" or (
        row.target is Node.BACKUP and target.server == "off"
    )
    powered_on = row.target is Node.BACKUP and target.server == "off"
    sends_to = route53_sends_to(
        (p.endpoint_healthy, wanted[Node.PRIMARY]), (b.endpoint_healthy, wanted[Node.BACKUP])
    )
    some_node_healthy = effective(p.endpoint_healthy, wanted[Node.PRIMARY]) or effective(
        b.endpoint_healthy, wanted[Node.BACKUP]
    )
    preflight_ok = fit_server and target.endpoint_healthy and some_node_healthy
    if not preflight_ok and not row.force:
        return Expected("refused", before, False, powered_on)
    return Expected("changed", wanted, sends_to is not row.target, powered_on)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


ROWS = rows()


def test_the_table_has_every_combination() -> None:
    # 2 actions x 2 (force) x 2^4 (endpoints, switches) x 2 primary x 3 backup server states
    assert len(ROWS) == 2 * 2 * 16 * 2 * 3 == len({str(row) for row in ROWS})


def test_every_row_of_the_move_rules(config: Config) -> None:
    """One test for the whole table, so it stays fast; a failure lists every broken row."""
    broken = {str(row): problems for row in ROWS if (problems := check_row(row, config))}
    assert broken == {}


def check_row(row: Row, config: Config) -> list[str]:
    site = MemorySite({Node.PRIMARY: row.primary, Node.BACKUP: row.backup})
    session, _, audit = session_for(config, site)
    want = expected(row)
    options = MoveOptions(yes=True, force=row.force, timeout=30, reason="decision table")
    problems = []
    try:
        outcome = move(session, row.target, options)
    except RefusedError as err:
        got, degraded, forced = "refused", False, False
        if "refused, nothing was changed" not in err.message:
            problems.append(f"refusal reads {err.message!r}")
    except PbxError as err:  # anything else is a broken rule
        return [f"{type(err).__name__}: {err.message}"]
    else:
        got = "no-op" if outcome.result == "no-op" else "changed"
        degraded, forced = outcome.degraded, outcome.forced
    switched_out = {node: site.nodes[node].switched_out for node in Node}
    results = {"changed": "ok", "refused": "refused", "no-op": "no-op"}
    checks = {
        "outcome": (got, want.outcome),
        "degraded (exit 3)": (degraded, want.degraded),
        "forced": (forced, row.force and got == "changed" and not _would_pass(row)),
        "switches afterwards": (switched_out, want.switched_out),
        "powered on": (bool(site.powered_on), want.powered_on),
        "updates when nothing changed": (got != "changed" and bool(site.updates), False),
        "audit lines": (len(audit.lines), 1),
    }
    problems += [
        f"{name}: got {got!r}, want {wanted!r}"
        for name, (got, wanted) in checks.items()
        if got != wanted
    ]
    if audit.lines:
        line = audit.lines[0]
        recorded = {node: line["after"][node.value]["switch"] == "out" for node in Node}
        if (line["result"], recorded) != (results[want.outcome], want.switched_out):
            problems.append(f"audit line says {line['result']} with switches out={recorded}")
    return problems


def _would_pass(row: Row) -> bool:
    """Would this row pass its preflight without --force?"""
    return expected(Row(row.target, row.primary, row.backup, force=False)).outcome != "refused"
