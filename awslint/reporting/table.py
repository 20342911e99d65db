"""The human report: failures grouped by check, most severe first, then one summary line."""

from __future__ import annotations

from itertools import groupby

import click
from tabulate import tabulate

from awslint.model import Result, Status
from awslint.report import Report

SEVERITY_COLOURS = {"critical": "magenta", "high": "red", "medium": "yellow", "low": "cyan", "info": "white"}
STATUS_COLOURS = {"FAIL": "red", "PASS": "green", "ERROR": "magenta"}


def _sort_key(r: Result) -> tuple:
    return (-r.severity.rank, r.id, r.account, r.region, r.resource_id or "")


def header(report: Report) -> str:
    s = report.scan
    profile = s.get("profile") or "none"
    if s.get("profile_source"):
        profile += f" ({s['profile_source']})"
    if s.get("source") == "demo":
        aws = "none (demo account, moto in-process)"
    elif str(s.get("source", "")).startswith("inventory:"):
        aws = f"none (saved {s['source']})"
    else:
        aws = s.get("aws_profile") or "default credential chain"
    lines = [
        f"awslint {report.to_json()['tool']['version']}: lint profile {profile}; AWS profile {aws}; "
        f"account {', '.join(s.get('accounts') or ['?'])}; regions {', '.join(s.get('regions') or [])}",
    ]
    if s.get("skipped_regions"):
        lines.append(f"skipped (not enabled for the account): {', '.join(s['skipped_regions'])}")
    return "\n".join(lines)


def _resource_label(r: Result) -> str:
    if not r.resource_id:
        return "-"
    if r.resource_name and r.resource_name != r.resource_id:
        return f"{r.resource_id} ({r.resource_name})"
    return r.resource_id


def _group_count(rows: list[Result]) -> str:
    """How many rows count, and how many are shown only for the record (suppressed, fixed since the baseline)."""
    suppressed = sum(1 for r in rows if r.suppressed and r.baseline_state != "absent")
    absent = sum(1 for r in rows if r.baseline_state == "absent")
    parts = [str(len(rows) - suppressed - absent)]
    if suppressed:
        parts.append(f"{suppressed} suppressed")
    if absent:
        parts.append(f"{absent} fixed since baseline")
    return ", ".join(parts)


def render(report: Report, options) -> str:
    color = options.color if options else False
    show_passed = options.show_passed if options else False

    def paint(text: str, colour: str | None) -> str:
        return click.style(text, fg=colour) if color and colour else text

    out = [header(report), ""]
    shown = [r for r in report.results if r.status is not Status.PASS or show_passed]
    shown.sort(key=lambda r: (r.status is Status.PASS, r.status is Status.ERROR, *_sort_key(r)))
    if not shown:
        out.append("No failures." if report.results else "No resources evaluated.")
    for (status, check_id), group in groupby(shown, key=lambda r: (r.status, r.id)):
        rows = list(group)
        first = rows[0]
        title = next((c.title for c in report.checks if c.id == check_id), first.check)
        out.append(paint(f"{status.value} {first.id} {first.check} [{first.severity.value}] {title} "
                         f"({_group_count(rows)})", STATUS_COLOURS.get(status.value)))
        table = []
        with_baseline = any(r.baseline_state for r in rows)
        for r in rows:
            msg = r.message + (f"  [suppressed: {r.suppression_reason}]" if r.suppressed else "")
            row = [paint(r.severity.value, SEVERITY_COLOURS.get(r.severity.value)), r.region,
                   _resource_label(r), msg]
            if with_baseline:
                row.insert(0, r.baseline_state or "")
            table.append(row)
        headers = ["severity", "region", "resource", "message"]
        if with_baseline:
            headers.insert(0, "baseline")
        out.append(tabulate(table, headers=headers, tablefmt="simple", maxcolwidths=[None] * (len(headers) - 1) + [100]))
        out.append("")
    for note in report.notes:
        out.append(f"note: {note}")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def summary_line(report: Report) -> str:
    s = report.summary()
    sev = ", ".join(f"{n} {k}" for k, n in s["failed_by_severity"].items() if n)
    scan = report.scan
    parts = [f"{s['checks']} checks", f"{s['failed']} failed" + (f" ({sev})" if sev else ""),
             f"{s['passed']} passed", f"{s['errors']} errors"]
    if s["suppressed"]:
        parts.append(f"{s['suppressed']} suppressed")
    if "baseline" in s:
        parts.append("baseline: " + ", ".join(f"{v} {k}" for k, v in s["baseline"].items()))
    timing = f"{scan.get('api_calls', 0)} API calls in {scan.get('duration_seconds', 0):.1f}s"
    return f"Summary: {'; '.join(parts)}; {timing}; exit code {s['exit_code']}"
