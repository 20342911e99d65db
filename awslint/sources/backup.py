"""AWS Backup sources (regional)."""

from awslint.sources.base import Source

protected_resources = Source(
    "backup:protected_resources", "backup", "list_protected_resources", "Results",
    description="Resources AWS Backup has successfully backed up in the region, with the time of the last backup.")
