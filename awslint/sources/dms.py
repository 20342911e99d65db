"""AWS Database Migration Service sources (regional)."""

from awslint.sources.base import Identity, Source

replication_instances = Source(
    "dms:replication_instances", "dms", "describe_replication_instances", "ReplicationInstances",
    description="DMS replication instances. AWS always returns MultiAZ and PubliclyAccessible; some emulators "
                "omit them when they were not set at creation, so checks read them with .get().",
    identity=Identity(
        id="ReplicationInstanceIdentifier",
        arn=("ReplicationInstanceArn", "arn:{partition}:dms:{region}:{account}:rep:{ReplicationInstanceIdentifier}"),
        name="ReplicationInstanceIdentifier", type="AWS::DMS::ReplicationInstance", state="ReplicationInstanceStatus",
        gone=("deleting", "deleted", "delete-precheck", "failed")))
