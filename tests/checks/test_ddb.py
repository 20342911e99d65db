"""DynamoDB checks on moto (plus Stubber and plain dicts where moto lacks a feature).

moto gaps met here, and how: DynamoDB replicas come from the session shim in awslint.demo.moto_compat
(probe below) or from botocore Stubber responses; tables being deleted or vanished between the listing
and the detail calls cannot be produced in moto, so they are plain dicts.
"""

from __future__ import annotations

import boto3

from awslint.testing import ACCOUNT, collect_stubbed, inventory_from, messages, run_check, verdicts

CRITICAL = [{"Key": "Criticality", "Value": "Mission-Critical"}]


# -- dynamodb-pitr ----------------------------------------------------------------------------------------------
def _table(ddb, name, tags=()):
    ddb.create_table(TableName=name, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
                     Tags=list(tags))


def test_dynamodb_pitr_on_off_and_regions(moto_account):
    east, west = moto_account.client("dynamodb", "us-east-1"), moto_account.client("dynamodb", "eu-west-1")
    _table(east, "shop-orders")
    east.update_continuous_backups(TableName="shop-orders",
                                   PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    _table(east, "shop-carts")
    _table(west, "shop-carts")

    results = moto_account.scan("dynamodb-pitr")

    assert verdicts(results, by_region=True) == {"us-east-1/shop-orders": "PASS", "us-east-1/shop-carts": "FAIL",
                                                 "eu-west-1/shop-carts": "FAIL"}
    failing = next(r for r in results if r.resource_id == "shop-carts")
    assert "update-continuous-backups --table-name shop-carts" in failing.message
    assert failing.resource_arn.endswith(":table/shop-carts") and failing.resource_type == "AWS::DynamoDB::Table"


def test_dynamodb_pitr_skips_deleting_and_vanished_tables():
    on = {"PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED"}}
    inv = inventory_from({"dynamodb:tables": [
        {"TableName": "old", "Table": {"TableName": "old", "TableStatus": "DELETING"}, "ContinuousBackupsDescription": on},
        {"TableName": "gone", "Table": None, "ContinuousBackupsDescription": None, "Tags": None},
        {"TableName": "racing", "Table": {"TableName": "racing", "TableStatus": "ACTIVE"},
         "ContinuousBackupsDescription": None},
        {"TableName": "odd", "Table": {"TableName": "odd", "TableStatus": "ACTIVE"},
         "ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED"}},
    ]})
    assert verdicts(run_check("dynamodb-pitr", inv)) == {"odd": "ERROR"}


# -- dynamodb-critical-global-table ------------------------------------------------------------------------
def test_probe_moto_still_ignores_dynamodb_replica_updates(moto_account):
    """When this fails, moto lists replicas itself: delete _dynamodb_replicas_shim from awslint.demo.moto_compat."""
    plain = boto3.Session(region_name="us-east-1").client("dynamodb", "us-east-1")  # no awslint shims
    _table(plain, "probe")
    plain.update_table(TableName="probe", ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}])
    assert "Replicas" not in plain.describe_table(TableName="probe")["Table"]


def test_critical_tables_need_a_replica_in_another_region(moto_account):
    ddb = moto_account.client("dynamodb")
    _table(ddb, "shop-orders", CRITICAL)
    ddb.update_table(TableName="shop-orders", ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}])  # via shim
    _table(ddb, "shop-inventory", [{"Key": "criticality", "Value": "critical"}])
    _table(ddb, "shop-carts", [{"Key": "criticality", "Value": "low"}])

    results = moto_account.scan("dynamodb-critical-global-table", regions=["us-east-1"])

    assert verdicts(results) == {"shop-orders": "PASS", "shop-inventory": "FAIL"}
    assert "eu-west-1" in messages(results)["shop-orders"]
    assert "--replica-updates" in messages(results)["shop-inventory"]


def test_critical_tables_stubbed_replica_states_and_legacy_version():
    """AWS-shaped describe_table answers (moto has no replicas): failed replicas do not count."""
    def table(name, **fields):
        return {"Table": {"TableName": name, "TableStatus": "ACTIVE",
                          "TableArn": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{name}", **fields}}
    pitr = {"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED",
                                             "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED"}}}
    critical = {"Tags": [{"Key": "criticality", "Value": "critical"}]}
    calls = [("list_tables", {"TableNames": ["ledger", "sessions", "legacy"]})]
    for name, fields in (
        ("ledger", {"GlobalTableVersion": "2019.11.21",
                    "Replicas": [{"RegionName": "us-east-1", "ReplicaStatus": "ACTIVE"},
                                 {"RegionName": "eu-west-1", "ReplicaStatus": "ACTIVE"}]}),
        ("sessions", {"GlobalTableVersion": "2019.11.21",
                      "Replicas": [{"RegionName": "ap-southeast-2", "ReplicaStatus": "CREATION_FAILED"}]}),
        ("legacy", {"GlobalTableVersion": "2017.11.29"}),
    ):
        calls += [("describe_table", table(name, **fields)), ("describe_continuous_backups", pitr),
                  ("list_tags_of_resource", critical)]
    inv = collect_stubbed(["dynamodb:tables"], {("dynamodb", "us-east-1"): calls})

    results = run_check("dynamodb-critical-global-table", inv)

    assert verdicts(results) == {"ledger": "PASS", "sessions": "FAIL", "legacy": "ERROR"}
    assert messages(results)["ledger"] == "Critical table ledger has global-table replicas in eu-west-1."
