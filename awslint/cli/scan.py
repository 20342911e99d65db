"""``awslint scan``, ``awslint baseline create`` and ``awslint collect``: flags in, reports and an exit code out.

These commands only translate: click flags become :class:`~awslint.settings.Flags`, which
:func:`awslint.settings.resolve` turns into Settings, which :mod:`awslint.scan` runs; the report goes to
the writers in :mod:`awslint.outputs`. No scan logic lives here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from awslint.cli.common import account_options, load_registry, notify, progress_bar, scan_options
from awslint.model import SEVERITIES
from awslint.report import Report
from awslint.reporting import FORMATS, RenderOptions

EPILOG_SCAN = """\b
Exit codes: 0 no failure at or above --fail-on and the scan was complete;
1 such a failure exists; 2 usage, profile or credentials error;
3 no such failure but some checks could not be evaluated (ERROR).
\b
Examples:
  awslint scan --demo                      # the embedded example account, no AWS needed
  awslint scan --profile prod              # AWS profile 'prod' (+ lint profile 'prod')
  awslint scan --region eu-west-1 --check rds-multi-az --format json --output report.json
  awslint scan --org --role-name awslint-readonly --format json=org.json   # every account of the organisation
"""

DEMO = click.option("--demo", is_flag=True, help="Scan the embedded example account (moto, in-process, no credentials).")
FROM = click.option("--from", "from_inventory", type=click.Path(exists=True, dir_okay=False),
                    help="Evaluate a saved inventory (from `awslint collect`) instead of calling AWS.")
ALLOW_INCOMPLETE = click.option("--allow-incomplete", is_flag=True,
                                help="Exit 0 instead of 3 when some checks could not be evaluated.")


def flags(kw: dict[str, Any], **overrides: Any):  # -> Flags
    """The scan flags of a command invocation, as :class:`~awslint.settings.Flags`."""
    from awslint.settings import Flags

    kw = {**kw, **overrides}
    return Flags(
        profile=kw.get("profile"), aws_profile=kw.get("aws_profile"), regions=tuple(kw.get("regions") or ()),
        endpoint_url=kw.get("endpoint_url"), checks=tuple(kw.get("checks") or ()),
        skip_checks=tuple(kw.get("skip_checks") or ()), min_severity=kw.get("severity"), fail_on=kw.get("fail_on"),
        allow_incomplete=bool(kw.get("allow_incomplete")), baseline=kw.get("baseline"),
        from_inventory=kw.get("from_inventory"), demo=bool(kw.get("demo")), debug=bool(kw.get("debug")),
        org=bool(kw.get("org")), ous=tuple(kw.get("ous") or ()), accounts=tuple(kw.get("accounts") or ()),
        exclude_accounts=tuple(kw.get("exclude_accounts") or ()), shard=kw.get("shard"),
        role_name=kw.get("role_name"), external_id=kw.get("external_id"),
        accounts_in_flight=kw.get("accounts_in_flight"),
    )


@click.command(epilog=EPILOG_SCAN)
@scan_options
@account_options
@DEMO
@click.option("--format", "formats", multiple=True, metavar="FORMAT[=FILE]",
              help=f"Report format: {', '.join(FORMATS)} (default table). Repeatable; FORMAT=FILE writes that "
                   "report to FILE, e.g. --format table --format sarif=awslint.sarif --format json=report.json.")
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Write the one --format given without =FILE to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "never"]), default=None,
              help="Lowest severity whose failures make the exit code 1 (default: the lint profile's, else low).")
@ALLOW_INCOMPLETE
@click.option("--baseline", type=click.Path(dir_okay=False), metavar="REPORT",
              help="A previous JSON report: mark failures new/unchanged/absent; only new ones fail the scan.")
@click.option("--exit-zero", is_flag=True, help="Always exit 0 after reporting (report-only jobs); usage errors still 2.")
@click.option("--sarif-include-suppressed", is_flag=True,
              help="Keep suppressed findings in SARIF, with a suppressions entry (default: left out).")
@click.option("--show-passed", is_flag=True, help="List passed resources in the table too.")
@FROM
@click.option("--no-color", is_flag=True, help="Plain table output.")
def scan(**kw: Any) -> None:
    """Scan an AWS account and report where it departs from best practice."""
    sys.exit(scan_and_report(kw))


def scan_and_report(kw: dict[str, Any]) -> int:
    """Resolve, scan, write every report; the exit code (DESIGN.md's contract, or 0 under --exit-zero)."""
    from awslint import outputs, settings
    from awslint.scan import run_scan

    specs = outputs.parse(list(kw.get("formats") or ()), kw.get("output"))  # every path checked before scanning
    outputs.refuse_inputs(specs, [kw.get("from_inventory"), kw.get("baseline")])
    registry = load_registry(kw.get("checks_dirs") or ())
    resolved = settings.resolve(flags(kw), registry)
    progress = progress_bar()
    try:
        report = run_scan(resolved, registry, progress=progress, notify=notify)
    finally:
        if progress:
            progress.close()
    return report_and_exit(report, specs, kw)


def report_and_exit(report: Report, specs: list, kw: dict[str, Any]) -> int:
    """Write every report the flags ask for; the exit code (DESIGN.md's contract, or 0 under --exit-zero).
    Shared by every command that ends in a report (scan, baseline create, merge)."""
    from awslint import outputs

    outputs.write(report, specs, RenderOptions(
        show_passed=bool(kw.get("show_passed")), color=not kw.get("no_color") and sys.stdout.isatty(),
        include_suppressed=bool(kw.get("sarif_include_suppressed"))), notify=notify)
    if kw.get("exit_zero"):
        if report.exit_code:
            click.echo(f"awslint: --exit-zero: exiting 0 (the verdict was exit code {report.exit_code})", err=True)
        return 0
    return report.exit_code


@click.group("baseline")
def baseline_group() -> None:
    """Baselines: record today's failures so CI fails only on new ones (`scan --baseline FILE`)."""


@baseline_group.command("create", epilog="""\b
Exit codes: 0 written; 2 usage, profile or credentials error; 3 written, but some checks could
not be evaluated (their findings would show as new later; --allow-incomplete makes it 0).
\b
Example:
  awslint baseline create --profile prod --output .awslint/baseline.json
  awslint scan --profile prod --baseline .awslint/baseline.json   # fails only on new findings
""")
@scan_options
@account_options
@DEMO
@FROM
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Baseline file to write (JSON report).")
@ALLOW_INCOMPLETE
def baseline_create(**kw: Any) -> None:
    """Scan and write the JSON report that `scan --baseline` compares against."""
    sys.exit(scan_and_report({**kw, "formats": ("json",), "fail_on": "never", "no_color": True}))


@click.command()
@scan_options
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Inventory file to write.")
def collect(**kw: Any) -> None:
    """Collect the inventory the selected checks need, to evaluate later with `scan --from`."""
    from awslint import outputs, settings
    from awslint.scan import account_session, collect, plan

    output = Path(kw["output"])
    outputs.ensure_writable(output)
    registry = load_registry(kw.get("checks_dirs") or ())
    # the lint profile decides the AWS profile, regions and checks here too
    resolved = settings.resolve(flags(kw, fail_on="never"), registry)
    progress = progress_bar()
    try:
        with account_session(resolved, notify=notify) as aws:
            inv, _ = collect(aws, plan(resolved.checks, registry.sources), resolved.regions,
                             max_workers=resolved.max_workers, progress=progress, notify=notify,
                             checks=len(resolved.checks))
    finally:
        if progress:
            progress.close()
    outputs.atomic_write(output, inv.dumps())
    items = sum(len(v) for s in inv.data.values() for v in s.values())
    notify(f"collected {items} items from account {', '.join(inv.accounts)} in {len(inv.regions)} regions with "
           f"{inv.api_calls} API calls to {output}")
