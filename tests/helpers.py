"""Helpers shared by the engine tests (not check-specific)."""

from __future__ import annotations

import json

import jsonschema

from awslint.schemas import load


def validate_report(report: dict | str) -> dict:
    """Validate a JSON report against the schema shipped in the package; return it parsed."""
    data = json.loads(report) if isinstance(report, str) else report
    jsonschema.validate(data, load("report.schema.json"))
    return data
