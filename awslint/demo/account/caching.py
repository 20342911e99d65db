"""Demo ElastiCache caches in us-east-1: the session store done right, two shortcuts done wrong.

- "sessions-redis": Valkey replication group with a primary in us-east-1a and a replica in
  us-east-1b, automatic failover, Multi-AZ, encryption at rest, TLS required and 7 days of automatic backups
  -> PASSES elasticache-redis-auto-failover, -multi-az, -single-node, -backup and both encryption
  checks.
- "catalog-cache-redis": a Redis OSS replication group with a single node, no failover, no
  Multi-AZ, no encryption, automatic backups left at the default (off) (created "just for the
  catalog cache", now on the checkout path) -> FAILS all six.
- "rate-limit-redis": a standalone Redis OSS cache cluster (not a replication group), one node
  in us-east-1b, unencrypted, with 1 day of automatic backups -> FAILS elasticache-redis-single-node
  and both encryption checks; PASSES elasticache-redis-backup at its default minimum (1 day).
- "page-fragments-memcached": Memcached with TLS -> PASSES elasticache-encryption-in-transit;
  Memcached is not judged on replication (it has none by design).

moto quirk: NumCacheClusters=2 gives one member, so replicas are requested with
ReplicasPerNodeGroup plus PreferredCacheClusterAZs.
"""

from __future__ import annotations

NODE = "cache.t4g.small"


def build(ctx) -> None:
    ec = ctx.client("elasticache", ctx.primary)
    subnet_group = {}
    vpc = ctx.shared.get("vpc_prod")
    if vpc:  # caches live in the private subnets of the prod VPC built by the network area
        ec.create_cache_subnet_group(CacheSubnetGroupName="shop-prod-cache",
                                     CacheSubnetGroupDescription="shop-prod private subnets",
                                     SubnetIds=list(vpc["private"].values()))
        subnet_group = {"CacheSubnetGroupName": "shop-prod-cache"}

    ec.create_replication_group(
        ReplicationGroupId="sessions-redis", ReplicationGroupDescription="Web sessions (checkout critical)",
        Engine="valkey", CacheNodeType=NODE, ReplicasPerNodeGroup=1,
        PreferredCacheClusterAZs=[f"{ctx.primary}a", f"{ctx.primary}b"],
        AutomaticFailoverEnabled=True, MultiAZEnabled=True, AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True, TransitEncryptionMode="required", SnapshotRetentionLimit=7,
        SnapshotWindow="03:00-04:00", **subnet_group)
    ec.create_replication_group(
        ReplicationGroupId="catalog-cache-redis", ReplicationGroupDescription="Product catalog cache",
        Engine="redis", CacheNodeType=NODE, NumCacheClusters=1, **subnet_group)
    ec.create_cache_cluster(
        CacheClusterId="rate-limit-redis", Engine="redis", CacheNodeType=NODE, NumCacheNodes=1,
        PreferredAvailabilityZone=f"{ctx.primary}b", SnapshotRetentionLimit=1, **subnet_group)
    ec.create_cache_cluster(
        CacheClusterId="page-fragments-memcached", Engine="memcached", CacheNodeType=NODE, NumCacheNodes=2,
        TransitEncryptionEnabled=True, **subnet_group)
