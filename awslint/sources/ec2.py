"""EC2 and VPC sources (regional)."""

from awslint.sources.base import Identity, Source

subnets = Source("ec2:subnets", "ec2", "describe_subnets", "Subnets",
    identity=Identity(
        id="SubnetId", arn=("SubnetArn", "arn:{partition}:ec2:{region}:{account}:subnet/{SubnetId}"), name="tag:Name",
        type="AWS::EC2::Subnet"))
route_tables = Source("ec2:route_tables", "ec2", "describe_route_tables", "RouteTables",
    identity=Identity(
        id="RouteTableId", arn="arn:{partition}:ec2:{region}:{account}:route-table/{RouteTableId}", name="tag:Name",
        type="AWS::EC2::RouteTable"))
nat_gateways = Source("ec2:nat_gateways", "ec2", "describe_nat_gateways", "NatGateways",
    identity=Identity(
        id="NatGatewayId", arn="arn:{partition}:ec2:{region}:{account}:natgateway/{NatGatewayId}", name="tag:Name",
        type="AWS::EC2::NatGateway", state="State", gone=("failed", "deleting", "deleted")))
vpcs = Source("ec2:vpcs", "ec2", "describe_vpcs", "Vpcs",
    identity=Identity(
        id="VpcId", arn="arn:{partition}:ec2:{region}:{account}:vpc/{VpcId}", name="tag:Name", type="AWS::EC2::VPC"))
vpc_endpoints = Source("ec2:vpc_endpoints", "ec2", "describe_vpc_endpoints", "VpcEndpoints",
    identity=Identity(
        id="VpcEndpointId", arn="arn:{partition}:ec2:{region}:{account}:vpc-endpoint/{VpcEndpointId}", name="tag:Name",
        type="AWS::EC2::VPCEndpoint", state="State", gone=("deleting", "deleted", "rejected", "failed", "expired")))
vpc_peering_connections = Source(
    "ec2:vpc_peering_connections", "ec2", "describe_vpc_peering_connections", "VpcPeeringConnections",
    identity=Identity(
        id="VpcPeeringConnectionId",
        arn="arn:{partition}:ec2:{region}:{account}:vpc-peering-connection/{VpcPeeringConnectionId}", name="tag:Name",
        type="AWS::EC2::VPCPeeringConnection", state="Status.Code",
        gone=("deleting", "deleted", "rejected", "failed", "expired")))
transit_gateways = Source("ec2:transit_gateways", "ec2", "describe_transit_gateways", "TransitGateways",
    identity=Identity(
        id="TransitGatewayId",
        arn=("TransitGatewayArn", "arn:{partition}:ec2:{region}:{account}:transit-gateway/{TransitGatewayId}"),
        name="tag:Name", type="AWS::EC2::TransitGateway", state="State", gone=("deleting", "deleted")))
transit_gateway_vpc_attachments = Source(
    "ec2:transit_gateway_vpc_attachments", "ec2", "describe_transit_gateway_vpc_attachments",
    "TransitGatewayVpcAttachments",
    identity=Identity(
        id="TransitGatewayAttachmentId",
        arn="arn:{partition}:ec2:{region}:{account}:transit-gateway-attachment/{TransitGatewayAttachmentId}",
        name="tag:Name", type="AWS::EC2::TransitGatewayVpcAttachment", state="State",
        gone=("deleting", "deleted", "failed", "failing", "rejected", "rejecting")))
security_groups = Source("ec2:security_groups", "ec2", "describe_security_groups", "SecurityGroups",
    identity=Identity(
        id="GroupId", arn=("SecurityGroupArn", "arn:{partition}:ec2:{region}:{account}:security-group/{GroupId}"),
        name=("tag:Name", "GroupName"), type="AWS::EC2::SecurityGroup"))
internet_gateways = Source("ec2:internet_gateways", "ec2", "describe_internet_gateways", "InternetGateways",
    identity=Identity(
        id="InternetGatewayId", arn="arn:{partition}:ec2:{region}:{account}:internet-gateway/{InternetGatewayId}",
        name="tag:Name", type="AWS::EC2::InternetGateway"))
instances = Source("ec2:instances", "ec2", "describe_instances", "Reservations[].Instances[]",
                   description="Instances in every state; user data is never requested.",
    identity=Identity(
        id="InstanceId", arn="arn:{partition}:ec2:{region}:{account}:instance/{InstanceId}", name="tag:Name",
        type="AWS::EC2::Instance", state="State.Name", gone=("shutting-down", "terminated")))
volumes = Source("ec2:volumes", "ec2", "describe_volumes", "Volumes",
    identity=Identity(
        id="VolumeId", arn=("VolumeArn", "arn:{partition}:ec2:{region}:{account}:volume/{VolumeId}"), name="tag:Name",
        type="AWS::EC2::Volume", state="State", gone=("deleting", "deleted")))
snapshots = Source("ec2:snapshots", "ec2", "describe_snapshots", "Snapshots", params={"OwnerIds": ["self"]},
                   description="Snapshots owned by the scanned account.",
    identity=Identity(
        id="SnapshotId", arn="arn:{partition}:ec2:{region}::snapshot/{SnapshotId}", name="tag:Name",
        type="AWS::EC2::Snapshot"))
images = Source("ec2:images", "ec2", "describe_images", "Images", params={"Owners": ["self"], "IncludeDisabled": True},
                description="AMIs owned by the scanned account, disabled ones included (DescribeImages omits them "
                            "by default, yet they still hold their snapshots and can be re-enabled).",
    identity=Identity(
        id="ImageId", arn="arn:{partition}:ec2:{region}::image/{ImageId}", name=("Name", "tag:Name"), type="AWS::EC2::Image",
        state="State", gone=("invalid", "deregistered", "transient", "failed", "error")))
launch_templates = Source("ec2:launch_templates", "ec2", "describe_launch_templates", "LaunchTemplates",
    identity=Identity(
        id="LaunchTemplateId", arn="arn:{partition}:ec2:{region}:{account}:launch-template/{LaunchTemplateId}",
        name="LaunchTemplateName", type="AWS::EC2::LaunchTemplate"))
placement_groups = Source("ec2:placement_groups", "ec2", "describe_placement_groups", "PlacementGroups",
                          paginate=False,
    identity=Identity(
        id="GroupName", arn=("GroupArn", "arn:{partition}:ec2:{region}:{account}:placement-group/{GroupName}"),
        name="GroupName", type="AWS::EC2::PlacementGroup", state="State", gone=("deleting", "deleted")))
ebs_encryption_by_default = Source(
    "ec2:ebs_encryption_by_default", "ec2", "get_ebs_encryption_by_default", "[@]", paginate=False,
    description="The account's EBS encryption-by-default setting in each region (one item per region).")
