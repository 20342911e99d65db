"""GitLab Code Quality report (``artifacts:reports:codequality``): a JSON array of issues.

GitLab shows these in the merge request widget and compares them with the target branch by
``fingerprint``, so fingerprints are unique within a report and stable across scans (check id +
ARN, the same hash as SARIF's ``primaryLocationLineHash``). ``location.path`` is the same
pseudo-path as in SARIF (``aws/<account>/<region>/<service>/<resource-id>``) with
``lines.begin: 1``: GitLab requires a path and a line, and an AWS resource has neither.

Severity: info -> info, low -> minor, medium -> major, high -> critical, critical -> blocker.
Only unsuppressed FAILs are issues: PASS and ERROR are not code-quality issues (ERRORs show in
the job log and in exit code 3), and baseline-``absent`` findings are gone.
"""

from __future__ import annotations

import json

from awslint.report import Report
from awslint.reporting.json_report import finite
from awslint.reporting.sarif import fingerprint, pseudo_path

SEVERITY = {"info": "info", "low": "minor", "medium": "major", "high": "critical", "critical": "blocker"}
CATEGORIES = {"reliability": "Bug Risk", "security": "Security", "performance": "Performance",
              "cost": "Complexity", "operational": "Style", "sustainability": "Complexity"}


def render(report: Report, options=None) -> str:
    checks = {c.id: c for c in report.checks}
    issues = []
    seen: set[str] = set()
    failing = [r for r in report.failures() if r.baseline_state != "absent"]
    failing.sort(key=lambda r: (-r.severity.rank, r.id, r.account, r.region, r.resource_id or ""))
    for r in failing:
        fp = fingerprint(r)
        n = 1
        while fp in seen:  # the same check judged the same resource twice (a custom check): keep both
            n += 1
            fp = f"{fingerprint(r)}-{n}"
        seen.add(fp)
        spec = checks.get(r.id)
        description = r.message
        if r.resource_arn and r.resource_arn not in description:
            description += f" [{r.resource_arn}]"
        issue = {
            "type": "issue",
            "description": description,
            "check_name": f"{r.id} {r.check}",
            "fingerprint": fp,
            "severity": SEVERITY[r.severity.value],
            "location": {"path": pseudo_path(r, spec.area.lower() if spec else "aws"), "lines": {"begin": 1}},
            "engine_name": "awslint",
        }
        if spec:
            issue["categories"] = sorted({CATEGORIES[p] for p in spec.pillars if p in CATEGORIES}) or ["Bug Risk"]
            issue["content"] = {"body": f"{spec.title}\n\nRemediation: {spec.remediation}"}
        issues.append(issue)
    return json.dumps(finite(issues), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
