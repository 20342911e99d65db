"""EC2 Auto Scaling sources (regional).

describe_auto_scaling_groups pages at 50 groups: the collector follows NextToken through the
botocore paginator (covered by tests/checks/test_asg.py with 58 groups).
"""

from awslint.sources.base import Identity, Source

groups = Source("autoscaling:groups", "autoscaling", "describe_auto_scaling_groups", "AutoScalingGroups",
                description="Auto Scaling groups, including those being deleted (Status 'Delete in progress').",
    identity=Identity(
        id="AutoScalingGroupName",
        arn=("AutoScalingGroupARN", "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*:"
                     "autoScalingGroupName/{AutoScalingGroupName}"),
        name="AutoScalingGroupName", type="AWS::AutoScaling::AutoScalingGroup",
        state="Status", gone=("Delete in progress",)))
launch_configurations = Source("autoscaling:launch_configurations", "autoscaling",
                               "describe_launch_configurations", "LaunchConfigurations",
                               redact=("UserData",),
                               description="Launch configurations (regional); user data is removed before storage.",
    identity=Identity(
        id="LaunchConfigurationName",
        arn=("LaunchConfigurationARN", "arn:{partition}:autoscaling:{region}:{account}:launchConfiguration:*:"
                     "launchConfigurationName/{LaunchConfigurationName}"),
        name="LaunchConfigurationName", type="AWS::AutoScaling::LaunchConfiguration"))
policies = Source("autoscaling:policies", "autoscaling", "describe_policies", "ScalingPolicies",
                  description="Scaling policies of every group (target tracking, step, simple, predictive).",
    identity=Identity(id="PolicyName", arn="PolicyARN", type="AWS::AutoScaling::ScalingPolicy"))
scheduled_actions = Source("autoscaling:scheduled_actions", "autoscaling", "describe_scheduled_actions",
                           "ScheduledUpdateGroupActions",
                           description="Scheduled actions of every group.",
    identity=Identity(id="ScheduledActionName", arn="ScheduledActionARN", type="AWS::AutoScaling::ScheduledAction"))
