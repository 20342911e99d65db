"""The check API: one decorator and two result constructors, shared by built-in and custom checks.

A check is a pure function ``fn(inv, params)`` over collected data (see :mod:`awslint.inventory`)
that yields :func:`passed` / :func:`failed` findings. It never calls AWS: everything it reads is
declared in ``needs`` so the collector can fetch each source once for every selected check.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from awslint.errors import DefinitionError
from awslint.lessons import LESSONS
from awslint.model import PILLARS, SEVERITIES

BUILTIN_ID = re.compile(r"^[A-Z][A-Z0-9]{1,5}[0-9]{3}$")
#: Custom ids carry an organisation prefix: ``X-TAG001``, ``ACME-NET001``.
CUSTOM_ID = re.compile(r"^[A-Z][A-Z0-9]{0,15}-[A-Z][A-Z0-9]{1,5}[0-9]{3}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

_JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", tuple: "array"}


class CheckDefinitionError(DefinitionError, ValueError):
    """A check's metadata is invalid; the message says which field and why."""


def custom_id_hint(value: object) -> str:
    """Say which part of a custom id is wrong: "need a prefix" is no help to someone who wrote ACME-T001."""
    rule = "custom ids are ORG-AREA000: an organisation prefix, a dash, 2-6 area letters/digits, three digits"
    if not isinstance(value, str):
        return f"{rule}; got a {type(value).__name__}"
    if BUILTIN_ID.match(value):
        return f"{value} has the shape of a built-in id, and those are reserved: add your prefix, e.g. X-{value}"
    if value != value.upper() and CUSTOM_ID.match(value.upper()):
        return f"ids are upper case: {value.upper()!r}"
    prefix, dash, rest = value.partition("-")
    if not dash:
        return f"no organisation prefix: {rule}, e.g. X-TAG001 or ACME-NET001"
    if not re.match(r"^[A-Z][A-Z0-9]{0,15}$", prefix):
        return f"prefix {prefix!r} must be 1-16 upper-case letters/digits starting with a letter ({rule})"
    if not re.match(r"^[0-9]{3}$", rest[-3:]) or not rest[:-3]:
        return f"{rest!r} must end in exactly three digits after the area, e.g. {prefix}-NET001 ({rule})"
    return f"area {rest[:-3]!r} must be 2-6 upper-case letters/digits starting with a letter, e.g. {prefix}-NET001 ({rule})"


class CheckResultError(DefinitionError, TypeError):
    """A check returned or yielded something that is not a finding; the message names the check's file and line."""


def _findings_only(spec: Check, fn: Callable[..., Any]) -> Callable[..., Iterable[Finding]]:
    """Wrap a check function so a `return` where `yield` was meant, or a yielded non-finding, is reported
    in the author's terms and at the author's line, instead of "'Finding' object is not iterable" in engine.py."""
    code = getattr(fn, "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno}" if code else getattr(fn, "__qualname__", repr(fn))

    @functools.wraps(fn)
    def run(inv: Any, params: Any) -> Iterator[Finding]:
        out = fn(inv, params)
        if out is None or isinstance(out, Finding):
            what = "returned None" if out is None else "returned a single finding"
            raise CheckResultError(f"check {spec.id} ({where}) {what}: a check yields one finding per resource "
                                   "(`yield failed(...)`, not `return failed(...)`) or returns a list of them")
        if isinstance(out, (str, bytes, Mapping)) or not isinstance(out, Iterable):
            raise CheckResultError(f"check {spec.id} ({where}) returned a {type(out).__name__}: "
                                   "yield passed(...), failed(...) or errored(...) for each resource")
        for item in out:
            if not isinstance(item, Finding):
                frame = getattr(out, "gi_frame", None)
                line = f"{code.co_filename}:{frame.f_lineno}" if frame is not None and code else where
                raise CheckResultError(f"check {spec.id} ({line}) yielded a {type(item).__name__} "
                                       f"({item!r:.60}): yield passed(...), failed(...) or errored(...)")
            yield item
    return run


@dataclass(frozen=True)
class Param:
    """A tunable threshold of a check, settable per profile (``params: {check: {name: value}}``).

    ``schema`` is a JSON Schema fragment; when omitted it is derived from the default's type,
    which is what profile validation uses to catch a wrong type with the field's path.
    """

    default: Any
    description: str
    schema: Mapping[str, Any] | None = None

    def json_schema(self) -> dict[str, Any]:
        if self.schema is not None:
            return dict(self.schema)
        json_type = _JSON_TYPES.get(type(self.default))
        out: dict[str, Any] = {"description": self.description}
        if json_type:
            out["type"] = json_type if json_type != "integer" else "integer"
        if json_type == "array" and self.default and all(isinstance(x, str) for x in self.default):
            out["items"] = {"type": "string"}
        return out


@dataclass
class Finding:
    """What a check yields for one resource; the engine adds check, account and severity.

    ``passed`` is True (PASS), False (FAIL) or None (ERROR: the resource could not be judged,
    e.g. a field the verdict depends on is missing; never guess a PASS). ``item`` is the collected
    item the finding is about, when the check passed one: the engine reads its id, ARN, name and type
    from the source's :class:`~awslint.sources.base.Identity`, and explicit keywords win over it.
    """

    passed: bool | None
    resource_id: str | None
    message: str
    resource_arn: str | None = None
    resource_type: str | None = None
    region: str | None = None
    extra: dict = field(default_factory=dict)
    name: str | None = None
    item: Mapping[str, Any] | None = None


def tags_of(item: Mapping[str, Any]) -> dict[str, str]:
    """An item's tags as ``{key: value}``, whatever the service calls them.

    EC2, DynamoDB and most APIs use a ``Tags`` list of ``{"Key", "Value"}``; RDS uses ``TagList``;
    S3 ``get_bucket_tagging`` gives ``TagSet``; a few (Lambda, API Gateway) return a plain mapping.
    """
    for field_name in ("Tags", "TagList", "TagSet", "tags"):
        raw = item.get(field_name)
        if raw is None:
            continue
        if isinstance(raw, Mapping):
            return {str(k): str(v) for k, v in raw.items()}
        return {str(t["Key"]): str(t.get("Value", "")) for t in raw if isinstance(t, Mapping) and "Key" in t}
    return {}


def name_tag(item: Mapping[str, Any]) -> str | None:
    """The ``Name`` tag of an AWS item, if any."""
    return tags_of(item).get("Name")


def region_of_arn(arn: str | None) -> str | None:
    """The region field of an ARN; ``None`` for a bare identifier or a global ARN (IAM, S3 buckets)."""
    parts = str(arn or "").split(":")
    return (parts[3] or None) if len(parts) > 5 and parts[0] == "arn" else None


Resource = str | Mapping[str, Any]


def _finding(verdict: bool | None, resource: Resource, message: str, arn: str | None, resource_type: str | None,
             region: str | None, name: str | None, extra: dict[str, Any]) -> Finding:
    if isinstance(resource, Mapping):
        return Finding(verdict, None, message, arn, resource_type, region, extra, name, item=resource)
    return Finding(verdict, resource, message, arn, resource_type, region, extra, name)


def passed(resource: Resource, message: str, *, arn: str | None = None, resource_type: str | None = None,
           region: str | None = None, name: str | None = None, **extra: Any) -> Finding:
    """The resource follows the practice. The message says why, so ``--show-passed`` is informative.

    ``resource`` is the collected item itself (its source's identity gives id, ARN, name and type) or,
    for things that are not items of a source (a listener, a record set), the resource id with keywords.
    """
    return _finding(True, resource, message, arn, resource_type, region, name, extra)


def errored(resource: Resource, message: str, *, arn: str | None = None, resource_type: str | None = None,
            region: str | None = None, name: str | None = None, **extra: Any) -> Finding:
    """The resource cannot be judged (data missing or contradictory): an ERROR result, never a guess."""
    return _finding(None, resource, message, arn, resource_type, region, name, extra)


def failed(resource: Resource, message: str, *, arn: str | None = None, resource_type: str | None = None,
           region: str | None = None, name: str | None = None, **extra: Any) -> Finding:
    """The resource departs from the practice. Name the resource, the fact and the fix."""
    return _finding(False, resource, message, arn, resource_type, region, name, extra)


@dataclass
class Check:
    """A check's metadata plus its function. Validated by :meth:`validate` before registration."""

    id: str
    name: str
    title: str
    severity: str
    needs: tuple[str, ...]
    lesson: str
    pillars: tuple[str, ...]
    remediation: str
    references: tuple[str, ...] = ()
    rationale: str = ""
    resource_type: str = ""
    evaluates: str = ""
    config_rule: str | None = None
    security_hub: str | None = None
    params: Mapping[str, Param] = field(default_factory=dict)
    fn: Callable[..., Iterable[Finding]] | None = None
    origin: str = "builtin"
    module: str = ""

    @property
    def area(self) -> str:
        """The id's area prefix (``NET`` for ``NET001``, ``S3`` for ``S3001``, ``ACME-NET`` for ``ACME-NET001``)."""
        return self.id[:-3]

    @property
    def builtin(self) -> bool:
        return self.origin == "builtin"

    def default_params(self) -> dict[str, Any]:
        return {k: p.default for k, p in self.params.items()}

    def validate(self) -> None:
        """Raise :class:`CheckDefinitionError` naming the first bad field."""
        def bad(field_name: str, why: str) -> CheckDefinitionError:
            return CheckDefinitionError(f"check {self.id or self.name or '?'}: {field_name}: {why}")

        id_pattern = BUILTIN_ID if self.builtin else CUSTOM_ID
        if not isinstance(self.id, str) or not id_pattern.match(self.id):
            hint = ("built-in ids are an area prefix and three digits, e.g. NET001" if self.builtin else
                    custom_id_hint(self.id))
            raise bad("id", f"{self.id!r} is not a valid id ({hint})")
        if not isinstance(self.name, str) or not NAME.match(self.name):
            raise bad("name", f"{self.name!r} must be kebab-case, e.g. nat-gateway-per-az")
        for attr in ("title", "lesson", "remediation"):
            value = getattr(self, attr)
            if not isinstance(value, str) or not value.strip():
                raise bad(attr, "is required and must be a non-empty string")
        if self.builtin and self.lesson not in LESSONS:
            raise bad("lesson", f"{self.lesson!r} is not one of awslint.lessons.Lesson")
        if self.severity not in SEVERITIES:
            raise bad("severity", f"{self.severity!r} is not one of {', '.join(SEVERITIES)}")
        if isinstance(self.needs, str) or not self.needs:
            raise bad("needs", "must be a non-empty tuple of source keys such as ('ec2:volumes',)")
        if isinstance(self.pillars, str) or not self.pillars:
            raise bad("pillars", f"must be a non-empty tuple drawn from {', '.join(PILLARS)}")
        for pillar in self.pillars:
            if pillar not in PILLARS:
                raise bad("pillars", f"{pillar!r} is not one of {', '.join(PILLARS)}")
        if isinstance(self.references, str):
            raise bad("references", "must be a tuple of URLs or rule names, not a single string")
        for name, param in self.params.items():
            if not PARAM_NAME.match(name):
                raise bad(f"params.{name}", "parameter names are snake_case")
            if not isinstance(param, Param):
                raise bad(f"params.{name}", "must be declared with awslint.Param(default, description)")
        if not callable(self.fn):
            raise bad("fn", "the decorated object must be a function")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "title": self.title, "severity": self.severity,
            "area": self.area, "pillars": list(self.pillars), "lesson": self.lesson,
            "rationale": self.rationale, "evaluates": self.evaluates, "remediation": self.remediation,
            "references": list(self.references), "config_rule": self.config_rule,
            "security_hub": self.security_hub, "needs": list(self.needs), "resource_type": self.resource_type,
            "params": {k: {"default": p.default, "description": p.description} for k, p in self.params.items()},
            "origin": self.origin,
        }


CHECK_ATTR = "__awslint_check__"


def check(*, id: str, name: str, title: str, severity: str, needs: Iterable[str], lesson: str,
          pillars: Iterable[str], remediation: str, references: Iterable[str] = (), rationale: str = "",
          resource_type: str = "", evaluates: str = "", config_rule: str | None = None,
          security_hub: str | None = None, params: Mapping[str, Param] | None = None) -> Callable:
    """Declare a check. The function receives ``(inv, params)`` and yields findings.

    Validation happens when the check is registered, so that one bad check in a plugin is
    reported with its file and the rest of the plugin still loads.
    """
    def decorate(fn: Callable) -> Callable:
        # A single string is an Iterable[str] too, but it is a mistake: it is kept as it is (not split into
        # characters) so that Check.validate() reports it when the check is registered, with its file.
        refs = cast(tuple[str, ...], references) if isinstance(references, str) else tuple(references)
        spec = Check(
            id=id, name=name, title=title, severity=severity,
            needs=(needs,) if isinstance(needs, str) else tuple(needs),
            lesson=lesson, pillars=(pillars,) if isinstance(pillars, str) else tuple(pillars),
            remediation=remediation, references=refs, rationale=rationale or (fn.__doc__ or "").strip().split("\n\n")[0],
            resource_type=resource_type, evaluates=evaluates, config_rule=config_rule,
            security_hub=security_hub, params=dict(params or {}), fn=fn, module=fn.__module__,
            origin="builtin" if fn.__module__.startswith("awslint.checks.") else "custom",
        )
        if callable(fn):
            spec.fn = _findings_only(spec, fn)
        setattr(fn, CHECK_ATTR, spec)
        return fn
    return decorate
