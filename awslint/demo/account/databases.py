"""Demo databases: a shop's RDS, Aurora, DynamoDB and DMS estate, with the usual mix of good and bad.

us-east-1 (primary), all DB subnet groups on the private subnets of "shop-prod" unless said otherwise:

- ``orders-db`` (PostgreSQL, critical): Single-AZ and 200 GiB gp2 -> FAILS rds-multi-az and rds-gp3;
  its only read replica ``orders-db-replica`` is in the same region -> FAILS
  rds-critical-cross-region-replica (a same-region replica is neither a standby nor a DR copy; the replica
  itself is not judged by rds-multi-az). Encrypted, 7-day backups, private -> PASSES those checks.
- ``payments-db`` (MySQL, criticality "high", below the critical tier so the DR check leaves it alone):
  Multi-AZ, gp3, encrypted, 14-day backups, private -> PASSES every check that judges it.
- ``legacy-crm-db`` (MySQL 5.7): deliberately on the PUBLIC subnets and publicly accessible, unencrypted,
  backups off, Single-AZ -> FAILS rds-publicly-accessible, rds-storage-encrypted, rds-backup-retention,
  rds-multi-az (and the network check for databases in internet-routed subnets).
- ``shop-aurora`` (Aurora PostgreSQL, critical): two instances in two AZs, encrypted, 7-day backups, in
  Global Database ``shop-global`` with secondary cluster ``shop-aurora-dr`` in eu-west-1 -> PASSES.
- ``analytics-aurora`` (Aurora MySQL): one instance, unencrypted, 1-day backups -> FAILS rds-multi-az,
  rds-storage-encrypted and rds-backup-retention.
- DynamoDB: ``shop-orders`` (critical, PITR on, replica in eu-west-1) PASSES dynamodb-pitr and
  dynamodb-critical-global-table; ``shop-carts`` (PITR off) FAILS dynamodb-pitr; ``shop-inventory``
  (critical, PITR on, no replica) FAILS dynamodb-critical-global-table.
- DMS: ``legacy-crm-migration`` (Single-AZ, public) FAILS dms-multi-az and dms-publicly-accessible;
  ``orders-cdc`` (Multi-AZ, private) PASSES both.

eu-west-1 (DR): ``shop-aurora-dr``, the Global Database secondary, with two readers in two AZs (PASSES
rds-multi-az and, tagged critical too, rds-critical-cross-region-replica).

moto gaps met here: DynamoDB replicas come from the session shim in ``awslint.demo.moto_compat``;
PubliclyAccessible is always passed explicitly because moto omits it otherwise (AWS always returns it), and
so is each Aurora instance's DB subnet group, which AWS inherits from the cluster but moto does not.
There is no cross-region RDS read replica: moto 5.2.5 models one as a copy of the primary that keeps the
primary's AZ and DB subnet group (us-east-1 subnets in eu-west-1), which would mislead the network checks.
"""

from __future__ import annotations

PASSWORD = "demo-only-Passw0rd"  # moto keeps it; never a real secret


def _tags(name: str, **extra: str) -> list[dict]:
    return [{"Key": "Name", "Value": name}, {"Key": "team", "Value": "shop"}] + \
        [{"Key": k, "Value": v} for k, v in extra.items()]


def _subnet_group(rds, name: str, subnets: dict, description: str) -> str:
    rds.create_db_subnet_group(DBSubnetGroupName=name, DBSubnetGroupDescription=description,
                               SubnetIds=list(subnets.values()), Tags=_tags(name))
    return name


def _rds_instances(ctx, private: str, public: str) -> None:
    rds = ctx.client("rds", ctx.primary)
    rds.create_db_instance(
        DBInstanceIdentifier="orders-db", Engine="postgres", DBInstanceClass="db.m6g.large", AllocatedStorage=200,
        StorageType="gp2", MultiAZ=False, AvailabilityZone="us-east-1a", StorageEncrypted=True,
        BackupRetentionPeriod=7, PubliclyAccessible=False, DBSubnetGroupName=private, MasterUsername="orders",
        MasterUserPassword=PASSWORD, Tags=_tags("shop-prod-orders-db", criticality="critical"))
    rds.create_db_instance_read_replica(
        DBInstanceIdentifier="orders-db-replica", SourceDBInstanceIdentifier="orders-db",
        DBInstanceClass="db.m6g.large", AvailabilityZone="us-east-1b", PubliclyAccessible=False,
        Tags=_tags("shop-prod-orders-db-replica"))
    rds.create_db_instance(
        DBInstanceIdentifier="payments-db", Engine="mysql", DBInstanceClass="db.r6g.large", AllocatedStorage=100,
        StorageType="gp3", MultiAZ=True, StorageEncrypted=True, BackupRetentionPeriod=14, PubliclyAccessible=False,
        DBSubnetGroupName=private, MasterUsername="payments", MasterUserPassword=PASSWORD,
        Tags=_tags("shop-prod-payments-db", criticality="high"))
    rds.create_db_instance(
        DBInstanceIdentifier="legacy-crm-db", Engine="mysql", EngineVersion="5.7.44", DBInstanceClass="db.t3.medium",
        AllocatedStorage=50, StorageType="gp3", MultiAZ=False, AvailabilityZone="us-east-1a", StorageEncrypted=False,
        BackupRetentionPeriod=0, PubliclyAccessible=True, DBSubnetGroupName=public, MasterUsername="crm",
        MasterUserPassword=PASSWORD, Tags=_tags("legacy-crm-db", criticality="low"))


def _aurora(ctx, private: str, private_dr: str) -> None:
    rds = ctx.client("rds", ctx.primary)
    rds.create_db_cluster(
        DBClusterIdentifier="shop-aurora", Engine="aurora-postgresql", MasterUsername="shop",
        MasterUserPassword=PASSWORD, StorageEncrypted=True, BackupRetentionPeriod=7, DBSubnetGroupName=private,
        Tags=_tags("shop-prod-aurora", criticality="critical"))
    for index, az in enumerate(("us-east-1a", "us-east-1b"), start=1):
        rds.create_db_instance(
            DBInstanceIdentifier=f"shop-aurora-{index}", DBClusterIdentifier="shop-aurora", Engine="aurora-postgresql",
            DBInstanceClass="db.r6g.large", AvailabilityZone=az, PubliclyAccessible=False, DBSubnetGroupName=private,
            Tags=_tags(f"shop-prod-aurora-{index}"))
    arn = rds.describe_db_clusters(DBClusterIdentifier="shop-aurora")["DBClusters"][0]["DBClusterArn"]
    rds.create_global_cluster(GlobalClusterIdentifier="shop-global", SourceDBClusterIdentifier=arn)

    west = ctx.client("rds", ctx.secondary)
    west.create_db_cluster(
        DBClusterIdentifier="shop-aurora-dr", Engine="aurora-postgresql", GlobalClusterIdentifier="shop-global",
        StorageEncrypted=True, BackupRetentionPeriod=7, DBSubnetGroupName=private_dr,
        Tags=_tags("shop-dr-aurora", criticality="critical"))
    for index, az in enumerate(("eu-west-1a", "eu-west-1b"), start=1):
        west.create_db_instance(
            DBInstanceIdentifier=f"shop-aurora-dr-{index}", DBClusterIdentifier="shop-aurora-dr",
            Engine="aurora-postgresql", DBInstanceClass="db.r6g.large", AvailabilityZone=az, PubliclyAccessible=False,
            DBSubnetGroupName=private_dr, Tags=_tags(f"shop-dr-aurora-{index}"))

    rds.create_db_cluster(
        DBClusterIdentifier="analytics-aurora", Engine="aurora-mysql", MasterUsername="analytics",
        MasterUserPassword=PASSWORD, StorageEncrypted=False, BackupRetentionPeriod=1, DBSubnetGroupName=private,
        Tags=_tags("shop-prod-analytics-aurora"))
    rds.create_db_instance(
        DBInstanceIdentifier="analytics-aurora-1", DBClusterIdentifier="analytics-aurora", Engine="aurora-mysql",
        DBInstanceClass="db.r6g.large", AvailabilityZone="us-east-1a", PubliclyAccessible=False,
        DBSubnetGroupName=private, Tags=_tags("shop-prod-analytics-aurora-1"))


def _dynamodb(ctx) -> None:
    ddb = ctx.client("dynamodb", ctx.primary)
    tables = {"shop-orders": {"criticality": "critical"}, "shop-carts": {}, "shop-inventory": {"criticality": "critical"}}
    for name, extra in tables.items():
        ddb.create_table(
            TableName=name, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            Tags=_tags(name, **extra))
    for name in ("shop-orders", "shop-inventory"):
        ddb.update_continuous_backups(TableName=name,
                                      PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    ddb.update_table(TableName="shop-orders", ReplicaUpdates=[{"Create": {"RegionName": ctx.secondary}}])


def _dms(ctx, subnets: dict) -> None:
    dms = ctx.client("dms", ctx.primary)
    dms.create_replication_subnet_group(
        ReplicationSubnetGroupIdentifier="shop-prod-dms-private", ReplicationSubnetGroupDescription="DMS, private",
        SubnetIds=list(subnets.values()))
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="legacy-crm-migration", ReplicationInstanceClass="dms.t3.medium",
        AllocatedStorage=50, MultiAZ=False, PubliclyAccessible=True, Tags=_tags("legacy-crm-migration"))
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="orders-cdc", ReplicationInstanceClass="dms.r5.large", AllocatedStorage=100,
        MultiAZ=True, PubliclyAccessible=False, ReplicationSubnetGroupIdentifier="shop-prod-dms-private",
        Tags=_tags("orders-cdc"))


def build(ctx) -> None:
    prod, dr = ctx.shared["vpc_prod"], ctx.shared["vpc_dr"]
    east, west = ctx.client("rds", ctx.primary), ctx.client("rds", ctx.secondary)
    private = _subnet_group(east, "shop-prod-db-private", prod["private"], "Private subnets of shop-prod")
    public = _subnet_group(east, "legacy-crm-db-public", prod["public"], "Public subnets: legacy CRM (do not copy)")
    private_dr = _subnet_group(west, "shop-dr-db-private", dr["private"], "Private subnets of shop-dr")
    _rds_instances(ctx, private, public)
    _aurora(ctx, private, private_dr)
    _dynamodb(ctx)
    _dms(ctx, prod["private"])
    ctx.shared["databases"] = {"db_subnet_groups": {"private": private, "public": public, "private_dr": private_dr}}
