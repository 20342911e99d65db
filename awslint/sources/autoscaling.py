"""EC2 Auto Scaling sources (regional).

describe_auto_scaling_groups pages at 50 groups: the collector follows NextToken through the
botocore paginator (covered by tests/checks/test_autoscaling.py with 58 groups).
"""

from awslint.sources.base import Source

groups = Source("autoscaling:groups", "autoscaling", "describe_auto_scaling_groups", "AutoScalingGroups",
                description="Auto Scaling groups, including those being deleted (Status 'Delete in progress').")
launch_configurations = Source("autoscaling:launch_configurations", "autoscaling",
                               "describe_launch_configurations", "LaunchConfigurations",
                               redact=("UserData",),
                               description="Launch configurations (regional); user data is removed before storage.")
policies = Source("autoscaling:policies", "autoscaling", "describe_policies", "ScalingPolicies",
                  description="Scaling policies of every group (target tracking, step, simple, predictive).")
scheduled_actions = Source("autoscaling:scheduled_actions", "autoscaling", "describe_scheduled_actions",
                           "ScheduledUpdateGroupActions",
                           description="Scheduled actions of every group.")
