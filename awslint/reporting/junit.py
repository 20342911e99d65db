"""JUnit XML, the test-report format every CI system reads (GitLab ``artifacts:reports:junit``,
Jenkins, Azure DevOps, CircleCI, GitHub test-reporter actions).

One ``<testsuite>`` per check and one ``<testcase>`` per check x resource: PASS is a passing
test, FAIL a ``<failure>`` carrying the message and the remediation, ERROR an ``<error>``, a
suppressed FAIL a ``<skipped>`` with its reason. Test names are the resource's ARN (else
account/region/id), so they are unique within a suite and stable across runs, which is what CI
systems use to say "newly failing". Baseline findings that are ``absent`` are not tests.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from awslint.model import Result, Status
from awslint.report import Report
from awslint.reporting.sarif import resource_key


def _name(r: Result) -> str:
    if r.status is Status.ERROR and not r.resource_id:
        return f"{r.account}/{r.region} (could not evaluate)"
    return resource_key(r)  # not the Name tag: renaming a resource must not make a "new" test


#: Characters XML 1.0 forbids (``Char`` production): C0 controls but TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Drop what XML 1.0 forbids: AWS data (tags, names, JSON with ``\\ud800`` escapes) can hold it, and one
    such character makes the whole report unreadable to the CI system (or the file unwritable as UTF-8)."""
    return _NOT_XML.sub("", text)


def render(report: Report, options=None) -> str:
    remediation = {c.id: c.remediation for c in report.checks}
    titles = {c.id: c.title for c in report.checks}
    by_check: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in report.results:
        if r.baseline_state == "absent":
            continue
        by_check[(r.id, r.check)].append(r)

    root = ET.Element("testsuites", name="awslint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    duration = float(report.scan.get("duration_seconds") or 0)
    for (check_id, check_name), results in sorted(by_check.items()):
        suite = ET.SubElement(root, "testsuite", name=_clean(f"{check_id} {check_name}"))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        seen: dict[str, int] = {}
        for r in sorted(results, key=lambda x: (x.account, x.region, resource_key(x))):
            name = _clean(_name(r))  # cleaned before the uniqueness check: cleaning could merge two names
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:  # two verdicts on one resource (a custom check): keep names unique
                name = f"{name} #{seen[name]}"
            case = ET.SubElement(suite, "testcase", name=name, classname=_clean(f"awslint.{check_name}"), time="0")
            counts["tests"] += 1
            message = _clean(r.message)
            if r.status is Status.FAIL and r.suppressed:
                ET.SubElement(case, "skipped", message=_clean(f"suppressed: {r.suppression_reason or 'no reason given'}"))
                counts["skipped"] += 1
            elif r.status is Status.FAIL:
                state = f" [baseline: {r.baseline_state}]" if r.baseline_state else ""
                failure = ET.SubElement(case, "failure", message=message, type=f"{r.severity.value}{state}")
                body = [message, "", f"Check: {check_id} {check_name}: {titles.get(check_id, '')}",
                        f"Severity: {r.severity.value}", f"Account: {r.account}  Region: {r.region}"]
                if r.resource_arn:
                    body.append(f"Resource: {r.resource_arn}")
                if r.resource_name:
                    body.append(f"Name: {r.resource_name}")
                if remediation.get(check_id):
                    body += ["", f"Remediation: {remediation[check_id]}"]
                failure.text = _clean("\n".join(body))
                counts["failures"] += 1
            elif r.status is Status.ERROR:
                ET.SubElement(case, "error", message=message, type="could-not-evaluate").text = message
                counts["errors"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{duration:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
