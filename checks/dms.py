"""DMS checks (Day 11: Migration and global databases): an AWS Database Migration Service replication instance
runs a migration's full load and ongoing replication (CDC) for days or months with privileged credentials to both
databases, so it needs a standby in another AZ (Multi-AZ) as much as the databases it connects, and it must not be
reachable from the internet. Instances being deleted or failed are not judged."""

from __future__ import annotations

from collections.abc import Iterator

from awslint.checks._databases import az_or_none

from awslint import check, failed, passed
from awslint.checkapi import Finding, errored
from awslint.lessons import Lesson

DMS_INSTANCE = "AWS::DMS::ReplicationInstance"


# -- DMS001 / DMS002: replication instances -------------------------------------------------------------
@check(
    id="DMS001", name="dms-multi-az", severity="medium",
    title="DMS replication instance is Single-AZ",
    needs=("dms:replication_instances",),
    lesson=Lesson.MIGRATION, pillars=("reliability",),
    resource_type=DMS_INSTANCE,
    rationale="A migration with ongoing replication (full load + CDC) runs for days or months; on a Single-AZ "
              "replication instance an AZ or host failure stops every task and lets the target fall behind, while a "
              "Multi-AZ instance fails over to its standby and resumes the tasks.",
    evaluates="Per region: every DMS replication instance. PASS when MultiAZ is true, FAIL when false, ERROR when the "
              "field is absent (AWS always returns it; moto omits it when it was not set at creation). Instances "
              "that are deleting, deleted or failed are skipped.",
    remediation="Console: DMS > Replication instances > Modify > High availability: Production workload (Multi-AZ). "
                "CLI: aws dms modify-replication-instance --replication-instance-arn <arn> --multi-az "
                "--apply-immediately",
    references=(
        "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReplicationInstance.html",
        "https://docs.aws.amazon.com/dms/latest/userguide/disaster-recovery-resiliency.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html#dms-13",
    ),
    config_rule="dms-replication-instance-multi-az-enabled", security_hub="DMS.13",
)
def dms_multi_az(inv, params) -> Iterator[Finding]:
    """A long-running CDC migration needs a standby as much as the databases it connects."""
    for ri in inv.live("dms:replication_instances"):
        ident = ri["ReplicationInstanceIdentifier"]
        multi = ri.get("MultiAZ")
        if multi is None:
            yield errored(ri, f"DMS replication instance {ident}: the API returned no MultiAZ field.")
        elif multi:
            standby = az_or_none(ri.get("SecondaryAvailabilityZone"), ri.get("_region") or inv.region)
            yield passed(ri, f"DMS replication instance {ident} is Multi-AZ"
                         f"{' (standby in ' + standby + ')' if standby else ''}.")
        else:
            yield failed(ri, f"DMS replication instance {ident} is Single-AZ: an AZ or host failure stops its tasks "
                         "until it is replaced. Enable Multi-AZ: aws dms modify-replication-instance "
                         f"--replication-instance-arn {inv.describe(ri)['resource_arn']} --multi-az --apply-immediately")


@check(
    id="DMS002", name="dms-publicly-accessible", severity="high",
    title="DMS replication instance is publicly accessible",
    needs=("dms:replication_instances",),
    lesson=Lesson.MIGRATION, pillars=("security",),
    resource_type=DMS_INSTANCE,
    rationale="A replication instance reads the source database and writes the target with privileged credentials; "
              "a public IP address exposes it to the internet. AWS makes new instances public unless told "
              "otherwise, so this is a common accident.",
    evaluates="Per region: every DMS replication instance. PASS when PubliclyAccessible is false, FAIL when true, "
              "ERROR when the field is absent (AWS always returns it, defaulting to true at creation; moto omits it "
              "when it was not set). Instances that are deleting, deleted or failed are skipped.",
    remediation="The setting cannot be changed after creation: create a private replacement (console: DMS > "
                "Replication instances > Create, untick Publicly accessible; CLI: aws dms create-replication-instance "
                "--replication-instance-identifier <id> --replication-instance-class <class> "
                "--replication-subnet-group-identifier <private-group> --no-publicly-accessible), move the tasks to it, "
                "then aws dms delete-replication-instance --replication-instance-arn <old-arn>.",
    references=(
        "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReplicationInstance.PublicPrivate.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html#dms-1",
    ),
    config_rule="dms-replication-not-public", security_hub="DMS.1",
)
def dms_publicly_accessible(inv, params) -> Iterator[Finding]:
    """Migration infrastructure is private infrastructure."""
    for ri in inv.live("dms:replication_instances"):
        ident = ri["ReplicationInstanceIdentifier"]
        public = ri.get("PubliclyAccessible")
        if public is None:
            yield errored(ri, f"DMS replication instance {ident}: the API returned no PubliclyAccessible field.")
        elif public:
            ips = ", ".join(ri.get("ReplicationInstancePublicIpAddresses") or []) or "a public IP"
            yield failed(ri, f"DMS replication instance {ident} is publicly accessible ({ips}). The setting cannot be "
                         "changed: create a private replacement (aws dms create-replication-instance ... "
                         "--no-publicly-accessible), move its tasks, and delete this one.")
        else:
            yield passed(ri, f"DMS replication instance {ident} is private.")
