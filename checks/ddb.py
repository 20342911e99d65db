"""DynamoDB checks (Day 4: Disaster recovery, Day 11: Migration and global databases): a table's recovery point
after an accidental delete or a bad write is only as good as its continuous backups (point-in-time recovery), and a
critical table must survive the loss of its region, which for DynamoDB means a global-table replica in another
region. Tables being deleted, or gone between the listing and the detail calls, are not judged."""

from __future__ import annotations

from collections.abc import Iterator

from awslint.checks._tiers import critical_tag, tier_params

from awslint import check, failed, passed
from awslint.checkapi import Finding, errored
from awslint.lessons import Lesson

DDB_TABLE = "AWS::DynamoDB::Table"

#: DynamoDB replica states that do not hold a usable copy.
DEAD_REPLICA_STATES = frozenset({"CREATION_FAILED", "DELETING", "REGION_DISABLED", "INACCESSIBLE_ENCRYPTION_CREDENTIALS",
                                 "ARCHIVING", "ARCHIVED", "REPLICATION_NOT_AUTHORIZED"})

CRITICALITY_PARAMS = tier_params("a database")


# -- DDB001: point-in-time recovery ---------------------------------------------------------------------
@check(
    id="DDB001", name="dynamodb-pitr", severity="medium",
    title="DynamoDB table has point-in-time recovery turned off",
    needs=("dynamodb:tables",),
    lesson=Lesson.DISASTER_RECOVERY, pillars=("reliability",),
    resource_type=DDB_TABLE,
    rationale="Point-in-time recovery keeps continuous backups so a table can be restored to any second of the "
              "recovery period (up to 35 days) after an accidental delete, a bad write or corruption; without it the "
              "recovery point is the last on-demand backup, if any.",
    evaluates="Per region: every DynamoDB table. PASS when PointInTimeRecoveryStatus is ENABLED (the message gives "
              "the recovery period), FAIL when DISABLED, ERROR when the status is absent. Tables being deleted "
              "(DELETING) and tables that disappeared between the listing and the detail calls are skipped.",
    remediation="Console: DynamoDB > Tables > <table> > Backups > Point-in-time recovery > Edit > Turn on. CLI: aws "
                "dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification "
                "PointInTimeRecoveryEnabled=true",
    references=(
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2",
    ),
    config_rule="dynamodb-pitr-enabled", security_hub="DynamoDB.2",
)
def dynamodb_pitr(inv, params) -> Iterator[Finding]:
    """Continuous backups turn "we lost the table" into a restore to the second before the mistake."""
    for item in inv.live("dynamodb:tables"):
        name = item["TableName"]
        backups = item.get("ContinuousBackupsDescription")
        if backups is None:
            continue  # the table vanished between describe_table and describe_continuous_backups
        pitr = backups.get("PointInTimeRecoveryDescription") or {}
        status = pitr.get("PointInTimeRecoveryStatus")
        if status == "ENABLED":
            days = pitr.get("RecoveryPeriodInDays")
            yield passed(item, f"Table {name} has point-in-time recovery on{f' ({days} days)' if days else ''}.")
        elif status == "DISABLED":
            yield failed(item, f"Table {name} has point-in-time recovery off: an accidental delete or bad write can only "
                         "be undone from an on-demand backup, if one exists. Turn it on: aws dynamodb "
                         f"update-continuous-backups --table-name {name} --point-in-time-recovery-specification "
                         "PointInTimeRecoveryEnabled=true")
        else:
            yield errored(item, f"Table {name}: point-in-time recovery status not returned ({status!r}).")


# -- DDB002: critical tier without a cross-region copy -----------------------------------------------
def _active_replicas_elsewhere(table: dict, region: str) -> list[str]:
    return sorted(r.get("RegionName", "?") for r in table.get("Replicas") or []
                  if r.get("RegionName") and r.get("RegionName") != region
                  and r.get("ReplicaStatus") not in DEAD_REPLICA_STATES)


@check(
    id="DDB002", name="dynamodb-critical-global-table", severity="low",
    title="Critical-tier DynamoDB table has no replica in another region",
    needs=("dynamodb:tables",),
    lesson=Lesson.MIGRATION, pillars=("reliability",),
    resource_type=DDB_TABLE,
    rationale="A critical workload must survive the loss of a region: a DynamoDB global table keeps active-active "
              "replicas in other regions (last writer wins), so the application can fail over in seconds instead of "
              "restoring backups for hours.",
    evaluates="Per region: DynamoDB tables tagged as critical (tag tag_key with a value in tag_values, "
              "case-insensitive); other tables are not evaluated. PASS when Table.Replicas lists a replica in another "
              "region that is not failed, being deleted or inaccessible; FAIL otherwise; ERROR for a legacy "
              "(2017.11.29) global table, whose replicas describe_table does not list. Tables being deleted are "
              "skipped. The default severity is low because the need is profile-dependent: the prod profile raises "
              "it.",
    remediation="Console: DynamoDB > Tables > <table> > Global tables > Create replica. CLI: aws dynamodb update-table "
                "--table-name <table> --replica-updates '[{\"Create\": {\"RegionName\": \"<other-region>\"}}]' "
                "(streams with NEW_AND_OLD_IMAGES are enabled for you).",
    references=(
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html",
        "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
    ),
    params=CRITICALITY_PARAMS,
)
def dynamodb_critical_global_table(inv, params) -> Iterator[Finding]:
    """Critical tier = multi-region: a global table replica is the DynamoDB way to get there."""
    for item in inv.live("dynamodb:tables"):
        tags = item.get("Tags")
        if tags is None or not critical_tag({"Tags": tags}, params):
            continue
        name, table = item["TableName"], item["Table"]
        region = item.get("_region") or inv.region
        elsewhere = _active_replicas_elsewhere(table, region)
        if elsewhere:
            yield passed(item, f"Critical table {name} has global-table replicas in {', '.join(elsewhere)}.")
        elif table.get("GlobalTableVersion") == "2017.11.29":
            yield errored(item, f"Critical table {name} is a legacy (2017.11.29) global table whose replicas "
                          "describe_table does not list; check with aws dynamodb describe-global-table.")
        else:
            yield failed(item, f"Critical table {name} has no replica outside {region}: a regional outage leaves it "
                         "unavailable until a backup is restored elsewhere. Make it a global table: aws dynamodb "
                         f"update-table --table-name {name} --replica-updates "
                         "'[{\"Create\": {\"RegionName\": \"<other-region>\"}}]'")
