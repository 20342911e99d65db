"""Report writers. Each renders a :class:`~awslint.report.Report` to text; the CLI writes it.

To add a format, add a module with ``render(report, options) -> str`` and list it in FORMATS.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from awslint.report import Report


@dataclass
class RenderOptions:
    show_passed: bool = False
    color: bool = False
    include_suppressed: bool = False
    max_rows: int | None = None


#: format name -> module implementing ``render(report, options)``
FORMATS: dict[str, str] = {
    "table": "awslint.reporting.table",
    "json": "awslint.reporting.json_report",
    "sarif": "awslint.reporting.sarif",
    "markdown": "awslint.reporting.markdown",
    "junit": "awslint.reporting.junit",
    "github": "awslint.reporting.github",
    "gitlab": "awslint.reporting.gitlab",
}


def renderer(fmt: str) -> Callable[[Report, RenderOptions], str]:
    return importlib.import_module(FORMATS[fmt]).render
