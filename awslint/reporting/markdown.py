"""A Markdown summary for ``$GITHUB_STEP_SUMMARY``, a pull/merge request comment or a wiki page.

Counts first (by severity, by pillar, by baseline state), then the most severe failures, then
what could not be evaluated. GitHub refuses a step summary over 1 MiB and a PR comment over
65,536 characters, so rows are capped (``MAX_ROWS``, or ``--max-rows`` where offered) and the
text is shrunk until it fits both (``MAX_BYTES`` and ``MAX_CHARS``); a closing line always says how
many were left out.
"""

from __future__ import annotations

from awslint import __version__
from awslint.model import SEVERITIES, Result, Status
from awslint.report import Report

#: Top failures listed in full; the rest are counted.
MAX_ROWS = 50
#: Stay well under GitHub's 1 MiB step-summary limit.
MAX_BYTES = 1024 * 1024 - 64 * 1024
#: GitHub's limit for a pull-request comment body (characters), so the same file can be posted as one.
MAX_CHARS = 65_536
MAX_MESSAGE = 400
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


def _build(report: Report, max_rows: int, max_message: int) -> str:
    s = report.summary()
    scan = report.scan
    failing = sorted(report.failures(), key=_sort_key)
    verdict = "✅ passed" if s["exit_code"] == 0 else "❌ failed" if s["exit_code"] == 1 else "⚠️ incomplete"
    out = [f"## awslint: {verdict} (exit code {s['exit_code']})", ""]
    out.append(f"{s['failed']} failed · {s['passed']} passed · {s['errors']} could not be evaluated · "
               f"{s['suppressed']} suppressed · {s['checks']} checks · fail on `{report.fail_on}`")
    out.append("")
    out.append(f"Account {cell(', '.join(scan.get('accounts') or ['?']))}; regions "
               f"{cell(', '.join(scan.get('regions') or []))}; lint profile `{scan.get('profile') or 'none'}`; "
               f"awslint {__version__}.")
    out.append("")
    out += _counts(report)
    if failing:
        shown = failing[:max_rows]
        with_state = any(r.baseline_state for r in shown)
        out.append(f"### Top failures ({len(shown)} of {len(failing)})")
        out.append("")
        header = ["severity", "check", "region", "resource", "message"]
        if with_state:
            header.insert(0, "baseline")
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        for r in shown:
            row = [f"{ICON[r.severity.value]} {r.severity.value}", f"`{r.id}` {cell(r.check)}", cell(r.region),
                   cell(_resource(r), 120), cell(r.message, max_message)]
            if with_state:
                row.insert(0, r.baseline_state or "")
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
    text = _build(report, max_rows, max_message)
    while (len(text.encode()) > MAX_BYTES or len(text) > MAX_CHARS) and max_rows > 1:
        max_rows //= 2
        max_message = max(80, max_message // 2)
        text = _build(report, max_rows, max_message)
    return text
