"""``awslint merge``: the JSON reports of a split scan in, one report and one exit code out.

Flags as ``scan`` has them (``--format``, ``--output``, ``--fail-on``, ``--allow-incomplete``, ``--exit-zero``);
the merging itself is :mod:`awslint.merge`, the writing :mod:`awslint.outputs`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from awslint.cli.common import load_registry, logging_options, notify
from awslint.cli.scan import ALLOW_INCOMPLETE, report_and_exit
from awslint.model import SEVERITIES
from awslint.reporting import FORMATS

EPILOG_MERGE = """\b
Combines the JSON reports of scans split by --shard K/N, by account or by region: each
finding once, the exit code computed over all of them.
\b
Exit codes: 0 no failure at or above --fail-on and every input was complete;
1 such a failure exists; 2 usage error (no input, or one that is not an awslint JSON report);
3 no such failure but some part was not evaluated (ERROR, a region, account or plugin missing).
\b
Examples:
  awslint merge shard-*.json --fail-on high --format table --format sarif=awslint.sarif
  awslint merge reports/*.json --format json=org.json --format markdown=summary.md
"""


@click.command(epilog=EPILOG_MERGE)
@click.argument("reports", nargs=-1, metavar="REPORT.json ...")
@click.option("--format", "formats", multiple=True, metavar="FORMAT[=FILE]",
              help=f"Report format: {', '.join(FORMATS)} (default table). Repeatable; FORMAT=FILE writes that "
                   "report to FILE, e.g. --format table --format sarif=awslint.sarif --format json=org.json.")
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Write the one --format given without =FILE to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "never"]), default=None,
              help="Lowest severity whose failures make the exit code 1 (default: the inputs' own, when they all "
                   "agree; else low).")
@ALLOW_INCOMPLETE
@click.option("--exit-zero", is_flag=True, help="Always exit 0 after reporting (report-only jobs); usage errors still 2.")
@click.option("--checks-dir", "checks_dirs", multiple=True, metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="Load custom checks from the Python files in DIR, for their metadata (SARIF rules, titles).")
@click.option("--sarif-include-suppressed", is_flag=True,
              help="Keep suppressed findings in SARIF, with a suppressions entry (default: left out).")
@click.option("--show-passed", is_flag=True, help="List passed resources in the table too.")
@click.option("--no-color", is_flag=True, help="Plain table output.")
@logging_options
def merge(**kw: Any) -> None:
    """Combine awslint JSON reports (shards of one scan) into one report with one exit code."""
    sys.exit(merge_and_report(kw))


def merge_and_report(kw: dict[str, Any]) -> int:
    """Read every input, merge, write every report; the exit code (DESIGN.md's contract, or 0 under --exit-zero)."""
    from awslint import merge as merging
    from awslint import outputs

    specs = outputs.parse(list(kw.get("formats") or ()), kw.get("output"))  # every output path checked first
    paths: dict[Path, str] = {}
    for given in kw.get("reports") or ():
        resolved = Path(given).resolve()
        if resolved in paths:
            click.echo(f"awslint: warning: merge input {given} is given twice; reading it once", err=True)
            continue
        paths[resolved] = given
    inputs = merging.load_inputs(list(paths.values()))
    registry = load_registry(kw.get("checks_dirs") or ())
    merged = merging.merge(inputs, registry, fail_on=kw.get("fail_on"),
                           allow_incomplete=bool(kw.get("allow_incomplete")))
    if merged.unknown_checks:
        click.echo(f"awslint: warning: checks not installed here: {', '.join(merged.unknown_checks)}; their SARIF "
                   "rules and summaries carry only id, name and severity (install the plugin, or --checks-dir DIR)",
                   err=True)
    if merged.fail_on_warning:
        click.echo(f"awslint: warning: {merged.fail_on_warning}", err=True)
    report = merged.report
    notify(f"merged {len(inputs)} report(s): {len(report.scan['accounts'])} account(s), "
           f"{len(report.scan['regions'])} region(s), {len(report.results)} results"
           + (f" ({merged.duplicates} present in more than one input, counted once)" if merged.duplicates else ""))
    return report_and_exit(report, specs, kw)
