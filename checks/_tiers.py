"""Business-criticality tiers, shared by the checks whose bar depends on them (DR, global replicas).

One definition, so that "critical" means the same for S3 buckets, volumes, databases and tables:
the tag key and value are compared case-insensitively (``Criticality: Mission-Critical`` counts).
Not a check module (the leading underscore keeps the registry from loading it as one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from awslint import Param, tags_of

CRITICAL_KEY = "criticality"
CRITICAL_VALUES = ("critical", "mission-critical")


def tier_params(what: str) -> dict[str, Param]:
    """The ``tag_key``/``tag_values`` parameters every tier-dependent check takes."""
    return {
        "tag_key": Param(CRITICAL_KEY, f"Tag key that marks the criticality tier of {what} (case-insensitive)"),
        "tag_values": Param(list(CRITICAL_VALUES), f"Tag values (case-insensitive) that make {what} critical"),
    }


def critical_tag(item: Mapping[str, Any], params: Mapping[str, Any]) -> str | None:
    """``key=value`` when the item carries a critical-tier tag, else None."""
    key = str(params["tag_key"]).strip().lower()
    wanted = {str(v).strip().lower() for v in params["tag_values"]}
    for tag_key, value in tags_of(item).items():
        if tag_key.strip().lower() == key and value.strip().lower() in wanted:
            return f"{tag_key}={value}"
    return None
