"""A Markdown summary for ``$GITHUB_STEP_SUMMARY``, a pull/merge request comment or a wiki page.

Counts first (by severity, by pillar, by baseline state), then the most severe failures, then
what could not be evaluated. GitHub refuses a step summary over 1 MiB and a PR comment over
65,536 characters, so rows are capped (``MAX_ROWS``, or ``--max-rows`` where offered) and the
text is shrunk until it fits both (``MAX_BYTES`` and ``MAX_CHARS``); a closing line always says how
many were left out.

A report over several accounts (or an organisation scan) opens with one row per account (id, name,
lint profile, status, FAIL by severity, errors, API calls, seconds, and why an account was not
scanned), capped at ``MAX_ACCOUNTS`` rows (accounts that could not be scanned, then those with the
most severe failures, are kept first), and its failures table gets an ``account`` column.
"""

from __future__ import annotations

from awslint import __version__
from awslint.model import SEVERITIES, Result, Status
from awslint.report import Report
from awslint.reporting.table import AccountRow, account_rows, accounts_phrase, failed_text, is_multi_account

#: Top failures listed in full; the rest are counted.
MAX_ROWS = 50
#: Stay well under GitHub's 1 MiB step-summary limit.
MAX_BYTES = 1024 * 1024 - 64 * 1024
#: GitHub's limit for a pull-request comment body (characters), so the same file can be posted as one.
MAX_CHARS = 65_536
MAX_MESSAGE = 400
#: Accounts listed in the per-account table; the rest are counted (halved with the rows when the text is too long).
MAX_ACCOUNTS = 200
#: The per-account reason cell (an AccessDenied message runs to 200 characters).
MAX_REASON = 200
ACCOUNT_STATUS = {"scanned": "scanned", "error": "⚠️ error", "not-scanned": "not scanned"}
ICON = {"critical": "🟣", "high": "🔴", "medium": "🟠", "low": "🟡", "info": "⚪"}


def cell(text: str | None, limit: int = MAX_MESSAGE) -> str:
    """One table cell: no newlines, pipes escaped, HTML-ish characters neutralised, length capped."""
    text = " ".join((text or "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _resource(r: Result) -> str:
    label = r.resource_id or "-"
    if r.resource_name:
        label += f" ({r.resource_name})"
    return label


def _sort_key(r: Result) -> tuple:
    return (r.baseline_state == "unchanged", -r.severity.rank, r.id, r.account, r.region, r.resource_id or "")


def _counts(report: Report) -> list[str]:
    summary = report.summary()
    lines = ["| severity | failed |", "|---|---:|"]
    for sev in SEVERITIES:
        lines.append(f"| {ICON[sev]} {sev} | {summary['failed_by_severity'].get(sev, 0)} |")
    out = [*lines, ""]
    if summary.get("failed_by_pillar"):
        out += ["| pillar | failed |", "|---|---:|"]
        out += [f"| {p} | {n} |" for p, n in summary["failed_by_pillar"].items()]
        out.append("")
    if summary.get("baseline"):
        out += ["| baseline | findings |", "|---|---:|"]
        out += [f"| {state} | {n} |" for state, n in summary["baseline"].items()]
        out.append("")
    return out


def _concern(row: AccountRow) -> tuple:
    """Which accounts a capped table keeps first: those that could not be scanned, then the most severe failures,
    then the most ERROR results; accounts not scanned on purpose (not ACTIVE) last."""
    return (row.status != "error", row.status == "not-scanned", *(-row.failed_by_severity.get(s, 0) for s in SEVERITIES),
            -row.errors)


def _accounts(rows: list[AccountRow], max_accounts: int) -> list[str]:
    """The per-account table, in the report's order; over ``max_accounts`` rows, the most concerning are kept."""
    shown = rows
    if len(rows) > max_accounts:
        kept = {row.id for row in sorted(rows, key=_concern)[:max_accounts]}
        shown = [row for row in rows if row.id in kept]
    with_reason = any(row.reason for row in shown)
    header = ["account", "name", "lint profile", "status", "FAIL", "errors", "API calls", "seconds"]
    align = ["---", "---", "---", "---", "---", "---:", "---:", "---:"]
    if with_reason:
        header.append("reason")
        align.append("---")
    out = ["### Accounts", "", "| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    for row in shown:
        cells = [cell(row.id), cell(row.name, 120) or "-", f"`{cell(row.profile, 120)}`" if row.profile else "none",
                 ACCOUNT_STATUS.get(row.status, cell(row.status)),
                 failed_text(row.failed_by_severity) if row.status == "scanned" else "-", str(row.errors),
                 "-" if row.api_calls is None else str(row.api_calls),
                 "-" if row.duration_seconds is None else f"{row.duration_seconds:.1f}"]
        if with_reason:
            cells.append(cell(row.reason, MAX_REASON))
        out.append("| " + " | ".join(cells) + " |")
    if len(shown) < len(rows):
        out += ["", f"…and {len(rows) - len(shown)} more accounts with fewer or less severe failures: "
                    "see the JSON report (`scan.account_summaries`)."]
    out.append("")
    return out


def _build(report: Report, max_rows: int, max_message: int, max_accounts: int = MAX_ACCOUNTS) -> str:
    s = report.summary()
    scan = report.scan
    failing = sorted(report.failures(), key=_sort_key)
    accounts = account_rows(report) if is_multi_account(report) else None
    with_account = accounts is not None and len(accounts) > 1
    verdict = "✅ passed" if s["exit_code"] == 0 else "❌ failed" if s["exit_code"] == 1 else "⚠️ incomplete"
    out = [f"## awslint: {verdict} (exit code {s['exit_code']})", ""]
    out.append(f"{s['failed']} failed · {s['passed']} passed · {s['errors']} could not be evaluated · "
               f"{s['suppressed']} suppressed · {s['checks']} checks · fail on `{report.fail_on}`")
    out.append("")
    where = (accounts_phrase(accounts) if accounts is not None
             else f"Account {cell(', '.join(scan.get('accounts') or ['?']))}")
    out.append(f"{where}; regions "
               f"{cell(', '.join(scan.get('regions') or []))}; lint profile `{scan.get('profile') or 'none'}`; "
               f"awslint {__version__}.")
    out.append("")
    if accounts is not None:
        out += _accounts(accounts, max_accounts)
    out += _counts(report)
    if failing:
        shown = failing[:max_rows]
        with_state = any(r.baseline_state for r in shown)
        out.append(f"### Top failures ({len(shown)} of {len(failing)})")
        out.append("")
        header = ["severity", "check", "region", "resource", "message"]
        if with_state:
            header.insert(0, "baseline")
        if with_account:
            header.insert(0, "account")
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        for r in shown:
            row = [f"{ICON[r.severity.value]} {r.severity.value}", f"`{r.id}` {cell(r.check)}", cell(r.region),
                   cell(_resource(r), 120), cell(r.message, max_message)]
            if with_state:
                row.insert(0, r.baseline_state or "")
            if with_account:
                row.insert(0, cell(r.account) or "-")
            out.append("| " + " | ".join(row) + " |")
        if len(failing) > len(shown):
            out.append("")
            out.append(f"…and {len(failing) - len(shown)} more failures: see the JSON or SARIF report.")
        out.append("")
    else:
        out += ["No failures.", ""]
    absent = [r for r in report.results if r.baseline_state == "absent"]
    if absent:
        out.append(f"{len(absent)} baseline finding{'s' if len(absent) != 1 else ''} no longer failing "
                   "(fixed or resource removed).")
        out.append("")
    errors = [r for r in report.results if r.status is Status.ERROR]
    if errors:
        out.append(f"<details><summary>{len(errors)} could not be evaluated</summary>")
        out.append("")
        for r in errors[:max_rows]:
            out.append(f"- `{r.id}` {cell(r.check)} in {cell(r.account)}/{cell(r.region)}: {cell(r.message, max_message)}")
        if len(errors) > max_rows:
            out.append(f"- …and {len(errors) - max_rows} more")
        out += ["", "</details>", ""]
    return "\n".join(out) + "\n"


def render(report: Report, options=None) -> str:
    max_rows = getattr(options, "max_rows", None) or MAX_ROWS
    max_message = MAX_MESSAGE
    max_accounts = MAX_ACCOUNTS
    text = _build(report, max_rows, max_message, max_accounts)
    per_account = is_multi_account(report)
    while (len(text.encode()) > MAX_BYTES or len(text) > MAX_CHARS) and (max_rows > 1 or (per_account and max_accounts > 1)):
        max_rows = max(1, max_rows // 2)
        max_message = max(80, max_message // 2)
        max_accounts = max(1, max_accounts // 2)
        text = _build(report, max_rows, max_message, max_accounts)
    return text
