"""Suppressions: accepted findings, each with a reason and an optional expiry date.

A suppressed FAIL stays in the report (``suppressed: true`` with its reason) so reviewers can
audit what the team has accepted, but it never counts toward the exit code. An expired
suppression stops applying, so the finding counts again, and the report says which expired:
accepted risk gets re-reviewed instead of being forgotten. A suppression that matched nothing
is reported as unused (the resource was fixed or deleted: delete the suppression too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fnmatch import fnmatchcase
from typing import Any

from awslint.model import Result, Status
from awslint.report import Report

#: An active suppression expiring within this many days gets a reminder note.
EXPIRY_WARNING_DAYS = 14


@dataclass(frozen=True)
class Suppression:
    """One accepted finding (or family of findings, with a glob) from a lint profile."""

    check_id: str
    check_name: str
    resource: str
    reason: str
    expires: date | None = None
    origin: str = ""  # "path/to/profile.yaml suppressions[2]", for messages that lead back to the line
    accounts: tuple[str, ...] = ()  # empty: any account the resource pattern matches

    def matches(self, result: Result) -> bool:
        """Same check, and the pattern matches the whole resource ARN (or, failing that, the resource id).

        ``fnmatchcase`` is anchored at both ends and case-sensitive, like ARNs: ``*`` matches any
        run of characters including ``/`` and ``:``, ``?`` one character, ``[seq]`` a set.
        """
        if result.id != self.check_id or (self.accounts and result.account not in self.accounts):
            return False
        targets = [t for t in (result.resource_arn, result.resource_id) if t]
        return any(fnmatchcase(t, self.resource) for t in targets)

    def expired(self, today: date) -> bool:
        """True from the day after ``expires``: the date itself is the last day it applies."""
        return self.expires is not None and today > self.expires

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"check": self.check_name, "resource": self.resource, "reason": self.reason}
        if self.expires:
            out["expires"] = self.expires.isoformat()
        if self.accounts:
            out["account"] = list(self.accounts)
        if self.origin:
            out["profile"] = self.origin
        return out

    def label(self) -> str:
        return f"{self.check_name} on {self.resource}" + (f" ({self.origin})" if self.origin else "")


def _in_scope(resource: str, scan: dict[str, Any]) -> bool:
    """False when the pattern is an ARN pinned to a region or account the scan did not cover
    (scanning us-east-1 alone says nothing about a suppression for an eu-west-1 volume)."""
    parts = resource.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return True
    for value, scanned in ((parts[3], scan.get("regions")), (parts[4], scan.get("accounts"))):
        if value and scanned is not None and not any(fnmatchcase(v, value) for v in scanned):
            return False
    return True


def suppress(report: Report, suppressions: Iterable[Suppression], today: date) -> None:
    """Mark the FAILs that an active suppression covers, and say in the report which suppressions expired,
    matched nothing, or expire soon.

    Runs before the exit code is computed, so suppressed findings never fail the build. Only FAIL
    results are suppressed: an ERROR means part of the scan is missing, which no suppression should hide.
    """
    suppressions = list(suppressions)
    if not suppressions:
        return
    active = [s for s in suppressions if not s.expired(today)]
    expired = [s for s in suppressions if s.expired(today)]
    used: dict[Suppression, int] = {s: 0 for s in suppressions}
    # expired suppression -> its findings that an active one (a renewal, often in a child profile) still covers
    renewed: dict[Suppression, int] = {s: 0 for s in expired}
    for result in report.results:
        if result.status is not Status.FAIL:
            continue
        applied = next((s for s in active if s.matches(result)), None)
        if applied is not None:
            result.suppressed = True
            result.suppression_reason = applied.reason
            used[applied] += 1
        for s in expired:
            if s.matches(result):
                used[s] += 1
                renewed[s] += applied is not None
    _report_expired(report, expired, used, renewed)
    _report_unused(report, active, used)
    _report_expiring(report, active, today)


def _report_expired(report: Report, expired: list[Suppression], used: dict[Suppression, int],
                    renewed: dict[Suppression, int]) -> None:
    if not expired:
        return
    report.scan["expired_suppressions"] = [{**s.describe(), "matched": used[s]} for s in expired]
    for s in expired:
        if s.expires is None:  # Suppression.expired() is only true for one with a date
            raise ValueError(f"suppression {s.label()} has no expiry date and cannot have expired")
        again = used[s] - renewed[s]
        effects = []
        if again:
            effects.append(f"its {again} finding(s) count again")
        if renewed[s]:
            effects.append(f"{renewed[s]} finding(s) it matched are covered by another, active suppression: "
                           "delete this expired one")
        effect = "; ".join(effects) or "it matches no failing finding now: delete it"
        report.notes.append(f"suppression expired on {s.expires.isoformat()}: {s.label()}; {effect}")


def _report_unused(report: Report, active: list[Suppression], used: dict[Suppression, int]) -> None:
    # Only where the scan could have matched it: a check that ran and was fully evaluated (an ERROR
    # result means findings may be missing), and an ARN in a region and account this scan covered.
    ran = {c.id for c in report.checks}
    errored = {r.id for r in report.results if r.status is Status.ERROR}
    unused = [s for s in active if not used[s] and s.check_id in ran and s.check_id not in errored
              and _in_scope(s.resource, report.scan)
              and (not s.accounts or bool(set(s.accounts) & set(report.scan.get("accounts") or [])))]
    if not unused:
        return
    report.scan["unused_suppressions"] = [s.describe() for s in unused]
    for s in unused:
        report.notes.append(f"suppression matched no failing finding in this scan: {s.label()}; "
                            "if the resource was fixed or deleted, delete the suppression")


def _report_expiring(report: Report, active: list[Suppression], today: date) -> None:
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    for s in active:
        if s.expires is not None and s.expires <= soon:
            days = (s.expires - today).days
            when = "today" if days == 0 else f"in {days} day(s)"
            report.notes.append(f"suppression expires {when} ({s.expires.isoformat()}): {s.label()}")
