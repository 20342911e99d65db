"""Evaluation: run each selected check as a pure function over the Inventory.

A check runs once per scope: every (account, region) when it needs any regional source, or
once per account when it needs only global ones. If it reads a source that failed in that
scope, it yields one ERROR for the scope instead of running on partial data, because a check
that sees an empty list where the API said AccessDenied would report a false PASS. A failed
source the check never reads (nothing to judge there) costs nothing.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from awslint.checkapi import Check, CheckDefinitionError, Finding
from awslint.inventory import GLOBAL, Inventory, ScopeView, SourceUnavailable, UndeclaredSourceError
from awslint.model import Result, ScanError, Severity, Status
from awslint.sources.base import Source


def scopes_for(check: Check, inv: Inventory, account: str) -> list[str]:
    if all(key in inv.global_sources for key in check.needs):
        return [GLOBAL]
    return list(inv.regions)


def evaluate(checks: Iterable[Check], inv: Inventory, *, params: Mapping[str, Mapping[str, Any]] | None = None,
             severities: Mapping[str, str] | None = None, now: datetime | None = None,
             debug: bool = False, sources: Mapping[str, Source] | None = None) -> tuple[list[Result], list[ScanError]]:
    """Run the checks; return results (PASS/FAIL/ERROR) and the errors behind every ERROR."""
    results: list[Result] = []
    errors: list[ScanError] = []
    params = params or {}
    severities = severities or {}
    for spec in checks:
        # Settings hold every chosen check's effective severity and parameters; the fallbacks serve callers that
        # evaluate a check alone (the testing kit) and give only what they change.
        severity = Severity(severities.get(spec.id, spec.severity))
        effective = {**spec.default_params(), **(params.get(spec.id) or {})}
        fn = spec.fn
        if fn is None:  # Check.validate() refuses this at registration; a hand-built Check may still lack one
            raise CheckDefinitionError(f"check {spec.id} has no function")
        for account in inv.accounts:
            for scope in scopes_for(spec, inv, account):
                view = inv.view(account, scope, allowed=spec.needs, now=now, sources=sources)
                try:
                    converted = [_to_result(spec, severity, account, scope, f, view) for f in fn(view, effective)]
                except SourceUnavailable as exc:
                    # Only now, because the check needed the data: partial results are dropped, since a
                    # verdict computed without part of its evidence could be a false PASS.
                    for key, src_scope, err in exc.problems:
                        errors.append(ScanError(err, check=spec.name, source=key, region=src_scope, account=account))
                    results.append(_error(spec, severity, account, scope, f"could not evaluate: {exc}"))
                    continue
                except UndeclaredSourceError as exc:
                    errors.append(ScanError(f"check bug: {exc}", check=spec.name, region=scope, account=account))
                    results.append(_error(spec, severity, account, scope, f"check bug: {exc}"))
                    continue
                except Exception as exc:  # a broken check never crashes a scan
                    where = traceback.extract_tb(exc.__traceback__)[-1]
                    msg = f"check raised {type(exc).__name__}: {exc} ({where.filename}:{where.lineno})"
                    if debug:
                        msg += "\n" + traceback.format_exc()
                    errors.append(ScanError(msg, check=spec.name, region=scope, account=account))
                    results.append(_error(spec, severity, account, scope, msg))
                    continue
                results.extend(converted)
    return results, errors


def _error(spec: Check, severity: Severity, account: str, region: str, message: str) -> Result:
    return Result(check=spec.name, id=spec.id, status=Status.ERROR, severity=severity, account=account,
                  region=region, message=message)


def _to_result(spec: Check, severity: Severity, account: str, scope: str, finding: Finding,
               view: ScopeView) -> Result:
    if not isinstance(finding, Finding):
        raise TypeError(f"check {spec.id} yielded {type(finding).__name__}; yield passed(...) or failed(...)")
    # Identity comes from the item's source; what the check states explicitly wins.
    known = view.describe(finding.item) if finding.item is not None else {}
    return Result(
        check=spec.name, id=spec.id,
        status=Status.ERROR if finding.passed is None else Status.PASS if finding.passed else Status.FAIL,
        severity=severity, account=account, region=finding.region or known.get("region") or scope,
        message=finding.message,
        resource_type=finding.resource_type or known.get("resource_type") or spec.resource_type or None,
        resource_id=finding.resource_id or known.get("resource_id"),
        resource_arn=finding.resource_arn or known.get("resource_arn"),
        resource_name=finding.name or known.get("name"), extra=dict(finding.extra),
    )


def exit_code(results: Iterable[Result], fail_on: str, *, allow_incomplete: bool = False,
              incomplete: bool = False) -> int:
    """DESIGN.md's contract: 1 on an unsuppressed FAIL at/above fail_on, else 3 if incomplete, else 0."""
    results = list(results)
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        for r in results:
            if (r.status is Status.FAIL and not r.suppressed and r.severity.rank >= threshold
                    and r.baseline_state in (None, "new")):
                return 1
    if (incomplete or any(r.status is Status.ERROR for r in results)) and not allow_incomplete:
        return 3
    return 0
