"""EBS: Elastic Block Store volumes and snapshots (Day 9: Storage).

An EBS volume is billed for what it provisions, not for what it serves, and its data is only as safe as
its encryption and its snapshots: the lesson is to pick the current volume types (gp3 over gp2, io2 over
io1), delete what nothing uses (unattached volumes, old manual snapshots), encrypt at rest (each volume,
and by default in every region), and let DLM or AWS Backup take and expire snapshots on a schedule.
Volumes that are ``deleting`` or ``deleted`` are on their way out and are not evaluated (the source's
identity leaves them out of ``inv.live``), except by ebs-gp3, whose public contract judges every state
but deleted. EFS file systems are in checks/efs.py; RDS storage on gp2 in checks/rds.py (RDS005).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from awslint import Param, check, errored, failed, name_tag, passed, tags_of
from awslint.inventory import ScopeView
from awslint.lessons import Lesson
from awslint.pricing import (
    EBS_IOPS_MONTH,
    EBS_SNAPSHOT_GB_MONTH,
    GP3_BASELINE_IOPS,
    ebs_gp2_to_gp3_matched_saving,
    ebs_gp2_to_gp3_saving,
    ebs_volume_monthly,
    gp2_baseline,
    io1_to_gp3_saving,
    io2_iops_monthly,
    monthly,
)

ACCOUNT_TYPE = "AWS::::Account"
VOLUME_TYPE = "AWS::EC2::Volume"

EBS_TYPES_DOC = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html"
EBS_MODIFY_DOC = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modify-volume.html"


# -- helpers ------------------------------------------------------------------------------------
def _attached_instances(volume: dict) -> list[str]:
    """Instances the volume is attached (or attaching) to; Multi-Attach volumes can have several."""
    return [a["InstanceId"] for a in volume.get("Attachments") or []
            if a.get("InstanceId") and a.get("State", "attached") in ("attached", "attaching", "busy")]


def _attachment(volume: dict) -> str:
    """Where the volume is, for messages: attached to which instances, unattached, or its state."""
    instances = _attached_instances(volume)
    if instances:
        return f"attached to {', '.join(instances)}"
    return "unattached" if volume.get("State") == "available" else f"in state {volume.get('State', 'unknown')}"


def _age_days(now: datetime, then: datetime) -> int:
    return (now - then).days


# -- EBS001 (headline) ----------------------------------------------------------------------------
@check(
    id="EBS001", name="ebs-gp3", severity="low",
    title="EBS volume is gp2 (gp3 is about 20% cheaper with IOPS and throughput set independently)",
    needs=("ec2:volumes",), lesson=Lesson.STORAGE, pillars=("cost", "performance"),
    resource_type=VOLUME_TYPE,
    rationale="gp3 costs about 20% less per GB than gp2 and includes 3,000 IOPS and 125 MiB/s whatever the "
              "size, while gp2 ties performance to size (3 IOPS/GiB, burst credits below 1 TiB). Moving is an "
              "online modification with no downtime.",
    evaluates="Every EBS volume in the region in any state but deleted, as the headline contract says: creating, "
              "available (unattached), in-use, error and deleting volumes are all judged (a deleting gp2 volume "
              "fails with a note that it is on its way out). "
              "FAIL for each gp2 volume, with its size, where it is attached and an estimated monthly saving "
              "(at gp3 baseline, and for volumes above 170 GiB also with gp3 provisioned to match gp2's baseline "
              "IOPS and throughput); an error-state gp2 volume fails with advice to delete it instead. PASS for "
              "every other type (gp3, io1, io2, st1, sc1, standard): they are not gp2 (io1 has its own check, "
              "ebs-io1-volume). A volume without a VolumeType is ERROR.",
    remediation="Modify each gp2 volume to gp3 in place; it stays attached and usable while it optimises "
                "(console: EC2 > Volumes > select > Actions > Modify volume > Volume type gp3; CLI: aws ec2 "
                "modify-volume --volume-id <vol-id> --volume-type gp3 [--iops N --throughput N for volumes above "
                "1 TiB]). Make gp3 the default in launch templates, AMI block device mappings and IaC so new "
                "volumes are not created as gp2.",
    references=(
        EBS_TYPES_DOC, EBS_MODIFY_DOC,
        "https://aws.amazon.com/blogs/storage/migrate-your-amazon-ebs-volumes-from-gp2-to-gp3-and-save-up-to-20-on-costs/",
        "https://aws.amazon.com/ebs/pricing/",
    ),
)
def ebs_gp3(inv, params) -> Iterator:
    """gp2 volumes pay more for less: gp3 is cheaper per GB and its performance does not depend on size."""
    # The public contract (DESIGN.md) judges every state but deleted, so a deleting gp2 volume is still listed:
    # not inv.live, whose gone states include deleting.
    volumes = sorted((v for v in inv["ec2:volumes"] if v.get("State") != "deleted"), key=lambda v: v["VolumeId"])
    for volume in volumes:
        vtype = volume.get("VolumeType")
        if not vtype:
            yield errored(volume, f"Volume {inv.label(volume)} has no VolumeType in the API response; cannot judge it.")
            continue
        if vtype != "gp2":
            yield passed(volume, f"Volume {inv.label(volume)} is {vtype}, not gp2.")
            continue
        yield failed(volume, _gp2_message(inv, volume))


def _gp2_message(inv: ScopeView, volume: dict) -> str:
    vid, size, state = volume["VolumeId"], volume.get("Size"), volume.get("State")
    if state == "deleting":
        return (f"Volume {inv.label(volume)} is gp2, {size} GiB, and being deleted: nothing to migrate if the deletion "
                "is intended; otherwise recreate it as gp3.")
    if state == "error":
        return (f"Volume {inv.label(volume)} is gp2, {size} GiB, and in the error state (its data is unrecoverable): "
                f"delete it (aws ec2 delete-volume --volume-id {vid}) instead of migrating it.")
    if size is None:
        return (f"Volume {inv.label(volume)} is gp2 ({_attachment(volume)}; size not reported): gp3 is about 20% cheaper per "
                f"GB. Fix: aws ec2 modify-volume --volume-id {vid} --volume-type gp3")
    text = (f"Volume {inv.label(volume)} is gp2, {size} GiB, {_attachment(volume)}: gp3 is about 20% cheaper per GB and "
            f"includes 3,000 IOPS and 125 MiB/s at any size; moving saves {monthly(ebs_gp2_to_gp3_saving(size))}.")
    iops, throughput = gp2_baseline(size)
    extras = ([f"--iops {iops}"] if iops > GP3_BASELINE_IOPS else []) + ([f"--throughput {throughput}"] if size > 170 else [])
    if extras:
        text += (f" At this size gp2 delivers {iops:,} IOPS and up to {throughput} MiB/s; to match that on gp3 add "
                 f"{' '.join(extras)}, which still saves {monthly(ebs_gp2_to_gp3_matched_saving(size))}.")
    return text + f" Fix (online, no detach): aws ec2 modify-volume --volume-id {vid} --volume-type gp3"


# -- EBS002 ---------------------------------------------------------------------------------------
@check(
    id="EBS002", name="ebs-io1-volume", severity="low",
    title="EBS volume is io1 (io2 costs the same or less with 100 times the durability; gp3 is cheaper still)",
    needs=("ec2:volumes",), lesson=Lesson.STORAGE, pillars=("cost", "reliability", "performance"),
    resource_type=VOLUME_TYPE,
    params={"gp3_max_iops": Param(
        16000, "io1 volumes with at most this many provisioned IOPS are pointed to gp3, which is much cheaper; "
               "above it, to io2. gp3 has supported up to 80,000 IOPS since September 2025, but io-class "
               "volumes keep sub-millisecond, 99.9%-consistent latency; raise this if gp3's latency suits you.",
        {"type": "integer", "minimum": 3000, "maximum": 80000})},
    rationale="io2 volumes cost the same as io1 (less above 32,000 IOPS) and are designed for 99.999% durability "
              "instead of io1's 99.8-99.9%; many io1 volumes were sized before gp3 existed and need no "
              "provisioned-IOPS class at all.",
    evaluates="Provisioned-IOPS volumes (io1 and io2) in the region, except deleting and deleted ones. FAIL for each "
              "io1 volume: if its provisioned IOPS are at most gp3_max_iops and Multi-Attach is off, the message "
              "recommends gp3 with the estimated saving; otherwise (more IOPS, or Multi-Attach, which gp3 lacks) "
              "io2, with the IOPS-tier saving. PASS for io2 volumes. Other types are not evaluated (gp2 is "
              "ebs-gp3's business). An io1 volume without Iops is ERROR.",
    remediation="Modify the volume in place (it stays attached): console: EC2 > Volumes > select > Actions > "
                "Modify volume > Volume type io2 (or gp3 with the needed IOPS and throughput); CLI: aws ec2 "
                "modify-volume --volume-id <vol-id> --volume-type io2, or aws ec2 modify-volume --volume-id <vol-id> "
                "--volume-type gp3 --iops <iops> --throughput <MiB/s>.",
    references=(
        EBS_TYPES_DOC, EBS_MODIFY_DOC,
        "https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html",
        "https://aws.amazon.com/ebs/pricing/",
    ),
)
def ebs_io1_volume(inv, params) -> Iterator:
    """io1 is a previous-generation Provisioned IOPS volume: io2 beats it on durability at no extra cost."""
    limit = params["gp3_max_iops"]
    for volume in inv.live("ec2:volumes"):
        vtype = volume.get("VolumeType")
        if vtype not in ("io1", "io2"):
            continue
        vid = volume["VolumeId"]
        if vtype == "io2":
            yield passed(volume, f"Volume {inv.label(volume)} is io2 ({volume.get('Iops', '?')} IOPS).")
            continue
        iops, size = volume.get("Iops"), volume.get("Size")
        if iops is None or size is None:
            yield errored(volume, f"Volume {inv.label(volume)} is io1 but its Iops or Size is missing; cannot size the "
                                  "move.")
            continue
        head = f"Volume {inv.label(volume)} is io1, {size} GiB with {iops:,} provisioned IOPS, {_attachment(volume)}"
        if iops <= limit and not volume.get("MultiAttachEnabled"):
            yield failed(volume, f"{head}: gp3 delivers up to {limit:,} IOPS for much less; moving saves "
                              f"{monthly(io1_to_gp3_saving(size, iops))} (gp3 includes 125 MiB/s; add --throughput if "
                              f"the workload needs more). Fix: aws ec2 modify-volume --volume-id {vid} --volume-type gp3 "
                              f"--iops {max(iops, GP3_BASELINE_IOPS)}. If it needs io-class latency, use io2 instead "
                              "(same price, 99.999% durability).")
            continue
        why = "it uses Multi-Attach, which gp3 lacks" if volume.get("MultiAttachEnabled") else \
            f"it needs more than {limit:,} IOPS"
        saving = iops * EBS_IOPS_MONTH["io1"] - io2_iops_monthly(iops)
        gain = f"; the IOPS tiers save {monthly(saving)}" if saving > 0.005 else " at the same price"
        yield failed(volume, f"{head}: {why}, so move it to io2, designed for 99.999% durability instead of "
                             f"99.8-99.9%{gain}. Fix (online): aws ec2 modify-volume --volume-id {vid} --volume-type io2")


# -- EBS003 ---------------------------------------------------------------------------------------
@check(
    id="EBS003", name="ebs-unattached-volume", severity="low",
    title="EBS volume is not attached to any instance (paid for, unused)",
    needs=("ec2:volumes",), lesson=Lesson.STORAGE, pillars=("cost", "sustainability"),
    resource_type=VOLUME_TYPE, config_rule="ec2-volume-inuse-check",
    rationale="An unattached volume is billed for its full provisioned size, IOPS and throughput while serving "
              "nothing; left over from terminated instances or tests, such volumes accumulate quietly. A snapshot "
              "keeps the data for a fraction of the price.",
    evaluates="Volumes in state available (FAIL: not attached; the message gives size, type and the estimated "
              "monthly price of the volume) or in-use (PASS: attached, the instances are named). Volumes that are "
              "creating, deleting, deleted or in error are not evaluated. An in-use volume that lists no "
              "attachment is contradictory and reported as ERROR. Whether an attached instance is stopped is not "
              "judged here.",
    remediation="If the data is needed, snapshot the volume, then delete it (console: EC2 > Volumes > filter "
                "State = available > Actions > Create snapshot, then Delete volume; CLI: aws ec2 create-snapshot "
                "--volume-id <vol-id> --description 'final snapshot before delete' && aws ec2 delete-volume "
                "--volume-id <vol-id>). Set DeleteOnTermination on instance data volumes that should not outlive "
                "their instance.",
    references=(
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-volume.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/ec2-volume-inuse-check.html",
        "https://aws.amazon.com/ebs/pricing/",
    ),
)
def ebs_unattached_volume(inv, params) -> Iterator:
    """An unattached volume costs as much as an attached one and does nothing."""
    for volume in inv.live("ec2:volumes"):
        state = volume.get("State")
        if state not in ("available", "in-use"):
            continue
        vid = volume["VolumeId"]
        if state == "in-use":
            instances = _attached_instances(volume)
            if instances:
                yield passed(volume, f"Volume {inv.label(volume)} is attached to {', '.join(instances)}.")
            else:
                yield errored(volume, f"Volume {inv.label(volume)} is in-use but lists no attachment; cannot tell where "
                                      "it is attached.")
            continue
        size, vtype = volume.get("Size"), volume.get("VolumeType")
        cost = ebs_volume_monthly(vtype, size, volume.get("Iops"), volume.get("Throughput"))
        price = f"; it costs {monthly(cost)}" if cost is not None else ""
        created = volume.get("CreateTime")
        since = f", created {created:%Y-%m-%d}" if isinstance(created, datetime) else ""
        keep = f"; a snapshot of it would cost at most {monthly(size * EBS_SNAPSHOT_GB_MONTH)}" if size else ""
        yield failed(volume, f"Volume {inv.label(volume)} is not attached to any instance ({vtype or '?'}, "
                             f"{size if size is not None else '?'} GiB{since}){price}{keep}. "
                             f"Fix: aws ec2 create-snapshot --volume-id {vid} "
                             f"then aws ec2 delete-volume --volume-id {vid}, or attach it where it is needed.")


# -- EBS004 ---------------------------------------------------------------------------------------
@check(
    id="EBS004", name="ebs-volume-encrypted", severity="medium",
    title="EBS volume is not encrypted at rest",
    needs=("ec2:volumes",), lesson=Lesson.STORAGE, pillars=("security",),
    resource_type=VOLUME_TYPE, config_rule="encrypted-volumes", security_hub="EC2.3",
    rationale="EBS encryption protects data at rest, in snapshots and in transit between the instance and the "
              "volume, at no extra cost and with no measurable performance penalty; an unencrypted volume can "
              "only be encrypted by copying it.",
    evaluates="Every volume in the region except deleting and deleted ones, attached or not (the Config rule "
              "encrypted-volumes and Security Hub EC2.3 look at attached volumes only; an unattached volume "
              "holds data too). PASS when Encrypted is true (the KMS key is named), FAIL when false, ERROR when "
              "the field is missing.",
    remediation="Turn on EBS encryption by default in every region so new volumes are encrypted (console: EC2 > "
                "Dashboard > Settings > Data protection and security > EBS encryption > Manage > Enable; CLI: aws "
                "ec2 enable-ebs-encryption-by-default --region <region>; see check ebs-encryption-by-default). "
                "Existing volumes: snapshot, copy the snapshot encrypted, create a volume from the copy and swap it "
                "in (aws ec2 create-snapshot --volume-id <vol-id>; aws ec2 copy-snapshot --source-snapshot-id "
                "<snap-id> --source-region <region> --encrypted --kms-key-id <key>; aws ec2 create-volume "
                "--snapshot-id <encrypted-snap-id> --availability-zone <az> --volume-type gp3).",
    references=(
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/encrypted-volumes.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3",
    ),
)
def ebs_volume_encrypted(inv, params) -> Iterator:
    """Unencrypted volumes leave data, and every snapshot of it, readable outside the instance."""
    for volume in inv.live("ec2:volumes"):
        encrypted = volume.get("Encrypted")
        if encrypted is None:
            yield errored(volume, f"Volume {inv.label(volume)} has no Encrypted field in the API response.")
        elif encrypted:
            key = volume.get("KmsKeyId") or "the default aws/ebs key"
            yield passed(volume, f"Volume {inv.label(volume)} is encrypted with {key}.")
        else:
            yield failed(volume, f"Volume {inv.label(volume)} is not encrypted ({volume.get('Size', '?')} GiB, "
                                 f"{_attachment(volume)}). Copy it through an encrypted snapshot (aws ec2 copy-snapshot "
                                 "--encrypted) and swap the new volume in; turn on aws ec2 "
                                 "enable-ebs-encryption-by-default so new volumes are encrypted.")


# -- EBS005 ---------------------------------------------------------------------------------------
@check(
    id="EBS005", name="ebs-encryption-by-default", severity="medium",
    title="EBS encryption by default is off in the region",
    needs=("ec2:ebs_encryption_by_default",), lesson=Lesson.STORAGE, pillars=("security",),
    resource_type=ACCOUNT_TYPE, config_rule="ec2-ebs-encryption-by-default", security_hub="EC2.7",
    rationale="With encryption by default on, every new volume and snapshot copy in the region is encrypted "
              "whatever the launch template, AMI or IaC says, so unencrypted volumes cannot appear again.",
    evaluates="The account's setting in each scanned region (one result per region, resource = the account). "
              "PASS when EbsEncryptionByDefault is true, FAIL when false; ERROR when the setting could not be read. "
              "Existing volumes are not changed by the setting: see ebs-volume-encrypted.",
    remediation="Enable it in every region you use (console: EC2 > Dashboard > Settings > Data protection and "
                "security > EBS encryption > Manage > Always encrypt new EBS volumes; CLI: aws ec2 "
                "enable-ebs-encryption-by-default --region <region>; optionally aws ec2 modify-ebs-default-kms-key-id "
                "--kms-key-id <key> --region <region>). Check first that no instance type in use lacks encryption "
                "support.",
    references=(
        "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/ec2-ebs-encryption-by-default.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-7",
    ),
)
def ebs_encryption_by_default(inv, params) -> Iterator:
    """The account-level switch that stops unencrypted volumes from being created at all."""
    # One region-level setting, not an item with an identity: the resource is the account, placed in the region.
    settings = inv["ec2:ebs_encryption_by_default"]
    region, account = inv.region, inv.account
    value = settings[0].get("EbsEncryptionByDefault") if settings else None
    if value is None:
        yield errored(account, f"EBS encryption-by-default setting for {region} was not returned.", region=region)
    elif value:
        yield passed(account, f"EBS encryption by default is on in {region}: new volumes are always encrypted.",
                     region=region)
    else:
        yield failed(account, f"EBS encryption by default is off in {region}: volumes created without an explicit "
                              "Encrypted flag are unencrypted. Fix: aws ec2 enable-ebs-encryption-by-default "
                              f"--region {region}", region=region)


# -- EBS006 ---------------------------------------------------------------------------------------
DLM_TAG = "aws:dlm:lifecycle-policy-id"
BACKUP_TAGS = ("aws:backup:source-resource",)
BACKUP_DESCRIPTION = "This snapshot is created by the AWS Backup service"
#: The placeholder VolumeId of snapshots made by CopySnapshot (they have no source volume in this region).
COPIED_SNAPSHOT_VOLUME = "vol-ffffffff"


def _snapshot_manager(snapshot: dict) -> str | None:
    """Who deletes the snapshot on schedule (DLM or AWS Backup), if anyone."""
    tags = tags_of(snapshot)
    if tags.get(DLM_TAG):
        return f"DLM policy {tags[DLM_TAG]}"
    if any(t in tags for t in BACKUP_TAGS) or (snapshot.get("Description") or "").startswith(BACKUP_DESCRIPTION):
        return "AWS Backup"
    return None


@check(
    id="EBS006", name="ebs-snapshot-age", severity="low",
    title="EBS snapshot is older than the maximum age and no lifecycle manages it",
    needs=("ec2:snapshots", "ec2:images"), lesson=Lesson.STORAGE, pillars=("cost", "operational"),
    resource_type="AWS::EC2::Snapshot",
    params={"max_age_days": Param(90, "Snapshots older than this many days fail unless DLM or AWS Backup manages "
                                      "them or they are archived.", {"type": "integer", "minimum": 1})},
    rationale="Manual snapshots are never deleted automatically: stale ones pile up for years, cost money and keep "
              "old data around. Automated snapshots carry their own retention.",
    evaluates="Snapshots owned by the scanned account (owned by another account: not evaluated), in any state. "
              "Not evaluated: snapshots that back an AMI the account owns (deregister the AMI to release them). "
              "PASS: snapshots created by a DLM policy (tag aws:dlm:lifecycle-policy-id) or AWS Backup (its tag "
              "or description), whose retention rules delete them; archived snapshots (storage tier archive, a "
              "deliberate long-term copy); snapshots younger than max_age_days (measured from StartTime to the "
              "scan time). FAIL: older, unmanaged snapshots, with their volume size and an upper-bound monthly "
              "cost. ERROR: no StartTime.",
    remediation="Delete snapshots that are no longer needed, archive those kept for compliance, and let DLM or "
                "AWS Backup create and expire snapshots from now on (console: EC2 > Snapshots > select > Actions > "
                "Delete snapshot, or Archive snapshot; CLI: aws ec2 delete-snapshot --snapshot-id <snap-id>, or aws "
                "ec2 modify-snapshot-tier --snapshot-id <snap-id> --storage-tier archive).",
    references=(
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-snapshot.html",
        "https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-archive.html",
        "https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-lifecycle.html",
    ),
)
def ebs_snapshot_age(inv, params) -> Iterator:
    """Snapshots nobody expires outlive their purpose and are billed forever."""
    max_age = params["max_age_days"]
    owned = [s for s in inv.live("ec2:snapshots") if s.get("OwnerId") in (None, inv.account)]
    if not owned:
        return  # no snapshot of this account here: the AMI list need not be read
    ami_of = {}
    for image in inv["ec2:images"]:
        for mapping in image.get("BlockDeviceMappings") or []:
            snap = (mapping.get("Ebs") or {}).get("SnapshotId")
            if snap:
                ami_of[snap] = image.get("ImageId", "?")
    for snapshot in owned:
        sid = snapshot["SnapshotId"]
        if sid in ami_of:
            continue
        name = name_tag(snapshot)
        label = f"{sid} ({name})" if name else sid
        started = snapshot.get("StartTime")
        if not isinstance(started, datetime):
            yield errored(snapshot, f"Snapshot {label} has no StartTime; cannot tell its age.")
            continue
        age = _age_days(inv.now, started)
        volume_id = snapshot.get("VolumeId")
        of_volume = f" of {volume_id}" if volume_id and volume_id != COPIED_SNAPSHOT_VOLUME else ""
        manager = _snapshot_manager(snapshot)
        if manager:
            yield passed(snapshot, f"Snapshot {label}{of_volume} is {age} days old and managed by {manager}, whose "
                                   "retention deletes it.")
        elif snapshot.get("StorageTier") == "archive":
            yield passed(snapshot, f"Snapshot {label}{of_volume} is {age} days old and archived (deliberate "
                                   "long-term retention).")
        elif age <= max_age:
            yield passed(snapshot, f"Snapshot {label}{of_volume} is {age} days old (limit {max_age}).")
        else:
            size = snapshot.get("VolumeSize")
            cost = f"; it holds at most {size} GiB, up to {monthly(size * EBS_SNAPSHOT_GB_MONTH)}" if size else ""
            yield failed(snapshot, f"Snapshot {label}{of_volume} was taken {started:%Y-%m-%d}, more than {max_age} "
                                   f"days ago, and no DLM policy or AWS Backup plan manages it{cost}. Delete it (aws ec2 "
                                   f"delete-snapshot --snapshot-id {sid}) or archive it if it must be kept (aws ec2 "
                                   f"modify-snapshot-tier --snapshot-id {sid} --storage-tier archive).")


# -- EBS007 ---------------------------------------------------------------------------------------
SNAPSHOT_POLICY_TYPES = ("EBS_SNAPSHOT_MANAGEMENT", "IMAGE_MANAGEMENT")


def _merged_dlm_policies(inv) -> list[dict]:
    """Both DLM listings, de-duplicated by PolicyId (the detailed entry wins)."""
    merged: dict[str, dict] = {}
    for policy in [*inv["dlm:default_policies"], *inv["dlm:lifecycle_policies"]]:
        pid = policy.get("PolicyId")
        if pid and (pid not in merged or policy.get("Policy")):
            merged[pid] = policy
    return [merged[k] for k in sorted(merged)]


def _dlm_coverage(policy: dict, volumes: list[dict], instance_tags: dict[str, dict]) -> tuple[set[str], str | None]:
    """Volume ids an enabled policy snapshots (directly or through their instance), or a note why none."""
    pid = policy["PolicyId"]
    detail = policy.get("Policy") or {}
    state = detail.get("State") or policy.get("State")
    if state != "ENABLED":
        return set(), f"DLM policy {pid} is {state or 'in an unknown state'}"
    details = detail.get("PolicyDetails") or {}
    ptype = details.get("PolicyType") or policy.get("PolicyType")
    if ptype not in SNAPSHOT_POLICY_TYPES:
        return set(), None  # event-based (cross-account copy) policies create nothing from volumes
    attached = {v["VolumeId"]: _attached_instances(v) for v in volumes}
    if policy.get("DefaultPolicy") or detail.get("DefaultPolicy"):
        kind = details.get("ResourceType") or ("VOLUME" if ptype == "EBS_SNAPSHOT_MANAGEMENT" else "INSTANCE")
        if kind == "VOLUME":
            return set(attached), None
        return {vid for vid, instances in attached.items() if instances}, None
    if not details:
        return set(), f"DLM policy {pid}'s details could not be read"
    targets = {(t.get("Key"), t.get("Value")) for t in details.get("TargetTags") or []}
    kinds = details.get("ResourceTypes") or []
    covered = set()
    for volume in volumes:
        if "VOLUME" in kinds and ptype == "EBS_SNAPSHOT_MANAGEMENT" and targets & set(tags_of(volume).items()):
            covered.add(volume["VolumeId"])
        if "INSTANCE" in kinds and any(targets & set(instance_tags.get(i, {}).items())
                                       for i in attached[volume["VolumeId"]]):
            covered.add(volume["VolumeId"])
    if covered:
        return covered, None
    wanted = ", ".join(f"{k}={v}" for k, v in sorted(targets)) or "no tags"
    return set(), f"DLM policy {pid} targets {'/'.join(kinds) or 'resources'} tagged {wanted}, and none here carries them"


def _backup_coverage(inv, volumes: list[dict], max_age: int) -> tuple[set[str], list[str]]:
    """Volumes with a recent AWS Backup recovery point, directly (EBS) or through their instance (EC2)."""
    recent_volumes, recent_instances, stale = set(), set(), []
    for resource in inv["backup:protected_resources"]:
        arn, rtype, last = resource.get("ResourceArn") or "", resource.get("ResourceType"), resource.get("LastBackupTime")
        if rtype not in ("EBS", "EC2") or not isinstance(last, datetime):
            continue
        rid = arn.rsplit("/", 1)[-1]
        if inv.now - last > timedelta(days=max_age):
            stale.append(f"{rid} (last AWS Backup {last:%Y-%m-%d})")
        elif rtype == "EBS":
            recent_volumes.add(rid)
        else:
            recent_instances.add(rid)
    covered = {v["VolumeId"] for v in volumes
               if v["VolumeId"] in recent_volumes or set(_attached_instances(v)) & recent_instances}
    return covered, stale


@check(
    id="EBS007", name="ebs-snapshot-automation", severity="medium",
    title="Region has EBS volumes but no DLM policy or AWS Backup plan snapshots any of them",
    needs=("ec2:volumes", "ec2:instances", "dlm:lifecycle_policies", "dlm:default_policies",
           "backup:protected_resources"),
    lesson=Lesson.STORAGE, pillars=("reliability", "operational"),
    resource_type=ACCOUNT_TYPE,
    params={"backup_max_age_days": Param(8, "An AWS Backup recovery point counts as automation only if it is at most "
                                            "this many days old (a weekly plan plus its start window).",
                                         {"type": "integer", "minimum": 1})},
    rationale="Snapshots taken by hand are forgotten and never expire. Data Lifecycle Manager (or AWS Backup) takes "
              "them on a schedule and deletes them after the retention period, which is both the recovery point "
              "and the clean-up.",
    evaluates="Each region with at least one volume that is not deleting or deleted (one result per region, resource "
              "= the account). Automation counts when it covers at least one of the region's volumes: an ENABLED "
              "DLM default policy (VOLUME: every volume; INSTANCE: every attached volume); an ENABLED DLM snapshot "
              "or AMI policy whose target tags match a volume (VOLUME) or the instance it is attached to (INSTANCE); "
              "or an AWS Backup recovery point of the volume or its instance at most backup_max_age_days old "
              "(AWS Backup is an equally valid way to automate EBS snapshots). PASS names the mechanisms and how "
              "many volumes they cover, listing uncovered ones; FAIL says why each policy found covers nothing "
              "(disabled, tags that match nothing, backups too old). Event-based (copy) policies and DLM policy "
              "exclusions are not considered. Regions without volumes are not evaluated.",
    remediation="Create a DLM default policy for volumes (covers every volume without tags) or a tag-targeted "
                "policy, or assign the volumes to an AWS Backup plan (console: EC2 > Lifecycle Manager > Create "
                "lifecycle policy > Default policy > EBS snapshot policy; CLI: aws dlm create-lifecycle-policy "
                "--default-policy VOLUME --create-interval 1 --retain-interval 7 --state ENABLED --description "
                "'daily EBS snapshots' --execution-role-arn "
                "arn:aws:iam::<account>:role/AWSDataLifecycleManagerDefaultRole --region <region>; first: aws dlm "
                "create-default-role --resource-type snapshot).",
    references=(
        "https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-lifecycle.html",
        "https://docs.aws.amazon.com/ebs/latest/userguide/default-policies.html",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/ebs-in-backup-plan.html",
    ),
)
def ebs_snapshot_automation(inv, params) -> Iterator:
    """A region whose volumes nobody snapshots on a schedule has no recovery point and no clean-up."""
    volumes = inv.live("ec2:volumes")
    if not volumes:
        return
    instance_tags = {i["InstanceId"]: tags_of(i) for i in inv["ec2:instances"] if i.get("InstanceId")}
    covered: set[str] = set()
    mechanisms, notes = [], []
    for policy in _merged_dlm_policies(inv):
        got, note = _dlm_coverage(policy, volumes, instance_tags)
        if got:
            covered |= got
            mechanisms.append(f"DLM policy {policy['PolicyId']} ({len(got)})")
        if note:
            notes.append(note)
    backed, stale = _backup_coverage(inv, volumes, params["backup_max_age_days"])
    if backed:
        covered |= backed
        mechanisms.append(f"AWS Backup ({len(backed)})")
    if stale:
        notes.append(f"AWS Backup recovery points older than {params['backup_max_age_days']} days: {', '.join(stale)}")
    # One result per region about all its volumes: the resource is the account, placed in the region.
    region, total = inv.region, len(volumes)
    if covered:
        missing = [v["VolumeId"] for v in volumes if v["VolumeId"] not in covered]
        rest = f"; not covered: {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}" if missing else ""
        yield passed(inv.account, f"{len(covered)} of {total} EBS volumes in {region} get automated snapshots "
                                  f"({', '.join(mechanisms)}){rest}.", region=region)
        return
    size = sum(v.get("Size") or 0 for v in volumes)
    why = f" ({'; '.join(notes)})" if notes else ""
    noun, them = ("volume", "it") if total == 1 else ("volumes", "them")
    yield failed(inv.account, f"{region} has {total} EBS {noun} ({size:,} GiB) and nothing snapshots {them} on a "
                              f"schedule: no enabled DLM policy covers {them} and AWS Backup has no recent recovery "
                              f"point{why}. Create a DLM default policy (aws dlm create-lifecycle-policy "
                              f"--default-policy VOLUME --create-interval 1 --retain-interval 7 --region {region} ...) "
                              "or add the volumes to an AWS Backup plan.", region=region)
