"""EC2: instance and image design (Day 6: Advanced EC2 design).

These checks judge what instances run on and what they are launched from: previous-generation families that
cost more per unit of work and will be retired, x86 instances with a cheaper like-for-like Graviton type, AMIs
shared with the world or holding unencrypted snapshots, and spread placement groups about to hit their limit of
seven running instances per AZ. The lesson: an instance's type, image and placement are design decisions with
cost, security and capacity consequences, not launch-time defaults. Instance families come from our own dated
table (:mod:`awslint.data.instance_types`), never from ``describe_instance_types``: its ``CurrentGeneration``
flag is what moto gets wrong, and a table keeps offline inventories judgeable.
"""

from __future__ import annotations

from collections import Counter

from awslint import Param, check, errored, failed, passed
from awslint.data import instance_types as types
from awslint.lessons import Lesson
from awslint.pricing import ec2_switch_saving, monthly

EC2_DOCS = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide"
SPREAD_LIMIT_PER_AZ = 7


# -- EC2001 ---------------------------------------------------------------------------------------
@check(
    id="EC2001", name="ec2-previous-generation", severity="low",
    title="EC2 instance uses a previous-generation instance type",
    needs=("ec2:instances",),
    lesson=Lesson.EC2, pillars=("performance", "cost", "sustainability"),
    resource_type="AWS::EC2::Instance",
    rationale="Previous-generation families (m4, c4, r4, m3, t1, ...) run on older, mostly pre-Nitro hardware: "
              "current families give more performance per dollar and per watt, and old capacity gets scarcer "
              "and is eventually retired.",
    evaluates="Every instance in the region in state pending, running, stopping or stopped (a stopped instance "
              "restarts on the same type); terminated and shutting-down instances are skipped. FAIL when the "
              "instance family is in awslint's dated previous-generation table "
              f"(awslint/data/instance_types.py, verified {types.LAST_VERIFIED}); PASS otherwise. The API's "
              "CurrentGeneration flag is not used. Flagged families are those AWS documents as previous "
              "generation (a1, c1, c3, c4, g3, i2, m1-m4, p2, p3, p3dn, r3, r4, t1) plus retired ones; t2, d2, "
              "h1, i3, f1, x1 and x1e are current per AWS and not flagged. An instance without an "
              "InstanceType is an ERROR.",
    remediation="Stop the instance, change its type to the suggested current family, and start it (check the "
                "AMI supports ENA/NVMe for Nitro types first). Console: EC2 > Instances > instance > Instance "
                "state > Stop, then Actions > Instance settings > Change instance type; CLI: aws ec2 stop-instances "
                "--instance-ids <id>; aws ec2 modify-instance-attribute --instance-id <id> --instance-type "
                "'{\"Value\": \"m7i.large\"}'; aws ec2 start-instances --instance-ids <id>. For Auto Scaling "
                "groups, change the launch template and start an instance refresh.",
    references=(
        "https://docs.aws.amazon.com/ec2/latest/instancetypes/pg.html",
        "https://aws.amazon.com/ec2/previous-generation/",
        f"{EC2_DOCS}/ec2-instance-resize.html",
    ),
)
def ec2_previous_generation(inv, params):
    """Old families cost more per unit of work and will be retired."""
    for instance in inv.live("ec2:instances"):
        kind = instance.get("InstanceType")
        if not kind:
            yield errored(instance, f"Instance {inv.label(instance)} reports no instance type.")
            continue
        upgrade = types.previous_generation_upgrade(kind)
        state = (instance.get("State") or {}).get("Name", "?")
        if upgrade:
            yield failed(instance, f"Instance {inv.label(instance)} runs {kind} ({state}), a previous-generation "
                         f"type. Move it to a current family such as {upgrade} (stop, change instance type, start), or to "
                         "Graviton if the workload runs on arm64.")
        else:
            yield passed(instance, f"Instance {inv.label(instance)} runs {kind}, a current-generation type.")


# -- EC2002 ---------------------------------------------------------------------------------------
@check(
    id="EC2002", name="ec2-graviton-candidate", severity="info",
    title="x86 EC2 instance has a Graviton (arm64) equivalent",
    needs=("ec2:instances",),
    lesson=Lesson.EC2, pillars=("cost", "sustainability"),
    resource_type="AWS::EC2::Instance",
    rationale="Graviton instances cost less per hour than their x86 twins and give up to 40% better "
              "price-performance and lower energy use; most Linux workloads on interpreted languages, JVMs or "
              "containers move with a rebuild of the image.",
    evaluates="Every Linux instance in the region in state pending, running, stopping or stopped (terminated and "
              "shutting-down skipped). PASS when it already runs a Graviton family (m7g, c6g, t4g, ...). FAIL "
              "(informational) when it runs an x86 family with a like-for-like Graviton type of the same size in "
              "awslint's conservative table (t2/t3/t3a -> t4g, m4-m7i/m5a-m7a -> m7g, c4-c7i -> c7g, r4-r7i -> "
              "r7g); the message gives the estimated on-demand saving. Not evaluated: Windows instances (no "
              "Graviton support), and x86 types with no mapped equivalent (storage, network-optimised, "
              "accelerated, metal, sizes Graviton lacks such as m5.24xlarge, and c4.8xlarge whose 36 vCPUs have no "
              "same-size Graviton match).",
    remediation="Build an arm64 image of the workload (multi-arch container images or an arm64 AMI), test it, then "
                "move the instance or its launch template to the Graviton type (console: EC2 > Instances > Stop > "
                "Actions > Instance settings > Change instance type requires an arm64 AMI, so usually launch a new "
                "instance from the arm64 AMI; CLI: aws ec2 run-instances --image-id <arm64-ami> --instance-type "
                "m7g.large ...). For Auto Scaling groups, add the Graviton type to the launch template and start an "
                "instance refresh.",
    references=(
        "https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html",
        "https://aws.amazon.com/ec2/graviton/",
        "https://github.com/aws/aws-graviton-getting-started",
    ),
)
def ec2_graviton_candidate(inv, params):
    """Graviton is the cheapest like-for-like compute on EC2 for Linux workloads."""
    for instance in inv.live("ec2:instances"):
        kind = instance.get("InstanceType")
        if not kind or (instance.get("Platform") or "").lower() == "windows":
            continue
        if types.is_graviton(kind):
            yield passed(instance, f"Instance {inv.label(instance)} already runs Graviton ({kind}).")
            continue
        target = types.graviton_equivalent(kind)
        if target is None:
            continue
        saving = ec2_switch_saving(kind, target)
        cost = f" and would save {monthly(saving)} while running" if saving and saving > 0 else ""
        yield failed(instance, f"Instance {inv.label(instance)} runs x86 {kind}; the Graviton equivalent "
                     f"{target} has the same size{cost}. Rebuild the workload for arm64 and switch when tested.",
                     graviton_type=target,
                     monthly_saving_usd=round(saving, 2) if saving else None)


# -- EC2003 ---------------------------------------------------------------------------------------
@check(
    id="EC2003", name="ec2-ami-public", severity="high",
    title="AMI owned by the account is shared publicly",
    needs=("ec2:images",),
    lesson=Lesson.EC2, pillars=("security",),
    resource_type="AWS::EC2::Image",
    rationale="Anyone can launch a public AMI and read its disks: baked-in keys, configuration, internal "
              "hostnames and application code leak. Golden images should be shared with named accounts or the "
              "organisation only.",
    evaluates="Every AMI owned by the scanned account in the region in state available, pending or disabled "
              "(failed, error, invalid and deregistered images are skipped). FAIL when Public is true (launch "
              "permission group 'all'); PASS when it is false. An AMI whose Public field is missing is an ERROR.",
    remediation="Remove the public launch permission and block new public sharing for the account (console: EC2 > "
                "AMIs > AMI > Actions > Edit AMI permissions > Private; EC2 > Data protection and security > Block "
                "public access for AMIs; CLI: aws ec2 modify-image-attribute --image-id <ami> --launch-permission "
                "'Remove=[{Group=all}]'; aws ec2 enable-image-block-public-access --image-block-public-access-state "
                "block-new-sharing). Rotate any secret the image contained.",
    references=(
        f"{EC2_DOCS}/sharingamis-intro.html",
        f"{EC2_DOCS}/block-public-access-to-amis.html",
        f"{EC2_DOCS}/sharingamis-explicit.html",
    ),
)
def ec2_ami_public(inv, params):
    """A public AMI exposes whatever was on its disks to every AWS account."""
    for image in [i for i in inv.live("ec2:images") if i.get("OwnerId", inv.account) == inv.account]:
        public = image.get("Public")
        if public is None:
            yield errored(image, f"AMI {inv.label(image)} does not report whether it is public.")
        elif public:
            yield failed(image, f"AMI {inv.label(image)} is public: any AWS account can launch it and read its "
                         "disks. Make it private (modify-image-attribute --launch-permission Remove=[{Group=all}]), "
                         "share it with specific accounts instead, and enable block public access for AMIs.")
        else:
            yield passed(image, f"AMI {inv.label(image)} is private.")


# -- EC2004 ---------------------------------------------------------------------------------------
def unencrypted_snapshots(image: dict) -> tuple[list[str], list[str], int]:
    """(unencrypted snapshot ids, snapshots of unknown encryption, EBS mappings seen)."""
    plain: list[str] = []
    unknown: list[str] = []
    seen = 0
    for mapping in image.get("BlockDeviceMappings") or []:
        ebs = mapping.get("Ebs")
        if not ebs:
            continue  # instance-store (ephemeral) or NoDevice mapping: nothing persisted in EBS
        seen += 1
        label = ebs.get("SnapshotId") or mapping.get("DeviceName") or "?"
        if ebs.get("Encrypted") is None:
            unknown.append(label)
        elif not ebs["Encrypted"]:
            plain.append(label)
    return plain, unknown, seen


@check(
    id="EC2004", name="ec2-ami-encrypted", severity="medium",
    title="AMI owned by the account has unencrypted EBS snapshots",
    needs=("ec2:images",),
    lesson=Lesson.EC2, pillars=("security",),
    resource_type="AWS::EC2::Image",
    rationale="An AMI is a blueprint copied into every instance: unencrypted snapshots put its data at rest in "
              "clear, and every volume launched from it inherits that unless the account enforces EBS "
              "encryption by default.",
    evaluates="Every EBS-backed AMI owned by the scanned account in the region in state available, pending or "
              "disabled. FAIL when any EBS block device mapping reports Encrypted false; PASS when all report "
              "true. Instance-store-backed AMIs (no EBS mapping) are not evaluated. A mapping that omits Encrypted "
              "makes the AMI an ERROR (never assumed encrypted).",
    remediation="Create an encrypted copy and deregister the unencrypted AMI once nothing uses it (console: EC2 > "
                "AMIs > AMI > Actions > Copy AMI > Encrypt EBS snapshots; CLI: aws ec2 copy-image --source-image-id "
                "<ami> --source-region <region> --name <name>-encrypted --encrypted [--kms-key-id <key>]; then aws "
                "ec2 deregister-image --image-id <ami>). Enable EBS encryption by default: aws ec2 "
                "enable-ebs-encryption-by-default.",
    references=(
        f"{EC2_DOCS}/AMIEncryption.html",
        "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
        f"{EC2_DOCS}/CopyingAMIs.html",
    ),
)
def ec2_ami_encrypted(inv, params):
    """Golden images should be encrypted blueprints."""
    for image in [i for i in inv.live("ec2:images") if i.get("OwnerId", inv.account) == inv.account]:
        plain, unknown, seen = unencrypted_snapshots(image)
        if not seen:
            continue
        if plain:
            yield failed(image, f"AMI {inv.label(image)} has unencrypted EBS snapshot(s) {', '.join(plain)}. "
                         "Copy it with --encrypted, move users to the copy and deregister this one.")
        elif unknown:
            yield errored(image, f"AMI {inv.label(image)} does not report whether snapshot(s) "
                          f"{', '.join(unknown)} are encrypted.")
        else:
            yield passed(image, f"AMI {inv.label(image)}: all {seen} EBS snapshot(s) are encrypted.")


# -- EC2005 ---------------------------------------------------------------------------------------
@check(
    id="EC2005", name="ec2-spread-placement-group-capacity", severity="medium",
    title="Spread placement group is close to its limit of 7 running instances per AZ",
    needs=("ec2:placement_groups", "ec2:instances"),
    lesson=Lesson.EC2, pillars=("reliability", "performance"),
    resource_type="AWS::EC2::PlacementGroup",
    rationale="A rack-level spread placement group holds at most 7 running instances per Availability Zone. A "
              "group at the limit makes the next launch or scale-out fail with an insufficient-capacity error, "
              "exactly when more capacity is needed.",
    evaluates="Every placement group in the region with Strategy spread, SpreadLevel rack (or absent) and State "
              "available or pending. Member instances are those whose Placement.GroupName (or GroupId) names the "
              "group and whose state is pending or running (stopped instances free their slot). FAIL when any AZ "
              "holds at least warn_at members (of 7); PASS otherwise, including empty groups. Cluster and "
              "partition groups, host-level spread groups (Outposts) and groups being deleted are not evaluated. "
              "In a region where no pending or running instance is in any placement group, nothing can be near "
              "the limit: the check reports nothing there and does not need the placement-group list.",
    remediation="Split the workload across another spread placement group (or use a partition placement group for "
                "large distributed systems), or spread it over more AZs (console: EC2 > Placement groups > Create "
                "placement group; CLI: aws ec2 create-placement-group --group-name <name>-2 --strategy spread; then "
                "launch new instances with --placement GroupName=<name>-2).",
    references=(
        f"{EC2_DOCS}/placement-strategies.html#placement-groups-spread",
        f"{EC2_DOCS}/placement-groups.html",
    ),
    params={"warn_at": Param(6, "Members per AZ (of the limit of 7) at which the group fails.",
                             {"type": "integer", "minimum": 1, "maximum": SPREAD_LIMIT_PER_AZ})},
)
def ec2_spread_placement_group_capacity(inv, params):
    """A full spread group turns the next scale-out into a launch failure."""
    warn_at = int(params["warn_at"])
    members: dict[str, Counter] = {}
    # A stopped instance frees its slot: only pending and running instances count.
    for instance in [i for i in inv.live("ec2:instances") if (i.get("State") or {}).get("Name") in ("pending", "running")]:
        placement = instance.get("Placement") or {}
        zone = placement.get("AvailabilityZone") or "?"
        for key in {placement.get("GroupName", ""), placement.get("GroupId", "")} - {None, ""}:
            members.setdefault(key, Counter())[zone] += 1
    if not members:
        return  # no running instance is in any placement group: no group can be near its limit
    for group in inv.live("ec2:placement_groups"):
        if group.get("Strategy") != "spread" or (group.get("SpreadLevel") or "rack") != "rack":
            continue
        name = group.get("GroupName", "?")
        per_az = members.get(name) or members.get(group.get("GroupId") or "") or Counter()
        full = {az: n for az, n in per_az.items() if n >= warn_at}
        usage = ", ".join(f"{az}: {n}/{SPREAD_LIMIT_PER_AZ}" for az, n in sorted(per_az.items())) or "no running instances"
        if full:
            worst = max(full, key=lambda az: (full[az], az))
            yield failed(group, f"Spread placement group {name} is near its limit ({usage}): {worst} can take only "
                         f"{max(SPREAD_LIMIT_PER_AZ - full[worst], 0)} more running instance(s) before launches fail. "
                         "Add another spread group or AZ, or use a partition placement group.")
        else:
            yield passed(group, f"Spread placement group {name} has room ({usage}).")
