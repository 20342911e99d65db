"""One hierarchy for everything awslint can refuse to do, so the CLI maps errors to exit codes in one place.

- :class:`AwslintError`: the base. Anything raised as one is a sentence for the user, never a traceback.
- :class:`UsageError` (exit 2, before scanning): a bad flag, lint profile, baseline, output path, check
  selection, region, inventory file, or missing credentials. The user can fix it and run again.
- :class:`DefinitionError`: a check or source is declared wrongly. The registry records it as a plugin
  problem (the scan goes on without it, exit 3) instead of letting it escape.

Each concrete error also derives from the built-in exception it used to be (``ValueError``,
``RuntimeError``), so code written against those keeps working.
"""

from __future__ import annotations


class AwslintError(Exception):
    """Base of every error awslint raises on purpose; ``str(exc)`` is the whole message for the user."""

    exit_code = 2


class UsageError(AwslintError):
    """The run cannot start as asked (exit 2, nothing scanned): the message names what to change."""


class DefinitionError(AwslintError):
    """A check or a source is declared wrongly (reported as a plugin problem, never a crash)."""
