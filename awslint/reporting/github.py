"""GitHub Actions workflow-command annotations (``::error title=...::message``), printed to stdout.

The runner turns each line into an annotation on the run's summary page. GitHub shows at most
10 error, 10 warning and 10 notice annotations per step (and 50 per job) and silently drops the
rest, so awslint emits at most ``PER_LEVEL`` per level, most severe first, and ends with a notice
saying how many more there are and where to find them (SARIF in code scanning, the step summary).

Severity to level: critical/high -> error, medium/low -> warning, info -> notice; results that
could not be evaluated (ERROR) are warnings. With a baseline only new failures are annotated
(the known ones are counted). Suppressed findings are not annotated.

Escaping follows the runner's rules (actions/toolkit ``command.ts``): in the message ``%``,
CR and LF are percent-encoded; in properties (``title``) ``:`` and ``,`` are encoded too.
"""

from __future__ import annotations

from awslint.model import Result, Status
from awslint.report import Report

PER_LEVEL = 10
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, title: str, message: str) -> str:
    return f"::{level} title={escape_property(title)}::{escape_data(message)}"


def _message(r: Result) -> str:
    text = r.message
    if r.resource_arn and r.resource_arn not in text:
        text += f" [{r.resource_arn}]"
    return text


def render(report: Report, options=None) -> str:
    per_level = getattr(options, "max_rows", None) or PER_LEVEL
    failing = [r for r in report.failures() if r.baseline_state in (None, "new")]
    known = [r for r in report.failures() if r.baseline_state == "unchanged"]
    failing.sort(key=lambda r: (-r.severity.rank, r.id, r.account, r.region, r.resource_id or ""))
    errors = [r for r in report.results if r.status is Status.ERROR]

    candidates: list[tuple[str, str, str]] = []
    for r in failing:
        state = " new" if r.baseline_state == "new" else ""
        candidates.append((LEVEL[r.severity.value], f"awslint {r.id} {r.check} ({r.severity.value}{state})",
                           _message(r)))
    for r in errors:
        candidates.append(("warning", f"awslint {r.id} {r.check}: could not evaluate",
                           f"{r.account}/{r.region}: {r.message}"))

    used = {"error": 0, "warning": 0, "notice": 0}
    lines = []
    dropped = 0
    # Keep a notice slot free for the closing line if anything will be dropped.
    need_closing = any(sum(1 for c in candidates if c[0] == lvl) > per_level for lvl in used)
    for level, title, message in candidates:
        cap = per_level - 1 if level == "notice" and need_closing else per_level
        if used[level] >= cap:
            dropped += 1
            continue
        used[level] += 1
        lines.append(command(level, title, message))
    if dropped:
        lines.append(command("notice", "awslint: more findings",
                             f"{dropped} more findings are not annotated (GitHub shows at most {per_level} "
                             "annotations per level and step); see the step summary or the SARIF report."))
    summary = report.summary()
    tail = (f"awslint: {summary['failed']} failed, {summary['passed']} passed, {summary['errors']} could not be "
            f"evaluated, {summary['suppressed']} suppressed; {len(lines) - (1 if dropped else 0)} annotated")
    if known:
        tail += f"; {len(known)} known from the baseline not annotated"
    lines.append(tail + f"; exit code {report.exit_code}")
    return "\n".join(lines) + "\n"
