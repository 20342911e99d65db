"""EC2 and VPC sources (regional)."""

from awslint.sources.base import Source

subnets = Source("ec2:subnets", "ec2", "describe_subnets", "Subnets")
route_tables = Source("ec2:route_tables", "ec2", "describe_route_tables", "RouteTables")
nat_gateways = Source("ec2:nat_gateways", "ec2", "describe_nat_gateways", "NatGateways")
vpcs = Source("ec2:vpcs", "ec2", "describe_vpcs", "Vpcs")
vpc_endpoints = Source("ec2:vpc_endpoints", "ec2", "describe_vpc_endpoints", "VpcEndpoints")
vpc_peering_connections = Source(
    "ec2:vpc_peering_connections", "ec2", "describe_vpc_peering_connections", "VpcPeeringConnections")
transit_gateways = Source("ec2:transit_gateways", "ec2", "describe_transit_gateways", "TransitGateways")
transit_gateway_vpc_attachments = Source(
    "ec2:transit_gateway_vpc_attachments", "ec2", "describe_transit_gateway_vpc_attachments",
    "TransitGatewayVpcAttachments")
security_groups = Source("ec2:security_groups", "ec2", "describe_security_groups", "SecurityGroups")
internet_gateways = Source("ec2:internet_gateways", "ec2", "describe_internet_gateways", "InternetGateways")
instances = Source("ec2:instances", "ec2", "describe_instances", "Reservations[].Instances[]",
                   description="Instances in every state; user data is never requested.")
volumes = Source("ec2:volumes", "ec2", "describe_volumes", "Volumes")
snapshots = Source("ec2:snapshots", "ec2", "describe_snapshots", "Snapshots", params={"OwnerIds": ["self"]},
                   description="Snapshots owned by the scanned account.")
images = Source("ec2:images", "ec2", "describe_images", "Images", params={"Owners": ["self"], "IncludeDisabled": True},
                description="AMIs owned by the scanned account, disabled ones included (DescribeImages omits them "
                            "by default, yet they still hold their snapshots and can be re-enabled).")
launch_templates = Source("ec2:launch_templates", "ec2", "describe_launch_templates", "LaunchTemplates")
placement_groups = Source("ec2:placement_groups", "ec2", "describe_placement_groups", "PlacementGroups",
                          paginate=False)
ebs_encryption_by_default = Source(
    "ec2:ebs_encryption_by_default", "ec2", "get_ebs_encryption_by_default", "[@]", paginate=False,
    description="The account's EBS encryption-by-default setting in each region (one item per region).")
