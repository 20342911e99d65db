"""The ``awslint`` command line: one module per command, one error handler for all of them.

Commands only translate flags into calls and results into output. Every error awslint raises on
purpose is an :class:`~awslint.errors.AwslintError`; :class:`AwslintGroup` turns it into one line on
stderr and exit code 2 (a usage, profile or credentials mistake), so a user never sees a traceback
for a mistake they can fix. See DESIGN.md for the exit-code contract.
"""

from __future__ import annotations

from typing import Any

import click

from awslint import __version__
from awslint.cli.checks import checks, new_check_command
from awslint.cli.common import UserError, load_registry
from awslint.cli.merge import merge
from awslint.cli.profiles import profiles
from awslint.cli.scan import baseline_group, collect, scan
from awslint.errors import AwslintError

__all__ = ["UserError", "load_registry", "main"]


class AwslintGroup(click.Group):
    """The one place where awslint's own errors become what the user sees: a sentence and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AwslintError as exc:
            raise UserError(str(exc)) from None


@click.group(cls=AwslintGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="awslint")
def main() -> None:
    """awslint: where your AWS account departs from Solutions-Architect best practice.

    Run `awslint scan --demo` to see it on an embedded example account.
    """


for command in (scan, baseline_group, collect, merge, checks, new_check_command, profiles):
    main.add_command(command)
