"""RDS and Aurora sources (regional)."""

from awslint.sources.base import Source

db_instances = Source("rds:db_instances", "rds", "describe_db_instances", "DBInstances")
db_clusters = Source("rds:db_clusters", "rds", "describe_db_clusters", "DBClusters")
global_clusters = Source("rds:global_clusters", "rds", "describe_global_clusters", "GlobalClusters")
