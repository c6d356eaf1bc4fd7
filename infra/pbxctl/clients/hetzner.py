"""The backup server through the official `hcloud` client (HCLOUD_TOKEN, HCLOUD_ENDPOINT)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import requests
from hcloud import APIException, Client
from hcloud.actions import BoundAction
from hcloud.servers import BoundServer

from infra import __version__
from infra.errors import ActionError, ActionTimeoutError, ApiError, ConfigError
from infra.naming import Node, hetzner_selector
from infra.pbxctl.clients import environment
from infra.pbxctl.clients.types import ServerInfo
from infra.pbxctl.waiting import Deadline, wait_until

T = TypeVar("T")

DEFAULT_ENDPOINT = "https://api.hetzner.cloud/v1"
TOKEN_ENV = "HCLOUD_TOKEN"  # noqa: S105 (the variable's name, not a token)
ENDPOINT_ENV = "HCLOUD_ENDPOINT"
# Every call is bounded (connect, read): an unresponsive API must not hold an incident
# command for a minute. Answers that ask for a retry get one, after a short pause.
TIMEOUTS = (3.0, 5.0)
_RETRY_PAUSE = 1.0
_RETRYABLE = {"rate_limit_exceeded", "conflict", "bad_gateway", "timeout", 502, 504}


def check_environment() -> None:
    """HCLOUD_ENDPOINT and HCLOUD_TOKEN, as far as they are set: exit 2 naming the one."""
    environment.endpoint(ENDPOINT_ENV)
    environment.token(TOKEN_ENV)


class Hetzner:
    def __init__(
        self,
        token: str,
        endpoint: str = DEFAULT_ENDPOINT,
        *,
        timeouts: tuple[float, float] = TIMEOUTS,
        poll_interval: float = 1.0,
    ) -> None:
        self.endpoint = endpoint
        self.timeouts = timeouts
        self.poll_interval = poll_interval
        self._client = Client(
            token=token,
            api_endpoint=endpoint,
            application_name="pbx-failover",
            application_version=__version__,
            poll_interval=poll_interval,
            timeout=timeouts,
        )
        # The client's own policy retries a timed-out request five times with backoff (over
        # a minute against a silent API); `_call` bounds and retries instead.
        self._client._client._retry_max_retries = 0

    @classmethod
    def from_env(cls, *, poll_interval: float = 1.0) -> Hetzner:
        check_environment()
        token = environment.token(TOKEN_ENV)
        if not token:
            raise ConfigError(
                f"{TOKEN_ENV} is not set; export a Hetzner Cloud API token of the project "
                "that holds the backup server (read/write, so pbxctl can power it on)"
            )
        endpoint = environment.endpoint(ENDPOINT_ENV) or DEFAULT_ENDPOINT
        return cls(token, endpoint, poll_interval=poll_interval)

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """One API call, bounded by `timeouts`; `what` completes 'while <what>'."""
        for attempt in (1, 2):
            try:
                return fn()
            except APIException as err:
                if attempt == 1 and err.code in _RETRYABLE:
                    time.sleep(_RETRY_PAUSE)
                    continue
                raise self._rejected(what, err) from None
            except requests.Timeout as err:
                connecting = isinstance(err, requests.ConnectTimeout)
                raise ApiError(
                    f"the Hetzner API at {self.endpoint} did not "
                    f"{'accept a connection' if connecting else 'answer'} within "
                    f"{self.timeouts[0 if connecting else 1]:g} s while {what}; check the "
                    f"network (and {ENDPOINT_ENV} if set), or Hetzner's status page"
                ) from None
            except requests.RequestException as err:
                raise ApiError(
                    f"cannot reach the Hetzner API at {self.endpoint} while {what} "
                    f"({type(err).__name__}); check the network (and {ENDPOINT_ENV} if set)"
                ) from None
        raise AssertionError("unreachable: the second attempt returns or raises")

    @staticmethod
    def _rejected(what: str, err: APIException) -> ApiError:
        if err.code in ("unauthorized", 401):
            return ApiError(
                f"Hetzner rejected {TOKEN_ENV} while {what}; use a valid token of the "
                "project that holds the backup server"
            )
        if err.code in ("forbidden", 403):
            return ApiError(
                f"Hetzner refused access while {what} ({err.message}); the token needs "
                "read/write permission"
            )
        return ApiError(f"the Hetzner API failed while {what} ({err.code}: {err.message})")

    def backup_server(self, site: str) -> ServerInfo | None:
        """The backup's server, found by its `pbx-failover-*` labels."""
        selector = hetzner_selector(site, Node.BACKUP)
        servers = self._call(
            "looking up the backup server",
            lambda: self._client.servers.get_all(label_selector=selector),
        )
        if not servers:
            return None
        servers.sort(key=lambda server: (server.status != "running", server.id))
        return _info(servers[0])

    def power_on(
        self,
        server: ServerInfo,
        *,
        timeout: float,
        on_progress: Callable[[int], None] | None = None,
    ) -> ServerInfo:
        """Power the server on and wait for the action; errors carry the action id."""
        bound = self._call(
            f"looking up server {server.id}",
            lambda: self._client.servers.get_by_id(int(server.id)),
        )
        action: BoundAction = self._call(f"powering on server {server.name}", bound.power_on)

        def finished(_: Deadline) -> bool | None:
            if action.status == "running":
                if on_progress is not None:
                    on_progress(int(action.progress or 0))
                self._call(f"waiting for Hetzner action {action.id}", action.reload)
            return None if action.status == "running" else True

        deadline = Deadline.after(timeout)
        if wait_until(finished, deadline=deadline, interval=self.poll_interval) is None:
            raise ActionTimeoutError(
                f"Hetzner action {action.id} (power on {server.name}) was still running "
                f"after {timeout:.0f} s; check it in the Hetzner console, then run the "
                "command again",
                action.id,
            )
        if action.status == "error":
            code, message = ("error", "no message")
            if action.error is not None:
                code, message = action.error["code"], action.error["message"]
            raise ActionError(
                f"Hetzner could not power on {server.name} (action {action.id}: "
                f"{code}: {message}); "
                "check the server in the Hetzner console",
                action.id,
            )
        after = _info(
            self._call(
                f"reading server {server.id}",
                lambda: self._client.servers.get_by_id(int(server.id)),
            )
        )
        if not after.running:
            raise ApiError(
                f"Hetzner action {action.id} succeeded but {server.name} is {after.state}; "
                "check the server in the Hetzner console"
            )
        return after


def _info(server: BoundServer) -> ServerInfo:
    public = server.public_net
    return ServerInfo(
        provider="hetzner",
        id=str(server.id),
        name=str(server.name),
        state=str(server.status),
        address=public.ipv4.ip if public is not None and public.ipv4 is not None else None,
    )
