"""RDS checks on moto (plus Stubber and plain dicts where moto lacks a feature).

moto gaps met here, and how: Multi-AZ DB clusters (moto creates no members and reports MultiAZ false)
and two-page DescribeDBInstances answers come from botocore Stubber responses; instance states such as
deleting and failed cannot be produced in moto (deletion is immediate), so they are plain dicts.
"""

from __future__ import annotations

import dataclasses

from awslint.collector import Collector
from awslint.session import AwsSession
from awslint.testing import ACCOUNT, collect_stubbed, default_registry, inventory_from, messages, run_check, verdicts

PASSWORD = "test-only-Passw0rd"
OUR_CHECKS = ("rds-multi-az", "rds-storage-encrypted", "rds-backup-retention", "rds-publicly-accessible", "rds-gp3",
              "rds-critical-cross-region-replica", "dynamodb-pitr", "dynamodb-critical-global-table", "dms-multi-az",
              "dms-publicly-accessible")


def _db(rds, ident, engine="postgres", **kwargs):
    kwargs.setdefault("DBInstanceClass", "db.m6g.large")
    if "DBClusterIdentifier" not in kwargs:
        kwargs.setdefault("AllocatedStorage", 100)
        kwargs.setdefault("MasterUsername", "admin")
        kwargs.setdefault("MasterUserPassword", PASSWORD)
    rds.create_db_instance(DBInstanceIdentifier=ident, Engine=engine, **kwargs)
    return ident


def _aurora(rds, ident, azs, engine="aurora-postgresql", **kwargs):
    rds.create_db_cluster(DBClusterIdentifier=ident, Engine=engine, MasterUsername="admin",
                          MasterUserPassword=PASSWORD, **kwargs)
    for index, az in enumerate(azs, start=1):
        _db(rds, f"{ident}-{index}", engine, DBClusterIdentifier=ident, AvailabilityZone=az, PubliclyAccessible=False)
    return rds.describe_db_clusters(DBClusterIdentifier=ident)["DBClusters"][0]["DBClusterArn"]


def _instance(ident, **fields):
    """A DescribeDBInstances item in AWS's shape (for Stubber and plain-dict tests)."""
    base = {"DBInstanceIdentifier": ident, "Engine": "postgres", "DBInstanceStatus": "available", "MultiAZ": False,
            "AvailabilityZone": "us-east-1a", "DBInstanceArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:db:{ident}"}
    return {**base, **fields}


# -- rds-multi-az (headline) --------------------------------------------------------------------------
def test_multi_az_instances_replicas_and_regions(moto_account):
    east, west = moto_account.client("rds", "us-east-1"), moto_account.client("rds", "eu-west-1")
    single = _db(east, "orders-db", AvailabilityZone="us-east-1a", MultiAZ=False)
    multi = _db(east, "payments-db", engine="mysql", MultiAZ=True)
    east.create_db_instance_read_replica(DBInstanceIdentifier="orders-db-ro", SourceDBInstanceIdentifier=single)
    express = _db(east, "hr-sqlserver", engine="sqlserver-ex", MultiAZ=False, LicenseModel="license-included")
    dr = _db(west, "reports-db", MultiAZ=False, AvailabilityZone="eu-west-1b")

    results = moto_account.scan("rds-multi-az")

    # the read replica is not the primary's standby: not judged; the primary is.
    assert verdicts(results, by_region=True) == {
        f"us-east-1/{single}": "FAIL", f"us-east-1/{multi}": "PASS", f"us-east-1/{express}": "FAIL",
        f"eu-west-1/{dr}": "FAIL"}
    text = messages(results)
    assert "Single-AZ in us-east-1a" in text[single] and "orders-db-ro" in text[single] and "--multi-az" in text[single]
    assert "cannot be Multi-AZ" in text[express]
    by_id = {r.resource_id: r for r in results}
    assert by_id[single].resource_arn == f"arn:aws:rds:us-east-1:{ACCOUNT}:db:orders-db"
    assert by_id[single].resource_type == "AWS::RDS::DBInstance"


def test_multi_az_judges_aurora_clusters_once_by_member_azs(moto_account):
    rds = moto_account.client("rds")
    _aurora(rds, "shop-aurora", ["us-east-1a", "us-east-1b"])
    _aurora(rds, "stacked-aurora", ["us-east-1c", "us-east-1c"], engine="aurora-mysql")
    _aurora(rds, "analytics-aurora", ["us-east-1a"], engine="aurora-mysql")

    results = moto_account.scan("rds-multi-az", regions=["us-east-1"])

    # member instances (shop-aurora-1, ...) are not judged on their own: no double counting.
    assert verdicts(results) == {"shop-aurora": "PASS", "stacked-aurora": "FAIL", "analytics-aurora": "FAIL"}
    text = messages(results)
    assert "all in us-east-1c" in text["stacked-aurora"]
    assert "single DB instance" in text["analytics-aurora"]
    assert {r.resource_type for r in results} == {"AWS::RDS::DBCluster"}


def test_multi_az_follows_markers_in_moto(moto_account):
    """moto pages DescribeDBInstances at MaxRecords (default 100, as AWS); ask for 20 to get two pages."""
    rds = moto_account.client("rds")
    for i in range(21):
        _db(rds, f"db-{i:02}", engine="mysql", AllocatedStorage=20, MultiAZ=i % 2 == 0)
    registry = default_registry()
    small_pages = dataclasses.replace(registry.sources["rds:db_instances"], params={"MaxRecords": 20})
    aws = AwsSession(moto_account.session)
    inv = Collector(aws, max_workers=2).collect([small_pages, registry.sources["rds:db_clusters"]], ACCOUNT,
                                                ["us-east-1"])

    assert inv.api_calls_by_operation["rds.DescribeDBInstances"] == 2
    assert verdicts(run_check("rds-multi-az", inv)) == {
        f"db-{i:02}": "PASS" if i % 2 == 0 else "FAIL" for i in range(21)}


def test_multi_az_two_stubbed_pages_and_multi_az_db_cluster():
    """The real source against AWS-shaped pages: a Marker on page 1; a Multi-AZ DB cluster's members on page 2."""
    page1 = [_instance(f"db-{i:03}", MultiAZ=i % 3 == 0) for i in range(100)]
    members = [_instance(f"ledger-{az}", DBClusterIdentifier="ledger", AvailabilityZone=f"us-east-1{az}")
               for az in "abc"]
    page2 = [_instance("db-100", MultiAZ=True), *members]
    cluster = {"DBClusterIdentifier": "ledger", "Engine": "postgres", "Status": "available", "MultiAZ": True,
               "DBClusterInstanceClass": "db.m6gd.large", "StorageType": "io1",
               "DBClusterArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:cluster:ledger",
               "DBClusterMembers": [{"DBInstanceIdentifier": m["DBInstanceIdentifier"], "IsClusterWriter": i == 0}
                                    for i, m in enumerate(members)]}
    inv = collect_stubbed(["rds:db_instances", "rds:db_clusters"], {("rds", "us-east-1"): [
        ("describe_db_clusters", {"DBClusters": [cluster]}),
        ("describe_db_instances", {"DBInstances": page1, "Marker": "page-2"}),
        ("describe_db_instances", {"DBInstances": page2}),
    ]})

    results = run_check("rds-multi-az", inv)

    expected = {f"db-{i:03}": "PASS" if i % 3 == 0 else "FAIL" for i in range(100)}
    expected |= {"db-100": "PASS", "ledger": "PASS"}
    assert verdicts(results) == expected
    assert "Multi-AZ DB cluster ledger has 3 DB instances across us-east-1a, us-east-1b, us-east-1c" \
        in messages(results)["ledger"]


def test_multi_az_states_serverless_v1_headless_and_missing_fields():
    instances = [
        _instance("gone-db", DBInstanceStatus="deleting"),
        _instance("broken-db", DBInstanceStatus="failed"),
        _instance("stopped-db", DBInstanceStatus="stopped"),
        {k: v for k, v in _instance("odd-db").items() if k != "MultiAZ"},
        _instance("mystery-1", DBClusterIdentifier="mystery", Engine="aurora-mysql"),
    ]
    clusters = [
        {"DBClusterIdentifier": "reports-sls", "Engine": "aurora-mysql", "EngineMode": "serverless",
         "Status": "available", "MultiAZ": False, "DBClusterMembers": []},
        {"DBClusterIdentifier": "headless", "Engine": "aurora-postgresql", "Status": "available", "MultiAZ": False,
         "DBClusterMembers": []},
        {"DBClusterIdentifier": "old-cluster", "Engine": "aurora-mysql", "Status": "deleting",
         "DBClusterMembers": []},
        {"DBClusterIdentifier": "mystery", "Engine": "aurora-mysql", "Status": "available",
         "DBClusterMembers": [{"DBInstanceIdentifier": "mystery-1"}, {"DBInstanceIdentifier": "not-listed"}]},
    ]
    inv = inventory_from({"rds:db_instances": instances, "rds:db_clusters": clusters})

    results = run_check("rds-multi-az", inv)

    assert verdicts(results) == {"stopped-db": "FAIL", "odd-db": "ERROR", "reports-sls": "FAIL", "headless": "FAIL",
                                 "mystery": "ERROR"}
    text = messages(results)
    assert "Serverless v1" in text["reports-sls"] and "no DB instances" in text["headless"]
    assert "not-listed" in text["mystery"]


def test_documentdb_and_neptune_clusters_from_the_rds_api_carry_their_own_type_name_and_cli():
    """describe_db_clusters/instances return DocumentDB and Neptune too: judged per cluster like Aurora,
    but reported as what they are (not AWS::RDS::DBCluster, not `aws rds`)."""
    instances = [
        _instance("catalog-doc-1", Engine="docdb", DBClusterIdentifier="catalog-doc", StorageEncrypted=False),
        _instance("graph-1", Engine="neptune", DBClusterIdentifier="graph", AvailabilityZone="us-east-1a"),
        _instance("graph-2", Engine="neptune", DBClusterIdentifier="graph", AvailabilityZone="us-east-1b"),
        _instance("sv2-1", Engine="aurora-postgresql", DBClusterIdentifier="sv2", DBInstanceClass="db.serverless"),
        _instance("sv2-2", Engine="aurora-postgresql", DBClusterIdentifier="sv2", DBInstanceClass="db.serverless",
                  AvailabilityZone="us-east-1c"),
    ]
    clusters = [
        {"DBClusterIdentifier": "catalog-doc", "Engine": "docdb", "Status": "available", "StorageEncrypted": False,
         "BackupRetentionPeriod": 1, "DBClusterMembers": [{"DBInstanceIdentifier": "catalog-doc-1"}]},
        {"DBClusterIdentifier": "graph", "Engine": "neptune", "Status": "available", "StorageEncrypted": True,
         "BackupRetentionPeriod": 7,
         "DBClusterMembers": [{"DBInstanceIdentifier": "graph-1"}, {"DBInstanceIdentifier": "graph-2"}]},
        {"DBClusterIdentifier": "sv2", "Engine": "aurora-postgresql", "EngineMode": "provisioned", "Status": "available",
         "StorageEncrypted": True, "BackupRetentionPeriod": 7,
         "DBClusterMembers": [{"DBInstanceIdentifier": "sv2-1"}, {"DBInstanceIdentifier": "sv2-2"}]},
    ]
    inv = inventory_from({"rds:db_instances": instances, "rds:db_clusters": clusters})

    multi_az = run_check("rds-multi-az", inv)
    encrypted = run_check("rds-storage-encrypted", inv)
    backups = run_check("rds-backup-retention", inv)

    # Aurora Serverless v2 readers (db.serverless) count like any instance: two AZs pass.
    assert verdicts(multi_az) == {"catalog-doc": "FAIL", "graph": "PASS", "sv2": "PASS"}
    assert verdicts(encrypted) == {"catalog-doc": "FAIL", "graph": "PASS", "sv2": "PASS"}
    assert verdicts(backups) == {"catalog-doc": "FAIL", "graph": "PASS", "sv2": "PASS"}
    types = {r.resource_id: r.resource_type for r in multi_az}
    assert types == {"catalog-doc": "AWS::DocDB::DBCluster", "graph": "AWS::Neptune::DBCluster",
                     "sv2": "AWS::RDS::DBCluster"}
    assert messages(multi_az)["catalog-doc"].startswith("Amazon DocumentDB cluster catalog-doc has a single")
    assert "aws docdb create-db-instance --db-cluster-identifier catalog-doc" in messages(multi_az)["catalog-doc"]
    assert "aws docdb copy-db-cluster-snapshot" in messages(encrypted)["catalog-doc"]
    assert "aws docdb modify-db-cluster --db-cluster-identifier catalog-doc" in messages(backups)["catalog-doc"]
    public = run_check("rds-publicly-accessible", inventory_from({"rds:db_instances": [
        _instance("graph-1", Engine="neptune", DBClusterIdentifier="graph", PubliclyAccessible=False)]}))
    assert [r.resource_type for r in public] == ["AWS::Neptune::DBInstance"]


# -- rds-storage-encrypted ----------------------------------------------------------------------------------
def test_storage_encrypted_instances_replicas_and_clusters(moto_account):
    rds = moto_account.client("rds")
    _db(rds, "orders-db", StorageEncrypted=True)
    _db(rds, "legacy-crm-db", engine="mysql", StorageEncrypted=False)
    rds.create_db_instance_read_replica(DBInstanceIdentifier="legacy-crm-ro", SourceDBInstanceIdentifier="legacy-crm-db")
    _aurora(rds, "shop-aurora", ["us-east-1a", "us-east-1b"], StorageEncrypted=True)
    _aurora(rds, "analytics-aurora", ["us-east-1a"], engine="aurora-mysql", StorageEncrypted=False)

    results = moto_account.scan("rds-storage-encrypted", regions=["us-east-1"])

    # replicas hold a full copy: judged; Aurora members: judged once, through their cluster.
    assert verdicts(results) == {"orders-db": "PASS", "legacy-crm-db": "FAIL", "legacy-crm-ro": "FAIL",
                                 "shop-aurora": "PASS", "analytics-aurora": "FAIL"}
    assert "copy-db-snapshot" in messages(results)["legacy-crm-db"]


# -- rds-backup-retention ----------------------------------------------------------------------------------
def test_backup_retention_threshold_off_replicas_and_clusters(moto_account):
    rds = moto_account.client("rds")
    _db(rds, "orders-db", BackupRetentionPeriod=14)
    _db(rds, "legacy-crm-db", engine="mysql", BackupRetentionPeriod=0)
    _db(rds, "reports-db", BackupRetentionPeriod=3)
    rds.create_db_instance_read_replica(DBInstanceIdentifier="orders-db-ro", SourceDBInstanceIdentifier="orders-db")
    _aurora(rds, "analytics-aurora", ["us-east-1a"], engine="aurora-mysql", BackupRetentionPeriod=1)

    results = moto_account.scan("rds-backup-retention", regions=["us-east-1"])
    relaxed = moto_account.scan("rds-backup-retention", regions=["us-east-1"], params={"min_days": 3})

    assert verdicts(results) == {"orders-db": "PASS", "legacy-crm-db": "FAIL", "reports-db": "FAIL",
                                 "analytics-aurora": "FAIL"}
    assert verdicts(relaxed) == {"orders-db": "PASS", "legacy-crm-db": "FAIL", "reports-db": "PASS",
                                 "analytics-aurora": "FAIL"}
    text = messages(results)
    assert "turned off" in text["legacy-crm-db"] and "below the required 7" in text["reports-db"]
    assert "modify-db-cluster --db-cluster-identifier analytics-aurora" in text["analytics-aurora"]


# -- rds-publicly-accessible ----------------------------------------------------------------------------------
def test_publicly_accessible_flags_members_and_missing_field(moto_account):
    rds = moto_account.client("rds")
    _db(rds, "legacy-crm-db", engine="mysql", PubliclyAccessible=True)
    _db(rds, "orders-db", PubliclyAccessible=False)
    _db(rds, "unknown-db")  # moto omits PubliclyAccessible when not given (AWS always returns it)
    _aurora(rds, "shop-aurora", ["us-east-1a"])

    results = moto_account.scan("rds-publicly-accessible", regions=["us-east-1"])

    assert verdicts(results) == {"legacy-crm-db": "FAIL", "orders-db": "PASS", "unknown-db": "ERROR",
                                 "shop-aurora-1": "PASS"}
    assert "--no-publicly-accessible" in messages(results)["legacy-crm-db"]


# -- rds-gp3 --------------------------------------------------------------------------------------------------
def test_gp3_flags_gp2_and_magnetic_with_size_and_estimate(moto_account):
    rds = moto_account.client("rds")
    _db(rds, "orders-db", StorageType="gp2", AllocatedStorage=200)
    _db(rds, "payments-db", engine="mysql", StorageType="gp2", AllocatedStorage=500, MultiAZ=True)
    _db(rds, "catalog-db", StorageType="gp3", AllocatedStorage=100)
    _db(rds, "ledger-db", StorageType="io1", AllocatedStorage=100, Iops=3000)
    _db(rds, "legacy-db", engine="mysql", StorageType="standard", AllocatedStorage=20)
    _aurora(rds, "shop-aurora", ["us-east-1a"])  # Aurora storage: not gp2, not judged

    results = moto_account.scan("rds-gp3", regions=["us-east-1"])

    assert verdicts(results) == {"orders-db": "FAIL", "payments-db": "FAIL", "catalog-db": "PASS", "ledger-db": "PASS",
                                 "legacy-db": "FAIL"}
    text = messages(results)
    assert "200 GiB of gp2" in text["orders-db"] and "$23.00/month (estimate" in text["orders-db"]
    assert "600 baseline IOPS" in text["orders-db"] and "3,000 IOPS" in text["orders-db"]
    assert "$115.00/month" in text["payments-db"] and "standby included" in text["payments-db"]
    assert "12,000 IOPS" in text["payments-db"]
    assert "magnetic" in text["legacy-db"]
    assert {r.extra.get("size_gib") for r in results if r.status.value == "FAIL"} == {200, 500, 20}


# -- rds-critical-cross-region-replica ------------------------------------------------------------------
CRITICAL = [{"Key": "Criticality", "Value": "Mission-Critical"}]


def test_critical_rds_needs_a_copy_in_another_region(moto_account):
    east, west = moto_account.client("rds", "us-east-1"), moto_account.client("rds", "eu-west-1")
    _db(east, "payments-db", engine="mysql", Tags=CRITICAL)
    source = east.describe_db_instances(DBInstanceIdentifier="payments-db")["DBInstances"][0]["DBInstanceArn"]
    west.create_db_instance_read_replica(DBInstanceIdentifier="payments-db-dr", SourceDBInstanceIdentifier=source)
    _db(east, "orders-db", Tags=CRITICAL)
    east.create_db_instance_read_replica(DBInstanceIdentifier="orders-db-ro", SourceDBInstanceIdentifier="orders-db")
    _db(east, "wiki-db")  # not critical: not evaluated
    arn = _aurora(east, "shop-aurora", ["us-east-1a", "us-east-1b"], Tags=CRITICAL)
    east.create_global_cluster(GlobalClusterIdentifier="shop-global", SourceDBClusterIdentifier=arn)
    west.create_db_cluster(DBClusterIdentifier="shop-aurora-dr", Engine="aurora-postgresql",
                           GlobalClusterIdentifier="shop-global", Tags=CRITICAL)
    _aurora(east, "ledger-aurora", ["us-east-1a"], Tags=CRITICAL)

    results = moto_account.scan("rds-critical-cross-region-replica")

    # replicas themselves (payments-db-dr, orders-db-ro) are the copies: not judged.
    assert verdicts(results, by_region=True) == {
        "us-east-1/payments-db": "PASS", "us-east-1/orders-db": "FAIL", "us-east-1/shop-aurora": "PASS",
        "us-east-1/ledger-aurora": "FAIL", "eu-west-1/shop-aurora-dr": "PASS"}
    text = {f"{r.region}/{r.resource_id}": r.message for r in results}
    assert "arn:aws:rds:eu-west-1:123456789012:db:payments-db-dr" in text["us-east-1/payments-db"]
    assert "orders-db-ro are in the same region" in text["us-east-1/orders-db"]
    assert "Global Database shop-global" in text["us-east-1/shop-aurora"]
    assert "create-global-cluster" in text["us-east-1/ledger-aurora"]

    custom = moto_account.scan("rds-critical-cross-region-replica", regions=["us-east-1"],
                               params={"tag_key": "criticality", "tag_values": ["tier-0"]})
    assert verdicts(custom) == {}


# -- the demo account --------------------------------------------------------------------------------------
def test_critical_replica_check_needs_no_global_clusters_when_no_cluster_is_critical():
    inv = inventory_from({"rds:db_instances": [], "rds:db_clusters": []},
                         errors={"rds:global_clusters": "AccessDenied on DescribeGlobalClusters"})
    assert verdicts(run_check("rds-critical-cross-region-replica", inv)) == {}
