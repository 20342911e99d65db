"""Logging: what awslint is doing, at the level the user asked for.

Status lines a user always wants (the account and regions being scanned, where a report went) are
printed by the CLI; this is for the rest. ``-v`` shows a summary of each scan stage and the slowest
sources; ``--debug`` adds per-source timings, each API call that was retried or throttled, and the
tracebacks of failing checks; ``-q`` keeps only errors. Everything goes to stderr, so stdout stays a
clean report.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

LOGGER = "awslint"
QUIET, NORMAL, VERBOSE, DEBUG = -1, 0, 1, 2
_LEVELS = {QUIET: logging.ERROR, NORMAL: logging.WARNING, VERBOSE: logging.INFO, DEBUG: logging.DEBUG}


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of the record (click's test runner swaps it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


class _Format(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = "awslint: " if record.levelno == logging.INFO else f"awslint: {record.levelname.lower()}: "
        return prefix + record.getMessage()


def configure(verbosity: int) -> None:
    """Route the ``awslint`` loggers to stderr at the level for ``verbosity`` (QUIET..DEBUG); idempotent."""
    logger = logging.getLogger(LOGGER)
    logger.setLevel(_LEVELS[max(QUIET, min(DEBUG, verbosity))])
    for handler in list(logger.handlers):
        if getattr(handler, "_awslint", False):
            logger.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(_Format())
    handler._awslint = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.propagate = False
    # botocore warns "Refreshing temporary credentials failed" when a member role cannot be assumed; awslint reports
    # that account as an ERROR with AWS's reason, so the warning is only shown with --debug
    logging.getLogger("botocore.credentials").setLevel(logging.DEBUG if verbosity >= DEBUG else logging.ERROR)
