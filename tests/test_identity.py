"""Source identity: a check passes the item, and the source says what resource it is.

Built on plain API-shaped dicts (``inventory_from``) and on one moto account through the real collector,
so the same declarations are proven on both paths.
"""

from __future__ import annotations

import pytest

from awslint import Identity, Source, check, failed, passed
from awslint.inventory import Inventory
from awslint.sources.base import SourceDefinitionError
from awslint.testing import inventory_from, run_check, verdicts

VOLUMES = [
    {"VolumeId": "vol-b", "VolumeType": "gp2", "State": "in-use", "Tags": [{"Key": "Name", "Value": "orders"}]},
    {"VolumeId": "vol-a", "VolumeType": "gp3", "State": "available"},
    {"VolumeId": "vol-c", "VolumeType": "gp2", "State": "deleting"},
]


def test_a_template_arn_a_name_tag_and_the_type_come_from_the_source():
    (result,) = [r for r in run_check("ebs-gp3", inventory_from({"ec2:volumes": VOLUMES[:1]}))]
    assert result.resource_id == "vol-b"
    assert result.resource_arn == "arn:aws:ec2:us-east-1:123456789012:volume/vol-b"
    assert result.resource_name == "orders" and result.resource_type == "AWS::EC2::Volume"


def test_a_field_beats_the_template_and_the_partition_follows_the_region():
    table = {"TableName": "t", "Table": {"TableArn": "arn:aws:dynamodb:us-east-1:1:table/t", "TableStatus": "ACTIVE"},
             "ContinuousBackupsDescription": {"PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED"}}}
    (r,) = run_check("dynamodb-pitr", inventory_from({"dynamodb:tables": [table]}))
    assert r.resource_arn == "arn:aws:dynamodb:us-east-1:1:table/t"  # the API's own ARN
    no_arn = {**table, "Table": {"TableStatus": "ACTIVE"}}
    (r,) = run_check("dynamodb-pitr", inventory_from({"dynamodb:tables": [no_arn]}, region="cn-north-1"))
    assert r.resource_arn == "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t"  # template, China partition


def test_live_drops_gone_states_case_insensitively_and_sorts_by_id():
    seen: list[str] = []

    @check(id="X-IDT001", name="x-identity-live", title="t", severity="low", needs=("ec2:volumes",), lesson="test",
           pillars=("cost",), remediation="aws ec2 ...")
    def live_ids(inv, params):
        seen.extend(v["VolumeId"] for v in inv.live("ec2:volumes"))
        return []

    shouting = {**VOLUMES[1], "VolumeId": "vol-d", "State": "DELETED"}
    run_check(live_ids, inventory_from({"ec2:volumes": [*VOLUMES, shouting]}))
    assert seen == ["vol-a", "vol-b"]


def test_explicit_keywords_win_over_the_identity():
    @check(id="X-IDT002", name="x-identity-override", title="t", severity="low", needs=("ec2:volumes",),
           lesson="test", pillars=("cost",), remediation="aws ec2 ...")
    def override(inv, params):
        for volume in inv.live("ec2:volumes"):
            yield failed(volume, "m", name="custom", resource_type="AWS::Custom::Thing")

    (r,) = run_check(override, inventory_from({"ec2:volumes": VOLUMES[1:2]}))
    assert (r.resource_id, r.resource_name, r.resource_type) == ("vol-a", "custom", "AWS::Custom::Thing")


#: A custom source that declares no identity (module level, where the testing kit finds custom sources).
BARE = Source("x:things", "ec2", "describe_things", "Things")


def test_an_item_of_a_source_without_identity_is_an_error_naming_the_fix():
    @check(id="X-IDT003", name="x-identity-missing", title="t", severity="low", needs=("x:things",), lesson="test",
           pillars=("cost",), remediation="aws ec2 ...")
    def judge(inv, params):
        for thing in inv["x:things"]:
            yield passed(thing, "ok")

    results = run_check(judge, inventory_from({"x:things": [{"Id": "t-1"}]}))
    assert [r.status.value for r in results] == ["ERROR"]
    assert "declares no identity" in results[0].message and "failed('id-123'" in results[0].message
    assert BARE.identity is None


def test_a_global_item_that_knows_its_region_is_reported_there():
    bucket = {"Name": "logs", "_region": "eu-west-1", "Versioning": {"Status": "Enabled"}, "Replication": None,
              "TagSet": [{"Key": "criticality", "Value": "critical"}]}
    results = run_check("s3-critical-cross-region-replication", inventory_from({"s3:buckets": [bucket]}))
    (r,) = results
    assert (r.resource_id, r.resource_arn, r.region) == ("logs", "arn:aws:s3:::logs", "eu-west-1")


def test_getters_fields_tags_templates_functions_and_fallbacks():
    ident = Identity(id=("Missing", "Id"), arn=("Arn", "arn:{partition}:svc:{region}:{account}:thing/{Id}"),
                     name=("tag:Name", lambda item: item["Id"].upper()), type=lambda item: f"AWS::X::{item['Kind']}",
                     state="Status.Code", gone=("Gone",), keep=lambda item: item.get("Keep", True))
    item = {"Id": "t-1", "Kind": "Widget", "Status": {"Code": "ok"}}
    assert ident.describe(item, account="1", region="eu-west-1", partition="aws") == {
        "resource_id": "t-1", "resource_arn": "arn:aws:svc:eu-west-1:1:thing/t-1", "name": "T-1",
        "resource_type": "AWS::X::Widget"}
    assert ident.describe({**item, "Arn": "arn:given"}, account="1", region="global", partition="aws")["resource_arn"] \
        == "arn:given"
    assert ident.is_live(item) and not ident.is_live({**item, "Status": {"Code": "GONE"}})
    assert not ident.is_live({**item, "Keep": False})
    # a template whose placeholder is missing does not apply: no half-built ARN
    assert Identity(id="Id", arn="arn:{partition}:svc::{account}:x/{Nope}").describe(
        item, account="1", region="r", partition="aws")["resource_arn"] is None
    assert Identity(id="Id", arn="arn:{partition}:route53:::hostedzone/{id}").describe(
        item, account="1", region="global", partition="aws")["resource_arn"] == "arn:aws:route53:::hostedzone/t-1"


def test_a_saved_inventory_keeps_what_each_item_is():
    inv = inventory_from({"ec2:volumes": VOLUMES[:1]})
    again = Inventory.loads(inv.dumps())
    assert verdicts(run_check("ebs-gp3", again)) == {"vol-b": "FAIL"}
    (r,) = run_check("ebs-gp3", again)
    assert r.resource_arn == "arn:aws:ec2:us-east-1:123456789012:volume/vol-b"


def test_identity_on_the_real_collector_path(moto_account):
    ec2 = moto_account.client("ec2")
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10, VolumeType="gp2",
                            TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "db"}]}])
    (r,) = [r for r in moto_account.scan("ebs-gp3", regions=["us-east-1"]) if r.status.value == "FAIL"]
    assert (r.resource_id, r.resource_name, r.resource_type) == (vol["VolumeId"], "db", "AWS::EC2::Volume")
    assert r.resource_arn.endswith(f":volume/{vol['VolumeId']}")


def test_a_source_key_is_still_validated():
    with pytest.raises(SourceDefinitionError):
        Source("Bad Key", "ec2", "describe_things", "Things", identity=Identity(id="Id"))
