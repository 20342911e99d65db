"""EFS: Elastic File System (Day 9: Storage).

EFS bills every stored GB at the Standard price until a lifecycle policy moves cold files to Infrequent
Access or Archive, and it keeps files in several Availability Zones without keeping their history: the
lesson is to set lifecycle management so idle data gets cheaper on its own, and to back every file system
up (EFS automatic backups or an AWS Backup plan) so a deleted or overwritten file can be restored. File
systems that are ``deleting`` or ``deleted`` are not evaluated (the source's identity leaves them out of
``inv.live``). EBS volumes and snapshots are in checks/ebs.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from awslint import Param, check, errored, failed, passed
from awslint.lessons import Lesson
from awslint.pricing import EFS_GB_MONTH, monthly

EFS_TYPE = "AWS::EFS::FileSystem"
GIB = 1024 ** 3


# -- helpers ------------------------------------------------------------------------------------
def _days(value: str) -> str:
    """``AFTER_30_DAYS`` -> ``30 days``."""
    return value.replace("AFTER_", "").replace("_", " ").lower()


def _gib(size_bytes: int | float | None) -> float | None:
    return None if size_bytes is None else size_bytes / GIB


# -- EFS001 ---------------------------------------------------------------------------------------
@check(
    id="EFS001", name="efs-lifecycle-policy", severity="low",
    title="EFS file system has no lifecycle policy moving cold files to Infrequent Access",
    needs=("efs:file_systems",), lesson=Lesson.STORAGE, pillars=("cost", "sustainability"),
    resource_type=EFS_TYPE,
    rationale="Files not read for weeks cost as much in EFS Standard as hot ones; a lifecycle policy moves them to "
              "Infrequent Access (about 95% cheaper per GB) or Archive automatically, and back on access.",
    evaluates="Every file system not deleting or deleted. PASS when its lifecycle configuration has TransitionToIA, "
              "or TransitionToArchive (a colder class, also a lifecycle policy); FAIL when it has neither (none at "
              "all, or only TransitionToPrimaryStorageClass), with the data now in Standard and its estimated "
              "monthly price. ERROR when the lifecycle configuration could not be read.",
    remediation="Set a lifecycle policy (console: EFS > File systems > select > Edit > Lifecycle management > "
                "Transition into IA: 30 days since last access; CLI: aws efs put-lifecycle-configuration "
                "--file-system-id <fs-id> --lifecycle-policies TransitionToIA=AFTER_30_DAYS "
                "TransitionToPrimaryStorageClass=AFTER_1_ACCESS).",
    references=(
        "https://docs.aws.amazon.com/efs/latest/ug/lifecycle-management-efs.html",
        "https://docs.aws.amazon.com/efs/latest/ug/enable-lifecycle-management.html",
        "https://aws.amazon.com/efs/pricing/",
    ),
)
def efs_lifecycle_policy(inv, params) -> Iterator:
    """Without lifecycle management every cold file stays at the Standard price forever."""
    for fs in inv.live("efs:file_systems"):
        fid, label = fs["FileSystemId"], inv.label(fs)
        policies = fs.get("LifecyclePolicies")
        if policies is None:
            yield errored(fs, f"File system {label}: its lifecycle configuration was not collected.")
            continue
        to_ia = next((p["TransitionToIA"] for p in policies if p.get("TransitionToIA")), None)
        to_archive = next((p["TransitionToArchive"] for p in policies if p.get("TransitionToArchive")), None)
        if to_ia:
            then = f", to Archive after {_days(to_archive)}" if to_archive else ""
            yield passed(fs, f"File system {label} moves files to Infrequent Access after {_days(to_ia)} without "
                             f"access{then}.")
        elif to_archive:
            yield passed(fs, f"File system {label} moves files to Archive after {_days(to_archive)} without access "
                             "(no IA step).")
        else:
            standard = _gib((fs.get("SizeInBytes") or {}).get("ValueInStandard",
                                                             (fs.get("SizeInBytes") or {}).get("Value")))
            size = (f" It holds {standard:,.1f} GiB in Standard ({monthly(standard * EFS_GB_MONTH['standard'])})."
                    if standard else "")
            yield failed(fs, f"File system {label} has no lifecycle policy: files never read again stay in Standard "
                             f"at ${EFS_GB_MONTH['standard']:.2f}/GB-month instead of ${EFS_GB_MONTH['ia']:.3f} in "
                             f"Infrequent Access.{size} Fix: aws efs put-lifecycle-configuration --file-system-id {fid} "
                             "--lifecycle-policies TransitionToIA=AFTER_30_DAYS "
                             "TransitionToPrimaryStorageClass=AFTER_1_ACCESS")


# -- EFS002 ---------------------------------------------------------------------------------------
@check(
    id="EFS002", name="efs-backup", severity="medium",
    title="EFS file system is not backed up (no automatic backups, no recent AWS Backup recovery point)",
    needs=("efs:file_systems", "backup:protected_resources"), lesson=Lesson.STORAGE, pillars=("reliability",),
    resource_type=EFS_TYPE, config_rule="efs-in-backup-plan", security_hub="EFS.2",
    params={"backup_max_age_days": Param(8, "An AWS Backup recovery point counts only if it is at most this many "
                                            "days old (a weekly plan plus its start window).",
                                         {"type": "integer", "minimum": 1})},
    rationale="EFS is replicated across AZs but not versioned: a deleted or overwritten file is gone unless a backup "
              "exists. EFS automatic backups (daily, 35-day retention) or an AWS Backup plan provide the recovery "
              "point.",
    evaluates="Every file system not deleting or deleted. PASS when its backup policy is ENABLED or ENABLING (EFS "
              "automatic backups, which run in AWS Backup's default plan), or when AWS Backup lists it as a "
              "protected resource with a recovery point at most backup_max_age_days old (a custom backup plan "
              "protects it equally). FAIL otherwise: no backup policy (DescribeBackupPolicy answers PolicyNotFound) "
              "or DISABLED/DISABLING, and no recent AWS Backup recovery point (an older one is named: the plan "
              "probably stopped covering it). ERROR when the backup policy was not collected.",
    remediation="Turn on EFS automatic backups or add the file system to an AWS Backup plan (console: EFS > File "
                "systems > select > Edit > Automatic backups: enabled; CLI: aws efs put-backup-policy "
                "--file-system-id <fs-id> --backup-policy Status=ENABLED).",
    references=(
        "https://docs.aws.amazon.com/efs/latest/ug/awsbackup.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/efs-in-backup-plan.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-2",
    ),
)
def efs_backup(inv, params) -> Iterator:
    """A file system with no backup cannot be restored after a deletion, corruption or ransomware."""
    max_age = params["backup_max_age_days"]
    protected: dict | None = None  # AWS Backup is read only for file systems without automatic backups
    for fs in inv.live("efs:file_systems"):
        fid, label = fs["FileSystemId"], inv.label(fs)
        if "BackupPolicy" not in fs:
            yield errored(fs, f"File system {label}: its backup policy was not collected.")
            continue
        status = (fs.get("BackupPolicy") or {}).get("Status")
        if status in ("ENABLED", "ENABLING"):
            yield passed(fs, f"File system {label} has EFS automatic backups {status.lower()} (daily, 35-day "
                             "retention).")
            continue
        if protected is None:
            protected = {r.get("ResourceArn"): r for r in inv["backup:protected_resources"]
                         if r.get("ResourceType") == "EFS"}
        record = protected.get(inv.describe(fs)["resource_arn"])  # AWS Backup names what it protects by ARN
        last = record.get("LastBackupTime") if record else None
        if isinstance(last, datetime) and inv.now - last <= timedelta(days=max_age):
            yield passed(fs, f"File system {label} is backed up by AWS Backup (last recovery point "
                             f"{last:%Y-%m-%d}).")
            continue
        policy = f"automatic backups are {status.lower()}" if status else "automatic backups are off"
        old = (f"; its last AWS Backup recovery point is from {last:%Y-%m-%d}, more than {max_age} days ago, "
               "so no plan seems to cover it any more" if isinstance(last, datetime) else
               "; no AWS Backup plan has backed it up")
        yield failed(fs, f"File system {label} is not backed up: {policy}{old}. Fix: aws efs put-backup-policy "
                         f"--file-system-id {fid} --backup-policy Status=ENABLED, or add it to an AWS Backup plan.")
