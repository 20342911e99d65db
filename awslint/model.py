"""Plain value types shared by the engine and the report writers.

Kept free of boto3 and click so that reports can be produced (and tested) from data alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for sorting and ``--fail-on`` thresholds."""
        return SEVERITY_RANK[self]


SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}
SEVERITIES = tuple(s.value for s in Severity)
#: The lowest severity whose unsuppressed failures fail a scan (exit 1), unless a flag or lint profile says otherwise.
DEFAULT_FAIL_ON = Severity.LOW.value


class Status(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"
    ERROR = "ERROR"


PILLARS = ("reliability", "security", "cost", "performance", "operational", "sustainability")


@dataclass
class Result:
    """One verdict: a check applied to one resource (or, for ERROR, to one scope)."""

    check: str
    id: str
    status: Status
    severity: Severity
    account: str
    region: str
    message: str
    resource_type: str | None = None
    resource_id: str | None = None
    resource_arn: str | None = None
    resource_name: str | None = None
    suppressed: bool = False
    suppression_reason: str | None = None
    baseline_state: str | None = None
    extra: dict = field(default_factory=dict)
    #: the lint profile that judged the result, in an organisation scan where accounts map to profiles
    profile: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status"] = self.status.value
        data["severity"] = self.severity.value
        if not data["extra"]:
            del data["extra"]
        for key in ("suppression_reason", "baseline_state", "resource_name", "profile"):
            if data[key] is None:
                del data[key]
        return data

    @property
    def key(self) -> tuple[str, str]:
        """Identity across scans: the check and the resource (ARN, else account/region/id).

        Some resources have no ARN of their own and borrow their parent's (a Route 53 record set
        carries its hosted zone's ARN): the resource id is appended then, so two records in one
        zone never share a fingerprint or a baseline entry.
        """
        resource = self.resource_arn or f"{self.account}/{self.region}/{self.resource_id}"
        if self.resource_arn and self.resource_id and not self.resource_arn.endswith(self.resource_id):
            resource += f"#{self.resource_id}"
        return (self.id, resource)


@dataclass
class ScanError:
    """Something that kept part of the scan from being evaluated."""

    message: str
    check: str | None = None
    source: str | None = None
    region: str | None = None
    account: str | None = None
    kind: str = "error"

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}
