"""Demo resources for the storage checks (Day 9): EBS volumes, snapshots and their automation, EFS.

The story: the shop's reporting host in us-east-1 (``shop-prod-reporting``) was built years ago and
still carries a gp2 volume for its legacy orders database and an io1 scratch volume; newer volumes
are gp3 or io2, encrypted and snapshotted daily by a DLM policy. The DR region eu-west-1 got a staging
volume that nobody attached and nobody backs up.

What fails and what passes:

- ebs-gp3: ``legacy-orders-db-data`` (gp2, 500 GiB) and ``old-reports-scratch`` (gp2) FAIL; the gp3 root,
  ``reporting-data`` (gp3) and ``ledger-db-journal`` (io2) PASS.
- ebs-io1-volume: ``analytics-scratch`` (io1, 6,000 IOPS: gp3 would do) FAILS; ``ledger-db-journal`` (io2) PASSES.
- ebs-unattached-volume: ``old-reports-scratch`` and ``dr-restore-staging`` (available) FAIL; the attached ones PASS.
- ebs-volume-encrypted: ``legacy-orders-db-data``, ``analytics-scratch`` and ``old-reports-scratch`` FAIL;
  the others (encrypted) PASS.
- ebs-encryption-by-default: on in us-east-1 (PASS, switched on after the legacy volumes were made,
  which is why they are still unencrypted), off in eu-west-1 (FAIL).
- ebs-snapshot-age: ``pre-migration-2025`` (a manual snapshot from 400 days ago) FAILS; a DLM-made
  snapshot of the same age, an archived one and last week's manual one PASS.
- ebs-snapshot-automation: us-east-1 PASSES (DLM policy ``policy-0reportingdaily`` snapshots every volume
  tagged ``Backup=daily``); eu-west-1 has volumes and no DLM policy or AWS Backup: FAIL.
- efs-lifecycle-policy: ``shop-prod-assets`` (IA after 30 days) and ``shop-dr-reports`` (Archive after 90 days)
  PASS; ``shop-prod-uploads`` FAILS.
- efs-backup: ``shop-prod-assets`` (EFS automatic backups) and ``shop-dr-reports`` (AWS Backup plan) PASS;
  ``shop-prod-uploads`` FAILS.

moto gaps: it has no DLM and no Backup ListProtectedResources, so the policy and the recovery point are
declared through ``awslint.demo.moto_compat.define_dlm_policies`` / ``define_protected_resources``; and no
API can age a snapshot (in AWS only time does), so the old snapshots are backdated in moto's backend.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from awslint.demo import moto_compat

DAILY = {"Key": "Backup", "Value": "daily"}
DLM_POLICY_ID = "policy-0reportingdaily"


def _tags(resource_type: str, name: str, *extra: dict) -> list[dict]:
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}, *extra]}]


def _volume(ec2, az: str, name: str, size: int, *extra_tags: dict, **kwargs) -> str:
    return ec2.create_volume(AvailabilityZone=az, Size=size, TagSpecifications=_tags("volume", name, *extra_tags),
                             **kwargs)["VolumeId"]


def _backdate_snapshot(ctx, region: str, snapshot_id: str, days: int) -> None:
    """Make a moto snapshot look ``days`` old: no AWS API sets StartTime, so edit moto's record."""
    from moto.ec2.models import ec2_backends

    ec2_backends[ctx.account][region].snapshots[snapshot_id].start_time = datetime.now(UTC) - timedelta(days=days)


def _reporting_host(ctx, ec2) -> tuple[str, str]:
    """The instance the us-east-1 volumes hang off, in a private subnet when the network area built one."""
    private = (ctx.shared.get("vpc_prod") or {}).get("private") or {}
    placement: dict = {}
    if private:
        az = sorted(private)[0]
        placement = {"SubnetId": private[az]}
    else:
        az = f"{ctx.primary}a"
        placement = {"Placement": {"AvailabilityZone": az}}
    instance = ec2.run_instances(
        ImageId="ami-0c02fb55956c7d316", InstanceType="r6g.large", MinCount=1, MaxCount=1, **placement,
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda",
                              "Ebs": {"VolumeSize": 30, "VolumeType": "gp3", "Encrypted": True}}],
        TagSpecifications=_tags("instance", "shop-prod-reporting", DAILY))["Instances"][0]
    return instance["InstanceId"], instance["Placement"]["AvailabilityZone"]


def _primary_volumes(ctx) -> str:
    ec2 = ctx.client("ec2", ctx.primary)
    host, az = _reporting_host(ctx, ec2)
    attached = {
        "/dev/sdf": _volume(ec2, az, "legacy-orders-db-data", 500, VolumeType="gp2"),
        "/dev/sdg": _volume(ec2, az, "analytics-scratch", 200, VolumeType="io1", Iops=6000),
        "/dev/sdh": _volume(ec2, az, "reporting-data", 200, DAILY, VolumeType="gp3", Encrypted=True),
        "/dev/sdi": _volume(ec2, az, "ledger-db-journal", 100, DAILY, VolumeType="io2", Iops=8000, Encrypted=True),
    }
    for device, volume in attached.items():
        ec2.attach_volume(VolumeId=volume, InstanceId=host, Device=device)
    _volume(ec2, az, "old-reports-scratch", 100, VolumeType="gp2")
    return attached["/dev/sdf"]


def _snapshots(ctx, legacy_volume: str) -> None:
    ec2 = ctx.client("ec2", ctx.primary)

    def snap(name: str, *tags: dict) -> str:
        return ec2.create_snapshot(VolumeId=legacy_volume, Description=name,
                                   TagSpecifications=_tags("snapshot", name, *tags))["SnapshotId"]

    _backdate_snapshot(ctx, ctx.primary, snap("pre-migration-2025"), 400)
    dlm_made = snap("legacy-orders-db-data-monthly", {"Key": "aws:dlm:lifecycle-policy-id", "Value": DLM_POLICY_ID})
    _backdate_snapshot(ctx, ctx.primary, dlm_made, 180)
    archived = snap("orders-db-fy2024-audit")
    ec2.modify_snapshot_tier(SnapshotId=archived, StorageTier="archive")
    _backdate_snapshot(ctx, ctx.primary, archived, 330)
    _backdate_snapshot(ctx, ctx.primary, snap("before-kernel-upgrade"), 6)


def _dlm_policy() -> dict:
    """The policy as DLM's GetLifecyclePolicy returns it: daily snapshots of Backup=daily volumes, kept 14 days."""
    created = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    return {
        "PolicyId": DLM_POLICY_ID, "Description": "Daily snapshots of volumes tagged Backup=daily", "State": "ENABLED",
        "ExecutionRoleArn": "arn:aws:iam::123456789012:role/AWSDataLifecycleManagerDefaultRole",
        "DateCreated": created, "DateModified": created, "DefaultPolicy": False,
        "PolicyDetails": {
            "PolicyType": "EBS_SNAPSHOT_MANAGEMENT", "ResourceTypes": ["VOLUME"], "TargetTags": [DAILY],
            "Schedules": [{"Name": "daily-0300", "CopyTags": True,
                           "CreateRule": {"Interval": 24, "IntervalUnit": "HOURS", "Times": ["03:00"]},
                           "RetainRule": {"Count": 14}}]},
    }


def _file_systems(ctx) -> None:
    efs = ctx.client("efs", ctx.primary)
    assets = efs.create_file_system(CreationToken="shop-prod-assets", Backup=True, Encrypted=True,
                                   Tags=[{"Key": "Name", "Value": "shop-prod-assets"}])["FileSystemId"]
    efs.put_lifecycle_configuration(FileSystemId=assets, LifecyclePolicies=[
        {"TransitionToIA": "AFTER_30_DAYS"}, {"TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"}])
    efs.create_file_system(CreationToken="shop-prod-uploads", Encrypted=True,
                           Tags=[{"Key": "Name", "Value": "shop-prod-uploads"}])

    dr = ctx.client("efs", ctx.secondary)
    reports = dr.create_file_system(CreationToken="shop-dr-reports", Encrypted=True, ThroughputMode="elastic",
                                    Tags=[{"Key": "Name", "Value": "shop-dr-reports"}])
    dr.put_lifecycle_configuration(FileSystemId=reports["FileSystemId"],
                                   LifecyclePolicies=[{"TransitionToArchive": "AFTER_90_DAYS"}])
    moto_compat.define_protected_resources(ctx.session, ctx.secondary, [{
        "ResourceArn": reports["FileSystemArn"], "ResourceType": "EFS", "ResourceName": "shop-dr-reports",
        "LastBackupTime": datetime.now(UTC) - timedelta(hours=20),
        "LastBackupVaultArn": f"arn:aws:backup:{ctx.secondary}:{ctx.account}:backup-vault:shop-dr-vault"}])


def build(ctx) -> None:
    """Build the storage resources in both regions (see the module docstring for the verdicts)."""
    legacy = _primary_volumes(ctx)
    _snapshots(ctx, legacy)
    moto_compat.define_dlm_policies(ctx.session, ctx.primary, [_dlm_policy()])
    # Switched on after the legacy volumes existed, as in most real accounts.
    ctx.client("ec2", ctx.primary).enable_ebs_encryption_by_default()

    _volume(ctx.client("ec2", ctx.secondary), f"{ctx.secondary}a", "dr-restore-staging", 100, VolumeType="gp3",
            Encrypted=True)
    _file_systems(ctx)
