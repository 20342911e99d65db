"""Baselines: gate CI on new findings only, while the known ones are worked off.

A baseline is a previous awslint JSON report (``awslint baseline create -o baseline.json`` or any
``--format json`` output), validated against the shipped report schema. Applied to a scan:

- a FAIL whose key (check id + ARN, else account/region/resource id: :attr:`Result.key`) failed in
  the baseline is ``unchanged``; any other FAIL is ``new``; only ``new`` ones count toward the exit
  code (``engine.exit_code``);
- a baseline FAIL that no longer fails is added to the results as ``absent`` (status FAIL as it
  was, message prefixed, excluded from counts and exit code), so the JSON, table and markdown
  reports say what was fixed. It is only called absent when this scan actually evaluated it: the
  check ran, in that account, in that region (or the check is global), and did not ERROR there;
  otherwise it is counted as ``not_evaluated`` in ``scan.baseline`` and left out.

Suppressed findings take part like any other (a suppression and a baseline entry are independent).

A baseline that records none of the scanned accounts is refused (:class:`BaselineError`, exit 2,
no report written): compared with another account's findings every failure would be ``new`` and
nothing ``absent``, and the usual cause is the wrong file in a multi-account pipeline. A baseline
that shares at least one account applies: findings of the other scanned accounts are ``new``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awslint.errors import UsageError
from awslint.inventory import GLOBAL
from awslint.model import Result, Severity, Status
from awslint.report import Report
from awslint.report_files import read_report

ABSENT_PREFIX = "No longer failing (fixed, or the resource is gone) since the baseline: "


class BaselineError(UsageError, ValueError):
    """The baseline file is missing, not JSON, or not an awslint JSON report (usage error, exit 2)."""


def result_from_dict(data: dict[str, Any]) -> Result:
    """A Result from one entry of a JSON report's ``results``."""
    return Result(
        check=data["check"], id=data["id"], status=Status(data["status"]), severity=Severity(data["severity"]),
        account=data["account"], region=data["region"], message=data["message"],
        resource_type=data.get("resource_type"), resource_id=data.get("resource_id"),
        resource_arn=data.get("resource_arn"), resource_name=data.get("resource_name"),
        suppressed=bool(data.get("suppressed")), suppression_reason=data.get("suppression_reason"),
        baseline_state=data.get("baseline_state"), extra=dict(data.get("extra") or {}), profile=data.get("profile"),
    )


@dataclass
class Baseline:
    path: Path
    failures: dict[tuple[str, str], Result]
    scan: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        path = Path(path)
        data = read_report(path, what="baseline", error=BaselineError,
                           missing=f"create one with `awslint baseline create --output {path}`",
                           sarif="a baseline must be the JSON report, --format json=FILE")
        failures: dict[tuple[str, str], Result] = {}
        for entry in data["results"]:
            if entry["status"] != "FAIL" or entry.get("baseline_state") == "absent":
                continue
            r = result_from_dict(entry)
            failures[r.key] = r
        return cls(path=path, failures=failures, scan=data.get("scan") or {})

    def apply(self, report: Report, global_checks: Iterable[str] = ()) -> None:
        """Mark ``report``'s FAILs new/unchanged and add the absent ones.

        ``global_checks``: ids of checks that need only global sources (their findings may carry a
        region outside the scanned ones, e.g. an S3 bucket's region).
        """
        self.check_accounts(report.scan.get("accounts") or [])
        global_checks = set(global_checks)
        current: set[tuple[str, str]] = set()
        for r in report.results:
            if r.status is Status.FAIL:
                r.baseline_state = "unchanged" if r.key in self.failures else "new"
                current.add(r.key)
        ran = {c.id for c in report.checks}
        severity = {r.id: r.severity for r in report.results}
        accounts = set(report.scan.get("accounts") or [])
        regions = set(report.scan.get("regions") or [])
        errored_scopes = {(r.id, r.account, r.region) for r in report.results
                          if r.status is Status.ERROR and not r.resource_id}
        errored_keys = {r.key for r in report.results if r.status is Status.ERROR and r.resource_id}
        absent = not_evaluated = 0
        for key, old in self.failures.items():
            if key in current:
                continue
            is_global = old.id in global_checks
            evaluated = (old.id in ran and old.account in accounts
                         and (is_global or old.region in regions or old.region == GLOBAL)
                         and (old.id, old.account, GLOBAL if is_global else old.region) not in errored_scopes
                         and key not in errored_keys)
            if not evaluated:
                not_evaluated += 1
                continue
            gone = result_from_dict(old.to_dict())
            gone.status = Status.FAIL
            gone.severity = severity.get(old.id, old.severity)
            gone.suppressed = False
            gone.suppression_reason = None
            gone.baseline_state = "absent"
            gone.message = ABSENT_PREFIX + old.message
            report.results.append(gone)
            absent += 1
        report.scan["baseline"] = {
            "path": str(self.path),
            "finished_at": self.scan.get("finished_at"),
            "failures": len(self.failures),
            "new": sum(1 for r in report.results if r.baseline_state == "new"),
            "unchanged": sum(1 for r in report.results if r.baseline_state == "unchanged"),
            "absent": absent,
            "not_evaluated": not_evaluated,
        }

    def accounts(self) -> set[str]:
        """The accounts the baseline's scan covered (its results' accounts when ``scan.accounts`` is empty)."""
        return set(self.scan.get("accounts") or []) or {r.account for r in self.failures.values()}

    def check_accounts(self, scanned: Iterable[str]) -> None:
        """Refuse a baseline of other accounts only: unknown accounts on either side prove nothing."""
        scanned, recorded = set(scanned), self.accounts()
        if scanned and recorded and not scanned & recorded:
            raise BaselineError(
                f"baseline {self.path} is of account {', '.join(sorted(recorded))}, but this scan is of account "
                f"{', '.join(sorted(scanned))}: every finding would be new; pass this account's baseline "
                f"(`awslint baseline create --output FILE` with the same credentials)")


def global_check_ids(checks: Iterable, sources: dict) -> set[str]:
    """Ids of the checks that need only global sources (they run once per account)."""
    return {c.id for c in checks
            if c.needs and all(getattr(sources.get(k), "is_global", False) for k in c.needs)}
