"""The Report: one scan's results plus the context a reader needs to trust them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from awslint import __version__
from awslint.checkapi import Check
from awslint.model import DEFAULT_FAIL_ON, SEVERITIES, Result, ScanError, Status


@dataclass
class Report:
    scan: dict[str, Any]
    results: list[Result]
    errors: list[ScanError]
    checks: list[Check]
    fail_on: str = DEFAULT_FAIL_ON
    exit_code: int = 0
    notes: list[str] = field(default_factory=list)

    def failures(self, include_suppressed: bool = False) -> list[Result]:
        """Current FAILs (baseline-``absent`` entries record past failures and are not counted)."""
        return [r for r in self.results if r.status is Status.FAIL and (include_suppressed or not r.suppressed)
                and r.baseline_state != "absent"]

    def summary(self) -> dict[str, Any]:
        status = Counter(r.status.value for r in self.results if not r.suppressed and r.baseline_state != "absent")
        failing = self.failures()
        by_sev = Counter(r.severity.value for r in failing)
        by_pillar: Counter = Counter()
        pillars = {c.id: c.pillars for c in self.checks}
        for r in failing:
            for p in pillars.get(r.id, ()):
                by_pillar[p] += 1
        out: dict[str, Any] = {
            "checks": len(self.checks),
            "results": len(self.results),
            "passed": status.get("PASS", 0),
            "failed": status.get("FAIL", 0),
            "errors": status.get("ERROR", 0),
            "suppressed": sum(1 for r in self.results if r.suppressed),
            "failed_by_severity": {s: by_sev.get(s, 0) for s in SEVERITIES},
            "failed_by_pillar": dict(sorted(by_pillar.items())),
            "fail_on": self.fail_on,
            "exit_code": self.exit_code,
        }
        states = Counter(r.baseline_state for r in self.results if r.baseline_state)
        if states:
            out["baseline"] = dict(sorted(states.items()))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "tool": {"name": "awslint", "version": __version__},
            "scan": self.scan,
            "results": [r.to_dict() for r in self.results],
            "errors": [e.to_dict() for e in self.errors],
            "summary": self.summary(),
            **({"notes": self.notes} if self.notes else {}),
        }
