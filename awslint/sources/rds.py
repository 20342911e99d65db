"""RDS and Aurora sources (regional).

``describe_db_instances`` also lists the instances of Aurora, Neptune, DocumentDB and Multi-AZ DB
clusters (each with ``DBClusterIdentifier``); checks decide whether to judge them per instance or
per cluster. Both list operations page at 100 records; the collector follows ``Marker``.
"""

from awslint.sources.base import Source

db_instances = Source("rds:db_instances", "rds", "describe_db_instances", "DBInstances")
db_clusters = Source("rds:db_clusters", "rds", "describe_db_clusters", "DBClusters")
global_clusters = Source("rds:global_clusters", "rds", "describe_global_clusters", "GlobalClusters")
db_subnet_groups = Source("rds:db_subnet_groups", "rds", "describe_db_subnet_groups", "DBSubnetGroups",
                          description="DB subnet groups with their subnets (where DB instances may be placed).")
