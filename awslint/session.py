"""AWS sessions: credentials, the account, the regions to scan, and thread-safe clients.

boto3 Sessions are not thread-safe but botocore clients are, so one Session per account
creates each client once, under a lock, and every worker thread shares it. Every client uses
adaptive retries (client-side rate limiting on throttling), counts its API calls, and can be
pointed at moto server or LocalStack with ``endpoint_url``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import boto3
import botocore.config
import botocore.credentials
import botocore.exceptions
import botocore.session

from awslint import __version__
from awslint.errors import UsageError

log = logging.getLogger(__name__)
#: Error codes that mean "slow down", not "you may not".
THROTTLING = frozenset({"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
                        "RequestThrottled", "SlowDown", "PriorRequestNotComplete"})
ENABLED_OPT_IN = ("opt-in-not-required", "opted-in")
DEFAULT_REGION = "us-east-1"
GLOBAL_REGION = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}


class CredentialsError(UsageError, RuntimeError):
    """No usable credentials: exit 2 before scanning, with one clear sentence."""


class RegionError(UsageError, ValueError):
    """A ``--region`` that does not exist (usage error, exit 2)."""


@dataclass
class ApiCounter:
    """Counts API operations (not HTTP retries) across all threads, by ``service.Operation``, and the retries
    botocore made for them (throttling, 5xx, timeouts), which ``--debug`` logs one by one."""

    calls: Counter = field(default_factory=Counter)
    retries: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, model: Any, **_: object) -> None:
        name = f"{model.service_model.service_name}.{model.name}"
        with self.lock:
            self.calls[name] += 1

    def after_call(self, model: Any, parsed: Any = None, **_: object) -> None:
        """botocore's ``after-call`` event: the response says how many attempts it took."""
        attempts = (parsed or {}).get("ResponseMetadata", {}).get("RetryAttempts", 0) if isinstance(parsed, dict) else 0
        if attempts:
            name = f"{model.service_model.service_name}.{model.name}"
            with self.lock:
                self.retries[name] += attempts
            log.debug("%s succeeded after %d retr%s (throttling or a transient error; adaptive retry mode slows "
                      "down the client)", name, attempts, "y" if attempts == 1 else "ies")

    def after_error(self, exception: BaseException | None = None, event_name: str = "", **_: object) -> None:
        """botocore's ``after-call-error`` event (``after-call-error.SERVICE.Operation``): the call failed for good."""
        if exception is not None:
            log.debug("%s failed: %s", event_name.partition(".")[2] or "an API call", exception)

    @property
    def total(self) -> int:
        return sum(self.calls.values())


class ClientProvider(Protocol):
    """What the collector needs of a session: a botocore client per service and region, and the counter
    of the API calls made through them. :class:`AwsSession` is one; ``awslint.testing.StubbedAws`` another."""

    @property
    def counter(self) -> ApiCounter: ...

    def client(self, service: str, region: str) -> Any: ...


class AwsSession:
    """One account's boto3 session plus one client per service and region, shared by the collector's threads."""

    def __init__(self, session: boto3.Session, *, endpoint_url: str | None = None,
                 max_attempts: int | None = None) -> None:
        self.session = session
        self.endpoint_url = endpoint_url
        self._max_attempts = max_attempts
        self.counter = ApiCounter()
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str], Any] = {}
        self._config = botocore.config.Config(
            # Adaptive mode adds client-side rate limiting when AWS throttles. The attempt count
            # follows the user's AWS config (AWS_MAX_ATTEMPTS / max_attempts; botocore default 3).
            retries={"mode": "adaptive", **({"max_attempts": max_attempts} if max_attempts else {})},
            user_agent_extra=f"awslint/{__version__}",
            connect_timeout=10, read_timeout=60, max_pool_connections=32,
            s3={"addressing_style": "path"} if endpoint_url else None,
        )

    @classmethod
    def from_profile(cls, profile: str | None = None, *, endpoint_url: str | None = None) -> AwsSession:
        try:
            session = boto3.Session(profile_name=profile) if profile else boto3.Session()
        except botocore.exceptions.ProfileNotFound:
            raise CredentialsError(
                f"AWS profile {profile!r} is not configured (see `aws configure list-profiles`); "
                "try `awslint scan --demo` to see awslint without an AWS account.") from None
        return cls(session, endpoint_url=endpoint_url)

    @property
    def profile_name(self) -> str | None:
        return self.session.profile_name

    def client(self, service: str, region: str) -> Any:
        """The one client for ``service`` in ``region``, shared by every thread (botocore clients are thread-safe;
        creating one is not, and costs milliseconds of CPU: a scan makes one per service and region, not per
        worker thread)."""
        key = (service, region)
        client = self._clients.get(key)
        if client is None:
            with self._lock:
                client = self._clients.get(key)
                if client is None:
                    client = self.session.client(service, region_name=region, config=self._config,
                                                 endpoint_url=self.endpoint_url)
                    client.meta.events.register("before-call", self.counter)
                    client.meta.events.register("after-call", self.counter.after_call)
                    client.meta.events.register("after-call-error", self.counter.after_error)
                    self._clients[key] = client
        return client

    def home_region(self) -> str:
        return self.session.region_name or DEFAULT_REGION

    def assume(self, account_id: str, role_name: str, *, external_id: str | None = None) -> AwsSession:
        """A session in another account through ``sts:AssumeRole`` on ``role_name`` there.

        The credentials are fetched now, so a role that cannot be assumed (AccessDenied, no such role, an SCP,
        a suspended account) fails here with AWS's reason, before any collection; afterwards botocore refreshes
        them before they expire (15 minutes ahead), so a long organisation scan never runs on stale ones.
        The role session name says it is awslint, so CloudTrail shows who read the account.
        """
        from awslint.inventory import partition_for

        partition = partition_for(self.home_region())
        base = self.session._session  # the botocore session: the source credentials and the STS client factory
        extra: dict[str, Any] = {"RoleSessionName": f"awslint-{__version__}-{int(time.time())}"}
        if external_id:
            extra["ExternalId"] = external_id

        def sts_client(service: str, **kwargs: Any) -> Any:
            return base.create_client(service, region_name=self.home_region(), endpoint_url=self.endpoint_url,
                                      **kwargs)

        fetcher = botocore.credentials.AssumeRoleCredentialFetcher(
            client_creator=sts_client, source_credentials=base.get_credentials(),
            role_arn=f"arn:{partition}:iam::{account_id}:role/{role_name}", extra_args=extra)
        credentials = botocore.credentials.DeferredRefreshableCredentials(
            refresh_using=fetcher.fetch_credentials, method="assume-role")
        credentials.get_frozen_credentials()  # raises ClientError when the role cannot be assumed
        assumed = botocore.session.Session()
        assumed._credentials = credentials  # botocore's way to give a session ready-made credentials
        # the service models are read-only data: parsed once for the base session, not again per account
        assumed.register_component("data_loader", base.get_component("data_loader"))
        return AwsSession(boto3.Session(botocore_session=assumed, region_name=self.home_region()),
                          endpoint_url=self.endpoint_url, max_attempts=self._max_attempts)

    def account_id(self) -> str:
        """The caller's account, which also proves the credentials work."""
        try:
            return self.client("sts", self.home_region()).get_caller_identity()["Account"]
        except botocore.exceptions.NoCredentialsError:
            raise CredentialsError(
                "No AWS credentials found: pass --profile NAME, set AWS_PROFILE or AWS_ACCESS_KEY_ID, "
                "or run on an instance role; try `awslint scan --demo` to see awslint without an AWS "
                "account.") from None
        except (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectTimeoutError,
                botocore.exceptions.ReadTimeoutError) as exc:
            where = self.endpoint_url or f"STS in {self.home_region()}"
            raise CredentialsError(f"Cannot reach {where} ({type(exc).__name__}): check the network, a proxy "
                                   "or --endpoint-url; the credentials were not tried.") from None
        except botocore.exceptions.ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in THROTTLING:
                raise CredentialsError(f"STS throttled GetCallerIdentity ({code}) even after retries: the account's "
                                       "API rate is exhausted right now; run again in a minute (the credentials "
                                       "are not the problem).") from None
            raise CredentialsError(f"AWS rejected the credentials: {exc}. "
                                   "Refresh them (e.g. `aws sso login`) or try `awslint scan --demo`.") from None
        except botocore.exceptions.BotoCoreError as exc:
            raise CredentialsError(f"Cannot check the credentials with STS: {exc}.") from None

    def regions(self, requested: Iterable[str] = ()) -> tuple[list[str], list[str]]:
        """Regions to scan and the requested ones skipped because the account has not enabled them."""
        requested = list(dict.fromkeys(requested))
        try:
            described = self.client("ec2", self.home_region()).describe_regions(AllRegions=True)["Regions"]
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
            if requested:
                return requested, []  # cannot verify; scan what was asked and let errors speak
            raise CredentialsError(f"Cannot list the account's regions ({exc}); pass --region explicitly.") from None
        status = {r["RegionName"]: r.get("OptInStatus", "opt-in-not-required") for r in described}
        if not requested:
            return sorted(r for r, s in status.items() if s in ENABLED_OPT_IN), []
        unknown = [r for r in requested if r not in status]
        if unknown:
            import difflib
            hint = difflib.get_close_matches(unknown[0], list(status), n=1)
            raise RegionError(f"unknown region {unknown[0]!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
        enabled = [r for r in requested if status[r] in ENABLED_OPT_IN]
        disabled = [r for r in requested if status[r] not in ENABLED_OPT_IN]
        return enabled, disabled


def global_region_for(regions: list[str]) -> str:
    from awslint.inventory import partition_for
    return GLOBAL_REGION[partition_for(regions[0] if regions else DEFAULT_REGION)]
