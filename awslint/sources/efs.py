"""Amazon EFS sources (regional).

Each file system carries two follow-up reads, because DescribeFileSystems says nothing about them:

- ``LifecyclePolicies``: DescribeLifecycleConfiguration's list (``[]`` when no lifecycle
  management is set, which is what the API returns then).
- ``BackupPolicy``: DescribeBackupPolicy's ``{"Status": ...}``, or ``None`` when the API answers
  ``PolicyNotFound`` (automatic backups were never turned on).

File systems already ``deleting`` (or ``deleted``) get no follow-up reads: every EFS check skips
them, and the reads could answer ``FileSystemNotFound`` and fail the region's EFS data. A file
system deleted between the listing and a follow-up still makes the region's EFS data fail, so the
EFS checks report ERROR there instead of guessing; rescan.
"""

from awslint.sources.base import FollowUp, Identity, Source

GONE_STATES = ("deleting", "deleted")


def _fs(item: dict) -> dict | None:
    if item.get("LifeCycleState") in GONE_STATES:
        return None
    return {"FileSystemId": item["FileSystemId"]}


file_systems = Source(
    "efs:file_systems", "efs", "describe_file_systems", "FileSystems",
    follow_ups=(
        FollowUp("describe_lifecycle_configuration", _fs, "LifecyclePolicies", result_key="LifecyclePolicies"),
        FollowUp("describe_backup_policy", _fs, "BackupPolicy", result_key="BackupPolicy", missing=("PolicyNotFound",)),
    ),
    description="EFS file systems with their lifecycle configuration and automatic-backup policy.",
    identity=Identity(
        id="FileSystemId",
        arn=("FileSystemArn", "arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{FileSystemId}"),
        name=("Name", "tag:Name"), type="AWS::EFS::FileSystem", state="LifeCycleState", gone=GONE_STATES))
