"""The Inventory: everything collected in one scan, as plain, serialisable data.

Checks read it through a :class:`ScopeView` for one account and region, which is what makes
them pure functions: the same inventory always gives the same results, offline
(``awslint collect`` then ``awslint scan --from FILE``) or in tests built from plain dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from awslint.sources.base import Identity, Source

GLOBAL = "global"
FORMAT_VERSION = 1


class UndeclaredSourceError(KeyError):
    """A check read a source it did not list in ``needs``; the collector would not have fetched it."""

    def __str__(self) -> str:
        return str(self.args[0])


class SourceUnavailable(Exception):
    """A check read a source that failed for this scope (AccessDenied, API missing, region disabled).

    Raised lazily, when the check actually reads the source: a check with nothing to judge (no EFS
    file systems) does not turn a failed auxiliary read (AWS Backup denied) into an ERROR.
    """

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, _, message in problems))
        self.problems = problems


def partition_for(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


@dataclass
class Inventory:
    """Collected items per source and (account, region); errors per source and scope."""

    accounts: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    data: dict[str, dict[tuple[str, str], list[dict]]] = field(default_factory=dict)
    errors: dict[tuple[str, str, str], str] = field(default_factory=dict)
    global_sources: set[str] = field(default_factory=set)
    collected_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    api_calls: int = 0
    api_calls_by_operation: dict[str, int] = field(default_factory=dict)
    collect_seconds: float = 0.0

    def put(self, key: str, account: str, region: str, items: list[dict]) -> None:
        """Store one source's items for one scope; each item learns its account, region and source key
        (``_source``: how a finding about the item finds the source's :class:`~awslint.sources.base.Identity`)."""
        for item in items:
            item.setdefault("_account", account)
            item.setdefault("_region", region)
            item["_source"] = key
        self.data.setdefault(key, {})[(account, region)] = items

    def fail(self, key: str, account: str, region: str, message: str) -> None:
        self.errors[(key, account, region)] = message

    def scope_of(self, key: str, region: str) -> str:
        return GLOBAL if key in self.global_sources else region

    def problem(self, key: str, account: str, scope: str) -> tuple[str, str, str] | None:
        """``(key, scope, message)`` when ``key`` failed or was not collected for that account and scope."""
        src_scope = self.scope_of(key, scope)
        err = self.errors.get((key, account, src_scope))
        if err:
            return (key, src_scope, err)
        if (account, src_scope) not in self.data.get(key, {}):
            return (key, src_scope, "not collected")
        return None

    def view(self, account: str, region: str, allowed: Iterable[str] | None = None,
             now: datetime | None = None, sources: Mapping[str, Source] | None = None) -> ScopeView:
        return ScopeView(self, account, region, set(allowed) if allowed is not None else None,
                         now or self.collected_at, sources or {})

    # -- persistence ----------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": "awslint-inventory", "version": FORMAT_VERSION,
            "accounts": self.accounts, "regions": self.regions,
            "global_sources": sorted(self.global_sources),
            "collected_at": self.collected_at.isoformat(), "api_calls": self.api_calls,
            "data": {k: [{"account": a, "region": r, "items": items} for (a, r), items in v.items()]
                     for k, v in self.data.items()},
            "errors": [{"source": k, "account": a, "region": r, "message": m}
                       for (k, a, r), m in self.errors.items()],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), default=_encode, indent=1)

    @classmethod
    def loads(cls, text: str) -> Inventory:
        raw = json.loads(text, object_hook=_decode)
        if not isinstance(raw, dict) or raw.get("format") != "awslint-inventory":
            raise ValueError("not an awslint inventory file (expected 'format': 'awslint-inventory')")
        inv = cls(accounts=raw["accounts"], regions=raw["regions"],
                  global_sources=set(raw.get("global_sources", [])),
                  collected_at=datetime.fromisoformat(raw["collected_at"]), api_calls=raw.get("api_calls", 0))
        for key, scopes in raw["data"].items():
            for scope in scopes:
                inv.put(key, scope["account"], scope["region"], scope["items"])
        for err in raw.get("errors", []):
            inv.errors[(err["source"], err["account"], err["region"])] = err["message"]
        return inv


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, bytes | bytearray):
        return {"$bytes": len(value)}  # never persist blobs (could be secrets); keep only the size
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _decode(obj: dict) -> Any:
    if len(obj) == 1 and "$datetime" in obj:
        return datetime.fromisoformat(obj["$datetime"])
    return obj


class ScopeView:
    """What a check sees: one account and one region (plus that account's global sources).

    ``inv["ec2:volumes"]`` is the list of volumes in this region; ``inv.everywhere(key)`` the
    same source across every scanned region of the account (for cross-region questions such as
    "is there a replica elsewhere?"). ``inv.now`` is the scan's clock, injectable for tests.
    """

    def __init__(self, inventory: Inventory, account: str, region: str, allowed: set[str] | None,
                 now: datetime, sources: Mapping[str, Source] | None = None) -> None:
        self._inv = inventory
        self._sources = sources or {}
        self.account = account
        self.region = region
        self._allowed = allowed
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)
        self.partition = partition_for(region if region != GLOBAL else (inventory.regions or ["us-east-1"])[0])

    def _guard(self, key: str) -> None:
        if self._allowed is not None and key not in self._allowed:
            raise UndeclaredSourceError(f"the check reads {key!r} but does not declare it in needs=")

    def __getitem__(self, key: str) -> list[dict]:
        self._guard(key)
        problem = self._inv.problem(key, self.account, self.region)
        if problem:
            raise SourceUnavailable([problem])
        return self._inv.data[key][(self.account, self._inv.scope_of(key, self.region))]

    def everywhere(self, key: str) -> list[dict]:
        """Items of ``key`` in every scanned region of this account; unavailable if any region failed."""
        self._guard(key)
        scopes = [self._inv.scope_of(key, r) for r in self._inv.regions]
        problems = [p for p in (self._inv.problem(key, self.account, s) for s in dict.fromkeys(scopes)) if p]
        if problems:
            raise SourceUnavailable(problems)
        data = self._inv.data.get(key, {})
        return [item for (account, _), items in sorted(data.items()) if account == self.account
                for item in items]

    def identity(self, key: str) -> Identity | None:
        source = self._sources.get(key)
        return source.identity if source is not None else None

    def live(self, key: str) -> list[dict]:
        """Items of ``key`` in this scope that still exist (not in a state the source's identity calls gone),
        sorted by resource id so results come out in a stable order."""
        items = self[key]
        ident = self.identity(key)
        if ident is None:
            return list(items)
        live = [i for i in items if ident.is_live(i)]
        return sorted(live, key=ident.id_of)

    def describe(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """Identity fields of one collected item (id, ARN, name, type), from its source's declaration.

        An item of a global source that knows its own region (an S3 bucket's ``_region``) is placed there.
        """
        key = item.get("_source")
        ident = self.identity(key) if isinstance(key, str) else None
        if ident is None:
            raise TypeError(f"cannot tell which resource this item is: its source {key!r} declares no identity; "
                            "pass the resource id instead of the item (failed('id-123', ...))")
        region = item.get("_region")
        if not isinstance(region, str) or not region:
            region = self.region
        out = ident.describe(item, account=str(item.get("_account") or self.account), region=region,
                             partition=self.partition)
        out["region"] = region if region != GLOBAL else None
        return out

    def label(self, item: Mapping[str, Any]) -> str:
        """How a message names an item: ``vol-123 (orders-data)``, its id and, when it has one, its name."""
        known = self.describe(item)
        rid, name = known.get("resource_id") or "?", known.get("name")
        return f"{rid} ({name})" if name else str(rid)

    def arn(self, service: str, resource: str, *, region: str | None = None, account: str | None = None) -> str:
        """Build an ARN for resources whose API shape has none (subnets, volumes, …)."""
        reg = self.region if region is None else region
        if reg == GLOBAL:
            reg = ""
        acct = self.account if account is None else account
        return f"arn:{self.partition}:{service}:{reg}:{acct}:{resource}"
