"""Lint profiles (issue 3): resolve ``--profile`` into checks, severities, params and suppressions.

Placeholder until profiles land: no lint profile is ever applied.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ProfileSelection:
    name: str | None = None
    source: str | None = None


def resolve(profile_arg: str | None, cwd=None) -> ProfileSelection:
    return ProfileSelection()
