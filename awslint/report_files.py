"""Reading a JSON report back (a baseline, a merge input): every way the file can be wrong is one sentence.

A baseline and a merge input are the same kind of file, so they are read and validated by the same code;
only the noun and the hint in the messages differ.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from awslint.errors import UsageError
from awslint.schemas import load as load_schema


def read_report(path: str | Path, *, what: str, error: type[UsageError], missing: str, sarif: str) -> dict[str, Any]:
    """The parsed report at ``path``, validated against the shipped schema, or ``error`` naming ``what`` it is
    (``baseline``, ``merge input``); ``missing`` says what to do when the file does not exist, ``sarif`` what to
    pass instead when a SARIF file was given by mistake."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{what} {path} does not exist; {missing}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read {what} {path}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{what} {path} is not JSON ({exc.msg} at line {exc.lineno}); "
                    "pass an awslint JSON report (--format json=FILE)") from None
    if not isinstance(data, dict) or (data.get("tool") or {}).get("name") != "awslint":
        hint = ""
        if isinstance(data, dict) and "runs" in data and "version" in data:
            hint = f" (this looks like SARIF: {sarif})"
        raise error(f"{what} {path} is not an awslint JSON report{hint}")
    validator = jsonschema.Draft202012Validator(load_schema("report.schema.json"))
    problem = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if problem is not None:
        where = "/".join(str(p) for p in problem.absolute_path) or "(top level)"
        raise error(f"{what} {path} is not a valid awslint JSON report: at {where}: {problem.message}")
    return data
