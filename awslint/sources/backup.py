"""AWS Backup sources (regional)."""

from awslint.sources.base import Identity, Source

protected_resources = Source(
    "backup:protected_resources", "backup", "list_protected_resources", "Results",
    description="Resources AWS Backup has successfully backed up in the region, with the time of the last backup.",
    identity=Identity(id="ResourceArn", arn="ResourceArn"))

#: Copy jobs are listed in the region of the source recovery point, so a cross-region copy is
#: visible without scanning the destination region: ``DestinationBackupVaultArn`` names it.
copy_jobs = Source(
    "backup:copy_jobs", "backup", "list_copy_jobs", "CopyJobs",
    description="Copy jobs started in the region (AWS Backup keeps a limited job history), with ResourceArn, "
                "State, CompletionDate and DestinationBackupVaultArn.",
    identity=Identity(id="CopyJobId", type="AWS::Backup::CopyJob"))
