"""What every ``awslint`` command shares: the user-error type, loading the registry, progress and status lines."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click

from awslint import logs
from awslint.registry import Registry, build_registry


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one line, exit code 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"awslint: error: {self.format_message()}", err=True)


def verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get("awslint.verbosity", logs.NORMAL)) if ctx else logs.NORMAL


def load_registry(checks_dirs: tuple[str, ...] | list[str] = ()) -> Registry:
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


def notify(line: str) -> None:
    """Status lines go to stderr, so stdout stays a clean report (pipe it, redirect it); ``-q`` silences them."""
    if verbosity() > logs.QUIET:
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


def progress_bar() -> Progress | None:
    return Progress() if sys.stderr.isatty() and verbosity() > logs.QUIET else None


def _strict_plugins(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["awslint.strict_plugins"] = True


def _verbosity(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    level = ctx.meta.get("awslint.verbosity", logs.NORMAL)
    if param.name == "verbose" and value:
        level = max(level, logs.VERBOSE if value == 1 else logs.DEBUG)
    elif param.name == "quiet" and value:
        level = logs.QUIET
    elif param.name == "debug" and value:
        level = logs.DEBUG
    ctx.meta["awslint.verbosity"] = level
    logs.configure(level)


def logging_options(fn: Callable) -> Callable:
    """``-v``/``-q``: how much awslint says on stderr while it works (``--debug`` is a scan option)."""
    fn = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_verbosity,
                      help="Print only errors and the report (no status lines, no progress).")(fn)
    fn = click.option("-v", "--verbose", count=True, expose_value=False, callback=_verbosity,
                      help="Say more: a summary of each stage and the slowest sources (-vv: like --debug).")(fn)
    return fn


def scan_options(fn: Callable) -> Callable:
    """The flags every command that scans shares (scan, collect, baseline create)."""
    from awslint.model import SEVERITIES

    options = [
        click.option("--profile", "profile", metavar="NAME|FILE",
                     help="AWS credentials profile; a lint profile of the same name is applied too. "
                          "A path to a YAML/JSON file loads that lint profile."),
        click.option("--aws-profile", metavar="NAME",
                     help="AWS credentials profile (overrides --profile's); 'default' means the default credential "
                          "chain (environment, SSO, instance role)."),
        click.option("--region", "regions", multiple=True, metavar="REGION",
                     help="Region to scan (repeatable, or comma-separated). Default: every region enabled for the "
                          "account."),
        click.option("--endpoint-url", metavar="URL", help="Send API calls here (moto server, LocalStack)."),
        click.option("--check", "checks", multiple=True, metavar="ID|NAME",
                     help="Run only these checks: id, name, area prefix (NET), pillar or severity. Repeatable."),
        click.option("--skip-check", "skip_checks", multiple=True, metavar="ID|NAME", help="Do not run these checks."),
        click.option("--severity", type=click.Choice(SEVERITIES), help="Run only checks at or above this severity."),
        click.option("--checks-dir", "checks_dirs", multiple=True, metavar="DIR",
                     type=click.Path(exists=True, file_okay=False), help="Load custom checks from the Python files in DIR."),
        click.option("--strict-plugins", is_flag=True, expose_value=False, is_eager=True, callback=_strict_plugins,
                     help="Stop (exit 2) when a custom check or plugin fails to load, instead of scanning without it."),
        click.option("--debug", is_flag=True, callback=_debug_flag,
                     help="Log each API call's retries and each source's timing, and include tracebacks of failing "
                          "checks in ERROR messages."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return logging_options(fn)


def _debug_flag(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    _verbosity(ctx, param, value)
    return value


def account_options(fn: Callable) -> Callable:
    """Organisation scans: which accounts, and how to get into them."""
    options = [
        click.option("--org", is_flag=True,
                     help="Scan every ACTIVE account of the AWS Organization (run from the management account or a "
                          "delegated administrator)."),
        click.option("--ou", "ous", multiple=True, metavar="OU_ID",
                     help="Scan the accounts in this OU and its child OUs (repeatable)."),
        click.option("--account", "accounts", multiple=True, metavar="ID|@FILE",
                     help="Scan this account (repeatable, comma-separated, or @FILE with one id per line)."),
        click.option("--exclude-account", "exclude_accounts", multiple=True, metavar="ID|@FILE",
                     help="Leave this account out of --org/--ou/--account."),
        click.option("--role-name", metavar="NAME",
                     help="Role assumed in every scanned account but the one running the scan "
                          "(default awslint-readonly; deploy/aws/member-role.yaml creates it)."),
        click.option("--external-id", metavar="ID", help="External id required by the member role's trust policy."),
        click.option("--accounts-in-flight", type=click.IntRange(min=1), metavar="N",
                     help="Accounts scanned at the same time (default 4; at most 64 API calls in flight overall)."),
        click.option("--shard", metavar="K/N",
                     help="Scan only the K-th of N stable subsets of the accounts (CI matrix, batch arrays); combine "
                          "the reports with `awslint merge`."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn
