"""ElastiCache sources (regional)."""

from awslint.sources.base import Source

replication_groups = Source(
    "elasticache:replication_groups", "elasticache", "describe_replication_groups", "ReplicationGroups",
    description="Redis OSS / Valkey replication groups (cluster mode enabled or disabled), with node groups, "
                "member AZs, failover, Multi-AZ and encryption flags.")
cache_clusters = Source(
    "elasticache:cache_clusters", "elasticache", "describe_cache_clusters", "CacheClusters",
    description="Node-based cache clusters: Memcached clusters, standalone Redis OSS / Valkey clusters and, in "
                "AWS, the member clusters of replication groups (those carry ReplicationGroupId).")
