"""RDS and Aurora sources (regional).

``describe_db_instances`` also lists the instances of Aurora, Neptune, DocumentDB and Multi-AZ DB
clusters (each with ``DBClusterIdentifier``); checks decide whether to judge them per instance or
per cluster. Both list operations page at 100 records; the collector follows ``Marker``.
"""

from collections.abc import Mapping
from typing import Any

from awslint.sources.base import Identity, Source

#: Lifecycle states in which an instance or cluster is going away or never came up.
GONE = ("deleting", "deleted", "delete-precheck", "failed")
#: DocumentDB and Neptune share the RDS API; their items are typed as what they are.
OTHER_ENGINES = {"docdb": ("AWS::DocDB::DBCluster", "AWS::DocDB::DBInstance"),
                 "neptune": ("AWS::Neptune::DBCluster", "AWS::Neptune::DBInstance")}


def _instance_type(item: Mapping[str, Any]) -> str:
    other = OTHER_ENGINES.get(str(item.get("Engine", "")).lower())
    return other[1] if other else "AWS::RDS::DBInstance"


def _cluster_type(item: Mapping[str, Any]) -> str:
    other = OTHER_ENGINES.get(str(item.get("Engine", "")).lower())
    return other[0] if other else "AWS::RDS::DBCluster"


db_instances = Source("rds:db_instances", "rds", "describe_db_instances", "DBInstances",
    identity=Identity(
        id="DBInstanceIdentifier", arn=("DBInstanceArn", "arn:{partition}:rds:{region}:{account}:db:{DBInstanceIdentifier}"),
        name="tag:Name", type=_instance_type, state="DBInstanceStatus", gone=GONE))
db_clusters = Source("rds:db_clusters", "rds", "describe_db_clusters", "DBClusters",
    identity=Identity(
        id="DBClusterIdentifier",
        arn=("DBClusterArn", "arn:{partition}:rds:{region}:{account}:cluster:{DBClusterIdentifier}"), name="tag:Name",
        type=_cluster_type, state="Status", gone=GONE))
global_clusters = Source("rds:global_clusters", "rds", "describe_global_clusters", "GlobalClusters",
    identity=Identity(
        id="GlobalClusterIdentifier",
        arn=("GlobalClusterArn", "arn:{partition}:rds::{account}:global-cluster:{GlobalClusterIdentifier}"),
        type="AWS::RDS::GlobalCluster", state="Status", gone=GONE))
db_subnet_groups = Source("rds:db_subnet_groups", "rds", "describe_db_subnet_groups", "DBSubnetGroups",
                          description="DB subnet groups with their subnets (where DB instances may be placed).",
    identity=Identity(
        id="DBSubnetGroupName",
        arn=("DBSubnetGroupArn", "arn:{partition}:rds:{region}:{account}:subgrp:{DBSubnetGroupName}"),
        type="AWS::RDS::DBSubnetGroup"))
