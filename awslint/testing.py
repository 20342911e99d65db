"""A testing kit for check authors (built-in and custom): one line to assert a check's verdicts.

Two ways to feed a check:

- from plain dicts in AWS API shapes, no AWS and no moto::

      inv = inventory_from({"ec2:volumes": [{"VolumeId": "vol-1", "VolumeType": "gp2", "Size": 8}]})
      assert verdicts(run_check("ebs-gp3", inv)) == {"vol-1": "FAIL"}

- from a moto account, through the real collector (paginators, follow-ups, errors)::

      with mock_aws():
          boto3.client("ec2", region_name="us-east-1").create_volume(...)
          assert verdicts(scan_check("ebs-gp3", regions=["us-east-1"])) == {...}

The pytest plugin (registered as ``pytest11``) adds fixtures: ``awslint_registry`` and
``moto_account`` (a fresh moto account with clients per region and ``.scan(check)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from awslint.checkapi import Check
from awslint.collector import Collector
from awslint.engine import evaluate
from awslint.inventory import GLOBAL, Inventory
from awslint.model import Result
from awslint.registry import Registry, build_registry

ACCOUNT = "123456789012"
TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false", "AWS_EC2_METADATA_DISABLED": "true",
}


@cache
def default_registry() -> Registry:
    """Built-in checks plus installed plugins (cached: loading is idempotent)."""
    return build_registry()


def resolve(check: str | Check, registry: Registry | None = None) -> Check:
    if isinstance(check, Check):
        return check
    spec = getattr(check, "__awslint_check__", None)
    if isinstance(spec, Check):
        return spec
    registry = registry or default_registry()
    found = registry.get(check) or _imported_check(check)
    if found is None:
        hint = registry.suggest(check)
        raise KeyError(f"no check {check!r}" + (f"; did you mean {hint!r}?" if hint else "") +
                       ": a custom check is found by name once the module defining it is imported "
                       "(or pass the decorated function itself)")
    return found


def _imported_check(ref: str) -> Check | None:
    """A custom check defined in an already-imported module (a ``--checks-dir`` file imported by its test),
    so ``moto_account.scan("acme-...")`` works like it does for a built-in."""
    import sys
    import types

    from awslint.checkapi import CHECK_ATTR
    for module in list(sys.modules.values()):
        for value in list(getattr(module, "__dict__", {}).values()):
            if isinstance(value, types.FunctionType):
                spec = value.__dict__.get(CHECK_ATTR)
                if isinstance(spec, Check) and ref in (spec.id, spec.name):
                    return spec
    return None


def sources_for(spec: Check) -> dict[str, Any]:
    """Sources a check can read: the registered ones plus any its own module declares (custom sources)."""
    import sys

    from awslint.sources.base import Source

    sources = dict(default_registry().sources)
    module = sys.modules.get(spec.module)
    for value in vars(module).values() if module else ():
        if isinstance(value, Source):
            sources.setdefault(value.key, value)
    missing = [k for k in spec.needs if k not in sources]
    if missing:
        from awslint.registry import unknown_sources_message
        raise KeyError(f"check {spec.id}: {unknown_sources_message(missing, sources)}")
    return sources


def inventory_from(data: Mapping[str, Any], *, account: str = ACCOUNT, region: str = "us-east-1",
                   global_sources: Iterable[str] = (), errors: Mapping[str, str] | None = None,
                   now: datetime | None = None) -> Inventory:
    """Build an Inventory from ``{source: [items]}`` or ``{source: {region: [items]}}``.

    Sources whose key is registered as global (or listed in ``global_sources``) are stored
    once per account. ``errors`` maps a source to an error message, to test ERROR paths.
    """
    registry_sources = default_registry().sources
    inv = Inventory(accounts=[account], regions=[], collected_at=now or datetime.now(UTC))
    regions: list[str] = []
    for key, value in data.items():
        is_global = key in global_sources or (key in registry_sources and registry_sources[key].is_global)
        if is_global:
            inv.global_sources.add(key)
        per_region = value if isinstance(value, Mapping) else {region: value}
        for reg, items in per_region.items():
            label = GLOBAL if is_global else reg
            if not is_global and reg not in regions:
                regions.append(reg)
            if isinstance(items, (str, bytes)) or not all(isinstance(i, Mapping) for i in items):
                raise TypeError(f"inventory_from: {key} must be a list of dicts in the API's item shape, got "
                                f"{items!r:.80}; for APIs that list bare names, declare the Source with wrap='Name' "
                                "and give [{'Name': ...}] here")
            inv.put(key, account, label, [dict(i) for i in items])
    for key, message in (errors or {}).items():
        is_global = key in registry_sources and registry_sources[key].is_global
        inv.fail(key, account, GLOBAL if is_global else region, message)
        if is_global:
            inv.global_sources.add(key)
    inv.regions = regions or [region]
    return inv


def run_check(check: str | Check, inv: Inventory, params: Mapping[str, Any] | None = None,
              now: datetime | None = None) -> list[Result]:
    """Evaluate one check over an inventory; sources the check needs but the inventory lacks
    are treated as empty lists (so a test states only the data that matters)."""
    spec = resolve(check)
    spec.validate()
    sources = sources_for(spec)  # a typo in `needs` fails here, as it would when the check is loaded
    for key in spec.needs:
        is_global = key in inv.global_sources or _is_global(key) or sources[key].is_global
        if is_global and key not in inv.global_sources:
            _make_global(inv, key)
        scopes = [GLOBAL] if is_global else inv.regions
        if is_global:
            inv.global_sources.add(key)
        for account in inv.accounts:
            for scope in scopes:
                if (key, account, scope) not in inv.errors:
                    inv.data.setdefault(key, {}).setdefault((account, scope), [])
    results, _ = evaluate([spec], inv, params={spec.id: dict(params or {})}, now=now, sources=sources)
    return results


def _make_global(inv: Inventory, key: str) -> None:
    """Move a source that ``inventory_from`` stored per region to the account scope: it could not know that
    a custom source declared in the check's own module is global, but the check needs it there."""
    for (account, scope), items in list(inv.data.get(key, {}).items()):
        if scope != GLOBAL:
            del inv.data[key][(account, scope)]
            for item in items:
                if item.get("_region") == scope:
                    item["_region"] = GLOBAL
            inv.data[key].setdefault((account, GLOBAL), []).extend(items)
    for (err_key, account, scope), message in list(inv.errors.items()):
        if err_key == key and scope != GLOBAL:
            del inv.errors[(err_key, account, scope)]
            inv.errors[(key, account, GLOBAL)] = message
    inv.global_sources.add(key)


def _is_global(key: str) -> bool:
    src = default_registry().sources.get(key)
    return bool(src and src.is_global)


def scan_check(check: str | Check, *, regions: Iterable[str] = ("us-east-1",), params: Mapping[str, Any] | None = None,
               now: datetime | None = None, session=None, endpoint_url: str | None = None) -> list[Result]:
    """Collect what one check needs from the current moto (or any) endpoint and evaluate it."""
    import boto3

    from awslint.scan import collect, plan
    from awslint.session import AwsSession

    spec = resolve(check)
    spec.validate()
    sources = sources_for(spec)
    aws = AwsSession(session or boto3.Session(region_name=next(iter(regions))), endpoint_url=endpoint_url)
    # the scan's own collection step: account and regions resolved, each source fetched once per region
    inv, _ = collect(aws, plan([spec], sources), list(regions), max_workers=4)
    results, _ = evaluate([spec], inv, params={spec.id: dict(params or {})}, now=now, sources=sources)
    return results


class StubbedAws:
    """An AwsSession look-alike whose clients answer from botocore ``Stubber`` queues.

    For APIs moto lacks (DLM, placement groups, DynamoDB global tables): each queued response
    is validated by botocore against the service model, so the test data has AWS's real shape.
    """

    def __init__(self, stubs: Mapping[tuple[str, str], list[tuple[str, dict]]]) -> None:
        import boto3
        from botocore.stub import Stubber

        from awslint.session import AwsSession

        self._aws = AwsSession(boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                             region_name="us-east-1"))
        self.counter = self._aws.counter
        self.stubbers = []
        self._clients = {}
        for (service, region), calls in stubs.items():
            client = self._aws.session.client(service, region_name=region)
            stubber = Stubber(client)
            for operation, response in calls:
                stubber.add_response(operation, response)
            stubber.activate()
            client.meta.events.register("before-call", self.counter)
            self._clients[(service, region)] = client
            self.stubbers.append(stubber)

    def client(self, service: str, region: str):
        try:
            return self._clients[(service, region)]
        except KeyError:
            raise AssertionError(f"no stubbed responses for {service} in {region}") from None

    def assert_consumed(self) -> None:
        for stubber in self.stubbers:
            stubber.assert_no_pending_responses()


def _source(key: Any) -> Any:
    """A built-in source by key, a Source object as is, or a custom Source declared in an imported module."""
    import sys

    from awslint.sources.base import Source
    if isinstance(key, Source):
        return key
    known = default_registry().sources
    if key in known:
        return known[key]
    for module in list(sys.modules.values()):
        for value in list(getattr(module, "__dict__", {}).values()):
            if isinstance(value, Source) and value.key == key:
                return value
    from awslint.registry import unknown_sources_message
    raise KeyError(unknown_sources_message([key], known))


def collect_stubbed(source_keys: Iterable[Any], stubs: Mapping[tuple[str, str], list[tuple[str, dict]]], *,
                    account: str = ACCOUNT, regions: Iterable[str] = ("us-east-1",)) -> Inventory:
    """Run the real collector for ``source_keys`` against Stubber responses; every stub must be used.

    ``source_keys`` are built-in keys, custom ``Source`` objects, or keys of Sources declared in an imported module.

    ``stubs`` maps ``(service, region)`` to ``[(operation, response), ...]`` in call order.
    """
    aws = StubbedAws(stubs)
    sources = [_source(k) for k in source_keys]
    inv = Collector(aws, max_workers=1).collect(sources, account, list(regions))
    aws.assert_consumed()
    return inv


def verdicts(results: Iterable[Result], *, by_region: bool = False) -> dict[str, str]:
    """``{resource_id: status}`` (or ``{region/resource_id: status}``); ERROR results key on ``ERROR:region``."""
    out: dict[str, str] = {}
    for r in results:
        key = r.resource_id if r.resource_id is not None else f"ERROR:{r.region}"
        if by_region and r.resource_id is not None:
            key = f"{r.region}/{key}"
        if key in out and out[key] != r.status.value:
            raise AssertionError(f"two results for {key}: {out[key]} and {r.status.value}; use by_region=True")
        out[key] = r.status.value
    return out


def messages(results: Iterable[Result]) -> dict[str, str]:
    return {r.resource_id or f"ERROR:{r.region}": r.message for r in results}


# -- pytest plugin ------------------------------------------------------------------------------
class MotoAccount:
    """A fresh moto account: ``client(service, region)`` to build resources, ``scan(check)`` to judge them."""

    def __init__(self, regions: Iterable[str] = ("us-east-1", "eu-west-1")) -> None:
        import boto3

        from awslint.demo import moto_compat
        self.regions = list(regions)
        self.session = boto3.Session(region_name=self.regions[0])
        moto_compat.session_shims(self.session)
        self._clients: dict = {}

    def client(self, service: str, region: str | None = None):
        key = (service, region or self.regions[0])
        if key not in self._clients:
            self._clients[key] = self.session.client(service, region_name=key[1])
        return self._clients[key]

    def scan(self, check: str | Check, *, regions: Iterable[str] | None = None, params=None, now=None) -> list[Result]:
        return scan_check(check, regions=list(regions or self.regions), params=params, now=now, session=self.session)


def _moto_account_fixture():
    import pytest

    @pytest.fixture
    def moto_account(monkeypatch):
        """A fresh in-process moto account (two regions) with the demo's moto compatibility shims."""
        for key, value in TEST_ENV.items():
            monkeypatch.setenv(key, value)
        from moto import mock_aws

        from awslint.demo import moto_compat
        moto_compat.apply()
        with mock_aws():
            yield MotoAccount()
    return moto_account


def _registry_fixture():
    import pytest

    @pytest.fixture
    def awslint_registry() -> Registry:
        return default_registry()
    return awslint_registry


try:  # the fixtures exist only where pytest is installed
    moto_account = _moto_account_fixture()
    awslint_registry = _registry_fixture()
except ImportError:  # pragma: no cover
    pass

