"""Classic Load Balancer sources (regional)."""

from awslint.sources.base import FollowUp, Identity, Source

load_balancers = Source("elb:load_balancers", "elb", "describe_load_balancers", "LoadBalancerDescriptions",
    identity=Identity(
        id="LoadBalancerName", arn="arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/{LoadBalancerName}",
        name="LoadBalancerName", type="AWS::ElasticLoadBalancing::LoadBalancer"))

#: The same list with each load balancer's attributes (cross-zone, draining, logs) under
#: ``_attributes``: a separate key so that checks which only need the list do not pay one
#: extra call per load balancer. A load balancer deleted mid-scan stores None.
load_balancer_attributes = Source(
    "elb:load_balancer_attributes", "elb", "describe_load_balancers", "LoadBalancerDescriptions",
    follow_ups=(FollowUp("describe_load_balancer_attributes",
                         lambda lb: {"LoadBalancerName": lb["LoadBalancerName"]}, "_attributes",
                         result_key="LoadBalancerAttributes", missing=("LoadBalancerNotFound",)),),
    description="Classic Load Balancers, each with DescribeLoadBalancerAttributes under _attributes.",
    identity=Identity(
        id="LoadBalancerName", arn="arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/{LoadBalancerName}",
        name="LoadBalancerName", type="AWS::ElasticLoadBalancing::LoadBalancer"))
