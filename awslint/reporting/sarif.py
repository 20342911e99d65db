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

Several accounts (an organisation scan, a merge, an inventory of several accounts; see
:func:`awslint.reporting.table.is_multi_account`): one run per account, in the order of the report's
account summaries, each with ``automationDetails.id`` ``awslint/<account>/`` (the same string a
single-account scan of that account gives, so the category is stable from one scan to the next and
GitHub opens and closes each account's alerts on their own), only that account's results, and its
own rules: those its results and notifications refer to, with the severity that account's results
carry, ``ruleIndex`` counted within the run. An account that could not be scanned (errors of kind
``account``) or was not scanned (not ACTIVE) still has its run, with the reason as a notification
and ``executionSuccessful: false``; errors that name no account (a plugin that did not load) are said
in every run. ``runs[i].properties`` carries ``account``, ``accountName``, ``accountStatus`` and the
counts of that run. A single-account report has exactly one run, as it always had (every selected
check a rule, id ``awslint/<accounts joined by +>/``).

Caveats for code scanning: GitHub rejects a file with more than ``MAX_RUNS`` (20) runs, so an
organisation of more than 20 accounts must be uploaded in pieces (one ``--shard`` or one account per
file); and a run with no results closes that category's open alerts, which for an account that could
not be scanned means its alerts close until the next scan that reaches it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from awslint import __version__
from awslint.checkapi import Check
from awslint.model import Result, ScanError, Status
from awslint.report import Report
from awslint.reporting.json_report import finite
from awslint.reporting.table import account_rows, is_multi_account

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: GitHub rejects an upload with more results than this in one run.
MAX_RESULTS = 25_000
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.1"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "warning", "info": "note"}
#: GitHub keeps at most 10 tags per rule.
MAX_TAGS = 10
#: GitHub rejects a whole upload with more runs than this in one file (one run per account: 20 accounts a file).
MAX_RUNS = 20
#: Error kinds that mean a whole account, region or plugin was not evaluated (no ERROR result marks them).
INCOMPLETE_KINDS = frozenset({"account", "region-disabled", "plugin"})


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
    """The SARIF log as a dict (``render`` serialises it); ``max_results`` is a parameter for tests.

    One run for a single-account report; one run per account for a report over several accounts or an
    organisation scan (see the module docstring).
    """
    include_suppressed = bool(getattr(options, "include_suppressed", False))
    if not is_multi_account(report):
        accounts = list(report.scan.get("accounts") or [])
        run = _run(report, report.results, report.errors, include_suppressed=include_suppressed,
                   max_results=max_results, category="+".join(accounts) or "unknown",
                   complete=report.exit_code != 3, every_rule=True,
                   properties={"accounts": accounts, "regions": list(report.scan.get("regions") or []),
                               "profile": report.scan.get("profile")})
        return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}

    rows = account_rows(report)
    known = {row.id for row in rows}
    results: dict[str, list[Result]] = {row.id: [] for row in rows}
    for r in report.results:
        results.setdefault(r.account if r.account in known else "", []).append(r)
    errors: dict[str, list[ScanError]] = {}
    shared: list[ScanError] = []  # not about one account (a plugin that did not load): said in every run
    for e in report.errors:
        if e.account:
            errors.setdefault(e.account, []).append(e)
        else:
            shared.append(e)
    global_incomplete = any(e.kind in INCOMPLETE_KINDS for e in shared)
    runs = []
    for row in rows:
        mine = [*errors.get(row.id, []), *shared]
        if row.status != "scanned" and not any(e.kind == "account" for e in mine):
            # a not-scanned (or recorded-in-error) account has no ScanError of its own: say why here
            verb = "was not scanned" if row.status == "not-scanned" else "could not be scanned"
            mine.insert(0, ScanError(f"account {row.id}{f' ({row.name})' if row.name else ''} {verb}: "
                                     f"{row.reason or row.status}", account=row.id, kind="account"))
        complete = (row.status == "scanned" and not global_incomplete
                    and not any(e.kind in INCOMPLETE_KINDS for e in mine)
                    and not any(r.status is Status.ERROR for r in results[row.id]))
        properties: dict[str, Any] = {
            "account": row.id, "accountName": row.name, "accountStatus": row.status,
            **({"accountStatusReason": row.reason} if row.reason else {}),
            "accounts": [row.id], "regions": row.regions, "profile": row.profile,
        }
        runs.append(_run(report, results[row.id], mine, include_suppressed=include_suppressed, max_results=max_results,
                         category=row.id, complete=complete, every_rule=False, properties=properties))
    if results.get(""):  # results that name no account the report knows (none do in a scan awslint wrote)
        runs.append(_run(report, results[""], shared, include_suppressed=include_suppressed, max_results=max_results,
                         category="unknown-account", complete=report.exit_code != 3, every_rule=False,
                         properties={"accounts": [], "regions": [], "profile": report.scan.get("profile")}))
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}


def _run(report: Report, results: list[Result], errors: list[ScanError], *, include_suppressed: bool,
         max_results: int, category: str, complete: bool, every_rule: bool,
         properties: dict[str, Any]) -> dict[str, Any]:
    """One run over ``results`` and ``errors``; its rules are every check of the report (``every_rule``) or
    only those its results and notifications refer to (a per-account run), indexed per run."""
    checks = sorted(report.checks, key=lambda c: c.id)
    severity_of = {r.id: r.severity.value for r in results}
    area = {c.id: c.area.lower() for c in checks}

    failures = [r for r in results if r.status is Status.FAIL]
    absent = [r for r in failures if r.baseline_state == "absent"]
    suppressed = [r for r in failures if r.suppressed and r.baseline_state != "absent"]
    kept = [r for r in failures if r.baseline_state != "absent" and (include_suppressed or not r.suppressed)]
    kept.sort(key=lambda r: (-r.severity.rank, r.id, r.account, r.region, resource_key(r)))
    truncated = max(0, len(kept) - max_results)
    kept = kept[:max_results]
    failed = [r for r in results if r.status is Status.ERROR]
    if not every_rule:
        referenced = {r.id for r in kept} | {r.id for r in failed}
        checks = [c for c in checks if c.id in referenced]
    rules = [rule(c, severity_of.get(c.id)) for c in checks]
    index = {c.id: i for i, c in enumerate(checks)}
    for r in kept:  # a custom check unknown to report.checks still gets a rule
        if r.id not in index:
            index[r.id] = len(rules)
            rules.append({"id": r.id, "name": r.check, "shortDescription": {"text": r.check},
                          "properties": {"security-severity": SECURITY_SEVERITY[r.severity.value]}})

    notifications = []
    for r in failed:
        where = f"{r.account}/{r.region}" + (f"/{r.resource_id}" if r.resource_id else "")
        notifications.append(_notification(f"{r.id} {r.check} could not be evaluated in {where}: {r.message}",
                                           "error", {"id": r.id, **({"index": index[r.id]} if r.id in index else {})},
                                           descriptor="awslint/could-not-evaluate"))
    for e in errors:
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

    invocation: dict[str, Any] = {"executionSuccessful": complete and not failed, "exitCode": report.exit_code,
                                  "toolExecutionNotifications": notifications}
    for key, field in (("startTimeUtc", "started_at"), ("endTimeUtc", "finished_at")):
        stamp = _utc(report.scan.get(field))
        if stamp:
            invocation[key] = stamp

    run: dict[str, Any] = {
        "tool": {"driver": {"name": "awslint", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        # One category per account (set), so uploads for different accounts do not close each other's alerts.
        "automationDetails": {"id": f"awslint/{category}/"},
        "invocations": [invocation],
        "results": [result(r, index.get(r.id), area=area.get(r.id, "aws")) for r in kept],
        "columnKind": "unicodeCodePoints",
        "properties": {
            **properties,
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
    return run


def render(report: Report, options=None) -> str:
    return json.dumps(finite(build(report, options)), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
