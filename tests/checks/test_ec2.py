"""EC2 compute checks (Day 6) on moto, Stubber and plain API-shaped data.

moto 5.2.5 gaps (MOTO-NOTES #14) and how these tests meet them:
- instance families: the checks use awslint's own table, so moto's wrong CurrentGeneration flags do not matter;
- AMIs: moto hard-codes BlockDeviceMappings without ``Encrypted``; the ``ec2-ami-encryption`` model shim in
  awslint.demo.moto_compat (active in ``moto_account``) reports it from the snapshot, and the Stubber test feeds
  the real collector AWS-shaped answers;
- placement groups: not implemented at all; the check is tested with Stubber answers for
  DescribeInstances + DescribePlacementGroups, and the demo's client-side shim gets its own test.
Probes at the end fail once moto closes a gap, telling us to drop the shim.
"""

from __future__ import annotations

import boto3
import pytest

from awslint.data import instance_types as types
from awslint.demo import moto_compat
from awslint.testing import collect_stubbed, inventory_from, messages, run_check, verdicts
from tests.helpers import demo_results

EAST, WEST = "us-east-1", "eu-west-1"
AMI = "ami-12345678"


def _run(ec2, instance_type, name=None, count=1, **kwargs) -> list[str]:
    if name:
        kwargs["TagSpecifications"] = [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}]
    found = ec2.run_instances(ImageId=AMI, InstanceType=instance_type, MinCount=count, MaxCount=count, **kwargs)
    return [i["InstanceId"] for i in found["Instances"]]


def _instance(instance_id, instance_type="m5.large", state="running", **fields) -> dict:
    codes = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}
    return {"InstanceId": instance_id, "InstanceType": instance_type, "State": {"Code": codes[state], "Name": state},
            **fields}


# -- the instance-family table ---------------------------------------------------------------------------
def test_family_table_is_conservative():
    assert types.previous_generation_upgrade("m4.large") == "m7i"
    assert types.previous_generation_upgrade("t1.micro") == "t3"
    for current in ("m5.large", "c5.xlarge", "r5.large", "m6i.large", "t2.micro", "t3.nano", "i3.large", "m7g.large"):
        assert types.previous_generation_upgrade(current) is None, current
    assert types.graviton_equivalent("m5.large") == "m7g.large"
    assert types.graviton_equivalent("t3.nano") == "t4g.nano"
    assert types.graviton_equivalent("c6i.2xlarge") == "c7g.2xlarge"
    for none in ("m5.24xlarge", "c5.9xlarge", "m5d.large", "c5n.large", "g4dn.xlarge", "m5.metal", "x2idn.16xlarge"):
        assert types.graviton_equivalent(none) is None, none
    for graviton in ("m7g.large", "c6gn.large", "t4g.micro", "x2gd.large", "im4gn.large", "is4gen.large", "g5g.xlarge",
                     "a1.large", "r8g.large"):
        assert types.is_graviton(graviton), graviton
    for x86 in ("g5.xlarge", "m5.large", "m7i-flex.large", "inf2.xlarge"):
        assert not types.is_graviton(x86), x86


def test_previous_generation_table_matches_the_aws_instance_types_guide():
    """AWS lists exactly A1, C1, C3, C4, G3, I2, M1-M4, P2, P3, P3dn, R3, R4, T1 as previous generation
    (Instance Types guide, read 2026-11-28); X1/X1e, T2, D2, H1, I3 and F1 are in its current families."""
    documented = {"a1", "c1", "c3", "c4", "g3", "i2", "m1", "m2", "m3", "m4", "p2", "p3", "p3dn", "r3", "r4", "t1"}
    assert documented <= set(types.PREVIOUS_GENERATION)
    assert types.previous_generation_upgrade("p3.2xlarge") and types.previous_generation_upgrade("p3dn.24xlarge")
    for current in ("x1.16xlarge", "x1e.xlarge", "t2.micro", "d2.xlarge", "h1.2xlarge", "i3.large", "f1.2xlarge"):
        assert types.previous_generation_upgrade(current) is None, current


def test_x1_is_current_and_p3_previous_generation():
    inv = inventory_from({"ec2:instances": [_instance("i-sap", "x1.16xlarge"), _instance("i-train", "p3.8xlarge"),
                                            _instance("i-dn", "p3dn.24xlarge")]})
    assert verdicts(run_check("ec2-previous-generation", inv)) == {"i-sap": "PASS", "i-train": "FAIL", "i-dn": "FAIL"}


def test_c4_8xlarge_has_no_like_for_like_graviton_size():
    """c4.8xlarge has 36 vCPUs; c7g.8xlarge has 32: not a safe like-for-like recommendation."""
    assert types.graviton_equivalent("c4.8xlarge") is None
    assert types.graviton_equivalent("c4.4xlarge") == "c7g.4xlarge"


# -- ec2-previous-generation (EC2001) ---------------------------------------------------------------------
def test_previous_generation_fails_current_passes_terminated_skipped(moto_account):
    east, west = moto_account.client("ec2", EAST), moto_account.client("ec2", WEST)
    (legacy,) = _run(east, "m4.large", "shop-legacy-reporting")
    (stopped,) = _run(east, "c4.xlarge")
    east.stop_instances(InstanceIds=[stopped])
    (current,) = _run(east, "m5.large")
    (graviton,) = _run(east, "c7g.large")
    (burstable,) = _run(east, "t2.micro")  # AWS still lists T2 as current: not flagged
    (gone,) = _run(east, "t1.micro")
    east.terminate_instances(InstanceIds=[gone])
    (dr_old,) = _run(west, "r4.large")

    results = moto_account.scan("ec2-previous-generation")

    assert verdicts(results, by_region=True) == {
        f"us-east-1/{legacy}": "FAIL", f"us-east-1/{stopped}": "FAIL", f"us-east-1/{current}": "PASS",
        f"us-east-1/{graviton}": "PASS", f"us-east-1/{burstable}": "PASS", f"eu-west-1/{dr_old}": "FAIL"}
    text = messages(results)
    assert f"{legacy} (shop-legacy-reporting) runs m4.large (running)" in text[legacy]
    assert "such as m7i" in text[legacy]
    assert "(stopped)" in text[stopped]
    arn = next(r.resource_arn for r in results if r.resource_id == dr_old)
    assert arn == f"arn:aws:ec2:eu-west-1:123456789012:instance/{dr_old}"


def test_shutting_down_skipped_and_missing_type_is_an_error():
    inv = inventory_from({"ec2:instances": [
        _instance("i-leaving", "m3.medium", "shutting-down"),
        _instance("i-odd", None),
        _instance("i-starting", "m1.small", "pending"),
    ]})
    assert verdicts(run_check("ec2-previous-generation", inv)) == {"i-odd": "ERROR", "i-starting": "FAIL"}


# -- ec2-graviton-candidate (EC2002) ----------------------------------------------------------------------
def test_x86_with_equivalent_fails_with_saving_graviton_passes_others_skipped(moto_account):
    ec2 = moto_account.client("ec2")
    (api,) = _run(ec2, "m5.large", "shop-api-1")
    (small,) = _run(ec2, "t3.small")
    (arm,) = _run(ec2, "c7g.large")
    _run(ec2, "m5.24xlarge")  # no m7g.24xlarge: not evaluated
    _run(ec2, "g4dn.xlarge")  # GPU: no like-for-like Graviton type
    (gone,) = _run(ec2, "m5.large")
    ec2.terminate_instances(InstanceIds=[gone])

    results = moto_account.scan("ec2-graviton-candidate", regions=[EAST])

    assert verdicts(results) == {api: "FAIL", small: "FAIL", arm: "PASS"}
    text = messages(results)
    # m5.large $0.096/h vs m7g.large $0.0816/h, 730 h/month
    assert "m7g.large" in text[api] and "about $10.51/month (estimate" in text[api]
    assert "t4g.small" in text[small]
    finding = next(r for r in results if r.resource_id == api)
    assert finding.severity.value == "info"
    assert finding.extra == {"graviton_type": "m7g.large", "monthly_saving_usd": 10.51}


def test_windows_instances_are_not_graviton_candidates():
    inv = inventory_from({"ec2:instances": [_instance("i-win", "m5.large", Platform="windows"),
                                            _instance("i-linux", "m5.xlarge")]})
    results = run_check("ec2-graviton-candidate", inv)
    assert verdicts(results) == {"i-linux": "FAIL"}
    assert "about $21.02/month" in messages(results)["i-linux"]


# -- ec2-ami-public (EC2003) and ec2-ami-encrypted (EC2004) --------------------------------------------------
def _image(ec2, instance_type="t3.micro", name="img", encrypted=False) -> str:
    kwargs = {}
    if encrypted:
        kwargs["BlockDeviceMappings"] = [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "Encrypted": True}}]
    (instance,) = _run(ec2, instance_type, **kwargs)
    return ec2.create_image(InstanceId=instance, Name=name)["ImageId"]


def test_public_ami_fails_private_passes_deregistered_skipped(moto_account):
    ec2 = moto_account.client("ec2")
    public = _image(ec2, name="shop-support-tools")
    ec2.modify_image_attribute(ImageId=public, LaunchPermission={"Add": [{"Group": "all"}]})
    private = _image(ec2, name="shop-web-golden")
    shared = _image(ec2, name="shop-shared-with-partner")
    ec2.modify_image_attribute(ImageId=shared, LaunchPermission={"Add": [{"UserId": "210987654321"}]})
    old = _image(ec2, name="shop-old")
    ec2.modify_image_attribute(ImageId=old, LaunchPermission={"Add": [{"Group": "all"}]})
    ec2.deregister_image(ImageId=old)

    results = moto_account.scan("ec2-ami-public", regions=[EAST])

    assert verdicts(results) == {public: "FAIL", private: "PASS", shared: "PASS"}
    assert "any AWS account can launch it" in messages(results)[public]
    arn = next(r.resource_arn for r in results if r.resource_id == public)
    assert arn == f"arn:aws:ec2:us-east-1::image/{public}"  # AMI ARNs carry no account


def test_ami_from_encrypted_volumes_passes_unencrypted_fails_on_moto_with_shim(moto_account):
    ec2 = moto_account.client("ec2")
    golden = _image(ec2, name="shop-web-golden", encrypted=True)
    plain = _image(ec2, name="shop-legacy-base")

    results = moto_account.scan("ec2-ami-encrypted", regions=[EAST])

    assert verdicts(results) == {golden: "PASS", plain: "FAIL"}
    assert "unencrypted EBS snapshot(s) snap-" in messages(results)[plain]


def test_ami_encryption_with_aws_shaped_answers_through_the_real_collector():
    def ebs(snapshot, encrypted=None, device="/dev/xvda"):
        block = {"SnapshotId": snapshot, "VolumeSize": 8, "VolumeType": "gp3", "DeleteOnTermination": True}
        if encrypted is not None:
            block["Encrypted"] = encrypted
        return {"DeviceName": device, "Ebs": block}

    def image(image_id, mappings, **fields):
        return {"ImageId": image_id, "Name": image_id, "State": "available", "OwnerId": "123456789012",
                "Public": False, "RootDeviceType": "ebs", "BlockDeviceMappings": mappings, **fields}

    inv = collect_stubbed(["ec2:images"], {("ec2", EAST): [("describe_images", {"Images": [
        image("ami-all", [ebs("snap-1", True), ebs("snap-2", True, "/dev/sdf"),
                          {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}]),
        image("ami-mixed", [ebs("snap-3", True), ebs("snap-4", False, "/dev/sdf")]),
        image("ami-unknown", [ebs("snap-5")]),
        image("ami-store", [{"DeviceName": "/dev/sda1", "VirtualName": "ephemeral0"}], RootDeviceType="instance-store"),
        image("ami-failed", [ebs("snap-6", False)], State="failed"),
    ]})]})

    results = run_check("ec2-ami-encrypted", inv)

    assert verdicts(results) == {"ami-all": "PASS", "ami-mixed": "FAIL", "ami-unknown": "ERROR"}
    assert "snap-4" in messages(results)["ami-mixed"] and "snap-3" not in messages(results)["ami-mixed"]
    assert "all 2 EBS snapshot(s) are encrypted" in messages(results)["ami-all"]


# -- ec2-spread-placement-group-capacity (EC2005) ------------------------------------------------------------
def _group(name, strategy="spread", state="available", **fields) -> dict:
    return {"GroupName": name, "State": state, "Strategy": strategy, "GroupId": f"pg-{name}",
            "GroupArn": f"arn:aws:ec2:us-east-1:123456789012:placement-group/{name}", **fields}


def _member(instance_id, group, az="us-east-1a", state="running", by_id=False) -> dict:
    placement = {"AvailabilityZone": az, "GroupName": "" if by_id else group, "Tenancy": "default"}
    if by_id:
        placement["GroupId"] = f"pg-{group}"
    return _instance(instance_id, "r7g.large", state, Placement=placement)


def _collect_placement(groups: list[dict], instances: list[dict]):
    """The real collector against Stubber answers (moto has no placement groups)."""
    reservation = {"ReservationId": "r-1", "OwnerId": "123456789012", "Instances": instances}
    return collect_stubbed(["ec2:instances", "ec2:placement_groups"], {("ec2", EAST): [
        ("describe_instances", {"Reservations": [reservation]}),
        ("describe_placement_groups", {"PlacementGroups": groups}),
    ]})


def test_spread_group_near_the_limit_fails_roomy_and_empty_groups_pass():
    kafka = [_member(f"i-k{i}", "kafka-spread") for i in range(6)] + [_member("i-k6", "kafka-spread", "us-east-1b")]
    zookeeper = [_member(f"i-z{i}", "zk-spread", az) for i, az in enumerate(("us-east-1a", "us-east-1b", "us-east-1c"))]
    idle = [_member(f"i-s{i}", "batch-spread", state="stopped") for i in range(7)]  # stopped: slots are free
    by_id = [_member(f"i-g{i}", "id-spread", by_id=True) for i in range(6)]  # linked by GroupId only
    inv = _collect_placement(
        [_group("kafka-spread", SpreadLevel="rack"), _group("zk-spread"), _group("batch-spread"), _group("empty-spread"),
         _group("id-spread"), _group("hpc-cluster", "cluster"), _group("hdfs", "partition", PartitionCount=3),
         _group("outpost-spread", SpreadLevel="host"), _group("old-spread", state="deleting")],
        kafka + zookeeper + idle + by_id + [_member(f"i-c{i}", "hpc-cluster") for i in range(8)])

    results = run_check("ec2-spread-placement-group-capacity", inv)

    assert verdicts(results) == {"kafka-spread": "FAIL", "zk-spread": "PASS", "batch-spread": "PASS",
                                 "empty-spread": "PASS", "id-spread": "FAIL"}
    text = messages(results)
    assert "us-east-1a: 6/7, us-east-1b: 1/7" in text["kafka-spread"]
    assert "can take only 1 more running instance(s)" in text["kafka-spread"]
    assert "no running instances" in text["empty-spread"]
    arn = next(r.resource_arn for r in results if r.resource_id == "kafka-spread")
    assert arn == "arn:aws:ec2:us-east-1:123456789012:placement-group/kafka-spread"

    assert verdicts(run_check("ec2-spread-placement-group-capacity", inv, params={"warn_at": 7})) == {
        "kafka-spread": "PASS", "zk-spread": "PASS", "batch-spread": "PASS", "empty-spread": "PASS", "id-spread": "PASS"}


def test_placement_groups_source_error_is_an_error_not_a_pass():
    inv = inventory_from({"ec2:instances": [_member("i-1", "kafka-spread")]},
                         errors={"ec2:placement_groups": "not implemented by this endpoint"})
    assert verdicts(run_check("ec2-spread-placement-group-capacity", inv)) == {"ERROR:us-east-1": "ERROR"}


def test_demo_placement_group_shim_answers_like_aws(moto_account):
    ec2 = moto_account.client("ec2")
    created = ec2.create_placement_group(GroupName="kafka-spread", Strategy="spread")["PlacementGroup"]
    assert created["GroupId"].startswith("pg-") and created["SpreadLevel"] == "rack"
    with pytest.raises(ec2.exceptions.ClientError, match=r"InvalidPlacementGroup\.Duplicate"):
        ec2.create_placement_group(GroupName="kafka-spread", Strategy="spread")
    with pytest.raises(ec2.exceptions.ClientError, match=r"InvalidPlacementGroup\.Unknown"):
        _run(ec2, "r7g.large", Placement={"GroupName": "nope"})
    members = _run(ec2, "r7g.large", count=6, Placement={"GroupName": "kafka-spread", "AvailabilityZone": "us-east-1a"})
    (outsider,) = _run(ec2, "r7g.large")
    placements = {i["InstanceId"]: i["Placement"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]}
    assert {placements[m]["GroupName"] for m in members} == {"kafka-spread"}
    assert placements[outsider]["GroupName"] == ""
    assert moto_account.client("ec2", WEST).describe_placement_groups()["PlacementGroups"] == []

    results = moto_account.scan("ec2-spread-placement-group-capacity")
    assert verdicts(results) == {"kafka-spread": "FAIL"}


# -- the demo account -----------------------------------------------------------------------------------------
def test_demo_account_shows_a_failure_and_a_pass_for_every_compute_check(demo_scan):
    by_name = {}
    for check in ("ec2-previous-generation", "ec2-graviton-candidate", "ec2-ami-public", "ec2-ami-encrypted",
                  "ec2-spread-placement-group-capacity"):
        results = demo_results(demo_scan, check)
        assert {r.status.value for r in results} == {"PASS", "FAIL"}, check
        by_name[check] = {(r.resource_name, r.status.value) for r in results}
    assert ("shop-legacy-reporting", "FAIL") in by_name["ec2-previous-generation"]
    assert ("shop-old-bastion", "FAIL") not in by_name["ec2-previous-generation"]  # terminated: skipped
    assert {("shop-api-1", "FAIL"), ("shop-dr-api-1", "FAIL"), ("shop-search-1", "PASS")} <= by_name["ec2-graviton-candidate"]
    assert by_name["ec2-ami-public"] == {("shop-support-tools-public", "FAIL"), ("shop-web-golden-2026-11", "PASS")}
    assert by_name["ec2-ami-encrypted"] == {("shop-support-tools-public", "FAIL"), ("shop-web-golden-2026-11", "PASS")}
    assert by_name["ec2-spread-placement-group-capacity"] == {("shop-kafka-spread", "FAIL"), ("shop-zookeeper-spread", "PASS")}


# -- probes: fail when moto no longer needs the shims --------------------------------------------------------
def test_probe_moto_still_lacks_placement_groups(moto_account):
    plain = boto3.Session(region_name=EAST).client("ec2")  # no awslint session shims
    with pytest.raises(NotImplementedError):
        plain.create_placement_group(GroupName="probe-spread", Strategy="spread")
    with pytest.raises(NotImplementedError):
        plain.describe_placement_groups()
    (instance,) = _run(plain, "r7g.large", Placement={"GroupName": "probe-spread"})
    described = plain.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]
    assert described["Placement"].get("GroupName", "") == ""  # moto drops it; AWS returns the group name


def test_probe_moto_still_hard_codes_ami_block_device_mappings(moto_account):
    moto_compat._UNDO.pop("ec2-ami-encryption")()
    try:
        ec2 = moto_account.client("ec2")
        image = _image(ec2, name="probe-encrypted", encrypted=True)
        (mapping,) = ec2.describe_images(ImageIds=[image])["Images"][0]["BlockDeviceMappings"]
        assert "Encrypted" not in mapping["Ebs"]  # AWS always reports it (True here)
        snapshot = ec2.describe_snapshots(SnapshotIds=[mapping["Ebs"]["SnapshotId"]])["Snapshots"][0]
        assert snapshot["Encrypted"] is False  # AWS: an image of encrypted volumes has encrypted snapshots
    finally:
        moto_compat.apply()


def test_spread_check_needs_no_group_list_when_no_instance_is_in_a_group():
    """No member instances: nothing to judge, so an unreadable placement-group list is not an ERROR."""
    inv = inventory_from({"ec2:instances": [{"InstanceId": "i-1", "State": {"Name": "running"},
                                            "Placement": {"AvailabilityZone": "us-east-1a", "GroupName": ""}}]},
                         errors={"ec2:placement_groups": "UnauthorizedOperation on DescribePlacementGroups"})
    assert verdicts(run_check("ec2-spread-placement-group-capacity", inv)) == {}
