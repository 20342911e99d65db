"""Demo resources for the cdn checks: each check gets a failing and a passing resource."""

from __future__ import annotations


def build(ctx) -> None:
    """Nothing yet."""
