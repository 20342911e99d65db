"""SARIF 2.1.0 for code-scanning systems (GitHub code scanning first of all).

GitHub rejects a whole upload when one result breaks its rules, so every result here has:

- a ``physicalLocation`` whose ``artifactLocation.uri`` is a relative, percent-encoded pseudo-path
  without a scheme (``aws/<account>/<region>/<service>/<resource-id>``) and ``region.startLine: 1``:
  an AWS resource is not a file, but code scanning needs a file-like location to show an alert;
- the ARN in ``logicalLocations[].fullyQualifiedName`` (kind ``resource``) and in the message;
- ``partialFingerprints.primaryLocationLineHash``: a hash of the check id and the ARN (else
  account/region/resource id), so an alert keeps its identity across scans and closes when fixed.

Severity mapping (``properties.security-severity`` on rules; GitHub reads it as critical > 9.0,
high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9) and the result ``level``:

======== ================= =======
severity security-severity level
======== ================= =======
critical 9.5               error
high     8.0               error
medium   5.5               warning
low      3.0               warning
info     0.1               note
======== ================= =======

What is left out, and why (each is counted in ``runs[0].properties`` and said in a notification):
PASS results (code scanning treats every result as an alert, whatever its ``kind``); suppressed
findings unless ``--sarif-include-suppressed`` (GitHub ignores ``suppressions`` and would open an
alert); baseline findings that are ``absent`` (fixed: GitHub closes an alert by its absence);
results beyond 25,000 per run (GitHub's hard limit; the least severe go first). ERROR results are
``toolExecutionNotifications`` in ``invocations``, not results: they are not findings.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from awslint import __version__
from awslint.checkapi import Check
from awslint.model import Result, Status
from awslint.report import Report

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: GitHub rejects an upload with more results than this in one run.
MAX_RESULTS = 25_000
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.1"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "warning", "info": "note"}
#: GitHub keeps at most 10 tags per rule.
MAX_TAGS = 10


# -- identity helpers, shared with the junit and gitlab writers ---------------------------------
def resource_key(r: Result) -> str:
    """The resource part of a result's identity: its ARN, else account/region/resource id."""
    return r.key[1]


def fingerprint(r: Result) -> str:
    """Stable across scans for the same check and resource, different for different ones."""
    check_id, resource = r.key
    return hashlib.sha256(f"{check_id}\x1f{resource}".encode()).hexdigest()[:32]


def service_of(r: Result, fallback: str = "aws") -> str:
    """The AWS service for the pseudo-path: from the ARN, else the CloudFormation type, else ``fallback``."""
    if r.resource_arn and r.resource_arn.startswith("arn:"):
        parts = r.resource_arn.split(":", 5)
        if len(parts) > 2 and parts[2]:
            return parts[2]
    if r.resource_type:
        parts = r.resource_type.split("::")
        if len(parts) == 3 and parts[1]:
            return parts[1].lower()
    return fallback or "aws"


def pseudo_path(r: Result, fallback_service: str = "aws") -> str:
    """``aws/<account>/<region>/<service>/<resource-id>``, every segment percent-encoded (``/`` too).

    Relative and scheme-less because GitHub rejects absolute URIs outside the repository; one
    segment per part so that a resource id containing ``/`` or ``:`` cannot change the shape.
    """
    resource = r.resource_id or f"{r.check}-scope"
    segments = [r.account or "unknown-account", r.region or "unknown-region", service_of(r, fallback_service), resource]
    return "aws/" + "/".join(quote(s, safe="") or "-" for s in segments)


def _text_with_arn(r: Result) -> str:
    if r.resource_arn and r.resource_arn not in r.message:
        return f"{r.message} [{r.resource_arn}]"
    return r.message


# -- rules --------------------------------------------------------------------------------------
def _help_text(c: Check) -> str:
    parts = [c.title]
    if c.rationale:
        parts.append(f"Why: {c.rationale}")
    if c.evaluates:
        parts.append(f"Evaluates: {c.evaluates}")
    parts.append(f"Remediation: {c.remediation}")
    parts.append(f"Lesson: {c.lesson}")
    if c.config_rule:
        parts.append(f"AWS Config rule: {c.config_rule}")
    if c.security_hub:
        parts.append(f"Security Hub control: {c.security_hub}")
    if c.references:
        parts.append("References: " + " ".join(c.references))
    return "\n\n".join(parts)


def _md(text: str) -> str:
    """Placeholders such as ``<rtb-id>`` would be swallowed as HTML tags by markdown renderers."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _help_markdown(c: Check) -> str:
    parts = [f"**{_md(c.title)}**"]
    if c.rationale:
        parts.append(f"**Why it matters.** {_md(c.rationale)}")
    if c.evaluates:
        parts.append(f"**What is evaluated.** {_md(c.evaluates)}")
    parts.append(f"**Remediation.** {_md(c.remediation)}")
    parts.append(f"**Lesson.** {_md(c.lesson)}")
    related = []
    if c.config_rule:
        related.append(f"AWS Config managed rule `{c.config_rule}`")
    if c.security_hub:
        related.append(f"Security Hub control `{c.security_hub}`")
    if related:
        parts.append("**Related.** " + "; ".join(related) + ".")
    if c.references:
        parts.append("**References.**\n" + "\n".join(f"- <{ref}>" for ref in c.references))
    parts.append(f"Check `{c.id}` / `{c.name}`: run `awslint checks show {c.name}` for details.")
    return "\n\n".join(parts)


def rule(c: Check, severity: str | None = None) -> dict[str, Any]:
    """A reportingDescriptor from check metadata (``severity``: the effective one, after profiles)."""
    severity = severity or c.severity
    tags = [*c.pillars, c.area.lower(), "aws"]
    out: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": c.rationale or c.title},
        "help": {"text": _help_text(c), "markdown": _help_markdown(c)},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "tags": list(dict.fromkeys(tags))[:MAX_TAGS],
            "precision": "very-high",
            "problem.severity": {"error": "error", "warning": "warning", "note": "recommendation"}[LEVEL[severity]],
            "awslint-severity": severity,
            "lesson": c.lesson,
        },
    }
    if c.references:
        out["helpUri"] = c.references[0]
    return out


# -- results ------------------------------------------------------------------------------------
def result(r: Result, rule_index: int | None, *, area: str = "aws") -> dict[str, Any]:
    # The real ARN when there is one (a Route 53 record carries its zone's ARN; its own id is ``name``).
    logical: dict[str, Any] = {"kind": "resource", "fullyQualifiedName": r.resource_arn or resource_key(r)}
    if r.resource_id:
        logical["name"] = r.resource_id
    out: dict[str, Any] = {
        "ruleId": r.id,
        "level": LEVEL[r.severity.value],
        "kind": "fail",
        "message": {"text": _text_with_arn(r)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": pseudo_path(r, area)},
                "region": {"startLine": 1},
            },
            "logicalLocations": [logical],
        }],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint(r)},
        "properties": {
            "severity": r.severity.value,
            "account": r.account,
            "region": r.region,
            **({"resourceType": r.resource_type} if r.resource_type else {}),
            **({"resourceName": r.resource_name} if r.resource_name else {}),
            **({"resourceArn": r.resource_arn} if r.resource_arn else {}),
        },
    }
    if rule_index is not None:
        out["ruleIndex"] = rule_index
    if r.baseline_state in ("new", "unchanged", "absent"):
        out["baselineState"] = r.baseline_state
    if r.suppressed:
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
        if r.suppression_reason:
            suppression["justification"] = r.suppression_reason
        out["suppressions"] = [suppression]
    return out


def _utc(stamp: str | None) -> str | None:
    """SARIF wants UTC date-times ending in Z."""
    if not stamp:
        return None
    try:
        parsed = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.isoformat(timespec="milliseconds") + "Z"


def _notification(text: str, level: str, rule_ref: dict | None = None, descriptor: str | None = None) -> dict:
    out: dict[str, Any] = {"level": level, "message": {"text": text}}
    if descriptor:
        out["descriptor"] = {"id": descriptor}
    if rule_ref:
        out["associatedRule"] = rule_ref
    return out


def build(report: Report, options=None, *, max_results: int = MAX_RESULTS) -> dict[str, Any]:
    """The SARIF log as a dict (``render`` serialises it); ``max_results`` is a parameter for tests."""
    include_suppressed = bool(getattr(options, "include_suppressed", False))
    checks = sorted(report.checks, key=lambda c: c.id)
    severity_of = {r.id: r.severity.value for r in report.results}
    rules = [rule(c, severity_of.get(c.id)) for c in checks]
    index = {c.id: i for i, c in enumerate(checks)}
    area = {c.id: c.area.lower() for c in checks}

    failures = [r for r in report.results if r.status is Status.FAIL]
    absent = [r for r in failures if r.baseline_state == "absent"]
    suppressed = [r for r in failures if r.suppressed and r.baseline_state != "absent"]
    kept = [r for r in failures if r.baseline_state != "absent" and (include_suppressed or not r.suppressed)]
    kept.sort(key=lambda r: (-r.severity.rank, r.id, r.account, r.region, resource_key(r)))
    truncated = max(0, len(kept) - max_results)
    kept = kept[:max_results]
    for r in kept:  # a custom check unknown to report.checks still gets a rule
        if r.id not in index:
            index[r.id] = len(rules)
            rules.append({"id": r.id, "name": r.check, "shortDescription": {"text": r.check},
                          "properties": {"security-severity": SECURITY_SEVERITY[r.severity.value]}})

    notifications = []
    for r in report.results:
        if r.status is Status.ERROR:
            where = f"{r.account}/{r.region}" + (f"/{r.resource_id}" if r.resource_id else "")
            notifications.append(_notification(f"{r.id} {r.check} could not be evaluated in {where}: {r.message}",
                                               "error", {"id": r.id, **({"index": index[r.id]} if r.id in index else {})},
                                               descriptor="awslint/could-not-evaluate"))
    for e in report.errors:
        if not e.check:  # check-related errors are the ERROR results above
            notifications.append(_notification(e.message, "warning", descriptor=f"awslint/{e.kind}"))
    if truncated:
        notifications.append(_notification(
            f"{truncated} results were left out: a SARIF run holds at most {max_results} results for GitHub code "
            "scanning; the least severe were dropped. Use the JSON report for the full list.", "warning",
            descriptor="awslint/truncated"))
    if suppressed and not include_suppressed:
        notifications.append(_notification(
            f"{len(suppressed)} suppressed findings are not listed (use --sarif-include-suppressed to keep them "
            "with a suppressions entry).", "note", descriptor="awslint/suppressed-omitted"))
    if absent:
        notifications.append(_notification(
            f"{len(absent)} findings of the baseline are absent from this scan (fixed or resource removed); "
            "they are not listed as results, so code scanning closes their alerts.", "note",
            descriptor="awslint/baseline-absent"))

    complete = not any(r.status is Status.ERROR for r in report.results) and report.exit_code != 3
    invocation: dict[str, Any] = {"executionSuccessful": complete, "exitCode": report.exit_code,
                                  "toolExecutionNotifications": notifications}
    for key, field in (("startTimeUtc", "started_at"), ("endTimeUtc", "finished_at")):
        stamp = _utc(report.scan.get(field))
        if stamp:
            invocation[key] = stamp

    accounts = list(report.scan.get("accounts") or [])
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "awslint", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        # One category per account set, so uploads for different accounts do not close each other's alerts.
        "automationDetails": {"id": f"awslint/{'+'.join(accounts) or 'unknown'}/"},
        "invocations": [invocation],
        "results": [result(r, index.get(r.id), area=area.get(r.id, "aws")) for r in kept],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "accounts": accounts,
            "regions": list(report.scan.get("regions") or []),
            "profile": report.scan.get("profile"),
            "failOn": report.fail_on,
            "failures": len(failures) - len(absent),
            "resultsOmittedSuppressed": 0 if include_suppressed else len(suppressed),
            "resultsOmittedAbsent": len(absent),
            "resultsTruncated": truncated,
            "maxResults": max_results,
        },
    }
    if report.scan.get("baseline"):
        run["properties"]["baseline"] = report.scan["baseline"]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, options=None) -> str:
    return json.dumps(build(report, options), indent=2, ensure_ascii=False) + "\n"
