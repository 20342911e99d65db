"""Elastic Load Balancing v2 sources (ALB, NLB, GWLB; regional).

Per-item reads (attributes, listeners) live on separate source keys so a check that needs only
the list does not cost one extra call per load balancer or target group. Items deleted
between the list and the follow-up store None, and checks skip them.
"""

from awslint.sources.base import FollowUp, Identity, Source

V2_IDENTITY = Identity(id="LoadBalancerName", arn="LoadBalancerArn", name="LoadBalancerName",
                       type="AWS::ElasticLoadBalancingV2::LoadBalancer", state="State.Code", gone=("failed",))
TG_IDENTITY = Identity(id="TargetGroupName", arn="TargetGroupArn", name="TargetGroupName",
                       type="AWS::ElasticLoadBalancingV2::TargetGroup")

load_balancers = Source("elbv2:load_balancers", "elbv2", "describe_load_balancers", "LoadBalancers",
    identity=V2_IDENTITY)

load_balancer_attributes = Source(
    "elbv2:load_balancer_attributes", "elbv2", "describe_load_balancers", "LoadBalancers",
    follow_ups=(FollowUp("describe_load_balancer_attributes",
                         lambda lb: {"LoadBalancerArn": lb["LoadBalancerArn"]}, "_attributes",
                         result_key="Attributes", missing=("LoadBalancerNotFound",)),),
    description="Load balancers, each with its attributes ([{Key, Value}]) under _attributes.",
    identity=V2_IDENTITY)

load_balancer_listeners = Source(
    "elbv2:load_balancer_listeners", "elbv2", "describe_load_balancers", "LoadBalancers",
    follow_ups=(FollowUp("describe_listeners", lambda lb: {"LoadBalancerArn": lb["LoadBalancerArn"]},
                         "_listeners", result_key="Listeners", paginate=True,
                         missing=("LoadBalancerNotFound",)),),
    description="Load balancers, each with its listeners (DescribeListeners, paginated) under _listeners.",
    identity=V2_IDENTITY)

target_groups = Source("elbv2:target_groups", "elbv2", "describe_target_groups", "TargetGroups",
    identity=TG_IDENTITY)

target_group_attributes = Source(
    "elbv2:target_group_attributes", "elbv2", "describe_target_groups", "TargetGroups",
    follow_ups=(FollowUp("describe_target_group_attributes",
                         lambda tg: {"TargetGroupArn": tg["TargetGroupArn"]}, "_attributes",
                         result_key="Attributes", missing=("TargetGroupNotFound",)),),
    description="Target groups, each with its attributes ([{Key, Value}]) under _attributes.",
    identity=TG_IDENTITY)
