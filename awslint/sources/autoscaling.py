"""EC2 Auto Scaling sources (regional)."""

from awslint.sources.base import Source

groups = Source("autoscaling:groups", "autoscaling", "describe_auto_scaling_groups", "AutoScalingGroups")
launch_configurations = Source("autoscaling:launch_configurations", "autoscaling",
                               "describe_launch_configurations", "LaunchConfigurations",
                               redact=("UserData",))
policies = Source("autoscaling:policies", "autoscaling", "describe_policies", "ScalingPolicies")
scheduled_actions = Source("autoscaling:scheduled_actions", "autoscaling", "describe_scheduled_actions",
                           "ScheduledUpdateGroupActions")
