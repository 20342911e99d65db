"""Demo network: VPCs whose private subnets egress through NAT gateways, correctly and not.

us-east-1 "shop-prod": one NAT gateway in us-east-1a serves both AZs (the classic cost shortcut
that makes us-east-1a a single point of failure) -> private-b FAILS nat-gateway-per-az.
eu-west-1 "shop-dr": a NAT gateway per AZ -> both private subnets PASS.

vpc-gateway-endpoints: shop-prod has an S3 gateway endpoint on its private route tables but no
DynamoDB one -> FAIL; shop-dr has both -> PASS.

vpc-peering-mesh-transit-gateway: in us-east-1, shop-prod, shop-analytics, shop-payments and
shop-shared-services are fully meshed by 6 peerings with no Transit Gateway -> all four FAIL.
In eu-west-1, shop-dr is peered only with shop-dr-tooling -> both PASS.

sg-admin-ports-open-to-world: shop-prod-bastion allows SSH from 0.0.0.0/0 and shop-dr-jumpbox
allows all traffic from ::/0 -> FAIL; shop-prod-web (HTTPS from anywhere), shop-dr-admin (SSH from
the office range only) and the default groups -> PASS.

rds-in-public-subnet: shop-legacy-reports-db sits in a DB subnet group made of shop-prod's public
subnets -> FAIL; shop-prod-catalog-db uses the private subnets -> PASS.
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
    build_gateway_endpoints(ctx)
    build_peering(ctx)
    build_security_groups(ctx)
    build_database_placement(ctx)


def _gateway_endpoint(ec2, region: str, vpc: dict, service: str, name: str) -> str:
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc["vpc"], VpcEndpointType="Gateway",
                                       ServiceName=f"com.amazonaws.{region}.{service}",
                                       RouteTableIds=vpc["private_route_tables"])["VpcEndpoint"]["VpcEndpointId"]
    _named(ec2, endpoint, name)
    return endpoint


def build_gateway_endpoints(ctx) -> None:
    """shop-prod: S3 only (DynamoDB traffic still pays the NAT); shop-dr: S3 and DynamoDB."""
    prod, dr = ctx.shared["vpc_prod"], ctx.shared["vpc_dr"]
    _gateway_endpoint(ctx.client("ec2", ctx.primary), ctx.primary, prod, "s3", "shop-prod-s3")
    for service in ("s3", "dynamodb"):
        _gateway_endpoint(ctx.client("ec2", ctx.secondary), ctx.secondary, dr, service, f"shop-dr-{service}")


def _small_vpc(ec2, name: str, cidr: str) -> str:
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    _named(ec2, vpc, name)
    return vpc


def _peer(ec2, requester: str, accepter: str, name: str) -> None:
    pcx = ec2.create_vpc_peering_connection(VpcId=requester, PeerVpcId=accepter)["VpcPeeringConnection"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx["VpcPeeringConnectionId"])
    _named(ec2, pcx["VpcPeeringConnectionId"], name)


def build_peering(ctx) -> None:
    """A 4-VPC full mesh in us-east-1 (grown one peering at a time, no Transit Gateway); one pair in eu-west-1."""
    east = ctx.client("ec2", ctx.primary)
    mesh = {"shop-prod": ctx.shared["vpc_prod"]["vpc"],
            "shop-analytics": _small_vpc(east, "shop-analytics", "10.30.0.0/16"),
            "shop-payments": _small_vpc(east, "shop-payments", "10.31.0.0/16"),
            "shop-shared-services": _small_vpc(east, "shop-shared-services", "10.32.0.0/16")}
    names = list(mesh)
    for i, left in enumerate(names):
        for right in names[i + 1:]:
            _peer(east, mesh[left], mesh[right], f"{left}-to-{right}")
    west = ctx.client("ec2", ctx.secondary)
    tooling = _small_vpc(west, "shop-dr-tooling", "10.21.0.0/16")
    _peer(west, ctx.shared["vpc_dr"]["vpc"], tooling, "shop-dr-to-shop-dr-tooling")


def _security_group(ec2, vpc: str, name: str, description: str, permissions: list[dict]) -> str:
    group = ec2.create_security_group(VpcId=vpc, GroupName=name, Description=description)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=permissions)
    _named(ec2, group, name)
    return group


def build_security_groups(ctx) -> None:
    """Two world-open admin groups (SSH from 0.0.0.0/0; all traffic from ::/0) and two correct ones."""
    east, west = ctx.client("ec2", ctx.primary), ctx.client("ec2", ctx.secondary)
    prod, dr = ctx.shared["vpc_prod"]["vpc"], ctx.shared["vpc_dr"]["vpc"]
    _security_group(east, prod, "shop-prod-bastion", "SSH bastion (open to the world)", [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    _security_group(east, prod, "shop-prod-web", "Public HTTPS", [
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
         "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    _security_group(west, dr, "shop-dr-jumpbox", "Break-glass jump host (all traffic over IPv6)", [
        {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    _security_group(west, dr, "shop-dr-admin", "SSH from the office only", [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
         "IpRanges": [{"CidrIp": "203.0.113.0/24", "Description": "office"}]}])


def build_database_placement(ctx) -> None:
    """One database in a subnet group of public subnets, one in private subnets."""
    rds, prod = ctx.client("rds", ctx.primary), ctx.shared["vpc_prod"]
    for group, tier in (("shop-prod-public-db", "public"), ("shop-prod-private-db", "private")):
        rds.create_db_subnet_group(DBSubnetGroupName=group, DBSubnetGroupDescription=f"shop-prod {tier} subnets",
                                   SubnetIds=list(prod[tier].values()))
    common = {"DBInstanceClass": "db.t4g.medium", "Engine": "postgres", "MasterUsername": "shop",
              "ManageMasterUserPassword": True, "AllocatedStorage": 50, "StorageType": "gp3",
              "StorageEncrypted": True, "BackupRetentionPeriod": 7}
    rds.create_db_instance(DBInstanceIdentifier="shop-legacy-reports-db", DBSubnetGroupName="shop-prod-public-db",
                           PubliclyAccessible=True, MultiAZ=False, **common)
    rds.create_db_instance(DBInstanceIdentifier="shop-prod-catalog-db", DBSubnetGroupName="shop-prod-private-db",
                           PubliclyAccessible=False, MultiAZ=True, **common)
