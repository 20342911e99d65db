"""EBS checks (Day 9: Storage) on moto, Stubber and plain API-shaped data.

moto 5.2.5 lacks DLM and AWS Backup's ListProtectedResources: the ``moto_account`` fixture's session
carries the client-side shims from awslint.demo.moto_compat, fed per test with define_dlm_policies /
define_protected_resources; the real collector is also run against Stubber responses, and probes
below fail once moto implements those APIs. The demo test covers the EFS checks too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import botocore.exceptions
import pytest
from freezegun import freeze_time

from awslint.demo import moto_compat
from awslint.testing import (
    ACCOUNT,
    collect_stubbed,
    inventory_from,
    messages,
    run_check,
    verdicts,
)

EAST, WEST = "us-east-1", "eu-west-1"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _volume(ec2, size=10, az="us-east-1a", name=None, tags=None, **kwargs) -> str:
    all_tags = [*([{"Key": "Name", "Value": name}] if name else []), *(tags or [])]
    if all_tags:
        kwargs["TagSpecifications"] = [{"ResourceType": "volume", "Tags": all_tags}]
    return ec2.create_volume(AvailabilityZone=az, Size=size, **kwargs)["VolumeId"]


def _instance(ec2, tags=None) -> tuple[str, str]:
    """An instance and its 8 GiB gp2 root volume (moto adds it, as AWS does from the AMI)."""
    kwargs = {"TagSpecifications": [{"ResourceType": "instance", "Tags": tags}]} if tags else {}
    iid = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                            Placement={"AvailabilityZone": "us-east-1a"}, **kwargs)["Instances"][0]["InstanceId"]
    root = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])["Volumes"][0]
    return iid, root["VolumeId"]


def _vol(vid="vol-1", **fields) -> dict:
    return {"VolumeId": vid, "VolumeType": "gp2", "Size": 8, "State": "in-use", "Encrypted": False,
            "Attachments": [{"InstanceId": "i-1", "State": "attached"}], **fields}


# -- ebs-gp3 (EBS001, headline) ---------------------------------------------------------------------
def test_gp3_fails_each_gp2_volume_and_passes_every_other_type(moto_account):
    ec2 = moto_account.client("ec2")
    default = _volume(ec2, size=100, name="orders-db-data")  # no VolumeType: AWS and moto default to gp2
    gp3 = _volume(ec2, VolumeType="gp3")
    io1 = _volume(ec2, VolumeType="io1", Iops=1000)
    io2 = _volume(ec2, VolumeType="io2", Iops=1000)
    st1 = _volume(ec2, size=500, VolumeType="st1")
    sc1 = _volume(ec2, size=500, VolumeType="sc1")
    standard = _volume(ec2, VolumeType="standard")
    instance, root = _instance(ec2)

    results = moto_account.scan("ebs-gp3", regions=[EAST])

    assert verdicts(results) == {default: "FAIL", root: "FAIL", gp3: "PASS", io1: "PASS", io2: "PASS",
                                 st1: "PASS", sc1: "PASS", standard: "PASS"}
    msg = messages(results)
    assert "orders-db-data" in msg[default] and "100 GiB" in msg[default] and "unattached" in msg[default]
    assert "about $2.00/month (estimate" in msg[default]
    assert f"aws ec2 modify-volume --volume-id {default} --volume-type gp3" in msg[default]
    assert f"attached to {instance}" in msg[root] and "8 GiB" in msg[root]
    by_id = {r.resource_id: r for r in results}
    assert by_id[default].resource_arn == f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/{default}"
    assert by_id[default].resource_name == "orders-db-data"
    assert by_id[default].resource_type == "AWS::EC2::Volume"


def test_gp3_large_volume_message_gives_the_saving_with_matched_performance():
    inv = inventory_from({"ec2:volumes": [_vol("vol-big", Size=2000)]})
    msg = messages(run_check("ebs-gp3", inv))["vol-big"]
    # 2,000 GiB gp2 = 6,000 IOPS and 250 MiB/s; gp3 at baseline saves $40, matched (3,000 IOPS + 125 MiB/s extra) $20.
    assert "about $40.00/month" in msg and "6,000 IOPS and up to 250 MiB/s" in msg and "about $20.00/month" in msg
    assert "--iops 6000 --throughput 250" in msg


def test_gp3_judges_every_state_but_deleted_error_state_fails_missing_type_is_error():
    inv = inventory_from({"ec2:volumes": [
        _vol("vol-creating", State="creating", Attachments=[]),
        _vol("vol-available", State="available", Attachments=[]),
        _vol("vol-in-use"),
        _vol("vol-error", State="error", Attachments=[]),
        _vol("vol-deleting", State="deleting", Attachments=[]),
        _vol("vol-deleted", State="deleted", Attachments=[]),
        {"VolumeId": "vol-untyped", "Size": 8, "State": "in-use"},
    ]})
    results = run_check("ebs-gp3", inv)
    assert verdicts(results) == {"vol-creating": "FAIL", "vol-available": "FAIL", "vol-in-use": "FAIL",
                                 "vol-error": "FAIL", "vol-deleting": "FAIL", "vol-untyped": "ERROR"}
    assert "delete it" in messages(results)["vol-error"] and "$" not in messages(results)["vol-error"]
    assert "being deleted" in messages(results)["vol-deleting"]


def test_gp3_judges_every_region(moto_account):
    east = _volume(moto_account.client("ec2", EAST))
    west = _volume(moto_account.client("ec2", WEST), az="eu-west-1b", VolumeType="gp3")
    west_gp2 = _volume(moto_account.client("ec2", WEST), az="eu-west-1a")
    results = moto_account.scan("ebs-gp3")
    assert verdicts(results, by_region=True) == {f"{EAST}/{east}": "FAIL", f"{WEST}/{west}": "PASS",
                                                 f"{WEST}/{west_gp2}": "FAIL"}
    assert {r.resource_arn.split(":")[3] for r in results} == {EAST, WEST}


def test_gp3_access_denied_is_error_not_pass():
    inv = inventory_from({}, errors={"ec2:volumes": "UnauthorizedOperation on DescribeVolumes"})
    assert verdicts(run_check("ebs-gp3", inv)) == {"ERROR:us-east-1": "ERROR"}


# -- ebs-io1-volume (EBS002) ----------------------------------------------------------------------
def test_io1_points_to_gp3_or_io2_and_io2_passes(moto_account):
    ec2 = moto_account.client("ec2")
    small = _volume(ec2, size=100, VolumeType="io1", Iops=5000, name="orders-db-data")
    big = _volume(ec2, size=1000, VolumeType="io1", Iops=40000)
    shared = _volume(ec2, size=100, VolumeType="io1", Iops=3000, MultiAttachEnabled=True)
    io2 = _volume(ec2, size=100, VolumeType="io2", Iops=5000)
    _volume(ec2)  # gp2: not this check's business

    results = moto_account.scan("ebs-io1-volume", regions=[EAST])

    assert verdicts(results) == {small: "FAIL", big: "FAIL", shared: "FAIL", io2: "PASS"}
    msg = messages(results)
    # io1: 100 GiB * 0.125 + 5,000 * 0.065 = 337.50; gp3: 8.00 + 2,000 * 0.005 = 18.00.
    assert "gp3" in msg[small] and "about $319.50/month" in msg[small] and "--iops 5000" in msg[small]
    # io2 tiers: 32,000 * 0.065 + 8,000 * 0.0455 = 2,444 vs io1 2,600.
    assert "--volume-type io2" in msg[big] and "more than 16,000 IOPS" in msg[big] and "about $156.00/month" in msg[big]
    assert "Multi-Attach" in msg[shared] and "same price" in msg[shared]


def test_io1_threshold_is_a_parameter_and_missing_iops_is_error():
    inv = inventory_from({"ec2:volumes": [_vol("vol-a", VolumeType="io1", Iops=5000, Size=100),
                                          _vol("vol-b", VolumeType="io1", Size=100),
                                          _vol("vol-gone", VolumeType="io1", Iops=100, State="deleting")]})
    results = run_check("ebs-io1-volume", inv, params={"gp3_max_iops": 4000})
    assert verdicts(results) == {"vol-a": "FAIL", "vol-b": "ERROR"}
    assert "--volume-type io2" in messages(results)["vol-a"]


# -- ebs-unattached-volume (EBS003) ---------------------------------------------------------------
def test_unattached_volume_fails_with_monthly_cost_attached_passes(moto_account):
    ec2 = moto_account.client("ec2")
    spare = _volume(ec2, size=500, name="old-reports-scratch")
    spare_io1 = _volume(ec2, size=100, VolumeType="io1", Iops=4000)
    instance, root = _instance(ec2)
    data = _volume(ec2, size=50)
    ec2.attach_volume(VolumeId=data, InstanceId=instance, Device="/dev/sdf")

    results = moto_account.scan("ebs-unattached-volume", regions=[EAST])

    assert verdicts(results) == {spare: "FAIL", spare_io1: "FAIL", root: "PASS", data: "PASS"}
    msg = messages(results)
    assert "500 GiB" in msg[spare] and "about $50.00/month" in msg[spare] and "old-reports-scratch" in msg[spare]
    assert "about $272.50/month" in msg[spare_io1]  # 100 * 0.125 + 4,000 * 0.065
    assert f"aws ec2 delete-volume --volume-id {spare}" in msg[spare]
    assert instance in msg[data]


def test_unattached_skips_transient_states_and_contradictions_are_errors():
    inv = inventory_from({"ec2:volumes": [
        _vol("vol-creating", State="creating", Attachments=[]),
        _vol("vol-error", State="error", Attachments=[]),
        _vol("vol-deleting", State="deleting", Attachments=[]),
        _vol("vol-ghost", State="in-use", Attachments=[]),
        _vol("vol-multi", VolumeType="io2", Iops=100,
             Attachments=[{"InstanceId": "i-1", "State": "attached"}, {"InstanceId": "i-2", "State": "attached"}]),
    ]})
    results = run_check("ebs-unattached-volume", inv)
    assert verdicts(results) == {"vol-ghost": "ERROR", "vol-multi": "PASS"}
    assert "i-1, i-2" in messages(results)["vol-multi"]


# -- ebs-volume-encrypted (EBS004) ----------------------------------------------------------------
def test_unencrypted_volumes_fail_encrypted_pass_attached_or_not(moto_account):
    ec2 = moto_account.client("ec2")
    plain = _volume(ec2, name="legacy-batch-data")
    secret = _volume(ec2, Encrypted=True)
    _, root = _instance(ec2)
    results = moto_account.scan("ebs-volume-encrypted", regions=[EAST])
    assert verdicts(results) == {plain: "FAIL", secret: "PASS", root: "FAIL"}
    assert "enable-ebs-encryption-by-default" in messages(results)[plain]


def test_encryption_missing_field_is_error_and_deleting_skipped():
    inv = inventory_from({"ec2:volumes": [{"VolumeId": "vol-x", "State": "available"},
                                          _vol("vol-bye", State="deleting"),
                                          _vol("vol-kms", Encrypted=True, KmsKeyId="arn:aws:kms:us-east-1:1:key/k")]})
    results = run_check("ebs-volume-encrypted", inv)
    assert verdicts(results) == {"vol-x": "ERROR", "vol-kms": "PASS"}
    assert "key/k" in messages(results)["vol-kms"]


# -- ebs-encryption-by-default (EBS005) -----------------------------------------------------------
def test_encryption_by_default_per_region(moto_account):
    moto_account.client("ec2", EAST).enable_ebs_encryption_by_default()
    results = moto_account.scan("ebs-encryption-by-default")
    assert verdicts(results, by_region=True) == {f"{EAST}/{ACCOUNT}": "PASS", f"{WEST}/{ACCOUNT}": "FAIL"}
    west = next(r for r in results if r.region == WEST)
    assert "--region eu-west-1" in west.message and west.resource_type == "AWS::::Account"


def test_encryption_by_default_unreadable_is_error():
    assert verdicts(run_check("ebs-encryption-by-default", inventory_from({"ec2:ebs_encryption_by_default": []}))) \
        == {ACCOUNT: "ERROR"}
    denied = inventory_from({}, errors={"ec2:ebs_encryption_by_default": "UnauthorizedOperation"})
    assert verdicts(run_check("ebs-encryption-by-default", denied)) == {"ERROR:us-east-1": "ERROR"}


# -- ebs-snapshot-age (EBS006) --------------------------------------------------------------------
def test_old_manual_snapshots_fail_young_and_dlm_managed_pass(moto_account):
    ec2 = moto_account.client("ec2")
    vol = _volume(ec2, size=200)
    with freeze_time("2026-01-15"):
        old = ec2.create_snapshot(VolumeId=vol, Description="before upgrade")["SnapshotId"]
        managed = ec2.create_snapshot(VolumeId=vol, TagSpecifications=[{"ResourceType": "snapshot", "Tags": [
            {"Key": "aws:dlm:lifecycle-policy-id", "Value": "policy-0abc"}]}])["SnapshotId"]
    with freeze_time("2026-10-20"):
        young = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]

    results = moto_account.scan("ebs-snapshot-age", regions=[EAST], now=NOW)

    assert verdicts(results) == {old: "FAIL", managed: "PASS", young: "PASS"}
    msg = messages(results)
    assert "2026-01-15" in msg[old] and "more than 90 days ago" in msg[old] and "200 GiB" in msg[old]
    assert "about $10.00/month" in msg[old] and f"delete-snapshot --snapshot-id {old}" in msg[old]
    assert "policy-0abc" in msg[managed]
    arn = next(r.resource_arn for r in results if r.resource_id == old)
    assert arn == f"arn:aws:ec2:us-east-1::snapshot/{old}"  # snapshot ARNs carry no account id
    # the threshold is a parameter
    assert verdicts(moto_account.scan("ebs-snapshot-age", regions=[EAST], now=NOW, params={"max_age_days": 400})) \
        == {old: "PASS", managed: "PASS", young: "PASS"}


def test_snapshot_of_a_disabled_ami_is_not_judged(moto_account):
    """DescribeImages omits disabled AMIs unless IncludeDisabled is set (moto ignores the flag, so a hook plays
    AWS). A disabled AMI still holds its snapshots (delete-snapshot fails with InvalidSnapshot.InUse)."""
    def remember(params, context, **_):
        context["include_disabled"] = params.get("IncludeDisabled")

    def hide_disabled(parsed, context, **_):
        if not context.get("include_disabled"):
            parsed["Images"] = [i for i in parsed.get("Images", []) if i.get("State") != "disabled"]

    moto_account.session.events.register("provide-client-params.ec2.DescribeImages", remember)
    moto_account.session.events.register("after-call.ec2.DescribeImages", hide_disabled)
    ec2 = moto_account.client("ec2")
    ami = ec2.register_image(Name="shop-golden-2024", RootDeviceName="/dev/xvda")["ImageId"]
    ec2.disable_image(ImageId=ami)
    ami_snapshot = ec2.describe_images(ImageIds=[ami], IncludeDisabled=True)["Images"][0][
        "BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
    manual = ec2.create_snapshot(VolumeId=_volume(ec2))["SnapshotId"]

    results = moto_account.scan("ebs-snapshot-age", regions=[EAST], now=datetime.now(UTC) + timedelta(days=400))

    assert ami_snapshot != manual
    assert verdicts(results) == {manual: "FAIL"}


def test_snapshot_age_skips_ami_and_foreign_snapshots_archived_and_backup_pass():
    old = datetime(2025, 1, 1, tzinfo=UTC)
    inv = inventory_from({
        "ec2:snapshots": [
            {"SnapshotId": "snap-ami", "OwnerId": ACCOUNT, "StartTime": old, "VolumeSize": 8},
            {"SnapshotId": "snap-foreign", "OwnerId": "999999999999", "StartTime": old},
            {"SnapshotId": "snap-archived", "OwnerId": ACCOUNT, "StartTime": old, "StorageTier": "archive"},
            {"SnapshotId": "snap-backup", "OwnerId": ACCOUNT, "StartTime": old,
             "Description": "This snapshot is created by the AWS Backup service."},
            {"SnapshotId": "snap-copy", "OwnerId": ACCOUNT, "StartTime": old, "VolumeId": "vol-ffffffff"},
            {"SnapshotId": "snap-undated", "OwnerId": ACCOUNT},
        ],
        "ec2:images": [{"ImageId": "ami-1", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                                                                     "Ebs": {"SnapshotId": "snap-ami"}}]}],
    })
    results = run_check("ebs-snapshot-age", inv, now=NOW)
    assert verdicts(results) == {"snap-archived": "PASS", "snap-backup": "PASS", "snap-copy": "FAIL",
                                 "snap-undated": "ERROR"}
    assert "vol-ffffffff" not in messages(results)["snap-copy"]


# -- ebs-snapshot-automation (EBS007) -------------------------------------------------------------
def _dlm_policy(pid, tags=(("Backup", "daily"),), kinds=("VOLUME",), state="ENABLED",
                ptype="EBS_SNAPSHOT_MANAGEMENT") -> dict:
    return {"PolicyId": pid, "Description": "daily snapshots", "State": state,
            "PolicyDetails": {"PolicyType": ptype, "ResourceTypes": list(kinds),
                              "TargetTags": [{"Key": k, "Value": v} for k, v in tags],
                              "Schedules": [{"Name": "daily", "CreateRule": {"Interval": 24, "IntervalUnit": "HOURS"},
                                             "RetainRule": {"Count": 7}}]}}


def test_snapshot_automation_dlm_policy_passes_region_without_one_fails(moto_account):
    east, west = moto_account.client("ec2", EAST), moto_account.client("ec2", WEST)
    tagged = _volume(east, tags=[{"Key": "Backup", "Value": "daily"}])
    untagged = _volume(east)
    _volume(west, az="eu-west-1a")
    moto_compat.define_dlm_policies(moto_account.session, EAST, [_dlm_policy("policy-0daily")])

    results = moto_account.scan("ebs-snapshot-automation")

    assert verdicts(results, by_region=True) == {f"{EAST}/{ACCOUNT}": "PASS", f"{WEST}/{ACCOUNT}": "FAIL"}
    msg = {r.region: r.message for r in results}
    assert "1 of 2" in msg[EAST] and "policy-0daily" in msg[EAST] and untagged in msg[EAST] and tagged not in msg[EAST]
    assert "1 EBS volume (10 GiB)" in msg[WEST] and "--default-policy VOLUME" in msg[WEST]


def test_snapshot_automation_policies_that_cover_nothing_fail_with_reasons(moto_account):
    ec2 = moto_account.client("ec2")
    _volume(ec2, tags=[{"Key": "Backup", "Value": "weekly"}])
    moto_compat.define_dlm_policies(moto_account.session, EAST, [
        _dlm_policy("policy-off", tags=[("Backup", "weekly")], state="DISABLED"),
        _dlm_policy("policy-daily"),
        _dlm_policy("policy-copy", ptype="EVENT_BASED_POLICY"),
    ])
    results = moto_account.scan("ebs-snapshot-automation", regions=[EAST])
    assert verdicts(results) == {ACCOUNT: "FAIL"}
    assert "policy-off is DISABLED" in results[0].message
    assert "policy-daily targets VOLUME tagged Backup=daily, and none here carries them" in results[0].message
    assert "policy-copy" not in results[0].message


def test_snapshot_automation_default_and_instance_policies_and_aws_backup(moto_account):
    ec2 = moto_account.client("ec2")
    instance, root = _instance(ec2, tags=[{"Key": "Snapshots", "Value": "yes"}])
    spare = _volume(ec2)
    moto_compat.define_dlm_policies(moto_account.session, EAST, [
        _dlm_policy("policy-instances", tags=[("Snapshots", "yes")], kinds=("INSTANCE",))])
    results = moto_account.scan("ebs-snapshot-automation", regions=[EAST])
    assert verdicts(results) == {ACCOUNT: "PASS"}
    assert "1 of 2" in results[0].message and spare in results[0].message

    default = {"PolicyId": "policy-default", "State": "ENABLED", "DefaultPolicy": True,
               "PolicyDetails": {"PolicyLanguage": "SIMPLIFIED", "ResourceType": "VOLUME",
                                 "PolicyType": "EBS_SNAPSHOT_MANAGEMENT", "CreateInterval": 1, "RetainInterval": 7}}
    moto_compat.define_dlm_policies(moto_account.session, EAST, [default], replace=True)
    results = moto_account.scan("ebs-snapshot-automation", regions=[EAST])
    assert verdicts(results) == {ACCOUNT: "PASS"} and "2 of 2" in results[0].message

    moto_compat.define_dlm_policies(moto_account.session, EAST, [], replace=True)
    moto_compat.define_protected_resources(moto_account.session, EAST, [
        {"ResourceArn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{instance}", "ResourceType": "EC2",
         "LastBackupTime": NOW - timedelta(days=1)},
        {"ResourceArn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/{spare}", "ResourceType": "EBS",
         "LastBackupTime": NOW - timedelta(days=30)}])
    results = moto_account.scan("ebs-snapshot-automation", regions=[EAST], now=NOW)
    assert verdicts(results) == {ACCOUNT: "PASS"}
    assert "AWS Backup (1)" in results[0].message and spare in results[0].message
    results = moto_account.scan("ebs-snapshot-automation", regions=[EAST], now=NOW + timedelta(days=10))
    assert verdicts(results) == {ACCOUNT: "FAIL"}
    assert f"{instance} (last AWS Backup" in results[0].message and root  # the stale backup is named


def test_snapshot_automation_real_collector_on_dlm_stubs():
    """The DLM sources (listing, details follow-up, default policies) against botocore-validated responses."""
    volume = {"VolumeId": "vol-0a", "Size": 20, "State": "in-use", "VolumeType": "gp3", "AvailabilityZone": "us-east-1a",
              "Tags": [{"Key": "Backup", "Value": "daily"}],
              "Attachments": [{"VolumeId": "vol-0a", "InstanceId": "i-0a", "State": "attached"}]}
    policy = _dlm_policy("policy-0daily")
    inv = collect_stubbed(
        ("ec2:volumes", "ec2:instances", "dlm:lifecycle_policies", "dlm:default_policies", "backup:protected_resources"),
        {("backup", EAST): [("list_protected_resources", {"Results": []})],
         ("dlm", EAST): [("get_lifecycle_policies", {"Policies": []}),
                         ("get_lifecycle_policies", {"Policies": [{"PolicyId": "policy-0daily", "State": "ENABLED",
                                                                   "PolicyType": "EBS_SNAPSHOT_MANAGEMENT"}]}),
                         ("get_lifecycle_policy", {"Policy": policy})],
         ("ec2", EAST): [("describe_instances", {"Reservations": []}), ("describe_volumes", {"Volumes": [volume]})]})
    assert inv.data["dlm:lifecycle_policies"][(ACCOUNT, EAST)][0]["Policy"]["PolicyDetails"]["TargetTags"] == \
        [{"Key": "Backup", "Value": "daily"}]
    results = run_check("ebs-snapshot-automation", inv)
    assert verdicts(results) == {ACCOUNT: "PASS"}


def test_snapshot_automation_region_without_volumes_is_not_evaluated_and_dlm_error_is_error():
    assert run_check("ebs-snapshot-automation", inventory_from({"ec2:volumes": []})) == []
    inv = inventory_from({"ec2:volumes": [_vol()]},
                         errors={"dlm:lifecycle_policies": "AccessDeniedException on GetLifecyclePolicies"})
    assert verdicts(run_check("ebs-snapshot-automation", inv)) == {"ERROR:us-east-1": "ERROR"}


def test_probe_moto_still_lacks_dlm_and_list_protected_resources(moto_account):
    """Fails once moto implements these APIs: then drop the shims in awslint.demo.moto_compat."""
    bare = boto3.Session(region_name=EAST)
    with pytest.raises(botocore.exceptions.ClientError, match="Not yet implemented"):
        bare.client("dlm").get_lifecycle_policies()
    with pytest.raises(botocore.exceptions.ClientError, match="Not yet implemented"):
        bare.client("backup").list_protected_resources()


def test_shim_data_accumulates_across_demo_areas_and_tests_can_replace_it():
    session = boto3.Session(region_name=EAST)
    moto_compat.define_protected_resources(session, EAST, [{"ResourceArn": "arn:a", "ResourceType": "EFS"}])
    moto_compat.define_protected_resources(session, EAST, [{"ResourceArn": "arn:b", "ResourceType": "EBS"}])
    assert [r["ResourceArn"] for r in moto_compat.shim_data(session)["backup_protected"][EAST]] == ["arn:a", "arn:b"]
    moto_compat.define_protected_resources(session, EAST, [], replace=True)
    assert moto_compat.shim_data(session)["backup_protected"][EAST] == []


# -- the demo account -----------------------------------------------------------------------------
STORAGE_CHECKS = ("ebs-gp3", "ebs-io1-volume", "ebs-unattached-volume", "ebs-volume-encrypted",
                  "ebs-encryption-by-default", "ebs-snapshot-age", "ebs-snapshot-automation",
                  "efs-lifecycle-policy", "efs-backup")


def test_snapshot_age_needs_no_images_when_the_account_owns_no_snapshot():
    inv = inventory_from({"ec2:snapshots": []}, errors={"ec2:images": "UnauthorizedOperation on DescribeImages"})
    assert verdicts(run_check("ebs-snapshot-age", inv)) == {}
