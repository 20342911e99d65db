"""The JSON report (contract: awslint/schemas/report.schema.json)."""

from __future__ import annotations

import json

from awslint.report import Report


def render(report: Report, options=None) -> str:
    return json.dumps(report.to_json(), indent=2, default=str) + "\n"
