"""Demo resources for the storage checks: each check gets a failing and a passing resource."""

from __future__ import annotations


def build(ctx) -> None:
    """Nothing yet."""
