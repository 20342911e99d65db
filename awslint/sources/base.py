"""Declarative resource sources: what to fetch from AWS, never how a check judges it.

A :class:`Source` names one read-only list/describe operation and where its items are in the
response. The collector fetches each source once per account and region (or once per account
for global services), following pagination, and keeps the raw boto3 shapes so check authors
read the AWS API reference and nothing else. Per-item details that need a second call (a
DynamoDB table's backups, an S3 bucket's replication) are :class:`FollowUp` calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Operations a source may call. awslint never changes an account, so anything that is not a
#: Describe/List/Get-style read is refused when the source is declared.
READ_ONLY_OPERATION = re.compile(r"^(describe|list|get|batch_get)_[a-z0-9_]+$")
SOURCE_KEY = re.compile(r"^[a-z0-9-]+:[a-z0-9_]+$")


class SourceDefinitionError(ValueError):
    """A source declaration is invalid (bad key, or an operation that is not read-only)."""


def ensure_read_only(operation: str, where: str) -> None:
    if not READ_ONLY_OPERATION.match(operation):
        raise SourceDefinitionError(
            f"{where}: operation {operation!r} is not read-only; sources may only call "
            "describe_*, list_*, get_* or batch_get_* operations (boto3 snake_case names)")


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
