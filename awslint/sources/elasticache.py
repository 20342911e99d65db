"""ElastiCache sources (regional)."""

from awslint.sources.base import Identity, Source

#: States in which a cache is going away or never came up.
GONE = ("deleting", "deleted", "create-failed")

replication_groups = Source(
    "elasticache:replication_groups", "elasticache", "describe_replication_groups", "ReplicationGroups",
    description="Redis OSS / Valkey replication groups (cluster mode enabled or disabled), with node groups, "
                "member AZs, failover, Multi-AZ and encryption flags.",
    identity=Identity(
        id="ReplicationGroupId",
        arn=("ARN", "arn:{partition}:elasticache:{region}:{account}:replicationgroup:{ReplicationGroupId}"),
        name="ReplicationGroupId", type="AWS::ElastiCache::ReplicationGroup", state="Status", gone=GONE))
cache_clusters = Source(
    "elasticache:cache_clusters", "elasticache", "describe_cache_clusters", "CacheClusters",
    description="Node-based cache clusters: Memcached clusters, standalone Redis OSS / Valkey clusters and, in "
                "AWS, the member clusters of replication groups (those carry ReplicationGroupId).",
    identity=Identity(
        id="CacheClusterId", arn=("ARN", "arn:{partition}:elasticache:{region}:{account}:cluster:{CacheClusterId}"),
        name="CacheClusterId", type="AWS::ElastiCache::CacheCluster", state="CacheClusterStatus", gone=GONE))
