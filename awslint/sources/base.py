"""Declarative resource sources: what to fetch from AWS, never how a check judges it.

A :class:`Source` names one read-only list/describe operation and where its items are in the
response. The collector fetches each source once per account and region (or once per account
for global services), following pagination, and keeps the raw boto3 shapes so check authors
read the AWS API reference and nothing else. Per-item details that need a second call (a
DynamoDB table's backups, an S3 bucket's replication) are :class:`FollowUp` calls.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from awslint.errors import DefinitionError

#: Operations a source may call. awslint never changes an account, so anything that is not a
#: Describe/List/Get-style read is refused when the source is declared.
READ_ONLY_OPERATION = re.compile(r"^(describe|list|get|batch_get)_[a-z0-9_]+$")
SOURCE_KEY = re.compile(r"^[a-z0-9-]+:[a-z0-9_]+$")


class SourceDefinitionError(DefinitionError, ValueError):
    """A source declaration is invalid (bad key, or an operation that is not read-only)."""


def ensure_read_only(operation: str, where: str) -> None:
    if not READ_ONLY_OPERATION.match(operation):
        raise SourceDefinitionError(
            f"{where}: operation {operation!r} is not read-only; sources may only call "
            "describe_*, list_*, get_* or batch_get_* operations (boto3 snake_case names)")


#: A way to read one value off an item: a dotted field path (``State.Name``), ``tag:KEY`` for a tag, an ARN
#: template with ``{partition}``, ``{region}``, ``{account}``, ``{id}`` (the resolved resource id) and ``{Field}``
#: placeholders, or a function.
Getter = str | Callable[[Mapping[str, Any]], Any]
_FIELDS = string.Formatter()


def _read(item: Mapping[str, Any], how: Getter | tuple[Getter, ...] | None, context: Mapping[str, str]) -> Any:
    """The first of ``how``'s alternatives that yields a value; ``None`` when none does."""
    if how is None:
        return None
    for way in how if isinstance(how, tuple) else (how,):
        value = _read_one(item, way, context)
        if value not in (None, ""):
            return value
    return None


def _read_one(item: Mapping[str, Any], way: Getter, context: Mapping[str, str]) -> Any:
    if callable(way):
        return way(item)
    if "{" in way:  # a template: every placeholder must resolve, or the template does not apply
        values: dict[str, Any] = {}
        for _, name, _, _ in _FIELDS.parse(way):
            if name is None:
                continue
            value = context.get(name) if name in context else _read_one(item, name, context)
            if value in (None, ""):
                return None
            values[name] = value
        return way.format(**values)
    if way.startswith("tag:"):
        from awslint.checkapi import tags_of
        return tags_of(item).get(way[4:])
    node: Any = item
    for part in way.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


@dataclass(frozen=True)
class Identity:
    """What an item of a source *is*: how to read its id, ARN, display name, CloudFormation type and state.

    This is the role Cloud Custodian's ``TypeInfo`` plays: declared once per source, so a check
    writes ``failed(item, message)`` and iterates ``inv.live(key)`` instead of rebuilding ARNs and
    re-listing "gone" states in every module. Each getter is a dotted field path, ``tag:Name``, an ARN
    template (``arn:{partition}:ec2:{region}:{account}:volume/{VolumeId}``), a function of the item,
    or a tuple of those tried in order (a field AWS returns, then a template for shapes that omit it).

    - ``id``: the resource id in results, baselines and suppressions (required).
    - ``arn``: the ARN; results without one are keyed by account/region/id.
    - ``name``: a human label (a Name tag, a name field); ``None`` when the resource has none.
    - ``type``: the CloudFormation resource type (a string, or a function when one API lists several kinds).
    - ``state`` and ``gone``: where the lifecycle state is, and the states (compared case-insensitively) in
      which the resource is going away or never came up; ``inv.live(key)`` leaves those out.
    - ``keep``: a predicate an item must also meet to be live (e.g. "not a member of a cluster"), for
      conditions a state string cannot express.
    """

    id: Getter | tuple[Getter, ...]
    arn: Getter | tuple[Getter, ...] | None = None
    name: Getter | tuple[Getter, ...] | None = None
    type: str | Callable[[Mapping[str, Any]], str] = ""
    state: Getter | None = None
    gone: tuple[str, ...] = ()
    keep: Callable[[Mapping[str, Any]], bool] | None = None

    def is_live(self, item: Mapping[str, Any]) -> bool:
        if self.keep is not None and not self.keep(item):
            return False
        if self.state is None or not self.gone:
            return True
        state = _read(item, self.state, {})
        return str(state or "").lower() not in {g.lower() for g in self.gone}

    def id_of(self, item: Mapping[str, Any]) -> str:
        """The item's resource id alone (what ``inv.live`` sorts by), without building ARNs or names."""
        rid = _read(item, self.id, {})
        return "" if rid is None else str(rid)

    def describe(self, item: Mapping[str, Any], *, account: str, region: str, partition: str) -> dict[str, Any]:
        """``{"resource_id", "resource_arn", "name", "resource_type"}`` of one item in one account and region."""
        context = {"account": account, "region": "" if region == "global" else region, "partition": partition}
        rid = _read(item, self.id, context)
        if rid is not None:
            context["id"] = str(rid)  # templates may use the resolved id: "arn:{partition}:route53:::hostedzone/{id}"
        return {
            "resource_id": None if rid is None else str(rid),
            "resource_arn": _read(item, self.arn, context),
            "name": _read(item, self.name, context),
            "resource_type": self.type(item) if callable(self.type) else self.type or None,
        }


@dataclass(frozen=True)
class FollowUp:
    """One extra read per item, stored on the item under ``store_as``.

    ``params`` maps the item to the call's arguments, or to ``None`` to skip the call and store
    ``None`` (e.g. when an earlier follow-up found the resource already gone). ``result_key`` is a JMESPath expression
    into the response (whole response when omitted). Error codes in ``missing`` mean "not
    configured" (e.g. ``ReplicationConfigurationNotFoundError``) and store ``None``, so a check
    can tell "absent" from "not collected". Any other error fails the source for that region,
    and the checks that need it report ERROR instead of guessing.
    """

    operation: str
    params: Callable[[dict], dict | None]
    store_as: str
    result_key: str | None = None
    missing: tuple[str, ...] = ()
    paginate: bool = False
    service: str | None = None
    region_from: Callable[[dict], str | None] | None = None
    #: Follow-ups applied to each dict of this follow-up's list result (e.g. an EventBridge bus's
    #: rules, then each rule's targets), because some APIs only list children of a child.
    follow_ups: tuple[FollowUp, ...] = ()

    def __post_init__(self) -> None:
        ensure_read_only(self.operation, f"follow-up {self.store_as}")


@dataclass(frozen=True)
class Source:
    """A list of resources of one kind, e.g. ``Source("ec2:volumes", "ec2", "describe_volumes", "Volumes")``.

    - ``result_key``: JMESPath into each page (``Reservations[].Instances[]`` works).
    - ``scope``: ``regional`` or ``global`` (IAM, CloudFront, Route 53, S3 bucket list).
    - ``params``: fixed arguments for the call.
    - ``wrap``: for APIs that list bare names (``dynamodb.list_tables``), the key to wrap each in.
    - ``redact``: dotted paths removed from every item before it is stored (secrets such as a
      Lambda function's environment values never reach the inventory, a report or a file).
    - ``missing``: error codes meaning "this service holds nothing here" (stored as an empty list).
    - ``identity``: what an item is (:class:`Identity`): id, ARN, name, CloudFormation type, gone states.
    """

    key: str
    service: str
    operation: str
    result_key: str
    scope: str = "regional"
    params: Mapping[str, Any] = field(default_factory=dict)
    paginate: bool = True
    follow_ups: tuple[FollowUp, ...] = ()
    wrap: str | None = None
    redact: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    description: str = ""
    origin: str = "builtin"
    identity: Identity | None = None

    def __post_init__(self) -> None:
        if not SOURCE_KEY.match(self.key):
            raise SourceDefinitionError(f"source {self.key!r}: keys look like 'service:plural_noun'")
        if self.scope not in ("regional", "global"):
            raise SourceDefinitionError(f"source {self.key}: scope must be 'regional' or 'global'")
        ensure_read_only(self.operation, f"source {self.key}")

    @property
    def is_global(self) -> bool:
        return self.scope == "global"

    def same_definition(self, other: Source) -> bool:
        return (self.service, self.operation, self.result_key, self.scope, dict(self.params)) == (
            other.service, other.operation, other.result_key, other.scope, dict(other.params))
