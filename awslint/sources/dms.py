"""AWS Database Migration Service sources (regional)."""

from awslint.sources.base import Source

replication_instances = Source(
    "dms:replication_instances", "dms", "describe_replication_instances", "ReplicationInstances",
    description="DMS replication instances. AWS always returns MultiAZ and PubliclyAccessible; some emulators "
                "omit them when they were not set at creation, so checks read them with .get().")
