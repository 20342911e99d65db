"""The human report: failures grouped by check, most severe first, then one summary line.

A report over several accounts (an organisation scan, a merge, an inventory of several accounts) says
"N accounts" in its header, lists every account in a table right after it (who, which lint profile,
scanned or why not, FAIL by severity, errors, API calls, seconds) and gives every result row an
``account`` column. A single-account report reads exactly as it always has.

The account helpers here (:func:`accounts_of`, :func:`is_multi_account`, :func:`account_rows`) are
shared with the markdown and SARIF writers, so every format agrees on which accounts a report covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

import click
from tabulate import tabulate

from awslint.model import SEVERITIES, Result, Status
from awslint.report import Report

SEVERITY_COLOURS = {"critical": "magenta", "high": "red", "medium": "yellow", "low": "cyan", "info": "white"}
STATUS_COLOURS = {"FAIL": "red", "PASS": "green", "ERROR": "magenta"}
ACCOUNT_STATUS_COLOURS = {"scanned": None, "error": "magenta", "not-scanned": "yellow"}
#: Wrap width of the per-account table's reason column (an AccessDenied message runs to 200 characters).
REASON_WIDTH = 50
#: Wrap width of the per-account table's name column.
NAME_WIDTH = 30


# -- accounts: which ones a report covers, and one summary row each -----------------------------
def accounts_of(report: Report) -> list[str]:
    """Every account the report speaks of, in order: its account summaries, the scanned accounts, then any
    other account a result or an error names. Empty ids (a result that does not know its account) are left out."""
    scan = report.scan
    ids = [str(s["id"]) for s in scan.get("account_summaries") or () if isinstance(s, dict) and s.get("id")]
    ids += [str(a) for a in scan.get("accounts") or ()]
    ids += [r.account for r in report.results]
    ids += [e.account for e in report.errors if e.account]
    return [a for a in dict.fromkeys(ids) if a]


def is_multi_account(report: Report) -> bool:
    """Whether the report is rendered per account: it covers more than one, or it is an organisation scan
    (``account_summaries``, even of one account). Anything else renders exactly as a single-account scan."""
    return "account_summaries" in report.scan or len(accounts_of(report)) > 1


@dataclass
class AccountRow:
    """One account's line in the per-account summaries (the JSON's ``account_summaries`` entry, normalised)."""

    id: str
    name: str = ""
    status: str = "scanned"  # scanned | error | not-scanned
    profile: str | None = None
    regions: list[str] = field(default_factory=list)
    failed_by_severity: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    api_calls: int | None = None  # None: not recorded per account
    duration_seconds: float | None = None
    reason: str = ""

    @property
    def failed(self) -> int:
        return sum(self.failed_by_severity.values())


def failed_text(by_severity: dict[str, int]) -> str:
    """``2 high, 1 low``; ``0`` when nothing failed."""
    return ", ".join(f"{n} {s}" for s in SEVERITIES if (n := by_severity.get(s, 0))) or "0"


def account_rows(report: Report) -> list[AccountRow]:
    """One row per account of :func:`accounts_of`: from the report's ``account_summaries`` where it has one
    (what the scan recorded), else from the results and errors (a merge or an inventory without summaries)."""
    scan = report.scan
    summaries = {str(s["id"]): s for s in scan.get("account_summaries") or () if isinstance(s, dict) and s.get("id")}
    failing: dict[str, Counter] = {}
    for r in report.failures():
        failing.setdefault(r.account, Counter())[r.severity.value] += 1
    error_results = Counter(r.account for r in report.results if r.status is Status.ERROR)
    account_errors: dict[str, list[str]] = {}
    for e in report.errors:
        if e.kind == "account" and e.account:
            account_errors.setdefault(e.account, []).append(e.message)
    rows = []
    for account in accounts_of(report):
        computed = failing.get(account, Counter())
        entry = summaries.get(account)
        if entry is None:
            problems = account_errors.get(account, [])
            # the lint profile that judged the account's results, where results record one (per-account profiles)
            judged = {getattr(r, "profile", None) for r in report.results if r.account == account} - {None}
            rows.append(AccountRow(
                id=account, status="error" if problems else "scanned",
                profile=judged.pop() if len(judged) == 1 else scan.get("profile"),
                regions=sorted({r.region for r in report.results if r.account == account and r.region}),
                failed_by_severity={s: computed.get(s, 0) for s in SEVERITIES},
                errors=error_results.get(account, 0) + len(problems), reason="; ".join(problems)))
            continue
        by_severity = entry.get("failed_by_severity")
        if not isinstance(by_severity, dict):
            by_severity = computed
        errors = entry.get("errors")
        rows.append(AccountRow(
            id=account, name=str(entry.get("name") or ""), status=str(entry.get("status") or "scanned"),
            profile=entry["profile"] if "profile" in entry else scan.get("profile"),
            regions=list(entry.get("regions") or []),
            failed_by_severity={s: int(by_severity.get(s, 0) or 0) for s in SEVERITIES},
            errors=int(errors) if isinstance(errors, int) else error_results.get(account, 0)
            + len(account_errors.get(account, [])),
            api_calls=entry.get("api_calls") if isinstance(entry.get("api_calls"), int) else None,
            duration_seconds=entry.get("duration_seconds") if isinstance(entry.get("duration_seconds"), int | float)
            else None,
            reason=str(entry.get("reason") or "")))
    return rows


def accounts_phrase(rows: list[AccountRow]) -> str:
    """``3 accounts (2 scanned, 1 error)``: the count, and how many were not scanned and why, when any was not."""
    by_status = Counter(row.status for row in rows)
    label = f"{len(rows)} account{'s' if len(rows) != 1 else ''}"
    if set(by_status) <= {"scanned"}:
        return label
    order = ["scanned", "error", "not-scanned", *sorted(set(by_status) - {"scanned", "error", "not-scanned"})]
    return label + " (" + ", ".join(f"{by_status[s]} {s.replace('-', ' ')}" for s in order if by_status[s]) + ")"


def _number(value: float | None, fmt: str = "{}") -> str:
    return "-" if value is None else fmt.format(value)


def account_table(rows: list[AccountRow], paint: Callable[[str, str | None], str] | None = None) -> str:
    """The per-account summary as a plain-text table; a reason column only when some account has one."""
    paint = paint or (lambda text, _colour: text)
    with_reason = any(row.reason for row in rows)
    table = []
    for row in rows:
        cells = [row.id, row.name or "-", row.profile or "none",
                 paint(row.status, ACCOUNT_STATUS_COLOURS.get(row.status)),
                 failed_text(row.failed_by_severity) if row.status == "scanned" else "-",
                 str(row.errors), _number(row.api_calls), _number(row.duration_seconds, "{:.1f}")]
        if with_reason:
            cells.append(row.reason or "")
        table.append(cells)
    headers = ["account", "name", "lint profile", "status", "FAIL", "errors", "API calls", "seconds"]
    widths: list[int | None] = [None, NAME_WIDTH, None, None, None, None, None, None]
    if with_reason:
        headers.append("reason")
        widths.append(REASON_WIDTH)
    return tabulate(table, headers=headers, tablefmt="simple", maxcolwidths=widths,
                    colalign=("left", "left", "left", "left", "left", "right", "right", "right", "left")[:len(headers)],
                    disable_numparse=True)


def _sort_key(r: Result) -> tuple:
    return (-r.severity.rank, r.id, r.account, r.region, r.resource_id or "")


def header(report: Report, rows: list[AccountRow] | None = None) -> str:
    """The first line: tool, lint profile, credentials, accounts (``N accounts`` over several), regions."""
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
    accounts = accounts_phrase(rows) if rows is not None else f"account {', '.join(s.get('accounts') or ['?'])}"
    lines = [
        f"awslint {report.to_json()['tool']['version']}: lint profile {profile}; AWS profile {aws}; "
        f"{accounts}; regions {', '.join(s.get('regions') or [])}",
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

    accounts = account_rows(report) if is_multi_account(report) else None
    out = [header(report, accounts), ""]
    if accounts is not None:
        out += [account_table(accounts, paint), ""]
    with_account = accounts is not None and len(accounts) > 1
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
            if with_account:
                row.insert(0, r.account or "-")
            table.append(row)
        headers = ["severity", "region", "resource", "message"]
        if with_baseline:
            headers.insert(0, "baseline")
        if with_account:
            headers.insert(0, "account")
        # an account id is a name, not a number: left-aligned like the other names
        out.append(tabulate(table, headers=headers, tablefmt="simple", maxcolwidths=[None] * (len(headers) - 1) + [100],
                            disable_numparse=[0] if with_account else False))
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
