"""EFS checks (Day 9: Storage) on moto, Stubber and plain API-shaped data.

moto 5.2.5 lacks AWS Backup's ListProtectedResources: the ``moto_account`` fixture's session carries the
client-side shim from awslint.demo.moto_compat, fed per test with define_protected_resources (its probe is
in tests/checks/test_ebs.py); the real collector is also run against Stubber responses.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from awslint.collector import Collector
from awslint.demo import moto_compat
from awslint.testing import (
    ACCOUNT,
    StubbedAws,
    collect_stubbed,
    default_registry,
    inventory_from,
    messages,
    run_check,
    verdicts,
)

EAST = "us-east-1"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


# -- efs-lifecycle-policy (EFS001) ----------------------------------------------------------------
def _fs(efs, name, **kwargs) -> str:
    return efs.create_file_system(CreationToken=name, Tags=[{"Key": "Name", "Value": name}], **kwargs)["FileSystemId"]


def test_efs_lifecycle_ia_or_archive_passes_none_fails(moto_account):
    efs = moto_account.client("efs")
    ia = _fs(efs, "shop-prod-media")
    archive = _fs(efs, "shop-prod-archive", ThroughputMode="elastic")
    back_only = _fs(efs, "shop-prod-cache")
    bare = _fs(efs, "shop-prod-uploads")
    efs.put_lifecycle_configuration(FileSystemId=ia, LifecyclePolicies=[
        {"TransitionToIA": "AFTER_30_DAYS"}, {"TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"}])
    efs.put_lifecycle_configuration(FileSystemId=archive, LifecyclePolicies=[{"TransitionToArchive": "AFTER_90_DAYS"}])
    efs.put_lifecycle_configuration(FileSystemId=back_only, LifecyclePolicies=[
        {"TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"}])

    results = moto_account.scan("efs-lifecycle-policy", regions=[EAST])

    assert verdicts(results) == {ia: "PASS", archive: "PASS", back_only: "FAIL", bare: "FAIL"}
    msg = messages(results)
    assert "30 days" in msg[ia] and "Archive after 90 days" in msg[archive]
    assert "shop-prod-uploads" in msg[bare] and "TransitionToIA=AFTER_30_DAYS" in msg[bare]
    assert next(r.resource_arn for r in results if r.resource_id == bare).startswith(
        f"arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/")


def test_efs_lifecycle_states_size_and_uncollected():
    inv = inventory_from({"efs:file_systems": [
        {"FileSystemId": "fs-big", "LifeCycleState": "available", "LifecyclePolicies": [],
         "SizeInBytes": {"Value": 200 * 1024 ** 3, "ValueInStandard": 100 * 1024 ** 3}},
        {"FileSystemId": "fs-going", "LifeCycleState": "deleting", "LifecyclePolicies": []},
        {"FileSystemId": "fs-new", "LifeCycleState": "creating"},
    ]})
    results = run_check("efs-lifecycle-policy", inv)
    assert verdicts(results) == {"fs-big": "FAIL", "fs-new": "ERROR"}
    assert "100.0 GiB in Standard" in messages(results)["fs-big"] and "$30.00/month" in messages(results)["fs-big"]


# -- efs-backup (EFS002) --------------------------------------------------------------------------
def test_efs_backup_automatic_or_recent_aws_backup_passes(moto_account):
    efs = moto_account.client("efs")
    auto = _fs(efs, "shop-prod-media", Backup=True)
    planned = _fs(efs, "shop-prod-reports")
    lapsed = _fs(efs, "shop-prod-legacy")
    none = _fs(efs, "shop-prod-uploads")
    arn = {f["FileSystemId"]: f["FileSystemArn"] for f in efs.describe_file_systems()["FileSystems"]}
    moto_compat.define_protected_resources(moto_account.session, EAST, [
        {"ResourceArn": arn[planned], "ResourceType": "EFS", "LastBackupTime": NOW - timedelta(hours=20)},
        {"ResourceArn": arn[lapsed], "ResourceType": "EFS", "LastBackupTime": datetime(2026, 6, 1, tzinfo=UTC)}])

    results = moto_account.scan("efs-backup", regions=[EAST], now=NOW)

    assert verdicts(results) == {auto: "PASS", planned: "PASS", lapsed: "FAIL", none: "FAIL"}
    msg = messages(results)
    assert "automatic backups enabled" in msg[auto] and "AWS Backup" in msg[planned]
    assert "2026-06-01" in msg[lapsed] and "more than 8 days ago" in msg[lapsed]
    assert f"put-backup-policy --file-system-id {none} --backup-policy Status=ENABLED" in msg[none]


def test_efs_backup_policy_states_and_uncollected():
    inv = inventory_from({"efs:file_systems": [
        {"FileSystemId": "fs-off", "LifeCycleState": "available", "BackupPolicy": {"Status": "DISABLED"}},
        {"FileSystemId": "fs-turning-on", "LifeCycleState": "available", "BackupPolicy": {"Status": "ENABLING"}},
        {"FileSystemId": "fs-unknown", "LifeCycleState": "available"},
        {"FileSystemId": "fs-going", "LifeCycleState": "deleted", "BackupPolicy": None},
    ]})
    results = run_check("efs-backup", inv)
    assert verdicts(results) == {"fs-off": "FAIL", "fs-turning-on": "PASS", "fs-unknown": "ERROR"}
    assert "disabled" in messages(results)["fs-off"]


def test_efs_backup_policy_not_found_is_collected_as_no_policy():
    """DescribeBackupPolicy answers PolicyNotFound when automatic backups were never on: stored as None, not an error."""
    fs = {"FileSystemId": "fs-0a", "OwnerId": ACCOUNT, "CreationToken": "t", "CreationTime": NOW,
          "LifeCycleState": "available", "NumberOfMountTargets": 0, "PerformanceMode": "generalPurpose",
          "SizeInBytes": {"Value": 0}, "Tags": []}
    aws = StubbedAws({("efs", EAST): [("describe_file_systems", {"FileSystems": [fs]}),
                                      ("describe_lifecycle_configuration", {"LifecyclePolicies": []})],
                      ("backup", EAST): [("list_protected_resources", {"Results": []})]})
    aws.stubbers[0].add_client_error("describe_backup_policy", service_error_code="PolicyNotFound",
                                     http_status_code=404)
    sources = [default_registry().sources[k] for k in ("efs:file_systems", "backup:protected_resources")]
    inv = Collector(aws, max_workers=1).collect(sources, ACCOUNT, [EAST])
    aws.assert_consumed()
    assert inv.data["efs:file_systems"][(ACCOUNT, EAST)][0]["BackupPolicy"] is None
    assert verdicts(run_check("efs-backup", inv)) == {"fs-0a": "FAIL"}


def test_efs_file_system_being_deleted_gets_no_follow_up_reads():
    """A deleting file system is skipped by every EFS check; reading its lifecycle or backup policy could answer
    FileSystemNotFound and fail the whole region's EFS data. Only the live file system is read (Stubber queue)."""
    base = {"OwnerId": ACCOUNT, "CreationToken": "t", "CreationTime": NOW, "NumberOfMountTargets": 0,
            "PerformanceMode": "generalPurpose", "SizeInBytes": {"Value": 0}, "Tags": []}
    inv = collect_stubbed(["efs:file_systems"], {("efs", EAST): [
        ("describe_file_systems", {"FileSystems": [{**base, "FileSystemId": "fs-live", "LifeCycleState": "available"},
                                                   {**base, "FileSystemId": "fs-gone", "LifeCycleState": "deleting"}]}),
        ("describe_lifecycle_configuration", {"LifecyclePolicies": [{"TransitionToIA": "AFTER_30_DAYS"}]}),
        ("describe_backup_policy", {"BackupPolicy": {"Status": "ENABLED"}}),
    ]})
    assert verdicts(run_check("efs-lifecycle-policy", inv)) == {"fs-live": "PASS"}
