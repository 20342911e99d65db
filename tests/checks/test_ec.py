"""ElastiCache checks on moto and on plain API-shaped data.

moto quirks (MOTO-NOTES.md #10): NumCacheClusters=2 yields one member (use ReplicasPerNodeGroup
with PreferredCacheClusterAZs); describe_cache_clusters omits replication-group members (AWS lists
them with ReplicationGroupId, so that case uses plain data); standalone clusters lack
AtRestEncryptionEnabled; cluster-mode groups come back malformed (plain data again).
"""

from awslint.testing import inventory_from, messages, run_check, verdicts

FAILOVER = "elasticache-redis-auto-failover"
MULTI_AZ = "elasticache-redis-multi-az"
SINGLE = "elasticache-redis-single-node"
AT_REST = "elasticache-encryption-at-rest"
IN_TRANSIT = "elasticache-encryption-in-transit"
BACKUP = "elasticache-redis-backup"
CACHE_CHECKS = (FAILOVER, MULTI_AZ, SINGLE, AT_REST, IN_TRANSIT, BACKUP)
NODE = "cache.t4g.small"


def ha_group(ec, group_id, azs=("us-east-1a", "us-east-1b"), engine="valkey", **extra):
    ec.create_replication_group(
        ReplicationGroupId=group_id, ReplicationGroupDescription=group_id, Engine=engine, CacheNodeType=NODE,
        ReplicasPerNodeGroup=len(azs) - 1, PreferredCacheClusterAZs=list(azs), AutomaticFailoverEnabled=True,
        MultiAZEnabled=True, **extra)
    return group_id


def single_group(ec, group_id, **extra):
    ec.create_replication_group(ReplicationGroupId=group_id, ReplicationGroupDescription=group_id,
                                Engine="redis", CacheNodeType=NODE, NumCacheClusters=1, **extra)
    return group_id


def test_failover_multi_az_and_replicas(moto_account):
    ec = moto_account.client("elasticache")
    good = ha_group(ec, "sessions-redis")
    one_az = ha_group(ec, "carts-redis", azs=("us-east-1a", "us-east-1a"))
    lonely = single_group(ec, "catalog-redis")

    assert verdicts(moto_account.scan(FAILOVER, regions=["us-east-1"])) == {
        good: "PASS", one_az: "PASS", lonely: "FAIL"}
    multi = moto_account.scan(MULTI_AZ, regions=["us-east-1"])
    assert verdicts(multi) == {good: "PASS", one_az: "FAIL", lonely: "FAIL"}
    assert "every node is in us-east-1a" in messages(multi)[one_az]
    single = moto_account.scan(SINGLE, regions=["us-east-1"])
    assert verdicts(single) == {good: "PASS", one_az: "PASS", lonely: "FAIL"}
    assert single[0].resource_arn.startswith("arn:aws:elasticache:us-east-1:123456789012:replicationgroup:")


def test_standalone_redis_fails_single_node_memcached_and_members_are_skipped(moto_account):
    ec = moto_account.client("elasticache")
    ec.create_cache_cluster(CacheClusterId="rate-limit-redis", Engine="redis", CacheNodeType=NODE, NumCacheNodes=1,
                            PreferredAvailabilityZone="us-east-1b")
    ec.create_cache_cluster(CacheClusterId="fragments", Engine="memcached", CacheNodeType=NODE, NumCacheNodes=2)
    good = ha_group(ec, "sessions-redis")

    results = moto_account.scan(SINGLE, regions=["us-east-1"])

    assert verdicts(results) == {"rate-limit-redis": "FAIL", good: "PASS"}
    by_id = {r.resource_id: r for r in results}
    assert by_id["rate-limit-redis"].resource_type == "AWS::ElastiCache::CacheCluster"
    assert "us-east-1b" in by_id["rate-limit-redis"].message


def test_cluster_mode_member_clusters_and_deleting_groups_on_plain_data():
    shard = {"NodeGroupId": "0001", "NodeGroupMembers": [
        {"CacheClusterId": "big-0001-001", "CacheNodeId": "0001", "PreferredAvailabilityZone": "us-east-1a"},
        {"CacheClusterId": "big-0001-002", "CacheNodeId": "0001", "PreferredAvailabilityZone": "us-east-1b"}]}
    bare = {"NodeGroupId": "0002", "NodeGroupMembers": [
        {"CacheClusterId": "big-0002-001", "CacheNodeId": "0001", "PreferredAvailabilityZone": "us-east-1c"}]}
    inv = inventory_from({
        "elasticache:replication_groups": [
            {"ReplicationGroupId": "big", "Status": "available", "ClusterEnabled": True, "AutomaticFailover": "enabled",
             "MultiAZ": "disabled", "NodeGroups": [shard, bare],
             "MemberClusters": ["big-0001-001", "big-0001-002", "big-0002-001"]},
            {"ReplicationGroupId": "old", "Status": "deleting", "AutomaticFailover": "disabled",
             "MultiAZ": "disabled", "MemberClusters": ["old-001"]},
            {"ReplicationGroupId": "nomembers", "Status": "available", "AutomaticFailover": "disabled",
             "MultiAZ": "disabled"},
        ],
        # AWS lists replication-group members here too: judged through the group, never twice.
        "elasticache:cache_clusters": [
            {"CacheClusterId": "big-0001-001", "Engine": "redis", "ReplicationGroupId": "big",
             "CacheClusterStatus": "available"},
            {"CacheClusterId": "gone", "Engine": "redis", "CacheClusterStatus": "deleting"},
        ],
    })
    results = run_check(SINGLE, inv)
    assert verdicts(results) == {"big": "FAIL", "nomembers": "ERROR"}
    assert "shard(s) 0002 of 2" in messages(results)["big"]
    # Cluster mode always fails over, but Multi-AZ off is still a FAIL.
    assert verdicts(run_check(FAILOVER, inv)) == {"big": "PASS", "nomembers": "FAIL"}
    assert verdicts(run_check(MULTI_AZ, inv)) == {"big": "FAIL", "nomembers": "FAIL"}


def test_missing_flags_are_errors_and_access_denied_is_an_error():
    inv = inventory_from({"elasticache:replication_groups": [{"ReplicationGroupId": "g", "Status": "available"}]})
    assert verdicts(run_check(FAILOVER, inv)) == {"g": "ERROR"}
    assert verdicts(run_check(MULTI_AZ, inv)) == {"g": "ERROR"}
    denied = inventory_from({"elasticache:replication_groups": []},
                            errors={"elasticache:cache_clusters": "AccessDenied on DescribeCacheClusters"})
    assert verdicts(run_check(SINGLE, denied)) == {"ERROR:us-east-1": "ERROR"}


def test_encryption_at_rest_groups_and_standalone_clusters_in_two_regions(moto_account):
    east = moto_account.client("elasticache", "us-east-1")
    west = moto_account.client("elasticache", "eu-west-1")
    encrypted = ha_group(east, "sessions-redis", AtRestEncryptionEnabled=True)
    plain = single_group(east, "catalog-redis")
    east.create_cache_cluster(CacheClusterId="rate-limit-redis", Engine="redis", CacheNodeType=NODE,
                              NumCacheNodes=1)  # moto omits AtRestEncryptionEnabled: the API default is false
    west.create_cache_cluster(CacheClusterId="fragments", Engine="memcached", CacheNodeType=NODE, NumCacheNodes=1)
    dr = ha_group(west, "sessions-redis-dr", azs=("eu-west-1a", "eu-west-1b"), AtRestEncryptionEnabled=True)

    results = moto_account.scan(AT_REST)

    assert verdicts(results, by_region=True) == {
        f"us-east-1/{encrypted}": "PASS", f"us-east-1/{plain}": "FAIL", "us-east-1/rate-limit-redis": "FAIL",
        f"eu-west-1/{dr}": "PASS"}


def test_encryption_in_transit_required_passes_preferred_and_off_fail(moto_account):
    ec = moto_account.client("elasticache")
    required = ha_group(ec, "sessions-redis", TransitEncryptionEnabled=True, TransitEncryptionMode="required")
    preferred = ha_group(ec, "carts-redis", TransitEncryptionEnabled=True, TransitEncryptionMode="preferred")
    off = single_group(ec, "catalog-redis")
    ec.create_cache_cluster(CacheClusterId="fragments-tls", Engine="memcached", CacheNodeType=NODE, NumCacheNodes=2,
                            TransitEncryptionEnabled=True)
    ec.create_cache_cluster(CacheClusterId="fragments", Engine="memcached", CacheNodeType=NODE, NumCacheNodes=2)

    results = moto_account.scan(IN_TRANSIT, regions=["us-east-1"])

    assert verdicts(results) == {required: "PASS", preferred: "FAIL", off: "FAIL", "fragments-tls": "PASS",
                                 "fragments": "FAIL"}
    assert "'preferred' mode" in messages(results)[preferred]


def test_backup_retention_groups_standalone_clusters_threshold_and_memcached(moto_account):
    east = moto_account.client("elasticache", "us-east-1")
    west = moto_account.client("elasticache", "eu-west-1")
    kept = ha_group(east, "sessions-redis", SnapshotRetentionLimit=7, SnapshotWindow="03:00-04:00")
    off = single_group(east, "catalog-redis")  # SnapshotRetentionLimit defaults to 0: backups off
    short = single_group(east, "carts-redis", SnapshotRetentionLimit=1)
    east.create_cache_cluster(CacheClusterId="rate-limit-redis", Engine="redis", CacheNodeType=NODE, NumCacheNodes=1)
    east.create_cache_cluster(CacheClusterId="leaderboard-valkey", Engine="valkey", CacheNodeType=NODE,
                              NumCacheNodes=1, SnapshotRetentionLimit=3)
    east.create_cache_cluster(CacheClusterId="fragments", Engine="memcached", CacheNodeType=NODE, NumCacheNodes=2)
    dr = ha_group(west, "sessions-redis-dr", azs=("eu-west-1a", "eu-west-1b"))

    results = moto_account.scan(BACKUP)
    strict = moto_account.scan(BACKUP, regions=["us-east-1"], params={"min_days": 7})

    # Memcached has no backups by design: not evaluated.
    assert verdicts(results, by_region=True) == {
        f"us-east-1/{kept}": "PASS", f"us-east-1/{off}": "FAIL", f"us-east-1/{short}": "PASS",
        "us-east-1/rate-limit-redis": "FAIL", "us-east-1/leaderboard-valkey": "PASS", f"eu-west-1/{dr}": "FAIL"}
    assert verdicts(strict) == {kept: "PASS", off: "FAIL", short: "FAIL", "rate-limit-redis": "FAIL",
                                "leaderboard-valkey": "FAIL"}
    text, strict_text = messages(results), messages(strict)
    assert "automatic backups off (SnapshotRetentionLimit 0)" in text[off]
    assert f"modify-replication-group --replication-group-id {off} --snapshot-retention-limit 7" in text[off]
    assert "modify-cache-cluster --cache-cluster-id rate-limit-redis" in text["rate-limit-redis"]
    assert "03:00-04:00" in text[kept]
    assert "3 day(s), below the required 7" in strict_text["leaderboard-valkey"]
    by_id = {r.resource_id: r for r in results}
    assert by_id["rate-limit-redis"].resource_type == "AWS::ElastiCache::CacheCluster"
    assert by_id[kept].resource_type == "AWS::ElastiCache::ReplicationGroup"


def test_backup_reads_member_clusters_when_the_group_omits_it_and_never_guesses():
    """AWS lists member clusters (with ReplicationGroupId) in DescribeCacheClusters: judged through the group."""
    inv = inventory_from({
        "elasticache:replication_groups": [
            # cluster mode enabled: the setting is per group
            {"ReplicationGroupId": "big", "Status": "available", "ClusterEnabled": True, "SnapshotRetentionLimit": 5,
             "MemberClusters": ["big-0001-001", "big-0002-001"]},
            {"ReplicationGroupId": "from-members", "Status": "available", "MemberClusters": ["from-members-001"]},
            {"ReplicationGroupId": "unknown", "Status": "available", "MemberClusters": ["unknown-001"]},
            {"ReplicationGroupId": "going", "Status": "deleting", "SnapshotRetentionLimit": 0},
            {"ReplicationGroupId": "t1", "Status": "available", "SnapshotRetentionLimit": 0,
             "MemberClusters": ["t1-001"]},
        ],
        "elasticache:cache_clusters": [
            {"CacheClusterId": "big-0001-001", "Engine": "redis", "ReplicationGroupId": "big",
             "CacheClusterStatus": "available", "SnapshotRetentionLimit": 5},
            {"CacheClusterId": "from-members-001", "Engine": "valkey", "ReplicationGroupId": "from-members",
             "CacheClusterStatus": "available", "SnapshotRetentionLimit": 2},
            {"CacheClusterId": "unknown-001", "Engine": "redis", "ReplicationGroupId": "unknown",
             "CacheClusterStatus": "available"},
            {"CacheClusterId": "t1-001", "Engine": "redis", "ReplicationGroupId": "t1", "CacheNodeType": "cache.t1.micro",
             "CacheClusterStatus": "available", "SnapshotRetentionLimit": 0},
            {"CacheClusterId": "old-standalone", "Engine": "redis", "CacheClusterStatus": "deleted"},
            {"CacheClusterId": "no-field", "Engine": "redis", "CacheClusterStatus": "available"},
        ],
    })

    results = run_check(BACKUP, inv)

    assert verdicts(results) == {"big": "PASS", "from-members": "PASS", "unknown": "ERROR", "t1": "FAIL",
                                 "no-field": "ERROR"}
    assert "cannot take backups" in messages(results)["t1"]


