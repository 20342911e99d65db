"""BAK: AWS Backup copies of critical resources in another region (Day 4: Disaster recovery (RTO/RPO)).

A backup kept in the resource's own region is lost with that region, so the disaster-recovery lesson is
that critical EC2 instances, EBS volumes and EFS file systems need a recent AWS Backup copy in a second
region, made by a copy rule in their backup plan; a completed cross-region copy job is the evidence. The
DR strategy follows business criticality, so only resources tagged critical are judged (``criticality`` =
``critical`` or ``mission-critical`` by default, compared case-insensitively; both are parameters a profile
sets, defined once in checks/_tiers.py). Databases are judged by the Day 11 replica checks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta

from awslint.checks._tiers import critical_tag, tier_params

from awslint import Param, check, failed, passed, region_of_arn
from awslint.lessons import Lesson

# -- BAK001: critical EC2/EBS/EFS resources without a recent cross-region backup copy --------------
#: The sources judged, with the word messages use for each kind; results come out by kind, then by id.
KINDS = (("ec2:instances", "instance"), ("ec2:volumes", "volume"), ("efs:file_systems", "file-system"))


def _hosts(volume: Mapping) -> list[str]:
    """Instances a volume is attached (or attaching) to: an EC2 instance backup (an AMI) includes its attached
    volumes, so the instance's copies count for the volume too."""
    return [a["InstanceId"] for a in volume.get("Attachments") or []
            if a.get("InstanceId") and a.get("State", "attached") in ("attached", "attaching")]


def _copy_time(job: Mapping) -> datetime | None:
    return job.get("CompletionDate") or job.get("CreationDate")


def _utc(moment: datetime, fmt: str = "%Y-%m-%d %H:%M UTC") -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).strftime(fmt)


@check(
    id="BAK001", name="critical-resource-cross-region-backup", severity="medium",
    title="Critical EC2 instance, EBS volume or EFS file system has no recent AWS Backup copy in another region",
    needs=("ec2:instances", "ec2:volumes", "efs:file_systems", "backup:copy_jobs"),
    lesson=Lesson.DISASTER_RECOVERY, pillars=("reliability",),
    resource_type="AWS::EC2::Volume",
    params={
        **tier_params("a resource"),
        "max_age_days": Param(7, "Newest cross-region copy must be at most this many days old (your RPO for a "
                                 "regional disaster; AWS Backup keeps a limited copy-job history, so keep it short)",
                              schema={"type": "integer", "minimum": 1, "description": "Maximum copy age in days"}),
    },
    rationale="Backups in the same region are lost with the region. For critical workloads the backup-and-restore "
              "and pilot-light strategies depend on a recent copy in a second region; AWS Backup copy rules make "
              "that copy automatically, and a completed copy job is the evidence it happened.",
    evaluates="EC2 instances (not shutting-down or terminated), EBS volumes (not deleting or deleted) and EFS file "
              "systems (not deleting or deleted) of the region that are tagged critical (`tag_key` with one of "
              "`tag_values`, value case-insensitive). Databases are judged by the Day 11 replica checks. Evidence "
              "is AWS Backup copy jobs listed in the resource's region: PASS when a COMPLETED copy job of the "
              "resource (for a volume, also of an instance it is attached to, whose backup includes its volumes) "
              "went to a backup vault in another region within `max_age_days`. FAIL when there is none: no copy "
              "job, only same-region (e.g. cross-account) copies, only failed ones, or the newest is older. "
              "Copies made outside AWS Backup (Data Lifecycle Manager cross-region snapshot copies, EFS "
              "replication) are not recognised; suppress the finding with a reason if you rely on them.",
    remediation="Add a copy action to another region's backup vault in the backup plan that protects the resource "
                "and make sure the plan's resource assignment selects it, e.g. by the same criticality tag "
                "(console: AWS Backup > Backup plans > <plan> > <rule> > Edit > Copy to destination: another "
                "Region; CLI: aws backup update-backup-plan --backup-plan-id <id> --backup-plan file://plan.json "
                "with \"CopyActions\": [{\"DestinationBackupVaultArn\": \"arn:aws:backup:<dr-region>:<account>:"
                "backup-vault:<vault>\"}] in the rule; one-off: aws backup start-copy-job --recovery-point-arn "
                "<rp> --source-backup-vault-name <vault> --destination-backup-vault-arn <dr-vault-arn> "
                "--iam-role-arn <role>).",
    references=(
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html",
        "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/backup-and-restore.html",
    ),
)
def critical_resource_cross_region_backup(inv, params) -> Iterator:
    """A backup that lives only in the resource's region does not survive that region."""
    cutoff = inv.now - timedelta(days=params["max_age_days"])
    # inv.live is sorted by id; the stable sort by kind gives (kind, id) order.
    critical = sorted(((kind, item, tag) for key, kind in KINDS for item in inv.live(key)
                       if (tag := critical_tag(item, params))), key=lambda c: c[0])
    if not critical:
        return  # nothing critical here: the copy jobs need not be read (or be readable)
    jobs = inv["backup:copy_jobs"]
    for kind, item, tag in critical:
        about = inv.describe(item)
        rid, arn, label = about["resource_id"], about["resource_arn"], about["name"]
        # An attachment names only the instance id: its ARN is built (same form as the instances' identity).
        hosts = [inv.arn("ec2", f"instance/{i}") for i in _hosts(item)] if kind == "volume" else []
        accepted = [arn, *hosts]
        mine = [j for j in jobs if j.get("ResourceArn") in accepted]
        # (copy time, job) of the completed jobs that have one: the time is known not to be None from here on.
        completed = [(at, j) for j in mine if j.get("State") == "COMPLETED" and (at := _copy_time(j))]
        remote = sorted(((at, j) for at, j in completed
                         if region_of_arn(j.get("DestinationBackupVaultArn")) not in (None, inv.region)),
                        key=lambda c: c[0])
        what = f"{kind.replace('-', ' ').capitalize()} {rid} ({label + ', ' if label else ''}{tag})"
        if remote and remote[-1][0] >= cutoff:
            copied_at, newest = remote[-1]
            via = "" if newest.get("ResourceArn") == arn else f" as part of {newest['ResourceArn'].rsplit('/', 1)[-1]}"
            yield passed(item, f"{what} was copied{via} to backup vault {newest.get('DestinationBackupVaultArn')} in "
                         f"{region_of_arn(newest.get('DestinationBackupVaultArn'))} on "
                         f"{_utc(copied_at)} (within {params['max_age_days']} days).")
            continue
        if remote:
            why = (f"its newest copy to another region finished on {_utc(remote[-1][0], '%Y-%m-%d')}, more than "
                   f"{params['max_age_days']} days ago")
        elif completed:
            why = f"its copy jobs all stay in {inv.region} (same-region or cross-account copies do not survive a regional outage)"
        elif mine:
            last = max(mine, key=lambda j: j.get("CreationDate") or inv.now)
            why = (f"its copy jobs did not complete (latest {last.get('State', '?')}"
                   f"{': ' + last['StatusMessage'] if last.get('StatusMessage') else ''})")
        else:
            why = "AWS Backup has no copy job for it"
        yield failed(item, f"{what} has no AWS Backup copy in another region within {params['max_age_days']} days: "
                     f"{why}. Add a copy action to a vault in another region to the backup plan that selects it "
                     "(aws backup update-backup-plan ... CopyActions).")
