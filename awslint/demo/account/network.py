"""Demo network: VPCs whose private subnets egress through NAT gateways, correctly and not.

us-east-1 "shop-prod": one NAT gateway in us-east-1a serves both AZs (the classic cost shortcut
that makes us-east-1a a single point of failure) -> private-b FAILS nat-gateway-per-az.
eu-west-1 "shop-dr": a NAT gateway per AZ -> both private subnets PASS.
"""

from __future__ import annotations


def _named(ec2, resource_id: str, name: str) -> None:
    ec2.create_tags(Resources=[resource_id], Tags=[{"Key": "Name", "Value": name}])


def build_vpc(ctx, region: str, name: str, cidr_prefix: str, azs: list[str], nat_per_az: bool) -> dict:
    """A two-tier VPC: public subnets (IGW) and private subnets (NAT), one pair per AZ."""
    ec2 = ctx.client("ec2", region)
    vpc = ec2.create_vpc(CidrBlock=f"{cidr_prefix}.0.0/16")["Vpc"]["VpcId"]
    _named(ec2, vpc, name)
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public_rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    out = {"vpc": vpc, "public": {}, "private": {}, "nat": {}, "private_route_tables": []}
    for index, az in enumerate(azs):
        public = ec2.create_subnet(VpcId=vpc, CidrBlock=f"{cidr_prefix}.{index}.0/24", AvailabilityZone=az)
        public_id = public["Subnet"]["SubnetId"]
        _named(ec2, public_id, f"{name}-public-{az[-1]}")
        ec2.associate_route_table(RouteTableId=public_rt, SubnetId=public_id)
        out["public"][az] = public_id
        if nat_per_az or index == 0:
            eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
            nat = ec2.create_nat_gateway(SubnetId=public_id, AllocationId=eip)["NatGateway"]["NatGatewayId"]
            _named(ec2, nat, f"{name}-nat-{az[-1]}")
            out["nat"][az] = nat
    for index, az in enumerate(azs):
        private = ec2.create_subnet(VpcId=vpc, CidrBlock=f"{cidr_prefix}.{10 + index}.0/24", AvailabilityZone=az)
        private_id = private["Subnet"]["SubnetId"]
        _named(ec2, private_id, f"{name}-private-{az[-1]}")
        rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        nat = out["nat"].get(az) or out["nat"][azs[0]]
        ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        ec2.associate_route_table(RouteTableId=rt, SubnetId=private_id)
        out["private"][az] = private_id
        out["private_route_tables"].append(rt)
    return out


def build(ctx) -> None:
    ctx.shared["vpc_prod"] = build_vpc(ctx, ctx.primary, "shop-prod", "10.10", ["us-east-1a", "us-east-1b"],
                                       nat_per_az=False)
    ctx.shared["vpc_dr"] = build_vpc(ctx, ctx.secondary, "shop-dr", "10.20", ["eu-west-1a", "eu-west-1b"],
                                     nat_per_az=True)
