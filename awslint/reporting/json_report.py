"""The JSON report (contract: awslint/schemas/report.schema.json)."""

from __future__ import annotations

import json
import math
from typing import Any

from awslint.report import Report


def finite(value: Any) -> Any:
    """NaN and infinities are not JSON (Python would write ``Infinity``, which other parsers reject): ``null``.

    A number in a report comes from AWS data (sizes, prices computed from them); a malformed response must not
    make the whole report unreadable."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def render(report: Report, options: Any = None) -> str:
    return json.dumps(finite(report.to_json()), indent=2, default=str, allow_nan=False) + "\n"
