"""RDS checks (Day 10: Databases): RDS and Aurora databases, and the DocumentDB and Neptune clusters that share
their API, must survive an AZ failure (Multi-AZ, readers in other AZs), keep their data encrypted and recoverable
(encryption at rest, automated backup retention), stay off the internet (no public endpoints), not buy performance
with over-sized gp2 storage (Day 9: Storage) and, when critical, keep a copy in another region (cross-region replica
or Aurora Global Database, Day 11: Migration and global databases)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from awslint.checks._databases import az_or_none
from awslint.checks._tiers import critical_tag, tier_params

from awslint import Param, check, failed, passed, region_of_arn
from awslint.checkapi import Finding, errored
from awslint.lessons import Lesson
from awslint.pricing import monthly, rds_gp2_baseline_iops, rds_gp3_baseline_iops, rds_storage_monthly

# Conventions shared by the RDS checks:
# - ``describe_db_instances`` also returns the instances of Aurora, Neptune, DocumentDB and Multi-AZ DB
#   clusters. Where a property belongs to the cluster (availability, encryption, backups, storage),
#   the cluster is judged once and its member instances are not judged again (no double counting).
# - A read replica (``ReadReplicaSourceDBInstanceIdentifier`` / ``...DBClusterIdentifier`` set) is a
#   copy for reads or DR, not its primary's standby; checks about the primary's resilience skip it.
# - Instances and clusters that are being deleted, or failed beyond recovery, are not judged
#   (``inv.live``: the gone states are declared by the rds sources).
# - Amazon DocumentDB and Amazon Neptune share the RDS API: ``describe_db_clusters`` and
#   ``describe_db_instances`` return their clusters and instances too. They are judged like Aurora (the
#   same cluster-volume design: availability, encryption and backups are just as much at stake), but
#   named, typed (``AWS::DocDB::DBCluster``, ``AWS::Neptune::DBCluster``, from the sources' identity) and
#   given the CLI of their own service, so a finding never sends a reader to the wrong console or command.
# - A field a verdict depends on that the API did not return gives ERROR for that resource, never PASS.

DB_INSTANCE = "AWS::RDS::DBInstance"
DB_CLUSTER = "AWS::RDS::DBCluster"

#: Engine editions that cannot run Multi-AZ at all (SQL Server Express).
NO_MULTI_AZ_ENGINES = frozenset({"sqlserver-ex"})
#: Engines of other services that share the RDS API: (label, CLI service).
SHARED_API_ENGINES = {
    "docdb": ("Amazon DocumentDB", "docdb"),
    "neptune": ("Amazon Neptune", "neptune"),
}

CRITICALITY_PARAMS = tier_params("a database")


# -- helpers ----------------------------------------------------------------------------------------
def is_read_replica(db: dict) -> bool:
    return bool(db.get("ReadReplicaSourceDBInstanceIdentifier") or db.get("ReadReplicaSourceDBClusterIdentifier"))


def shared_api_engine(item: dict) -> tuple[str, str] | None:
    """(label, CLI service) for a DocumentDB/Neptune item, else None (RDS)."""
    return SHARED_API_ENGINES.get(str(item.get("Engine", "")).lower())


def cli_service(item: dict) -> str:
    """The AWS CLI service that manages this cluster or instance: rds, docdb or neptune."""
    other = shared_api_engine(item)
    return other[1] if other else "rds"


def cluster_kind(cluster: dict) -> str:
    engine = str(cluster.get("Engine", ""))
    if engine.startswith("aurora"):
        return "Aurora Serverless v1 cluster" if cluster.get("EngineMode") == "serverless" else "Aurora cluster"
    if engine in ("mysql", "postgres"):
        return "Multi-AZ DB cluster"
    other = shared_api_engine(cluster)
    if other:
        return f"{other[0]} cluster"
    return f"{engine or 'DB'} cluster"


# -- RDS001: Multi-AZ ---------------------------------------------------------------------------------
def _judge_instance_multi_az(inv, db: dict) -> Finding:
    ident, engine = db["DBInstanceIdentifier"], db.get("Engine", "?")
    az = db.get("AvailabilityZone", "its AZ")
    multi = db.get("MultiAZ")
    if multi is None:
        return errored(db, f"DB instance {ident}: the API returned no MultiAZ field, so its availability cannot "
                       "be judged.")
    if multi:
        standby = az_or_none(db.get("SecondaryAvailabilityZone"), db.get("_region") or inv.region)
        where = f"in {standby}" if standby else "in another AZ"
        return passed(db, f"DB instance {ident} ({engine}) is Multi-AZ: a synchronous standby {where} takes over "
                      "automatically.")
    if engine in NO_MULTI_AZ_ENGINES:
        return failed(db, f"DB instance {ident} ({engine}) is Single-AZ in {az}, and the {engine} edition cannot be "
                      "Multi-AZ: an AZ or host failure stops it until RDS recovers it. Move to an edition that "
                      "supports Multi-AZ (e.g. sqlserver-se), or suppress this finding with the accepted risk.")
    replicas = db.get("ReadReplicaDBInstanceIdentifiers") or []
    note = f" Its read replica(s) ({', '.join(replicas)}) are not a standby: failover to them is manual." \
        if replicas else ""
    return failed(db, f"DB instance {ident} ({engine}) is Single-AZ in {az}: an outage of {az} or of its host stops "
                  f"the database until RDS replaces it, and maintenance causes downtime.{note} Enable Multi-AZ: "
                  f"aws rds modify-db-instance --db-instance-identifier {ident} --multi-az --apply-immediately")


def _judge_cluster_multi_az(cluster: dict, instances: dict[str, dict], gone: set[str]) -> Finding:
    ident = cluster["DBClusterIdentifier"]
    kind = cluster_kind(cluster)
    if cluster.get("EngineMode") == "serverless":
        return failed(cluster, f"{kind} {ident} runs its compute in one AZ with no standby: after an AZ failure AWS "
                      "re-creates it in another AZ, which takes minutes. Serverless v1 has reached end of life; "
                      "migrate to Aurora Serverless v2 (or provisioned) with a reader in a second AZ.")
    members = [m.get("DBInstanceIdentifier") for m in cluster.get("DBClusterMembers") or []]
    members = [m for m in members if m and m not in gone]
    if not members:
        if cluster.get("MultiAZ"):
            return errored(cluster, f"{kind} {ident} reports MultiAZ but lists no DB instances; cannot verify its AZs.")
        return failed(cluster, f"{kind} {ident} has no DB instances: nothing serves it or fails over (a headless "
                      "cluster). Add a writer and a reader in two AZs.")
    known = {m: instances[m]["AvailabilityZone"] for m in members if instances.get(m, {}).get("AvailabilityZone")}
    azs = sorted(set(known.values()))
    add_reader = (f"Add a reader in another AZ: aws {cli_service(cluster)} create-db-instance --db-cluster-identifier {ident} "
                  f"--db-instance-identifier {ident}-reader-2 --engine {cluster.get('Engine', '<engine>')} "
                  "--db-instance-class <class> --availability-zone <other-az>")
    if len(members) == 1:
        where = f" in {azs[0]}" if azs else ""
        return failed(cluster, f"{kind} {ident} has a single DB instance ({members[0]}{where}): if it or its AZ fails, "
                      f"the cluster is down until a new instance is created. {add_reader}")
    if len(azs) >= 2:
        return passed(cluster, f"{kind} {ident} has {len(members)} DB instances across {', '.join(azs)}: a reader in "
                      "another AZ is promoted on failure.")
    unknown = sorted(set(members) - set(known))
    if unknown:
        return errored(cluster, f"{kind} {ident}: the AZ of member(s) {', '.join(unknown)} is unknown (not in the "
                       "DB instance listing), so its spread cannot be judged.")
    return failed(cluster, f"{kind} {ident} has {len(members)} DB instances, all in {azs[0]}: an outage of {azs[0]} takes "
                  f"down every instance. {add_reader}")


@check(
    id="RDS001", name="rds-multi-az", severity="high",
    title="RDS DB instance is Single-AZ, or DB cluster has all its instances in one AZ",
    needs=("rds:db_instances", "rds:db_clusters"),
    lesson=Lesson.DATABASES, pillars=("reliability",),
    resource_type=DB_INSTANCE,
    rationale="Multi-AZ is what keeps a database up: a synchronous standby in another Availability Zone takes over "
              "automatically when the primary, its host or its AZ fails, and during maintenance. A read replica "
              "(asynchronous, manual promotion) is not a substitute.",
    evaluates="Per region. (1) Every DB instance that is not a member of a DB cluster and not a read replica: PASS "
              "when MultiAZ is true, FAIL when false (also for editions that cannot be Multi-AZ, such as "
              "sqlserver-ex, with a message saying so), ERROR when the field is missing. Read replicas "
              "(ReadReplicaSourceDBInstanceIdentifier or ReadReplicaSourceDBClusterIdentifier set) are skipped: "
              "they are copies for reads or DR, not their primary's standby, and the primary is judged. (2) Every DB "
              "cluster, judged once by the AZs of its member instances (members are never judged separately): "
              "Aurora, Neptune, DocumentDB and Multi-AZ DB clusters (3 instances in 3 AZs by design) PASS with "
              "instances in at least two AZs; FAIL with a single instance, all instances in one AZ, or no instances; "
              "Aurora Serverless v1 (EngineMode serverless: compute in one AZ, re-created elsewhere after a failure) "
              "FAILS; ERROR when a member's AZ is unknown (not in the instance listing) and the known ones share "
              "one AZ, or a cluster reports MultiAZ with no members. DocumentDB and Neptune clusters (returned by "
              "the same RDS API) are judged the same way and reported with their own resource types. "
              "Instances and clusters that are deleting, deleted or failed are skipped; stopped ones are "
              "judged.",
    remediation="Instances: console RDS > Databases > Modify > Availability and durability > Create a standby "
                "instance; CLI: aws rds modify-db-instance --db-instance-identifier <id> --multi-az "
                "--apply-immediately. Aurora: add a reader in another AZ (console: Actions > Add reader; CLI: aws rds "
                "create-db-instance --db-cluster-identifier <cluster> --db-instance-identifier <id> --engine <engine> "
                "--db-instance-class <class> --availability-zone <other-az>).",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/multi-az-db-clusters-concepts.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-5",
        "AWS Config: rds-cluster-multi-az-enabled (Security Hub RDS.15) for DB clusters",
    ),
    config_rule="rds-multi-az-support", security_hub="RDS.5",
)
def rds_multi_az(inv, params) -> Iterator[Finding]:
    """Multi-AZ = uptime: a synchronous standby in another AZ with automatic failover."""
    instances = {d["DBInstanceIdentifier"]: d for d in inv["rds:db_instances"]}
    live = inv.live("rds:db_instances")
    gone = set(instances) - {d["DBInstanceIdentifier"] for d in live}  # members being deleted or failed
    for db in live:
        if not db.get("DBClusterIdentifier") and not is_read_replica(db):
            yield _judge_instance_multi_az(inv, db)
    for cluster in inv.live("rds:db_clusters"):
        yield _judge_cluster_multi_az(cluster, instances, gone)


# -- RDS002: encryption at rest ----------------------------------------------------------------------
@check(
    id="RDS002", name="rds-storage-encrypted", severity="medium",
    title="RDS DB instance or DB cluster storage is not encrypted at rest",
    needs=("rds:db_instances", "rds:db_clusters"),
    lesson=Lesson.DATABASES, pillars=("security",),
    resource_type=DB_INSTANCE,
    rationale="Unencrypted storage leaves the database, its automated backups, snapshots and replicas readable "
              "to anyone who gets the underlying media or a shared snapshot; encryption can only be chosen at "
              "creation, so the fix gets harder the longer it waits.",
    evaluates="Per region: every DB instance that is not a cluster member (read replicas included: each holds a full "
              "copy), and every DB cluster (Aurora, Multi-AZ DB cluster, Neptune, DocumentDB), whose encryption is "
              "set once for all its instances (members are not judged again). PASS when StorageEncrypted is true, "
              "FAIL when false, ERROR when absent. Deleting, deleted and failed resources are skipped.",
    remediation="Encryption cannot be switched on in place. Snapshot, copy the snapshot with a KMS key, restore, then "
                "cut over (console: RDS > Snapshots > Copy snapshot > Enable encryption). CLI: aws rds "
                "create-db-snapshot --db-instance-identifier <id> --db-snapshot-identifier <snap>; aws rds "
                "copy-db-snapshot --source-db-snapshot-identifier <snap> --target-db-snapshot-identifier <snap-enc> "
                "--kms-key-id alias/aws/rds; aws rds restore-db-instance-from-db-snapshot --db-instance-identifier "
                "<new-id> --db-snapshot-identifier <snap-enc>. Aurora: restore an encrypted cluster from a snapshot "
                "(aws rds restore-db-cluster-from-snapshot ... --kms-key-id <key>).",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3",
        "AWS Config: rds-cluster-encrypted-at-rest (Security Hub RDS.27) for DB clusters",
    ),
    config_rule="rds-storage-encrypted", security_hub="RDS.3",
)
def rds_storage_encrypted(inv, params) -> Iterator[Finding]:
    """Encrypt storage and snapshots with KMS; it can only be chosen at creation."""
    subjects = [(db["DBInstanceIdentifier"], "DB instance", db) for db in inv.live("rds:db_instances")
                if not db.get("DBClusterIdentifier")]
    subjects += [(c["DBClusterIdentifier"], cluster_kind(c), c) for c in inv.live("rds:db_clusters")]
    for ident, kind, item in subjects:
        encrypted = item.get("StorageEncrypted")
        if encrypted is None:
            yield errored(item, f"{kind} {ident}: the API returned no StorageEncrypted field.")
        elif encrypted:
            key = str(item.get("KmsKeyId") or "")
            yield passed(item, f"{kind} {ident} is encrypted at rest{' with ' + key if key.startswith('arn:') else ''}.")
        else:
            copy = "copy-db-snapshot" if kind == "DB instance" else "copy-db-cluster-snapshot"
            yield failed(item, f"{kind} {ident} is not encrypted at rest: its storage, automated backups and snapshots "
                         "are plaintext. Encryption cannot be enabled in place: copy a snapshot with a KMS key "
                         f"(aws {cli_service(item)} {copy} ... --kms-key-id <key>), restore it and cut over.")


# -- RDS003: backup retention ------------------------------------------------------------------------
@check(
    id="RDS003", name="rds-backup-retention", severity="medium",
    title="RDS automated backups are off or kept for fewer days than required",
    needs=("rds:db_instances", "rds:db_clusters"),
    lesson=Lesson.DATABASES, pillars=("reliability",),
    resource_type=DB_INSTANCE,
    rationale="Automated backups are what point-in-time recovery restores from: the retention period is how far back "
              "you can go after corruption, a bad migration or a deletion. Zero days means no automated backups and "
              "no point-in-time recovery at all.",
    evaluates="Per region: every DB instance that is neither a cluster member nor a read replica (replicas are "
              "excluded, as in AWS Config/Security Hub RDS.11: they restore from their primary), and every DB "
              "cluster, whose retention is set per cluster (Aurora, Multi-AZ DB clusters). PASS when "
              "BackupRetentionPeriod >= min_days; FAIL when below (0 = automated backups off); ERROR when absent. "
              "Deleting, deleted and failed resources are skipped; stopped ones are judged.",
    remediation="Console: RDS > Databases > Modify > Backup > Backup retention period. CLI: aws rds modify-db-instance "
                "--db-instance-identifier <id> --backup-retention-period 7 --apply-immediately; for a cluster: aws rds "
                "modify-db-cluster --db-cluster-identifier <id> --backup-retention-period 7 --apply-immediately.",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Managing.Backups.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11",
    ),
    config_rule="db-instance-backup-enabled", security_hub="RDS.11",
    params={"min_days": Param(7, "Minimum automated backup retention in days (1-35; Security Hub's default is 7).",
                              schema={"type": "integer", "minimum": 1, "maximum": 35,
                                      "description": "Minimum automated backup retention in days (1-35)."})},
)
def rds_backup_retention(inv, params) -> Iterator[Finding]:
    """Backups are automated and kept long enough to recover from what you notice late."""
    min_days = int(params["min_days"])
    subjects = [(db["DBInstanceIdentifier"], "DB instance", db, "modify-db-instance", "--db-instance-identifier")
                for db in inv.live("rds:db_instances")
                if not db.get("DBClusterIdentifier") and not is_read_replica(db)]
    subjects += [(c["DBClusterIdentifier"], cluster_kind(c), c, "modify-db-cluster", "--db-cluster-identifier")
                 for c in inv.live("rds:db_clusters")]
    for ident, kind, item, command, flag in subjects:
        days = item.get("BackupRetentionPeriod")
        fix = f"aws {cli_service(item)} {command} {flag} {ident} --backup-retention-period {min_days} --apply-immediately"
        if days is None:
            yield errored(item, f"{kind} {ident}: the API returned no BackupRetentionPeriod.")
        elif days == 0:
            yield failed(item, f"{kind} {ident} has automated backups turned off (retention 0 days): no point-in-time "
                         f"recovery is possible. Turn them on: {fix}")
        elif days < min_days:
            yield failed(item, f"{kind} {ident} keeps automated backups for {days} day(s), below the required "
                         f"{min_days}: a problem noticed later than that cannot be rolled back. {fix}")
        else:
            yield passed(item, f"{kind} {ident} keeps automated backups for {days} days (minimum {min_days}).")


# -- RDS004: public access -------------------------------------------------------------------------------
@check(
    id="RDS004", name="rds-publicly-accessible", severity="high",
    title="RDS DB instance is publicly accessible",
    needs=("rds:db_instances",),
    lesson=Lesson.DATABASES, pillars=("security",),
    resource_type=DB_INSTANCE,
    rationale="A publicly accessible DB instance gets a DNS name that resolves to a public IP address, so only its "
              "security groups stand between the database and the internet; databases belong in private subnets, "
              "reached from the application tier.",
    evaluates="Per region: every DB instance, including Aurora cluster members and read replicas (each instance has "
              "its own endpoint and flag). PASS when PubliclyAccessible is false, FAIL when true, ERROR when the "
              "field is absent (AWS always returns it; some emulators omit it). Deleting, deleted and failed "
              "instances are skipped. Whether the subnets actually route to an internet gateway is judged by the "
              "network checks.",
    remediation="Console: RDS > Databases > Modify > Connectivity > Public access: Not publicly accessible. CLI: aws rds "
                "modify-db-instance --db-instance-identifier <id> --no-publicly-accessible --apply-immediately; "
                "also move the DB subnet group to private subnets.",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2",
    ),
    config_rule="rds-instance-public-access-check", security_hub="RDS.2",
)
def rds_publicly_accessible(inv, params) -> Iterator[Finding]:
    """Databases live in private subnets; a public endpoint is one security-group mistake from exposure."""
    for db in inv.live("rds:db_instances"):
        ident = db["DBInstanceIdentifier"]
        public = db.get("PubliclyAccessible")
        if public is None:
            yield errored(db, f"DB instance {ident}: the API returned no PubliclyAccessible field.")
        elif public:
            group = (db.get("DBSubnetGroup") or {}).get("DBSubnetGroupName")
            where = f" (DB subnet group {group})" if group else ""
            yield failed(db, f"DB instance {ident}{where} is publicly accessible: its endpoint resolves to a public "
                         "IP, so only security groups protect it from the internet. Turn it off: aws rds "
                         f"modify-db-instance --db-instance-identifier {ident} --no-publicly-accessible "
                         "--apply-immediately")
        else:
            yield passed(db, f"DB instance {ident} is not publicly accessible.")


# -- RDS005: gp2 storage -------------------------------------------------------------------------------
@check(
    id="RDS005", name="rds-gp3", severity="low",
    title="RDS DB instance uses gp2 (or magnetic) storage instead of gp3",
    needs=("rds:db_instances",),
    lesson=Lesson.STORAGE, pillars=("cost", "performance"),
    resource_type=DB_INSTANCE,
    rationale="On gp2, IOPS grow with size (3 per GiB), so volumes are often over-sized to buy performance; gp3 "
              "includes at least 3,000 IOPS and 125 MiB/s at any size for the same price per GB on RDS, and IOPS "
              "and throughput can be raised without adding storage. Magnetic storage is previous generation.",
    evaluates="Per region: every DB instance that is not a DB cluster member (Aurora storage is not gp2; Multi-AZ DB "
              "cluster storage is set on the cluster and does not offer gp2), read replicas included. FAIL when "
              "StorageType is gp2 or standard (magnetic); PASS for gp3, io1, io2; ERROR when absent. The message "
              "gives the size, the monthly storage estimate (identical on gp3: RDS prices gp2 and gp3 the same per "
              "GB) and the baseline IOPS on each type. Deleting, deleted and failed instances are skipped.",
    remediation="Console: RDS > Databases > Modify > Storage > Storage type: General Purpose SSD (gp3). CLI: aws rds "
                "modify-db-instance --db-instance-identifier <id> --storage-type gp3 --apply-immediately (online; the "
                "instance goes through storage-optimization). A volume sized only for gp2 IOPS can then be replaced "
                "by a smaller gp3 one through a blue/green deployment.",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.gp3.html",
        "https://aws.amazon.com/rds/pricing/",
    ),
)
def rds_gp3(inv, params) -> Iterator[Finding]:
    """gp3 over gp2: performance independent of size, at the same RDS storage price."""
    for db in (d for d in inv.live("rds:db_instances") if not d.get("DBClusterIdentifier")):
        ident, engine = db["DBInstanceIdentifier"], str(db.get("Engine", ""))
        storage = db.get("StorageType")
        size = int(db.get("AllocatedStorage") or 0)
        if storage is None:
            yield errored(db, f"DB instance {ident}: the API returned no StorageType.")
            continue
        if storage not in ("gp2", "standard"):
            yield passed(db, f"DB instance {ident} uses {storage} storage ({size} GiB).")
            continue
        cost = rds_storage_monthly(size, storage, bool(db.get("MultiAZ")))
        gp3_iops = rds_gp3_baseline_iops(size, engine)
        standby = ", standby included" if db.get("MultiAZ") else ""
        if storage == "gp2":
            fact = (f"uses {size} GiB of gp2 storage, {monthly(cost)}{standby}, the same price as gp3. gp2 gives it "
                    f"{rds_gp2_baseline_iops(size):,} baseline IOPS; gp3 includes {gp3_iops:,} IOPS at any size, so "
                    "it needs no over-sizing to buy performance")
        else:
            fact = (f"uses {size} GiB of magnetic (standard) storage, previous generation, {monthly(cost)}{standby}; "
                    f"gp3 includes {gp3_iops:,} IOPS")
        yield failed(db, f"DB instance {ident} {fact}. Switch online: aws rds modify-db-instance "
                     f"--db-instance-identifier {ident} --storage-type gp3 --apply-immediately", size_gib=size)


def _global_partners(cluster_arn: str, global_clusters: list[dict]) -> tuple[str | None, list[str]]:
    """The Global Database holding the cluster, and the regions of its other members.

    Membership is read from the member ARNs, never from ``IsWriter`` (emulators get it wrong).
    """
    for gc in global_clusters:
        arns = [m.get("DBClusterArn") for m in gc.get("GlobalClusterMembers") or []]
        if cluster_arn in arns:
            here = region_of_arn(cluster_arn)
            regions = sorted({r for a in arns if a and a != cluster_arn and (r := region_of_arn(a)) and r != here})
            return gc.get("GlobalClusterIdentifier"), regions
    return None, []


def _cross_region(identifiers: Iterable[str], region: str) -> list[str]:
    """Replica identifiers in another region: cross-region replicas are listed by ARN, local ones by name."""
    return sorted(i for i in identifiers if (r := region_of_arn(i)) and r != region)


def _judge_critical_instance(inv, db: dict) -> Finding:
    ident = db["DBInstanceIdentifier"]
    region = db.get("_region") or inv.region
    replicas = list(db.get("ReadReplicaDBInstanceIdentifiers") or []) + list(db.get("ReadReplicaDBClusterIdentifiers") or [])
    remote = _cross_region(replicas, region)
    if remote:
        return passed(db, f"Critical DB instance {ident} has cross-region read replica(s): {', '.join(remote)}.")
    local = [r for r in replicas if r not in remote]
    note = f" Its read replica(s) {', '.join(local)} are in the same region." if local else ""
    if db.get("DBInstanceAutomatedBackupsReplications"):
        note += " Cross-region automated backups exist (backup and restore: an RTO of hours), but no replica."
    return failed(db, f"Critical DB instance {ident} has no read replica in another region: a regional outage "
                  f"means restoring from backups.{note} Create one: aws rds create-db-instance-read-replica "
                  f"--region <other-region> --db-instance-identifier {ident}-dr --source-db-instance-identifier "
                  f"{inv.describe(db)['resource_arn']}")


def _judge_critical_cluster(inv, cluster: dict, global_clusters: list[dict]) -> Finding:
    ident = cluster["DBClusterIdentifier"]
    kind = cluster_kind(cluster)
    region = cluster.get("_region") or inv.region
    arn = inv.describe(cluster)["resource_arn"]
    global_id, partner_regions = _global_partners(arn, global_clusters)
    if partner_regions:
        return passed(cluster, f"Critical {kind} {ident} is in Global Database {global_id} with members in "
                      f"{', '.join(partner_regions)}.")
    remote = _cross_region(cluster.get("ReadReplicaIdentifiers") or [], region)
    if remote:
        return passed(cluster, f"Critical {kind} {ident} has cross-region replica cluster(s): {', '.join(remote)}.")
    source_region = region_of_arn(cluster.get("ReplicationSourceIdentifier"))
    if source_region and source_region != region:
        return passed(cluster, f"Critical {kind} {ident} is itself the cross-region replica of "
                      f"{cluster['ReplicationSourceIdentifier']}.")
    how = (f"Global Database {global_id} has no member in another region" if global_id
           else "it is not in an Aurora Global Database")
    fix = (f"aws rds create-global-cluster --global-cluster-identifier {ident}-global --source-db-cluster-identifier "
           f"{arn}, then aws rds create-db-cluster --region <other-region> --db-cluster-identifier {ident}-dr "
           f"--global-cluster-identifier {ident}-global --engine {cluster.get('Engine', '<engine>')}")
    return failed(cluster, f"Critical {kind} {ident} has no copy in another region ({how}): a regional outage means "
                  f"restoring from backups. Add a secondary region: {fix}")


@check(
    id="RDS006", name="rds-critical-cross-region-replica", severity="low",
    title="Critical-tier RDS database has no cross-region replica or Aurora Global Database",
    needs=("rds:db_instances", "rds:db_clusters", "rds:global_clusters"),
    lesson=Lesson.MIGRATION, pillars=("reliability",),
    resource_type=DB_CLUSTER,
    rationale="Criticality drives the DR design: for the critical tier, a copy in another region (cross-region read "
              "replica, or an Aurora Global Database with failover in about a minute) is what keeps RTO and RPO "
              "small when a whole region fails; backups alone mean hours of restore.",
    evaluates="Per region, resources tagged as critical (tag tag_key with a value in tag_values, case-insensitive; "
              "others are not evaluated). (1) DB instances that are neither cluster members nor read replicas: PASS "
              "with a read replica in another region (ReadReplicaDBInstanceIdentifiers / "
              "ReadReplicaDBClusterIdentifiers entries whose ARN names another region), FAIL otherwise (same-region "
              "replicas and cross-region automated backups do not count; the message mentions them). (2) DB "
              "clusters (tag the cluster): PASS when a member of an Aurora Global Database that has a member cluster "
              "in another region (read from the member ARNs), when ReadReplicaIdentifiers lists a cluster in another "
              "region, or when the cluster is itself a cross-region replica; FAIL otherwise. Deleting, deleted and "
              "failed resources are skipped. The default severity is low because the need is profile-dependent: "
              "the prod profile raises it.",
    remediation="Instance: console RDS > Databases > Actions > Create read replica > Destination Region; CLI: aws rds "
                "create-db-instance-read-replica --region <other-region> --db-instance-identifier <id>-dr "
                "--source-db-instance-identifier <source-arn>. Aurora: console Actions > Add AWS Region; CLI: aws rds "
                "create-global-cluster --global-cluster-identifier <g> --source-db-cluster-identifier <cluster-arn>, "
                "then aws rds create-db-cluster --region <other-region> --global-cluster-identifier <g> ...",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html",
        "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html",
    ),
    params=CRITICALITY_PARAMS,
)
def rds_critical_cross_region_replica(inv, params) -> Iterator[Finding]:
    """Critical tier = a copy in another region: cross-region replica or Aurora Global Database."""
    for db in inv.live("rds:db_instances"):
        if not db.get("DBClusterIdentifier") and not is_read_replica(db) and critical_tag(db, params):
            yield _judge_critical_instance(inv, db)
    clusters = [c for c in inv.live("rds:db_clusters") if critical_tag(c, params)]
    if not clusters:
        return  # no critical cluster: the Global Database list need not be read
    global_clusters = {g.get("GlobalClusterArn") or g.get("GlobalClusterIdentifier"): g
                       for g in inv.everywhere("rds:global_clusters")}
    for cluster in clusters:
        yield _judge_critical_cluster(inv, cluster, list(global_clusters.values()))
