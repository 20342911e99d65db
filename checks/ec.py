"""ElastiCache checks (Day 12: Caching and CDN): a cache that must survive runs Redis OSS or Valkey, replicated
(a replica per shard), failing over on its own (automatic failover, Multi-AZ with nodes in several AZs), encrypted at
rest and in transit, and backed up (EC006), since replicas survive a node failure but not a flush or the loss of every
node. Memcached is plain speed by design (no replication, no persistence, no backups) and is only judged where it
supports the practice (encryption in transit); ElastiCache Serverless caches are always Multi-AZ and encrypted and
are not evaluated. ``describe_cache_clusters`` also lists the member clusters of every replication group (they carry
``ReplicationGroupId``); those are judged through their replication group, never twice."""

from __future__ import annotations

from collections.abc import Iterator

from awslint import Param, check, failed, passed
from awslint.checkapi import Finding, errored
from awslint.lessons import Lesson

RG_TYPE = "AWS::ElastiCache::ReplicationGroup"
REPLICATING_ENGINES = ("redis", "valkey")


def engine_of(group: dict) -> str:
    """Replication groups exist only for Redis OSS and Valkey; older API responses omit Engine."""
    return (group.get("Engine") or "redis").lower()


def member_azs(group: dict) -> set[str]:
    return {m.get("PreferredAvailabilityZone") for ng in group.get("NodeGroups") or []
            for m in ng.get("NodeGroupMembers") or [] if m.get("PreferredAvailabilityZone")}


def shards_without_replica(group: dict) -> tuple[list[str], int] | None:
    """(ids of node groups with no replica, number of node groups), or None when unknowable.

    Uses each node group's members when reported; otherwise compares the distinct member
    clusters with the number of node groups (one member per shard means no replicas).
    """
    node_groups = group.get("NodeGroups") or []
    if node_groups and all(ng.get("NodeGroupMembers") for ng in node_groups):
        lonely = [ng.get("NodeGroupId", "?") for ng in node_groups
                  if len({(m.get("CacheClusterId"), m.get("CacheNodeId")) for m in ng["NodeGroupMembers"]}) < 2]
        return lonely, len(node_groups)
    members = set(group.get("MemberClusters") or [])
    if not members:
        return None
    shards = max(1, len(node_groups))
    if len(members) <= shards:
        return [ng.get("NodeGroupId", "?") for ng in node_groups] or ["0001"], shards
    return [], shards


@check(
    id="EC001", name="elasticache-redis-auto-failover", severity="high",
    title="ElastiCache Redis OSS/Valkey replication group without automatic failover",
    needs=("elasticache:replication_groups",),
    lesson=Lesson.CACHING_CDN, pillars=("reliability",), resource_type=RG_TYPE,
    rationale="Without automatic failover a failed primary stays failed: writes stop until someone promotes a "
              "replica by hand. With it, ElastiCache promotes a replica and repoints the primary endpoint in "
              "seconds to minutes.",
    evaluates="Every Redis OSS / Valkey replication group that is not deleting, deleted or create-failed. PASS when "
              "AutomaticFailover is 'enabled'; FAIL when it is 'disabled', 'disabling' or still 'enabling' (as the "
              "AWS Config rule does). ERROR when the field is missing. Standalone single-node clusters cannot fail "
              "over at all and are reported by elasticache-redis-single-node.",
    remediation="Add at least one replica (in another AZ), then enable automatic failover and Multi-AZ. Console: "
                "ElastiCache > Redis OSS/Valkey caches > <group> > Modify > Multi-AZ / Auto-failover: enable. CLI: "
                "aws elasticache increase-replica-count --replication-group-id <id> --new-replica-count 1 "
                "--apply-immediately; aws elasticache modify-replication-group --replication-group-id <id> "
                "--automatic-failover-enabled --multi-az-enabled --apply-immediately.",
    references=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-auto-failover-enabled.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html",
    ),
    config_rule="elasticache-repl-grp-auto-failover-enabled", security_hub="ElastiCache.3",
)
def elasticache_redis_auto_failover(inv, params) -> Iterator:
    """A replication group that cannot fail over on its own turns a node failure into an outage."""
    for group in inv.live("elasticache:replication_groups"):
        gid = group.get("ReplicationGroupId", "?")
        state = group.get("AutomaticFailover")
        if not state:
            yield errored(group, f"Replication group {gid}: AutomaticFailover is missing from the API data.")
        elif state == "enabled":
            yield passed(group, f"Replication group {gid} ({engine_of(group)}) has automatic failover enabled.")
        else:
            yield failed(group, f"Replication group {gid} ({engine_of(group)}) has automatic failover {state}: if the "
                         "primary fails, writes stop until a replica is promoted by hand. Add a replica in another "
                         "AZ if it has none, then enable automatic failover and Multi-AZ.")


@check(
    id="EC002", name="elasticache-redis-multi-az", severity="high",
    title="ElastiCache Redis OSS/Valkey replication group is not Multi-AZ",
    needs=("elasticache:replication_groups",),
    lesson=Lesson.CACHING_CDN, pillars=("reliability",), resource_type=RG_TYPE,
    rationale="Multi-AZ keeps a replica in another Availability Zone and fails over to it when the primary's AZ "
              "fails; a group without it, or with every node in one AZ, goes down with that AZ.",
    evaluates="Every Redis OSS / Valkey replication group that is not deleting, deleted or create-failed. PASS when "
              "MultiAZ is 'enabled' and its nodes (NodeGroupMembers' PreferredAvailabilityZone, when reported) "
              "span at least two AZs. FAIL when MultiAZ is not 'enabled' (including cluster-mode groups, which "
              "always fail over but may keep replicas in the primary's AZ), or when it is enabled but every node "
              "sits in one AZ. ERROR when MultiAZ is missing.",
    remediation="Place at least one replica in a different AZ from the primary and enable Multi-AZ. Console: "
                "ElastiCache > Redis OSS/Valkey caches > <group> > Modify > Multi-AZ: enable (add replicas in other "
                "AZs under Nodes > Add node first). CLI: aws elasticache increase-replica-count "
                "--replication-group-id <id> --new-replica-count 1 --apply-immediately (cluster mode: "
                "--replica-configuration with PreferredAvailabilityZones); aws elasticache "
                "modify-replication-group --replication-group-id <id> --multi-az-enabled "
                "--automatic-failover-enabled --apply-immediately.",
    references=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/disaster-recovery-resiliency.html",
        "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/use-fault-isolation-to-protect-your-workload.html",
    ),
)
def elasticache_redis_multi_az(inv, params) -> Iterator:
    """A cache whose nodes share one AZ loses its data and its endpoint with that AZ."""
    for group in inv.live("elasticache:replication_groups"):
        gid = group.get("ReplicationGroupId", "?")
        multi_az = group.get("MultiAZ")
        azs = member_azs(group)
        if not multi_az:
            yield errored(group, f"Replication group {gid}: MultiAZ is missing from the API data.")
        elif multi_az != "enabled":
            placed = f" (nodes in {', '.join(sorted(azs))})" if azs else ""
            yield failed(group, f"Replication group {gid} ({engine_of(group)}) has Multi-AZ {multi_az}{placed}: an AZ "
                         "failure can take the cache down. Put a replica in another AZ and enable Multi-AZ.")
        elif len(azs) == 1:
            yield failed(group, f"Replication group {gid} has Multi-AZ enabled but every node is in {next(iter(azs))}: "
                         "an outage of that AZ takes all of them. Add replicas in other AZs and remove ones in "
                         f"{next(iter(azs))}.")
        else:
            spread = f" across {', '.join(sorted(azs))}" if azs else " (node AZs not reported)"
            yield passed(group, f"Replication group {gid} is Multi-AZ{spread}.")


@check(
    id="EC003", name="elasticache-redis-single-node", severity="medium",
    title="Redis OSS/Valkey cache runs on a single node (no replica)",
    needs=("elasticache:replication_groups", "elasticache:cache_clusters"),
    lesson=Lesson.CACHING_CDN, pillars=("reliability",), resource_type=RG_TYPE,
    rationale="A node with no replica is a single point of failure: when it fails or is replaced, its data is "
              "gone (or restored from the last snapshot) and clients see an outage until a new node warms up.",
    evaluates="Every Redis OSS / Valkey replication group, and every standalone Redis OSS / Valkey cache cluster "
              "(one not in a replication group), that is not deleting, deleted or create-failed. A replication "
              "group PASSES when every node group (shard) has at least one replica and FAILS when any shard has "
              "only its primary; a standalone cluster always FAILS (it cannot have replicas). ERROR when a group's "
              "members are not reported. Memcached clusters are not evaluated (no replication by design); "
              "replication-group member clusters are judged through their group.",
    remediation="Add a replica in another AZ. For a replication group: console ElastiCache > Redis OSS/Valkey "
                "caches > <group> > Add node; CLI aws elasticache increase-replica-count --replication-group-id "
                "<id> --new-replica-count 1 --apply-immediately. For a standalone cluster, create a replication "
                "group that uses it as its primary: aws elasticache create-replication-group "
                "--replication-group-id <id> --replication-group-description <text> --primary-cluster-id "
                "<cluster-id> --num-cache-clusters 2, then enable Multi-AZ.",
    references=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.CreatingReplGroup.ExistingCluster.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/disaster-recovery-resiliency.html",
    ),
)
def elasticache_redis_single_node(inv, params) -> Iterator:
    """One node means one failure away from an empty cache and an outage."""
    for group in inv.live("elasticache:replication_groups"):
        gid = group.get("ReplicationGroupId", "?")
        found = shards_without_replica(group)
        if found is None:
            yield errored(group, f"Replication group {gid}: its member clusters are not reported, so replicas cannot "
                          "be counted.")
            continue
        lonely, shards = found
        if not lonely:
            yield passed(group, f"Replication group {gid}: every one of its {shards} shard(s) has at least one replica.")
        elif shards == 1:
            yield failed(group, f"Replication group {gid} ({engine_of(group)}) has a single node and no replica: a node "
                         "failure loses the data and the endpoint. Add a replica in another AZ "
                         "(increase-replica-count) and enable Multi-AZ.")
        else:
            yield failed(group, f"Replication group {gid} ({engine_of(group)}): shard(s) {', '.join(lonely)} of {shards} "
                         "have no replica, so a node failure loses that part of the keyspace. Add a replica per shard.")
    standalone = [c for c in inv.live("elasticache:cache_clusters")
                  if not c.get("ReplicationGroupId") and (c.get("Engine") or "").lower() in REPLICATING_ENGINES]
    for cluster in standalone:
        cid = cluster.get("CacheClusterId", "?")
        az = cluster.get("PreferredAvailabilityZone")
        yield failed(cluster, f"Cache cluster {cid} ({cluster.get('Engine')}) is a standalone single node"
                     f"{' in ' + az if az else ''} with no replica: a node failure loses the cache and its endpoint. "
                     "Create a replication group from it (create-replication-group --primary-cluster-id) with a "
                     "replica in another AZ.")


@check(
    id="EC004", name="elasticache-encryption-at-rest", severity="medium",
    title="ElastiCache Redis OSS/Valkey cache is not encrypted at rest",
    needs=("elasticache:replication_groups", "elasticache:cache_clusters"),
    lesson=Lesson.CACHING_CDN, pillars=("security",), resource_type=RG_TYPE,
    rationale="Caches hold copies of sessions, tokens and personal data; at-rest encryption protects the disk, "
              "swap and backups (snapshots) of every node, and it can only be chosen when the cache is created.",
    evaluates="Every Redis OSS / Valkey replication group and standalone Redis OSS / Valkey cache cluster that is "
              "not deleting, deleted or create-failed. PASS when AtRestEncryptionEnabled is true; FAIL when it is "
              "false or absent (the API's default is false, and moto omits it for standalone clusters). Node-based "
              "Memcached clusters do not support at-rest encryption and are not evaluated.",
    remediation="At-rest encryption cannot be turned on in place: take a backup, create a new replication group "
                "with encryption at rest (optionally a customer managed KMS key) from it, and switch clients to the "
                "new endpoint. Console: ElastiCache > Backups > <backup> > Restore, with Encryption at rest "
                "enabled. CLI: aws elasticache create-snapshot --replication-group-id <id> --snapshot-name <snap>; "
                "aws elasticache create-replication-group --replication-group-id <new-id> "
                "--replication-group-description <text> --snapshot-name <snap> --at-rest-encryption-enabled "
                "--transit-encryption-enabled --num-cache-clusters 2 --multi-az-enabled "
                "--automatic-failover-enabled.",
    references=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-encrypted-at-rest.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html",
    ),
    config_rule="elasticache-repl-grp-encrypted-at-rest", security_hub="ElastiCache.4",
)
def elasticache_encryption_at_rest(inv, params) -> Iterator:
    """Unencrypted cache nodes and snapshots leave cached personal data readable on disk."""
    fix = ("At-rest encryption cannot be enabled in place: snapshot it and restore into a new cache created with "
           "--at-rest-encryption-enabled, then move clients.")
    for group in inv.live("elasticache:replication_groups"):
        gid = group.get("ReplicationGroupId", "?")
        if group.get("AtRestEncryptionEnabled") is True:
            kms = f" with KMS key {group['KmsKeyId']}" if group.get("KmsKeyId") else ""
            yield passed(group, f"Replication group {gid} is encrypted at rest{kms}.")
        else:
            yield failed(group, f"Replication group {gid} ({engine_of(group)}) is not encrypted at rest. {fix}")
    standalone = [c for c in inv.live("elasticache:cache_clusters")
                  if not c.get("ReplicationGroupId") and (c.get("Engine") or "").lower() in REPLICATING_ENGINES]
    for cluster in standalone:
        cid = cluster.get("CacheClusterId", "?")
        if cluster.get("AtRestEncryptionEnabled") is True:
            yield passed(cluster, f"Cache cluster {cid} is encrypted at rest.")
        else:
            yield failed(cluster, f"Cache cluster {cid} ({cluster.get('Engine')}) is not encrypted at rest. {fix}")


def _transit_verdict(kind: str, rid: str, item: dict) -> tuple[bool, str]:
    """(ok, message) for one cache's in-transit encryption, from the flag and the transit mode."""
    if item.get("TransitEncryptionEnabled") is not True:
        return False, (f"{kind} {rid} ({(item.get('Engine') or 'redis').lower()}) accepts unencrypted connections: "
                       "TLS in transit is off, so data and AUTH tokens cross the network in clear text. Enable "
                       "in-transit encryption (Redis OSS 7+/Valkey: modify with --transit-encryption-enabled "
                       "--transit-encryption-mode preferred, move clients to TLS, then set mode required; older "
                       "engines and Memcached: recreate with --transit-encryption-enabled).")
    if (item.get("TransitEncryptionMode") or "required") == "preferred":
        return False, (f"{kind} {rid} has TLS enabled in 'preferred' mode, which still accepts plain-text "
                       "connections. Once every client uses TLS, set --transit-encryption-mode required.")
    return True, f"{kind} {rid} requires TLS for every connection."


@check(
    id="EC005", name="elasticache-encryption-in-transit", severity="medium",
    title="ElastiCache cache accepts unencrypted (non-TLS) connections",
    needs=("elasticache:replication_groups", "elasticache:cache_clusters"),
    lesson=Lesson.CACHING_CDN, pillars=("security",), resource_type=RG_TYPE,
    rationale="Without TLS, cached data, commands and AUTH tokens travel in clear text between clients and nodes "
              "and between nodes during replication, readable by anything on the path.",
    evaluates="Every Redis OSS / Valkey replication group, standalone Redis OSS / Valkey cluster and Memcached "
              "cluster that is not deleting, deleted or create-failed. PASS when TransitEncryptionEnabled is true "
              "and TransitEncryptionMode is 'required' (or absent, which predates the mode and means required). "
              "FAIL when encryption in transit is false or absent (the default), or the mode is 'preferred', "
              "which still accepts plain-text clients.",
    remediation="Redis OSS 7+ and Valkey can migrate in place: console ElastiCache > <cache> > Modify > Encryption "
                "in transit: enable, mode Preferred; switch clients to TLS; then set mode Required. CLI: aws "
                "elasticache modify-replication-group --replication-group-id <id> --transit-encryption-enabled "
                "--transit-encryption-mode preferred --apply-immediately, later --transit-encryption-mode "
                "required. Older engines and Memcached: create a new cache with --transit-encryption-enabled and "
                "move clients.",
    references=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-enable.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-encrypted-in-transit.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html",
    ),
    config_rule="elasticache-repl-grp-encrypted-in-transit", security_hub="ElastiCache.5",
)
def elasticache_encryption_in_transit(inv, params) -> Iterator:
    """A cache reachable without TLS exposes its data and credentials on the network."""
    for group in inv.live("elasticache:replication_groups"):
        gid = group.get("ReplicationGroupId", "?")
        ok, message = _transit_verdict("Replication group", gid, group)
        yield (passed if ok else failed)(group, message)
    standalone = [c for c in inv.live("elasticache:cache_clusters")
                  if not c.get("ReplicationGroupId")
                  and (c.get("Engine") or "").lower() in (*REPLICATING_ENGINES, "memcached")]
    for cluster in standalone:
        cid = cluster.get("CacheClusterId", "?")
        ok, message = _transit_verdict("Cache cluster", cid, cluster)
        yield (passed if ok else failed)(cluster, message)


def _group_retention(group: dict, members: list[dict]) -> int | None:
    """A replication group's SnapshotRetentionLimit; AWS returns it on the group. If it is absent, the member
    clusters (DescribeCacheClusters lists them with ReplicationGroupId) carry the same setting."""
    value = group.get("SnapshotRetentionLimit")
    if value is not None:
        return int(value)
    values = [int(m["SnapshotRetentionLimit"]) for m in members if m.get("SnapshotRetentionLimit") is not None]
    return max(values) if values else None


def _backup_verdict(kind: str, rid: str, item: dict, node_type: str | None, days: int | None, min_days: int,
                    fix: str) -> Finding:
    engine = (item.get("Engine") or "redis").lower()
    t1 = (" cache.t1.micro nodes cannot take backups at all: move to a current node type first."
          if node_type == "cache.t1.micro" else "")
    if days is None:
        return errored(item, f"{kind} {rid}: the API returned no SnapshotRetentionLimit, so its backups cannot be "
                       "judged.")
    if days == 0:
        return failed(item, f"{kind} {rid} ({engine}) has automatic backups off (SnapshotRetentionLimit 0): if its "
                      "nodes are lost or the data is corrupted or flushed, there is no backup to restore from."
                      f"{t1} Turn them on: {fix}")
    if days < min_days:
        return failed(item, f"{kind} {rid} ({engine}) keeps automatic backups for {days} day(s), below the required "
                      f"{min_days}.{t1} {fix}")
    window = f", daily window {item['SnapshotWindow']} UTC" if item.get("SnapshotWindow") else ""
    return passed(item, f"{kind} {rid} keeps automatic backups for {days} day(s) (minimum {min_days}){window}.")


@check(
    id="EC006", name="elasticache-redis-backup", severity="medium",
    title="ElastiCache Redis OSS/Valkey cache has automatic backups off or kept for fewer days than required",
    needs=("elasticache:replication_groups", "elasticache:cache_clusters"),
    lesson=Lesson.CACHING_CDN, pillars=("reliability",), resource_type=RG_TYPE,
    rationale="Redis OSS and Valkey caches are often the only copy of sessions, carts, queues and leaderboards. "
              "Replicas protect against a node failure, not against a FLUSHALL, a bad deploy or losing every node: "
              "only a backup does, and automatic backups are off by default (SnapshotRetentionLimit 0).",
    evaluates="Every Redis OSS / Valkey replication group (the setting is per group, cluster mode enabled or "
              "disabled) and every standalone Redis OSS / Valkey cache cluster (one not in a replication group) "
              "that is not deleting, deleted or create-failed. PASS when SnapshotRetentionLimit >= min_days; FAIL "
              "when it is 0 (automatic backups off, the API default) or below min_days; ERROR when it is absent "
              "from the group and from its member clusters. Replication-group member clusters are judged through "
              "their group, never twice. Memcached clusters (no backups by design) and ElastiCache Serverless "
              "caches (a different API) are not evaluated.",
    remediation="Console: ElastiCache > Redis OSS caches (or Valkey caches) > <cache> > Modify > Backup > Enable "
                "automatic backups, set the backup retention period and window. CLI: aws elasticache "
                "modify-replication-group --replication-group-id <id> --snapshot-retention-limit 7 "
                "--apply-immediately; for a standalone cluster: aws elasticache modify-cache-cluster "
                "--cache-cluster-id <id> --snapshot-retention-limit 7 --apply-immediately.",
    references=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/elasticache-redis-cluster-automatic-backup-check.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-1",
    ),
    config_rule="elasticache-redis-cluster-automatic-backup-check", security_hub="ElastiCache.1",
    params={"min_days": Param(1, "Minimum automatic backup retention in days (1-35; Security Hub's default is 1, the "
                                 "AWS Config rule's is 15).",
                              schema={"type": "integer", "minimum": 1, "maximum": 35,
                                      "description": "Minimum automatic backup retention in days (1-35)."})},
)
def elasticache_redis_backup(inv, params) -> Iterator:
    """Replicas survive a node failure; only a backup survives a flush, a bad write or losing every node."""
    min_days = int(params["min_days"])
    members: dict[str, list[dict]] = {}
    for cluster in inv["elasticache:cache_clusters"]:
        if cluster.get("ReplicationGroupId"):
            members.setdefault(cluster["ReplicationGroupId"], []).append(cluster)
    for group in inv.live("elasticache:replication_groups"):
        gid = group.get("ReplicationGroupId", "?")
        days = _group_retention(group, members.get(gid, []))
        fix = (f"aws elasticache modify-replication-group --replication-group-id {gid} --snapshot-retention-limit "
               f"{max(min_days, 7)} --apply-immediately")
        node_type = group.get("CacheNodeType") or next(
            (m.get("CacheNodeType") for m in members.get(gid, []) if m.get("CacheNodeType")), None)
        yield _backup_verdict("Replication group", gid, group, node_type, days, min_days, fix)
    standalone = [c for c in inv.live("elasticache:cache_clusters")
                  if not c.get("ReplicationGroupId") and (c.get("Engine") or "").lower() in REPLICATING_ENGINES]
    for cluster in standalone:
        cid = cluster.get("CacheClusterId", "?")
        value = cluster.get("SnapshotRetentionLimit")
        fix = (f"aws elasticache modify-cache-cluster --cache-cluster-id {cid} --snapshot-retention-limit "
               f"{max(min_days, 7)} --apply-immediately")
        yield _backup_verdict("Cache cluster", cid, cluster, cluster.get("CacheNodeType"),
                              None if value is None else int(value), min_days, fix)
