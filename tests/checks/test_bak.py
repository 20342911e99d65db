"""AWS Backup disaster-recovery check (Day 4): cross-region AWS Backup copies of critical resources (moto, plus
Stubber and the define_copy_jobs shim where moto lacks ListCopyJobs)."""

from datetime import UTC, datetime, timedelta

import boto3
import botocore.exceptions
import pytest

from awslint.demo import moto_compat
from awslint.testing import collect_stubbed, messages, run_check, verdicts

BACKUP = "critical-resource-cross-region-backup"
CRITICAL = [{"Key": "criticality", "Value": "critical"}]
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


# -- BAK001 critical-resource-cross-region-backup -------------------------------------------------
def _job(resource_arn, destination_region, finished, state="COMPLETED", number=1, **extra):
    job = {"CopyJobId": f"copy-{number}", "ResourceArn": resource_arn, "State": state, "ResourceType": "EBS",
           "SourceBackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:prod",
           "DestinationBackupVaultArn": f"arn:aws:backup:{destination_region}:123456789012:backup-vault:dr",
           "CreationDate": finished - timedelta(hours=1), **extra}
    if state == "COMPLETED":
        job["CompletionDate"] = finished
    return job


def _volume(ec2, name, tags=CRITICAL):
    return ec2.create_volume(AvailabilityZone="us-east-1a", Size=50, VolumeType="gp3", TagSpecifications=[
        {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": name}, *tags]}])["VolumeId"]


def test_cross_region_copies_of_critical_volumes_instances_and_file_systems(moto_account):
    ec2, efs = moto_account.client("ec2"), moto_account.client("efs")
    arn = "arn:aws:ec2:us-east-1:123456789012:"
    fresh, stale, failing = _volume(ec2, "fresh"), _volume(ec2, "stale"), _volume(ec2, "failing")
    local, nothing = _volume(ec2, "local-only"), _volume(ec2, "nothing")
    plain = _volume(ec2, "not-critical", tags=[{"Key": "criticality", "Value": "low"}])
    instance = ec2.run_instances(ImageId="ami-12345678", InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                 TagSpecifications=[{"ResourceType": "instance", "Tags": CRITICAL}])["Instances"][0]
    iid = instance["InstanceId"]
    attached = _volume(ec2, "attached")
    ec2.attach_volume(VolumeId=attached, InstanceId=iid, Device="/dev/sdf")
    gone = ec2.run_instances(ImageId="ami-12345678", InstanceType="t3.micro", MinCount=1, MaxCount=1,
                             TagSpecifications=[{"ResourceType": "instance", "Tags": CRITICAL}])["Instances"][0]
    ec2.terminate_instances(InstanceIds=[gone["InstanceId"]])
    fs = efs.create_file_system(CreationToken="media", Tags=[{"Key": "Name", "Value": "media"}, *CRITICAL])
    moto_compat.define_copy_jobs(moto_account.session, "us-east-1", [
        _job(arn + f"volume/{fresh}", "eu-west-1", NOW - timedelta(days=1), number=1),
        _job(arn + f"volume/{stale}", "eu-west-1", NOW - timedelta(days=10), number=2),
        _job(arn + f"volume/{failing}", "eu-west-1", NOW - timedelta(hours=5), state="FAILED", number=3,
             StatusMessage="Access denied to destination vault key"),
        _job(arn + f"volume/{local}", "us-east-1", NOW - timedelta(hours=5), number=4),
        _job(arn + f"instance/{iid}", "eu-west-1", NOW - timedelta(days=2), number=5),
        _job(fs["FileSystemArn"], "eu-west-1", NOW - timedelta(days=30), number=6),
    ])

    results = moto_account.scan(BACKUP, regions=["us-east-1"], now=NOW)

    assert verdicts(results) == {fresh: "PASS", stale: "FAIL", failing: "FAIL", local: "FAIL", nothing: "FAIL",
                                 iid: "PASS", attached: "PASS", fs["FileSystemId"]: "FAIL"}
    assert plain not in verdicts(results) and gone["InstanceId"] not in verdicts(results)
    msg = messages(results)
    assert "eu-west-1 on 2026-11-19 12:00 UTC" in msg[fresh]
    assert "finished on 2026-11-10, more than 7 days ago" in msg[stale]
    assert "latest FAILED: Access denied" in msg[failing]
    assert "stay in us-east-1" in msg[local]
    assert "no copy job" in msg[nothing] and "(nothing, criticality=critical)" in msg[nothing]
    assert f"as part of {iid}" in msg[attached]
    types = {r.resource_id: r.resource_type for r in results}
    assert (types[fresh], types[iid], types[fs["FileSystemId"]]) == (
        "AWS::EC2::Volume", "AWS::EC2::Instance", "AWS::EFS::FileSystem")

    tuned = moto_account.scan(BACKUP, regions=["us-east-1"], now=NOW, params={
        "max_age_days": 31, "tag_key": "criticality", "tag_values": ["critical", "low"]})
    assert {k: v for k, v in verdicts(tuned).items() if v == "PASS"} == {
        fresh: "PASS", stale: "PASS", iid: "PASS", attached: "PASS", fs["FileSystemId"]: "PASS"}
    assert verdicts(tuned)[plain] == "FAIL"


def test_copy_jobs_are_read_across_pages():
    """moto has no ListCopyJobs: the paginated collection is tested on Stubber responses (model-validated)."""
    vol_arn = "arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc"
    inv = collect_stubbed(["backup:copy_jobs"], {("backup", "us-east-1"): [
        ("list_copy_jobs", {"CopyJobs": [_job("arn:aws:ec2:us-east-1:123456789012:volume/vol-other", "eu-west-1",
                                              NOW - timedelta(days=1))], "NextToken": "page-2"}),
        ("list_copy_jobs", {"CopyJobs": [_job(vol_arn, "us-west-2", NOW - timedelta(days=1), number=2)]}),
    ]})
    inv.put("ec2:volumes", "123456789012", "us-east-1", [{"VolumeId": "vol-0abc", "State": "in-use", "Tags": CRITICAL}])
    results = run_check(BACKUP, inv, now=NOW)
    assert verdicts(results) == {"vol-0abc": "PASS"}
    assert "us-west-2" in messages(results)["vol-0abc"]


def test_moto_still_lacks_list_copy_jobs(moto_account):
    """Probe: when this fails, moto implements ListCopyJobs and the define_copy_jobs shim can go."""
    plain = boto3.Session(region_name="us-east-1").client("backup")
    with pytest.raises((botocore.exceptions.ClientError, NotImplementedError)):
        plain.list_copy_jobs()


def test_copy_jobs_shim_answers_per_region(moto_account):
    moto_compat.define_copy_jobs(moto_account.session, "eu-west-1", [_job("arn:x", "us-east-1", NOW)])
    assert moto_account.client("backup", "us-east-1").list_copy_jobs()["CopyJobs"] == []
    assert [j["ResourceArn"] for j in moto_account.client("backup", "eu-west-1").list_copy_jobs()["CopyJobs"]] == ["arn:x"]
