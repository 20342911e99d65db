"""AWS Lambda handlers for the Step Functions organisation scanner (``deploy/aws/scanner.yaml``).

Three small handlers, one per step of the state machine:

- :func:`list_accounts`: the ACTIVE accounts of the organisation (``organizations:ListAccounts``, paged).
- :func:`scan_account`: ``awslint scan --account ID --role-name ...`` for one account, in-process; the JSON
  report goes to ``s3://$REPORT_BUCKET/$REPORT_PREFIX/<run>/accounts/<id>.json``. It never raises: a crash, a
  usage error or a ``SystemExit`` comes back as a small dict with ``error`` set, so the Distributed Map records
  the account instead of losing it.
- :func:`merge_reports`: ``awslint merge`` of every account's report (an account with no report, because its
  scan crashed or timed out, gets a one-error report saying why), uploaded next to them as ``awslint.json``,
  ``awslint.sarif`` and ``awslint.md``, and a short summary for the SNS message.

Configuration comes from the Lambda environment (set by the template): ``REPORT_BUCKET``, ``REPORT_PREFIX``
(default ``awslint``), ``ROLE_NAME`` (default ``awslint-readonly``), ``EXTERNAL_ID``, ``REGIONS`` and
``LINT_PROFILE`` (scan), ``EXCLUDE_ACCOUNTS`` (list), ``FAIL_ON`` (merge: overrides the lint profile's
``fail_on`` for the organisation's exit code). The scanned accounts are only read;
the only writes are the reports to the report bucket. Nothing returned or logged contains the external id.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3

from awslint import __version__

log = logging.getLogger("awslint.aws_lambda")
log.setLevel(logging.INFO)

ACCOUNT_ID = re.compile(r"^\d{12}$")
SEVERITIES = ("critical", "high", "medium", "low", "info")
MERGED = {"json": "awslint.json", "sarif": "awslint.sarif", "markdown": "awslint.md"}
#: Step Functions passes at most 256 KB between states and SNS subjects are at most 100 ASCII characters.
MAX_ERROR_CHARS = 500
MAX_SUBJECT_CHARS = 100


# ---------------------------------------------------------------------------------------------------- handlers

def list_accounts(event: dict[str, Any] | None = None, context: Any = None) -> dict[str, Any]:
    """``{"accounts": [{"id", "name"}, ...]}``: the organisation's ACTIVE accounts, sorted by id, less
    ``event["exclude"]`` (ids, a list or a comma-separated string) and ``$EXCLUDE_ACCOUNTS``.

    Runs in the management or a delegated-administrator account (``organizations:ListAccounts``)."""
    event = event or {}
    excluded = set(_ids(event.get("exclude"))) | set(_ids(os.environ.get("EXCLUDE_ACCOUNTS")))
    client = boto3.client("organizations")
    accounts = []
    for page in client.get_paginator("list_accounts").paginate():
        for account in page["Accounts"]:
            # ``State`` replaces the deprecated ``Status``; both say ACTIVE for an account that can be scanned
            if (account.get("State") or account.get("Status")) == "ACTIVE" and account["Id"] not in excluded:
                accounts.append({"id": account["Id"], "name": account.get("Name", "")})
    accounts.sort(key=lambda a: a["id"])
    log.info("listed %d ACTIVE account(s) (%d excluded)", len(accounts), len(excluded))
    return {"accounts": accounts}


def scan_account(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Scan one account and upload its JSON report; never raises.

    ``event``: ``{"account": {"id": "123456789012", "name": "..."}, "run": "<execution name>"}``, optionally
    ``"regions": [...]`` and ``"profile": "<lint profile>"`` (defaults: ``$REGIONS``, ``$LINT_PROFILE``).

    Returns ``{"account", "name", "key", "exit_code", "failed", "failed_by_severity", "errors", "error"}``: ``key``
    is the report's S3 key (``None`` when no report was written), ``exit_code`` awslint's (0, 1 or 3 with a
    report; 2 for a usage or credentials error; 70 for a crash), ``errors`` the ERROR results plus the
    account-level errors, ``error`` why there is no report, or why the account could not be scanned (its role
    could not be assumed: the report says so), else ``None``.
    """
    started = time.monotonic()
    account = event.get("account") if isinstance(event, dict) else None
    account = account if isinstance(account, dict) else {"id": account}
    outcome: dict[str, Any] = {"account": str(account.get("id") or ""), "name": str(account.get("name") or ""),
                               "key": None, "exit_code": 2, "failed": 0, "failed_by_severity": {}, "errors": 1,
                               "error": None}
    workdir = Path(tempfile.mkdtemp(prefix="awslint-scan-"))  # /tmp survives warm starts: removed below
    try:
        _scan(event, outcome, workdir)
    except BaseException as exc:  # a crash, a SystemExit: the account must be recorded, whatever happened
        if isinstance(exc, KeyboardInterrupt):
            raise
        log.exception("scanning account %s failed", outcome["account"])
        outcome.update(exit_code=70, error=_short(f"{type(exc).__name__}: {exc}"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    outcome["duration_seconds"] = round(time.monotonic() - started, 3)
    log.info("account %s: %s", outcome["account"], outcome)
    return outcome


def _scan(event: dict[str, Any], outcome: dict[str, Any], workdir: Path) -> None:
    """:func:`scan_account`'s work: fills ``outcome`` in."""
    account_id = outcome["account"]
    if not ACCOUNT_ID.match(account_id):
        outcome["error"] = f"not an AWS account id: {account_id!r} (the event needs account.id)"
        return
    report_path = workdir / f"{account_id}.json"
    exit_code, error = run_awslint(_scan_args(event, account_id, report_path))
    outcome["exit_code"] = exit_code
    if not report_path.exists():
        outcome["error"] = _short(error or f"awslint exited {exit_code} without writing a report")
        return
    report = json.loads(report_path.read_text())
    key = f"{_prefix(event)}/accounts/{account_id}.json"
    boto3.client("s3").upload_file(str(report_path), _bucket(), key, ExtraArgs={"ContentType": "application/json"})
    summary = report.get("summary", {})
    account_errors = [e.get("message", "") for e in report.get("errors", []) if e.get("kind") == "account"]
    outcome.update(key=key, failed=int(summary.get("failed", 0)),
                   failed_by_severity={s: n for s, n in summary.get("failed_by_severity", {}).items() if n},
                   errors=int(summary.get("errors", 0)) + len(account_errors),
                   error=_short(account_errors[0]) if account_errors else None)


def merge_reports(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Merge the accounts' reports into the organisation's JSON, SARIF and markdown reports in S3.

    ``event``: ``{"run": ..., "accounts": [{"id", "name"}, ...], "map": ...}``. Which accounts are merged:

    1. every report under the run's prefix (``PREFIX/RUN/accounts/ID.json``): what the scans wrote is the truth;
    2. the Distributed Map's results (``map``: its output ``{"ResultWriterDetails": {"Bucket", "Key"}}`` when the
       results are exported to S3, as the template does, or a list of :func:`scan_account` results), which say why
       an account has no report (its scan crashed, timed out, or could not start);
    3. every listed account (``accounts``, the list step's output) that has neither: "no result from the scan".

    An account without a report is merged as a one-error report for that account (:func:`error_report`), so no
    account disappears. Returns ``{"run", "exit_code", "keys", "accounts", "accounts_in_error",
    "failed_by_severity", "subject", "summary"}``: ``summary`` is the text the state machine publishes to SNS.
    """
    s3 = boto3.client("s3")
    bucket, prefix = _bucket(), _prefix(event)
    workdir = Path(tempfile.mkdtemp(prefix="awslint-merge-"))
    try:
        entries = {e["account"]: e for e in _reports_under(s3, prefix)}
        for result in _map_entries(s3, event["map"]) if event.get("map") is not None else ():
            known = entries.setdefault(result["account"], result)
            known["name"] = known.get("name") or result.get("name", "")
            if not known.get("key"):
                known["error"] = known.get("error") or result.get("error")
        for account in event.get("accounts") or ():
            known = entries.setdefault(str(account.get("id")), {"account": str(account.get("id")), "key": None})
            known["name"] = known.get("name") or account.get("name", "")
        files: list[Path] = []
        for account_id, entry in sorted(entries.items()):
            path = workdir / f"{len(files):05d}-{account_id}.json"
            if entry.get("key"):
                try:
                    s3.download_file(bucket, entry["key"], str(path))
                except Exception as exc:  # an unreadable report is that account's ERROR
                    entry["error"] = f"its report s3://{bucket}/{entry['key']} could not be read: {_short(str(exc))}"
            if not path.exists():
                reason = entry.get("error") or "no result from the scan step (see the scan Lambda's logs)"
                path.write_text(json.dumps(error_report(account_id, entry.get("name") or "", reason)))
            files.append(path)
        out = workdir / "merged"
        out.mkdir()
        args = ["merge", *map(str, files)]
        for fmt, filename in MERGED.items():
            args += ["--format", f"{fmt}={out / filename}"]
        if os.environ.get("FAIL_ON"):
            args += ["--fail-on", os.environ["FAIL_ON"]]
        exit_code, error = run_awslint(args)
        keys = {}
        for fmt, filename in MERGED.items():
            if (out / filename).exists():
                keys[fmt] = f"{prefix}/{filename}"
                s3.upload_file(str(out / filename), bucket, keys[fmt],
                               ExtraArgs={"ContentType": "text/markdown" if fmt == "markdown" else "application/json"})
        merged = json.loads((out / MERGED["json"]).read_text()) if "json" in keys else None
        if merged is None:
            merged = {"results": [], "errors": [], "summary": {"exit_code": exit_code}, "scan": {}}
            for f in files:
                one = json.loads(f.read_text())
                merged["results"] += one.get("results", [])
                merged["errors"] += one.get("errors", [])
        return summarise(merged, run=_run(event), bucket=bucket, keys=keys, exit_code=exit_code,
                         merge_error=None if keys else _short(error or f"awslint merge exited {exit_code}"),
                         accounts=sorted(entries))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------- helpers

def run_awslint(args: list[str]) -> tuple[int, str | None]:
    """Run the ``awslint`` CLI in this process: its exit code and, when it stopped on an error, the message.

    ``standalone_mode=False`` makes click raise instead of exiting; awslint's commands end with ``sys.exit``."""
    import click

    from awslint.cli import main

    try:
        result = main.main(args, prog_name="awslint", standalone_mode=False)
        return (result if isinstance(result, int) else 0), None
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return int(exc.code or 0), None
        return 1, str(exc.code)
    except click.ClickException as exc:
        return exc.exit_code, exc.format_message()
    except click.Abort:
        return 1, "aborted"
    except Exception as exc:  # reported as the account's error by the callers
        log.exception("awslint %s crashed", args[0])
        return 70, f"awslint {args[0]} crashed: {type(exc).__name__}: {exc}"


def error_report(account_id: str, name: str, reason: str) -> dict[str, Any]:
    """A JSON report (valid against ``report.schema.json``) that says only: this account could not be scanned."""
    now = datetime.now(UTC).isoformat()
    message = f"account {account_id} could not be scanned: {reason}"
    return {
        "tool": {"name": "awslint", "version": __version__},
        "scan": {"profile": None, "aws_profile": None, "accounts": [], "regions": [], "started_at": now,
                 "finished_at": now, "api_calls": 0, "source": "aws-lambda",
                 "account_summaries": [{"id": account_id, "name": name, "status": "error", "profile": None,
                                        "regions": [], "failed_by_severity": dict.fromkeys(SEVERITIES, 0),
                                        "errors": 1, "api_calls": 0, "duration_seconds": 0, "reason": reason}]},
        "results": [],
        "errors": [{"message": message, "account": account_id, "kind": "account"}],
        "summary": {"checks": 0, "results": 0, "passed": 0, "failed": 0, "errors": 0, "suppressed": 0,
                    "failed_by_severity": dict.fromkeys(SEVERITIES, 0), "exit_code": 3},
    }


def summarise(merged: dict[str, Any], *, run: str, bucket: str, keys: dict[str, str], exit_code: int,
              merge_error: str | None, accounts: list[str]) -> dict[str, Any]:
    """The merge step's result: counts, the reports' keys, and the SNS subject and message."""
    failing = [r for r in merged.get("results", []) if r.get("status") == "FAIL" and not r.get("suppressed")]
    by_severity = Counter(r.get("severity") for r in failing)
    failed_by_severity = {s: by_severity.get(s, 0) for s in SEVERITIES}
    in_error: dict[str, str] = {}
    for e in merged.get("errors", []):
        if e.get("account") and e.get("kind") == "account":
            in_error.setdefault(e["account"], e.get("message", ""))
    for r in merged.get("results", []):
        if r.get("status") == "ERROR" and r.get("account"):
            in_error.setdefault(r["account"], f"{r.get('check')}: {r.get('message', '')}")
    lines = [
        f"awslint organisation scan {run}: exit code {exit_code}",
        f"accounts: {len(accounts)}, of which {len(in_error)} in ERROR (not scanned, or some checks not evaluated)",
        "failures: " + ", ".join(f"{s} {n}" for s, n in failed_by_severity.items()) + f" ({len(failing)} in all)",
    ]
    for account, message in sorted(in_error.items())[:20]:
        lines.append(f"  ERROR {account}: {_short(message, 200)}")
    if len(in_error) > 20:
        lines.append(f"  ... and {len(in_error) - 20} more accounts in ERROR (see the JSON report)")
    if merge_error:
        lines.append(f"the merge failed: {merge_error}")
    lines += [f"{fmt} report: s3://{bucket}/{key}" for fmt, key in keys.items()]
    subject = (f"awslint: {len(failing)} failures in {len(accounts)} accounts, {len(in_error)} in ERROR "
               f"(exit {exit_code})")
    return {"run": run, "exit_code": exit_code, "keys": keys, "accounts": len(accounts),
            "accounts_in_error": sorted(in_error), "failed_by_severity": failed_by_severity,
            "subject": subject.encode("ascii", "replace").decode()[:MAX_SUBJECT_CHARS], "summary": "\n".join(lines)}


def _scan_args(event: dict[str, Any], account_id: str, report: Path) -> list[str]:
    # No --fail-on never: the report keeps the lint profile's fail_on, which `awslint merge` then applies to the
    # whole organisation (its default when the inputs agree); exit code 1 is not an error here.
    args = ["scan", "--account", account_id, "--role-name", os.environ.get("ROLE_NAME") or "awslint-readonly",
            "--format", f"json={report}"]
    if os.environ.get("EXTERNAL_ID"):
        args += ["--external-id", os.environ["EXTERNAL_ID"]]
    for region in event.get("regions") or _ids(os.environ.get("REGIONS")):
        args += ["--region", region]
    profile = event.get("profile") or os.environ.get("LINT_PROFILE")
    if profile:  # a lint profile only: the credentials stay the Lambda's (the default chain)
        args += ["--profile", profile, "--aws-profile", "default"]
    return args


def _map_entries(s3: Any, output: Any) -> list[dict[str, Any]]:
    """The scan results of a Distributed Map: inline (a list) or exported with ResultWriter (a manifest in S3)."""
    if isinstance(output, list):
        return [_entry(item) for item in output]
    details = output.get("ResultWriterDetails") or {}
    manifest = json.loads(s3.get_object(Bucket=details["Bucket"], Key=details["Key"])["Body"].read())
    entries = []
    for status, files in manifest.get("ResultFiles", {}).items():
        for file in files:
            for item in json.loads(s3.get_object(Bucket=details["Bucket"], Key=file["Key"])["Body"].read()):
                if status == "SUCCEEDED":
                    entries.append(_entry(json.loads(item.get("Output") or "{}")))
                else:  # a child execution that failed even its Catch: its input says which account
                    entry = _entry(json.loads(item.get("Input") or "{}"))
                    entry["error"] = _short(f"{item.get('Error', status)}: {item.get('Cause', '')}")
                    entries.append(entry)
    return entries


def _entry(item: dict[str, Any]) -> dict[str, Any]:
    account = item.get("account")
    if isinstance(account, dict):  # the map's input item, not a scan result
        return {"account": str(account.get("id")), "name": account.get("name", ""), "key": None}
    return {"account": str(account), "name": item.get("name", ""), "key": item.get("key"), "error": item.get("error")}


def _reports_under(s3: Any, prefix: str) -> list[dict[str, Any]]:
    entries = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=_bucket(), Prefix=f"{prefix}/accounts/"):
        for obj in page.get("Contents", []):
            entries.append({"account": Path(obj["Key"]).stem, "name": "", "key": obj["Key"]})
    return entries


def _bucket() -> str:
    bucket = os.environ.get("REPORT_BUCKET")
    if not bucket:
        raise RuntimeError("REPORT_BUCKET is not set: the Lambda environment names the report bucket")
    return bucket


def _run(event: dict[str, Any]) -> str:
    """The run's folder: the execution name the state machine passes, else the time (UTC)."""
    run = str(event.get("run") or datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ"))
    return re.sub(r"[^A-Za-z0-9._=-]", "_", run)[:128]


def _prefix(event: dict[str, Any]) -> str:
    return f"{(os.environ.get('REPORT_PREFIX') or 'awslint').strip('/')}/{_run(event)}"


def _ids(value: Any) -> list[str]:
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [str(v).strip() for v in items if str(v).strip()]


def _short(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
