"""Helpers shared by the database check modules (rds, dms).

Not a check module (the leading underscore keeps the registry from loading it as one).
"""

from __future__ import annotations


def az_or_none(value: str | None, region: str) -> str | None:
    """An AZ name worth quoting in a message: one of this region's (emulators return junk such as 'Noneb')."""
    return value if value and value.startswith(region) else None
