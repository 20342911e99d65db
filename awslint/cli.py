"""The ``awslint`` command line. Thin: parses flags, then calls :mod:`awslint.scan`.

User mistakes (unknown check, bad profile, no credentials, unwritable output) end with one
clear sentence and exit code 2, never a traceback; see DESIGN.md for the exit-code contract.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from awslint import __version__
from awslint.model import SEVERITIES
from awslint.registry import Registry, SelectionError, build_registry
from awslint.reporting import FORMATS, RenderOptions
from awslint.session import CredentialsError, RegionError

EPILOG_SCAN = """\b
Exit codes: 0 no failure at or above --fail-on and the scan was complete;
1 such a failure exists; 2 usage, profile or credentials error;
3 no such failure but some checks could not be evaluated (ERROR).
\b
Examples:
  awslint scan --demo                      # the embedded example account, no AWS needed
  awslint scan --profile prod              # AWS profile 'prod' (+ lint profile 'prod')
  awslint scan --region eu-west-1 --check rds-multi-az --format json --output report.json
"""


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one line, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"awslint: error: {self.format_message()}", err=True)


def split_multi(values: tuple[str, ...]) -> list[str]:
    """Accept both ``--check a --check b`` and ``--check a,b``."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def load_registry(checks_dirs: tuple[str, ...] = ()) -> Registry:
    """Built-in checks, installed plugins and ``--checks-dir`` modules.

    A plugin that fails to load is reported on stderr with its name and file; the scan goes on
    without it and ends with exit code 3 (incomplete), or stops with exit 2 under ``--strict-plugins``.
    """
    registry = build_registry([Path(d) for d in checks_dirs])
    ctx = click.get_current_context(silent=True)
    strict = bool(ctx and ctx.meta.get("awslint.strict_plugins"))
    if registry.problems and strict:
        raise UserError("plugin problems (--strict-plugins):\n  " + "\n  ".join(str(p) for p in registry.problems))
    for problem in registry.problems:
        click.echo(f"awslint: warning: {problem}; continuing without it", err=True)
    return registry


def _strict_plugins(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["awslint.strict_plugins"] = True


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="awslint")
def main() -> None:
    """awslint: where your AWS account departs from Solutions-Architect best practice.

    Run `awslint scan --demo` to see it on an embedded example account.
    """


# -- scan ---------------------------------------------------------------------------------------
def scan_options(fn):
    options = [
        click.option("--profile", "profile", metavar="NAME|FILE",
                     help="AWS credentials profile; a lint profile of the same name is applied too. "
                          "A path to a YAML/JSON file loads that lint profile."),
        click.option("--aws-profile", metavar="NAME",
                     help="AWS credentials profile (overrides --profile's); 'default' means the default credential "
                          "chain (environment, SSO, instance role)."),
        click.option("--region", "regions", multiple=True, metavar="REGION",
                     help="Region to scan (repeatable). Default: every region enabled for the account."),
        click.option("--endpoint-url", metavar="URL", help="Send API calls here (moto server, LocalStack)."),
        click.option("--check", "checks", multiple=True, metavar="ID|NAME",
                     help="Run only these checks: id, name, area prefix (NET), pillar or severity. Repeatable."),
        click.option("--skip-check", "skip_checks", multiple=True, metavar="ID|NAME", help="Do not run these checks."),
        click.option("--severity", type=click.Choice(SEVERITIES), help="Run only checks at or above this severity."),
        click.option("--checks-dir", "checks_dirs", multiple=True, metavar="DIR",
                     type=click.Path(exists=True, file_okay=False), help="Load custom checks from the Python files in DIR."),
        click.option("--strict-plugins", is_flag=True, expose_value=False, is_eager=True, callback=_strict_plugins,
                     help="Stop (exit 2) when a custom check or plugin fails to load, instead of scanning without it."),
        click.option("--debug", is_flag=True, help="Include tracebacks of failing checks in ERROR messages."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@main.command(epilog=EPILOG_SCAN)
@scan_options
@click.option("--demo", is_flag=True, help="Scan the embedded example account (moto, in-process, no credentials).")
@click.option("--format", "formats", multiple=True, metavar="FORMAT[=FILE]",
              help=f"Report format: {', '.join(FORMATS)} (default table). Repeatable; FORMAT=FILE writes that "
                   "report to FILE, e.g. --format table --format sarif=awslint.sarif --format json=report.json.")
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Write the one --format given without =FILE to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "never"]), default=None,
              help="Lowest severity whose failures make the exit code 1 (default low).")
@click.option("--allow-incomplete", is_flag=True, help="Exit 0 instead of 3 when some checks could not be evaluated.")
@click.option("--baseline", type=click.Path(dir_okay=False), metavar="REPORT",
              help="A previous JSON report: mark failures new/unchanged/absent; only new ones fail the scan.")
@click.option("--exit-zero", is_flag=True, help="Always exit 0 after reporting (report-only jobs); usage errors still 2.")
@click.option("--sarif-include-suppressed", is_flag=True,
              help="Keep suppressed findings in SARIF, with a suppressions entry (default: left out).")
@click.option("--show-passed", is_flag=True, help="List passed resources in the table too.")
@click.option("--from", "from_inventory", type=click.Path(exists=True, dir_okay=False),
              help="Evaluate a saved inventory (from `awslint collect`) instead of calling AWS.")
@click.option("--no-color", is_flag=True, help="Plain table output.")
def scan(**kw) -> None:
    """Scan an AWS account and report where it departs from best practice."""
    sys.exit(run_scan_command(**kw))


def run_scan_command(profile, aws_profile, regions, endpoint_url, checks, skip_checks, severity, checks_dirs,
                     debug, demo, formats, output, fail_on, allow_incomplete, show_passed, from_inventory,
                     no_color, baseline=None, exit_zero=False, sarif_include_suppressed=False) -> int:
    from awslint import lint_profiles, outputs
    from awslint.baseline import BaselineError
    from awslint.scan import ScanOptions, run_scan

    check_sources(demo, from_inventory, endpoint_url)
    try:
        specs = outputs.parse(list(formats), output)
    except outputs.OutputError as exc:
        raise UserError(str(exc)) from None
    if from_inventory:
        check_inventory_file(from_inventory, regions)
    registry = load_registry(checks_dirs)
    try:  # a bad lint profile is exit 2 before any AWS call
        selection = lint_profiles.resolve(profile, registry=registry)
    except lint_profiles.ProfileError as exc:
        raise UserError(str(exc)) from None
    options = selection.apply(ScanOptions(  # the flags; the lint profile fills what they leave unset
        aws_profile=aws_profile, regions=list(regions), endpoint_url=endpoint_url,
        checks=split_multi(checks), skip_checks=split_multi(skip_checks), min_severity=severity,
        fail_on=fail_on, allow_incomplete=allow_incomplete,
        from_inventory=Path(from_inventory) if from_inventory else None, debug=debug,
    ))
    if from_inventory and not regions and options.regions:  # the lint profile's regions: same rule as --region
        check_inventory_file(from_inventory, tuple(options.regions), origin=f"lint profile {selection.source}: regions")
    try:
        from awslint.scan import select_checks
        require_selection(select_checks(registry, options.checks, options.skip_checks, options.min_severity,
                                        options.severities))
    except SelectionError as exc:
        raise UserError(str(exc)) from None
    if baseline:  # loaded before scanning: a bad file is a usage error, not a wasted scan
        from awslint.baseline import Baseline, global_check_ids
        try:
            known = Baseline.load(baseline)
        except BaselineError as exc:
            raise UserError(str(exc)) from None
        options.post_processors.append(known.processor(global_check_ids(registry.all(), registry.sources)))
    progress = Progress() if sys.stderr.isatty() else None
    try:
        if demo:
            report = _demo_scan(registry, options, progress)
        else:
            if from_inventory:
                options.source_label = f"inventory:{from_inventory}"
            elif endpoint_url:
                options.source_label = f"endpoint:{endpoint_url}"
            report = run_scan(registry, options, progress=progress, notify=_notify)
    except (CredentialsError, RegionError, BaselineError) as exc:  # BaselineError: a baseline of another account
        raise UserError(str(exc)) from None
    finally:
        if progress:
            progress.close()
    outputs.write(report, specs, RenderOptions(show_passed=show_passed, color=not no_color and sys.stdout.isatty(),
                                               include_suppressed=sarif_include_suppressed))
    if exit_zero:
        if report.exit_code:
            click.echo(f"awslint: --exit-zero: exiting 0 (the verdict was exit code {report.exit_code})", err=True)
        return 0
    return report.exit_code


def check_sources(demo: bool, from_inventory: str | None, endpoint_url: str | None) -> None:
    """--demo, --from and --endpoint-url each say where resources come from: two of them is a mistake,
    not something to resolve silently (one of them would be ignored)."""
    given = [flag for flag, value in (("--demo", demo), ("--from", from_inventory), ("--endpoint-url", endpoint_url))
             if value]
    if len(given) > 1:
        raise UserError(f"{' and '.join(given)} cannot be combined: each says where the resources come from; "
                        "keep one")


def check_inventory_file(path: str, regions: tuple[str, ...], origin: str = "--region") -> None:
    """A --from file that is not an inventory, or a --region it does not hold, is a usage error before scanning
    (otherwise: a traceback, or a silently empty scan that exits 0)."""
    from awslint.inventory import Inventory

    try:
        inv = Inventory.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, json.JSONDecodeError):
            reason = f"not JSON: {exc.msg} at line {exc.lineno}"
        elif "awslint inventory" in reason:
            reason = "no \"format\": \"awslint-inventory\" field"
        raise UserError(f"--from {path} is not an awslint inventory ({reason}); write one with "
                        "`awslint collect --output FILE`") from None
    missing = [r for r in regions if r not in inv.regions]
    if missing:
        hint = "" if origin == "--region" else f"; pass --region {' --region '.join(inv.regions)} to scan what it holds"
        raise UserError(f"{origin} {', '.join(missing)}: not in the inventory {path}, which holds "
                        f"{', '.join(inv.regions) or 'no region'}" + (hint if inv.regions else ""))


def require_selection(selected: list) -> None:
    """An empty selection would scan nothing and exit 0: in CI that is a silent pass, so it is a usage error."""
    if not selected:
        raise UserError("no check left to run: --check/--skip-check/--severity (and the lint profile's selection) "
                        "exclude every check; see `awslint checks list`")


def _demo_scan(registry, options, progress):
    import boto3

    from awslint.demo import DemoUnavailable, demo_account
    from awslint.demo.account import PRIMARY, SECONDARY
    from awslint.scan import run_scan

    options.regions = options.regions or [PRIMARY, SECONDARY]
    known = set(boto3.Session().get_available_regions("ec2"))
    unknown = [r for r in options.regions if r not in known]
    if unknown:  # before spending seconds building the account
        import difflib
        hint = difflib.get_close_matches(unknown[0], sorted(known), n=1)
        raise UserError(f"unknown region {unknown[0]!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    options.source_label = "demo"
    options.aws_profile = None
    try:
        with demo_account() as (aws, seconds):
            click.echo(f"awslint: built the demo account in moto ({seconds:.1f}s)", err=True)
            report = run_scan(registry, options, aws=aws, progress=progress, notify=_notify)
    except DemoUnavailable as exc:
        raise UserError(str(exc)) from None
    report.scan["demo"] = True
    return report


def _notify(line: str) -> None:
    """Status lines go to stderr, so stdout stays a clean report (pipe it, redirect it)."""
    click.echo(f"awslint: {line}", err=True)


class Progress:
    """A one-line progress indicator on stderr while collecting (only on a terminal)."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int, label: str) -> None:
        self.shown = True
        click.echo(f"\r\033[Kcollecting {done}/{total}: {label}", err=True, nl=False)

    def close(self) -> None:
        if self.shown:
            click.echo("\r\033[K", err=True, nl=False)


# -- baseline -----------------------------------------------------------------------------------
@main.group("baseline")
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
@click.option("--demo", is_flag=True, help="Scan the embedded example account (moto, in-process, no credentials).")
@click.option("--from", "from_inventory", type=click.Path(exists=True, dir_okay=False),
              help="Evaluate a saved inventory (from `awslint collect`) instead of calling AWS.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Baseline file to write (JSON report).")
@click.option("--allow-incomplete", is_flag=True, help="Exit 0 instead of 3 when some checks could not be evaluated.")
def baseline_create(**kw) -> None:
    """Scan and write the JSON report that `scan --baseline` compares against."""
    code = run_scan_command(**kw, formats=("json",), fail_on="never", show_passed=False, no_color=True)
    sys.exit(code)


# -- collect ------------------------------------------------------------------------------------
@main.command()
@scan_options
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Inventory file to write.")
def collect(profile, aws_profile, regions, endpoint_url, checks, skip_checks, severity, checks_dirs, debug,
            output) -> None:
    """Collect the inventory the selected checks need, to evaluate later with `scan --from`."""
    from awslint import lint_profiles, outputs
    from awslint.scan import ScanOptions, collect_inventory, select_checks
    from awslint.session import AwsSession

    try:
        outputs.ensure_writable(Path(output))
    except outputs.OutputError as exc:
        raise UserError(str(exc)) from None
    registry = load_registry(checks_dirs)
    try:  # the lint profile decides the AWS profile, regions and checks here too
        opts = lint_profiles.resolve(profile, registry=registry).apply(ScanOptions(
            aws_profile=aws_profile, regions=list(regions), checks=split_multi(checks),
            skip_checks=split_multi(skip_checks), fail_on="never"))
        selected = select_checks(registry, opts.checks, opts.skip_checks, severity, opts.severities)
        require_selection(selected)
        aws = AwsSession.from_profile(opts.aws_profile, endpoint_url=endpoint_url)
        progress = Progress() if sys.stderr.isatty() else None
        inv, account, scanned, _ = collect_inventory(registry, selected, aws, opts.regions, progress)
        if progress:
            progress.close()
    except (lint_profiles.ProfileError, SelectionError, CredentialsError, RegionError) as exc:
        raise UserError(str(exc)) from None
    outputs.atomic_write(Path(output), inv.dumps())
    click.echo(f"awslint: collected {sum(len(v) for s in inv.data.values() for v in s.values())} items "
               f"from account {account} in {len(scanned)} regions with {inv.api_calls} API calls to {output}",
               err=True)


# -- checks -------------------------------------------------------------------------------------
@main.group()
def checks() -> None:
    """List and describe the available checks."""


@checks.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people; json for tools (every field of every check).")
@click.option("--checks-dir", "checks_dirs", multiple=True, metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="Also list the custom checks in DIR (repeatable).")
def checks_list(fmt, checks_dirs) -> None:
    """The catalogue: id, name, severity, pillars and title of every check."""
    from tabulate import tabulate

    registry = load_registry(checks_dirs)
    if fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in registry.all()], indent=2))
        return
    rows = [(c.id, c.name, c.severity, ",".join(c.pillars), c.title) for c in registry.all()]
    click.echo(tabulate(rows, headers=["id", "name", "severity", "pillars", "title"]))
    click.echo(f"\n{len(rows)} checks")


@checks.command("show")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json for tools.")
@click.option("--checks-dir", "checks_dirs", multiple=True, metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="Also look among the custom checks in DIR (repeatable).")
def checks_show(name, fmt, checks_dirs) -> None:
    """Everything about one check (NAME: its id or name): rationale, what it evaluates, remediation, references."""
    registry = load_registry(checks_dirs)
    spec = registry.get(name)
    if spec is None:
        hint = registry.suggest(name)
        raise UserError(f"no check {name!r}" + (f"; did you mean {hint!r}?" if hint else "; see `awslint checks list`"))
    data = spec.to_dict()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{spec.id} {spec.name} [{spec.severity}]\n{spec.title}\n")
    for label, key in (("Origin", "origin"), ("Lesson", "lesson"), ("Pillars", "pillars"), ("Why", "rationale"),
                       ("Evaluates", "evaluates"), ("Remediation", "remediation"), ("Needs", "needs"),
                       ("AWS Config rule", "config_rule"), ("Security Hub control", "security_hub")):
        value = data.get(key)
        if value:
            click.echo(f"{label}: {', '.join(value) if isinstance(value, list) else value}")
    if spec.params:
        click.echo("Parameters:")
        for pname, param in spec.params.items():
            click.echo(f"  {pname} = {param.default!r}: {param.description}")
    if spec.references:
        click.echo("References:")
        for ref in spec.references:
            click.echo(f"  {ref}")


# -- new-check ----------------------------------------------------------------------------------
@main.command("new-check")
@click.argument("name")
@click.option("--dir", "directory", default="checks.d", show_default=True, type=click.Path(file_okay=False),
              help="Directory for the check module and its test (load it with --checks-dir DIR).")
@click.option("--id", "check_id", default=None, help="Check id with your organisation prefix (default X-CUS001).")
def new_check_command(name, directory, check_id) -> None:
    """Scaffold a custom check NAME and its test, both passing as generated."""
    from awslint.scaffold import ScaffoldError, new_check

    try:
        paths = new_check(name, Path(directory), check_id)
    except ScaffoldError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:  # unwritable or impossible --dir
        raise UserError(f"cannot create the check in {directory}: {exc.strerror or exc}") from None
    for path in paths:
        click.echo(f"created {path}")
    click.echo(f"next: edit {paths[0]}, run `pytest {directory}`, then `awslint scan --checks-dir {directory}`")


from awslint.cli_profiles import profiles  # noqa: E402  (the `profiles` group; it imports UserError from here)

main.add_command(profiles)
