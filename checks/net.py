"""NET: VPC networking (Day 5: Advanced VPC networking).

These checks judge how traffic leaves and moves between subnets and VPCs: private subnets egressing through a
NAT gateway in another AZ (an AZ outage becomes everyone's), NAT-routed S3/DynamoDB traffic without free gateway
endpoints, peering meshes grown past what a Transit Gateway hub should carry, administration ports open to the
whole internet, and databases placed in subnets routed to an internet gateway. The lesson: routing decides blast
radius, cost and exposure, and a subnet's effective route table (its own, else the VPC's main table) is what counts.
"""

from __future__ import annotations

from collections import defaultdict

from awslint import Param, check, errored, failed, passed
from awslint.lessons import Lesson
from awslint.pricing import monthly, nat_processing_monthly

DEFAULT_ROUTES = ("0.0.0.0/0",)


def route_table_for_subnet(subnet_id: str, vpc_id: str | None, route_tables: list[dict]) -> dict | None:
    """The route table that governs a subnet: its explicit association, else the VPC's main table.

    A subnet with no explicit association silently uses the main route table; forgetting that is
    the classic way a "private" subnet ends up routed somewhere unexpected.
    """
    main = None
    for table in route_tables:
        if table.get("VpcId") != vpc_id:
            continue
        for assoc in table.get("Associations") or []:
            if assoc.get("AssociationState", {}).get("State", "associated") not in ("associated", "associating"):
                continue
            if assoc.get("SubnetId") == subnet_id:
                return table
            if assoc.get("Main"):
                main = table
    return main


def default_route(table: dict) -> dict | None:
    for route in table.get("Routes") or []:
        if route.get("DestinationCidrBlock") in DEFAULT_ROUTES:
            return route
    return None


@check(
    id="NET001", name="nat-gateway-per-az", severity="high",
    title="Private subnet reaches the internet through a NAT gateway in another AZ",
    needs=("ec2:subnets", "ec2:route_tables", "ec2:nat_gateways"),
    lesson=Lesson.VPC, pillars=("reliability", "cost"),
    resource_type="AWS::EC2::Subnet",
    rationale="A NAT gateway lives in one Availability Zone. A private subnet that egresses through a NAT "
              "gateway in another AZ loses internet access when that AZ fails, and pays cross-AZ data "
              "transfer on every byte.",
    evaluates="Every subnet whose IPv4 default route (0.0.0.0/0), from its explicitly associated route table "
              "or else the VPC's main route table, targets a NAT gateway. PASS when the NAT gateway is in the "
              "subnet's AZ or is a regional NAT gateway (AvailabilityMode=regional, which spans AZs). FAIL "
              "when it is in another AZ, or when the route points to a NAT gateway that is failed, deleting, "
              "deleted, or absent from the account's NAT gateways with a blackhole route (the subnet has no egress "
              "at all). ERROR when the AZ cannot be known: the route is active but the NAT gateway is not in the "
              "account's listing (e.g. owned by another account), or the NAT gateway's subnet is not visible. "
              "Subnets whose default route goes elsewhere (internet gateway, transit gateway, none) are not "
              "evaluated.",
    remediation="Create a NAT gateway in every AZ that has private subnets and give each AZ's private subnets "
                "a route table whose 0.0.0.0/0 route targets the NAT gateway in the same AZ "
                "(console: VPC > NAT gateways > Create; CLI: aws ec2 create-nat-gateway --subnet-id "
                "<public-subnet-in-az> --allocation-id <eip>; aws ec2 replace-route --route-table-id <rtb> "
                "--destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-in-same-az>). Alternatively use a "
                "regional NAT gateway.",
    references=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
        "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_planning_network_topology_ha_conn_users.html",
        "Trusted Advisor: NAT Gateway AZ Independence",
        "Well-Architected REL10-BP01",
    ),
)
def nat_gateway_per_az(inv, params):
    """A NAT gateway in another AZ turns one AZ's outage into an outage of every AZ routed through it."""
    subnets = {s["SubnetId"]: s for s in inv["ec2:subnets"]}
    if not subnets:
        return  # no subnet to judge: route tables and NAT gateways need not be read
    tables = inv["ec2:route_tables"]
    nats: dict | None = None  # read only once a subnet routes to a NAT gateway
    live_nats: set[str] = set()
    for subnet in inv.live("ec2:subnets"):
        subnet_id = subnet["SubnetId"]
        table = route_table_for_subnet(subnet_id, subnet.get("VpcId"), tables)
        route = default_route(table) if table else None
        nat_id = route.get("NatGatewayId") if route else None
        if table is None or route is None or not nat_id:
            continue
        if nats is None:
            nats = {n["NatGatewayId"]: n for n in inv["ec2:nat_gateways"]}
            live_nats = {n["NatGatewayId"] for n in inv.live("ec2:nat_gateways")}
        az = subnet.get("AvailabilityZone", "?")
        how = "its route table" if any(a.get("SubnetId") == subnet_id for a in table.get("Associations") or []) \
            else "the VPC's main route table"
        nat = nats.get(nat_id)
        if nat is None and route.get("State") == "active":
            # AWS marks a route whose NAT gateway is gone as blackhole; an active one points to a NAT
            # gateway this account cannot list (e.g. owned by another account): its AZ is unknown.
            yield errored(subnet, f"Subnet {subnet_id} ({az}) routes 0.0.0.0/0 via {how} to NAT gateway {nat_id}, "
                          "which is not among this account's NAT gateways although the route is active (owned by "
                          "another account?), so its AZ cannot be judged.")
            continue
        if nat is None or nat_id not in live_nats:
            state = nat.get("State") if nat else "not found"
            yield failed(subnet, f"Subnet {subnet_id} ({az}) routes 0.0.0.0/0 via {how} to NAT gateway {nat_id}, "
                         f"which is {state}: the route is a blackhole. Point it at an available NAT gateway in {az}.")
            continue
        if nat.get("AvailabilityMode") == "regional":
            yield passed(subnet, f"Subnet {subnet_id} ({az}) egresses through regional NAT gateway {nat_id}, "
                         "which spans AZs.")
            continue
        nat_subnet = subnets.get(nat.get("SubnetId"))
        nat_az = nat_subnet.get("AvailabilityZone") if nat_subnet else None
        if nat_az is None:
            yield errored(subnet, f"Subnet {subnet_id} ({az}) routes to NAT gateway {nat_id} whose subnet "
                          f"{nat.get('SubnetId')} was not found, so its AZ cannot be judged.")
        elif nat_az == az:
            yield passed(subnet, f"Subnet {subnet_id} ({az}) egresses through NAT gateway {nat_id} in the same AZ.")
        else:
            yield failed(subnet, f"Subnet {subnet_id} ({az}) egresses via {how} through NAT gateway {nat_id} in "
                         f"{nat_az}: an outage of {nat_az} cuts its internet access and every byte pays cross-AZ "
                         f"transfer. Create a NAT gateway in {az} and route this subnet to it.")


# -- NET002: gateway endpoints for S3 and DynamoDB ------------------------------------------------
GATEWAY_SERVICES = {"s3": "S3", "dynamodb": "DynamoDB"}
LIVE_ENDPOINT_STATES = ("available",)


def _endpoint_service(endpoint: dict) -> str:
    """``com.amazonaws.us-east-1.s3`` -> ``s3`` (also ``cn.com.amazonaws.cn-north-1.s3``)."""
    return str(endpoint.get("ServiceName") or "").rsplit(".", 1)[-1].lower()


def _is_gateway(endpoint: dict) -> bool:
    """Gateway endpoints are the only kind attached to route tables. moto omits ``VpcEndpointType`` when
    the creator did not pass it (AWS then defaults to Gateway and always returns the type), so an
    endpoint without a type counts as a gateway only if it is attached to route tables."""
    kind = endpoint.get("VpcEndpointType")
    if kind is None:
        return bool(endpoint.get("RouteTableIds"))
    return str(kind).lower() == "gateway"


def nat_routed_tables(inv) -> dict[str, dict[str, list[str]]]:
    """``{vpc_id: {route_table_id: [subnet_id, ...]}}`` for subnets whose effective default route is a NAT gateway."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    subnets = inv["ec2:subnets"]
    tables = inv["ec2:route_tables"] if subnets else []  # no subnet, no route table to look up
    for subnet in subnets:
        vpc_id = subnet.get("VpcId")
        table = route_table_for_subnet(subnet["SubnetId"], vpc_id, tables)
        route = default_route(table) if table else None
        if table is not None and route and route.get("NatGatewayId"):
            out[vpc_id][table["RouteTableId"]].append(subnet["SubnetId"])
    return out


@check(
    id="NET002", name="vpc-gateway-endpoints", severity="medium",
    title="NAT-routed private subnets reach S3 or DynamoDB without a gateway endpoint",
    needs=("ec2:vpcs", "ec2:subnets", "ec2:route_tables", "ec2:vpc_endpoints"),
    lesson=Lesson.VPC, pillars=("cost", "performance", "security"),
    resource_type="AWS::EC2::VPC",
    params={"services": Param(["s3", "dynamodb"], "Services that need a gateway endpoint (gateway endpoints exist "
                              "only for s3 and dynamodb)",
                              schema={"type": "array", "items": {"enum": ["s3", "dynamodb"]},
                                      "description": "Services that need a gateway endpoint"})},
    rationale="Gateway endpoints for S3 and DynamoDB are free and keep that traffic on the AWS network. Without "
              "them, every byte private subnets exchange with S3 or DynamoDB goes through the NAT gateway, which "
              "charges per GB processed and caps bandwidth.",
    evaluates="Every VPC with at least one subnet whose IPv4 default route (from its explicitly associated route "
              "table, else the VPC's main table) targets a NAT gateway. The route tables those subnets use are "
              "the NAT-routed tables. PASS when, for each service in `services`, an available Gateway endpoint "
              "of that service in the VPC is associated with every NAT-routed table. FAIL when a service has no "
              "gateway endpoint, or its endpoints are not associated with some NAT-routed tables (an endpoint "
              "counts only for the tables it is associated with: traffic from the other tables still goes "
              "through the NAT). Interface endpoints for S3 do not count (they cost per hour and per GB). "
              "Endpoints that are not `available` (pending, deleting, failed...) do not count. VPCs without "
              "NAT-routed subnets are not evaluated.",
    remediation="Create a gateway endpoint for S3 and for DynamoDB in the VPC and associate it with every route "
                "table of the NAT-routed private subnets (console: VPC > Endpoints > Create endpoint > AWS "
                "services > com.amazonaws.<region>.s3, type Gateway, select the private route tables; CLI: aws ec2 "
                "create-vpc-endpoint --vpc-id <vpc> --vpc-endpoint-type Gateway --service-name "
                "com.amazonaws.<region>.s3 --route-table-ids <rtb-1> <rtb-2>; to add tables to an existing "
                "endpoint: aws ec2 modify-vpc-endpoint --vpc-endpoint-id <vpce> --add-route-table-ids <rtb>).",
    references=(
        "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-ddb.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-pricing.html",
    ),
)
def vpc_gateway_endpoints(inv, params):
    """S3 and DynamoDB traffic through a NAT gateway pays twice (per GB) for what a free gateway endpoint does."""
    wanted = [s for s in params["services"] if s in GATEWAY_SERVICES]
    routed = sorted(nat_routed_tables(inv).items())
    if not routed:
        return  # no NAT-routed subnet: VPCs and endpoints need not be read
    vpcs = {v["VpcId"]: v for v in inv["ec2:vpcs"]}
    endpoints = [e for e in inv["ec2:vpc_endpoints"] if _is_gateway(e)
                 and str(e.get("State") or "").lower() in LIVE_ENDPOINT_STATES]
    per_tb = monthly(nat_processing_monthly(1024))
    for vpc_id, tables in routed:
        vpc = vpcs.get(vpc_id)
        # A NAT-routed VPC missing from the VPC listing (created between two reads, hand-made data) is still
        # judged: by its id, with the ARN its identity would give.
        resource, arn = (vpc, None) if vpc is not None else (vpc_id, inv.arn("ec2", f"vpc/{vpc_id}"))
        table_ids = sorted(tables)
        problems, fixes = [], []
        for service in wanted:
            mine = [e for e in endpoints if e.get("VpcId") == vpc_id and _endpoint_service(e) == service]
            covered = {rtb for e in mine for rtb in e.get("RouteTableIds") or []}
            missing = [t for t in table_ids if t not in covered]
            if not mine:
                problems.append(f"has no {GATEWAY_SERVICES[service]} gateway endpoint")
                fixes.append(f"aws ec2 create-vpc-endpoint --vpc-id {vpc_id} --vpc-endpoint-type Gateway "
                             f"--service-name com.amazonaws.{inv.region}.{service} --route-table-ids {' '.join(table_ids)}")
            elif missing:
                ids = ", ".join(e["VpcEndpointId"] for e in mine)
                problems.append(f"its {GATEWAY_SERVICES[service]} gateway endpoint {ids} is not associated with "
                                f"{', '.join(missing)}")
                fixes.append(f"aws ec2 modify-vpc-endpoint --vpc-endpoint-id {mine[0]['VpcEndpointId']} "
                             f"--add-route-table-ids {' '.join(missing)}")
        subnets = sum(len(s) for s in tables.values())
        services = " and ".join(GATEWAY_SERVICES[s] for s in wanted)
        if problems:
            yield failed(resource, f"VPC {vpc_id} sends {subnets} private subnet(s) to the internet through a NAT gateway "
                         f"(route tables {', '.join(table_ids)}), but {'; '.join(problems)}. That traffic pays NAT "
                         f"data processing, {per_tb} per TB, and shares the NAT's bandwidth. Gateway endpoints are "
                         f"free: {'; '.join(fixes)}.", arn=arn)
        else:
            yield passed(resource, f"VPC {vpc_id}: every NAT-routed route table ({', '.join(table_ids)}) is associated "
                         f"with {services} gateway endpoints.", arn=arn)


# -- NET003: peering mesh without a Transit Gateway -----------------------------------------------
LIVE_TGW_ATTACHMENT_STATES = ("available", "modifying")


def _peering_graph(peerings: list[dict]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Adjacency between VPC ids and, per VPC, the ids of its active peering connections.

    VPC ids are unique across regions and accounts, so cross-region and cross-account peerings
    join one graph. moto ignores the ``status-code`` filter (as would a stale cache), so the
    status is checked here, for every row.
    """
    graph: dict[str, set[str]] = defaultdict(set)
    links: dict[str, set[str]] = defaultdict(set)
    for pcx in peerings:
        if (pcx.get("Status") or {}).get("Code") != "active":
            continue
        a = (pcx.get("RequesterVpcInfo") or {}).get("VpcId")
        b = (pcx.get("AccepterVpcInfo") or {}).get("VpcId")
        if not a or not b or a == b:
            continue
        graph[a].add(b)
        graph[b].add(a)
        links[a].add(pcx["VpcPeeringConnectionId"])
        links[b].add(pcx["VpcPeeringConnectionId"])
    return graph, links


def _component(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for other in graph.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


@check(
    id="NET003", name="vpc-peering-mesh-transit-gateway", severity="low",
    title="VPC is part of a peering mesh too large to manage without a Transit Gateway",
    needs=("ec2:vpcs", "ec2:vpc_peering_connections", "ec2:transit_gateways", "ec2:transit_gateway_vpc_attachments"),
    lesson=Lesson.VPC, pillars=("operational", "reliability"),
    resource_type="AWS::EC2::VPC",
    params={"max_vpcs": Param(3, "Largest number of VPCs that may be linked by peering before a Transit Gateway "
                              "is expected", schema={"type": "integer", "minimum": 2,
                                                     "description": "Largest peered group without a Transit Gateway"})},
    rationale="VPC peering is not transitive: N VPCs that must all talk need N(N-1)/2 peerings and a route per "
              "peer in every route table, so each new VPC touches every other. A Transit Gateway is a hub that "
              "scales to thousands of VPCs with central routing.",
    evaluates="Every VPC of the region with at least one active peering connection (pending, rejected, expired "
              "or deleted peerings are ignored; filtering is done client-side). Its peered group is every VPC "
              "reachable through active peerings in any scanned region or account, counted by VPC id. PASS when "
              "the group has at most `max_vpcs` VPCs, or when this VPC is attached to a Transit Gateway "
              "(attachment available or modifying: it is on the hub, or being migrated to it). FAIL when the "
              "group is larger and this VPC has no Transit Gateway attachment; the message says whether a "
              "Transit Gateway already exists in the region. VPCs without active peerings are not evaluated.",
    remediation="Create a Transit Gateway (or use a shared one), attach the peered VPCs, move their routes to the "
                "Transit Gateway and delete the peerings (console: VPC > Transit gateways > Create, then Transit "
                "gateway attachments > Create; CLI: aws ec2 create-transit-gateway --description hub; aws ec2 "
                "create-transit-gateway-vpc-attachment --transit-gateway-id <tgw> --vpc-id <vpc> --subnet-ids "
                "<one-subnet-per-az>; aws ec2 create-route --route-table-id <rtb> --destination-cidr-block "
                "10.0.0.0/8 --transit-gateway-id <tgw>; aws ec2 delete-vpc-peering-connection "
                "--vpc-peering-connection-id <pcx>).",
    references=(
        "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html",
        "https://docs.aws.amazon.com/vpc/latest/tgw/what-is-transit-gateway.html",
        "https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/transit-gateway.html",
    ),
)
def vpc_peering_mesh_transit_gateway(inv, params):
    """Peering scales quadratically; past a handful of VPCs a Transit Gateway hub is the manageable design."""
    limit = params["max_vpcs"]
    graph, links = _peering_graph(list({p["VpcPeeringConnectionId"]: p
                                        for p in inv.everywhere("ec2:vpc_peering_connections")}.values()))
    peered = [v for v in inv.live("ec2:vpcs") if v["VpcId"] in graph]
    if not peered:
        return  # no peered VPC here: Transit Gateways and their attachments need not be read
    attached = {a.get("VpcId"): a.get("TransitGatewayId") for a in inv["ec2:transit_gateway_vpc_attachments"]
                if str(a.get("State") or "").lower() in LIVE_TGW_ATTACHMENT_STATES}
    hubs = sorted(t["TransitGatewayId"] for t in inv["ec2:transit_gateways"] if t.get("State") == "available")
    for vpc in peered:
        vpc_id = vpc["VpcId"]
        group = _component(graph, vpc_id)
        peerings = set().union(*(links[v] for v in group))
        size = len(group)
        if vpc_id in attached:
            yield passed(vpc, f"VPC {vpc_id} is attached to Transit Gateway {attached[vpc_id]}; its peered group "
                         f"has {size} VPCs and {len(peerings)} active peering(s) left to retire.")
        elif size <= limit:
            yield passed(vpc, f"VPC {vpc_id} is peered within a group of {size} VPCs ({len(peerings)} active "
                         f"peering(s)), within the limit of {limit}.")
        else:
            full = size * (size - 1) // 2
            hub = (f"Transit Gateway {', '.join(hubs)} already exists in {inv.region}: attach this VPC to it"
                   if hubs else f"no Transit Gateway exists in {inv.region}: create one")
            yield failed(vpc, f"VPC {vpc_id} is one of {size} VPCs linked by {len(peerings)} active peering "
                         f"connections (a full mesh needs {full}, each with routes in every route table), above the "
                         f"limit of {limit}. Peering is not transitive and does not scale; {hub}, move the routes "
                         "and delete the peerings.")


# -- NET004: world-open administration ports ------------------------------------------------------
WORLD = {"IpRanges": ("CidrIp", "0.0.0.0/0"), "Ipv6Ranges": ("CidrIpv6", "::/0")}
PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "-1": "all", "all": "all"}


def _covered_ports(permission: dict, ports: list[int]) -> list[int]:
    """The admin ports an ingress permission opens. ``-1`` is every protocol and port; TCP/UDP
    rules without a port range (never returned by AWS, possible in hand-made data) count as all ports."""
    protocol = PROTOCOLS.get(str(permission.get("IpProtocol", "")).lower())
    if protocol is None:
        return []  # ICMP and other protocols carry no ports
    low, high = permission.get("FromPort"), permission.get("ToPort")
    if protocol == "all" or low is None or high is None or low == -1:
        return list(ports)
    return [p for p in ports if low <= p <= high]


def _describe(permission: dict) -> str:
    protocol = PROTOCOLS.get(str(permission.get("IpProtocol", "")).lower(), "all")
    if protocol == "all":
        return "all traffic"
    low, high = permission.get("FromPort"), permission.get("ToPort")
    if low is None or high is None or low == -1:
        return f"{protocol} all ports"
    return f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}"


@check(
    id="NET004", name="sg-admin-ports-open-to-world", severity="high",
    title="Security group allows SSH, RDP or other admin ports from 0.0.0.0/0 or ::/0",
    needs=("ec2:security_groups",),
    lesson=Lesson.VPC, pillars=("security",),
    resource_type="AWS::EC2::SecurityGroup",
    config_rule="vpc-sg-port-restriction-check", security_hub="EC2.53",
    params={"ports": Param([22, 3389], "Administration ports that must not be open to the whole internet",
                           schema={"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 65535},
                                   "description": "Administration ports"})},
    rationale="Remote administration ports open to the whole internet are scanned and brute-forced within "
              "minutes of exposure. Security groups are allow-only, so the rule itself is the exposure: reach "
              "instances through Session Manager, a VPN or a bastion restricted to known addresses.",
    evaluates="Every security group in the region (attached or not: an unused group is one attachment away "
              "from exposure). Ingress rules from 0.0.0.0/0 (IpRanges) or ::/0 (Ipv6Ranges) are examined; a rule "
              "opens a port when its protocol is all traffic (-1), or TCP or UDP with a port range that includes "
              "it. FAIL lists each such rule and the ports it opens; PASS when none opens any of `ports`. Rules "
              "whose source is a prefix list, a security group or a narrower CIDR are not judged here (prefix "
              "list contents are not collected). Same scope as the AWS Config rule vpc-sg-port-restriction-check "
              "and Security Hub EC2.53 (IPv4) and EC2.54 (IPv6); EC2.13 (port 22) and EC2.14 (port 3389) are subsets.",
    remediation="Remove the world-open rule and reach instances through AWS Systems Manager Session Manager, EC2 "
                "Instance Connect Endpoint or a VPN, or allow only known CIDRs (console: EC2 > Security Groups > "
                "<group> > Inbound rules > Edit; CLI: aws ec2 revoke-security-group-ingress --group-id <sg> "
                "--ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]).",
    references=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/vpc-sg-port-restriction-check.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-53",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-54",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    ),
)
def sg_admin_ports_open_to_world(inv, params):
    """SSH and RDP open to the internet are the most attacked doors in any account."""
    ports = sorted(set(params["ports"]))
    for group in inv.live("ec2:security_groups"):
        group_id = group["GroupId"]
        exposures = []
        for permission in group.get("IpPermissions") or []:
            opened = _covered_ports(permission, ports)
            if not opened:
                continue
            for ranges, (field, world) in WORLD.items():
                if any(r.get(field) == world for r in permission.get(ranges) or []):
                    exposures.append(f"{_describe(permission)} from {world} (opens {', '.join(map(str, opened))})")
        if exposures:
            yield failed(group, f"Security group {group_id} ({group.get('GroupName', '?')}) allows "
                         f"{'; '.join(exposures)}. Remove these rules and use Session Manager, a VPN or known CIDRs "
                         f"instead: aws ec2 revoke-security-group-ingress --group-id {group_id} ...")
        else:
            yield passed(group, f"Security group {group_id} ({group.get('GroupName', '?')}) opens none of ports "
                         f"{', '.join(map(str, ports))} to 0.0.0.0/0 or ::/0.")


# -- NET005: databases in public subnets ----------------------------------------------------------
#: Narrower than the rds:db_instances identity's gone states: instances in ``failed`` or ``delete-precheck``
#: state are still judged here, as they always were.
SKIPPED_DB_STATES = ("deleting", "deleted")
DB_INSTANCE_TYPE = "AWS::RDS::DBInstance"


def internet_gateway_routes(table: dict) -> list[str]:
    """Destinations the table sends to an internet gateway (active routes only: a route to a detached IGW is a blackhole)."""
    out = []
    for route in table.get("Routes") or []:
        if str(route.get("GatewayId") or "").startswith("igw-") and route.get("State") != "blackhole":
            out.append(route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
                       or route.get("DestinationPrefixListId") or "?")
    return out


@check(
    id="NET005", name="rds-in-public-subnet", severity="medium",
    title="Database instance's subnet group includes public subnets (routed to an internet gateway)",
    needs=("rds:db_instances", "ec2:route_tables"),
    lesson=Lesson.VPC, pillars=("security",),
    resource_type=DB_INSTANCE_TYPE,
    rationale="A database belongs in private subnets: in a subnet routed to an internet gateway it is one "
              "PubliclyAccessible flag or security group rule away from the internet, and RDS may place the "
              "instance (or fail it over) in any subnet of its DB subnet group.",
    evaluates="Every RDS and Aurora DB instance in the region except those deleting. Each subnet of its DB "
              "subnet group is judged by its effective route table (explicit association, else the VPC's main "
              "table): it is public when an active route targets an internet gateway (igw-...), whatever the "
              "destination. FAIL when any subnet of the group is public (the message says whether the instance "
              "is also PubliclyAccessible). PASS when all subnets are private. ERROR when a subnet's route table "
              "cannot be seen (for example a VPC shared from another account) and no subnet is public.",
    remediation="Give the database a DB subnet group made only of private subnets: remove the public subnets "
                "from its group, or move the instance to a private group (console: RDS > Subnet groups > <group> "
                "> Edit; CLI: aws rds modify-db-subnet-group --db-subnet-group-name <group> --subnet-ids "
                "<private-subnet-a> <private-subnet-b>; a subnet in use cannot be removed, so first move the "
                "instance, e.g. aws rds modify-db-instance --db-instance-identifier <db> --db-subnet-group-name "
                "<private-group-in-new-vpc> --apply-immediately, or restore a snapshot into the private group). "
                "Also set --no-publicly-accessible.",
    references=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
    ),
)
def rds_in_public_subnet(inv, params):
    """A database in a public subnet is one setting away from the internet."""
    dbs = [d for d in sorted(inv["rds:db_instances"], key=lambda d: d["DBInstanceIdentifier"])
           if d.get("DBInstanceStatus") not in SKIPPED_DB_STATES]
    if not dbs:
        return  # no DB instance to judge: the route tables need not be read
    tables = inv["ec2:route_tables"]
    for db in dbs:
        db_id = db["DBInstanceIdentifier"]
        # The rds:db_instances identity names an instance by its Name tag and types DocumentDB/Neptune
        # instances as such; this check has always named it by its identifier and typed it as an RDS instance.
        group = db.get("DBSubnetGroup") or {}
        subnets = [s.get("SubnetIdentifier") for s in group.get("Subnets") or [] if s.get("SubnetIdentifier")]
        if not subnets:
            yield errored(db, f"DB instance {db_id} reports no DB subnet group subnets; its placement cannot be "
                          "judged.", name=db_id, resource_type=DB_INSTANCE_TYPE)
            continue
        public, unknown = {}, []
        for subnet_id in subnets:
            table = route_table_for_subnet(subnet_id, group.get("VpcId"), tables)
            if table is None:
                unknown.append(subnet_id)
            elif routes := internet_gateway_routes(table):
                public[subnet_id] = f"{subnet_id} ({table['RouteTableId']}: {', '.join(routes)} -> internet gateway)"
        name = group.get("DBSubnetGroupName", "?")
        if public:
            exposed = (" It is also PubliclyAccessible, so it has a public IP address: only its security groups "
                       "stand between it and the internet." if db.get("PubliclyAccessible") else "")
            yield failed(db, f"DB instance {db_id} uses DB subnet group {name}, which includes public subnet(s) "
                         f"{'; '.join(public.values())}.{exposed} Use a subnet group of private subnets only.",
                         name=db_id, resource_type=DB_INSTANCE_TYPE)
        elif unknown:
            yield errored(db, f"DB instance {db_id}: the route tables of subnet(s) {', '.join(unknown)} in VPC "
                          f"{group.get('VpcId')} are not visible (shared VPC?), so whether they are public is unknown.",
                          name=db_id, resource_type=DB_INSTANCE_TYPE)
        else:
            yield passed(db, f"DB instance {db_id} uses DB subnet group {name}, whose {len(subnets)} subnet(s) have "
                         "no route to an internet gateway.", name=db_id, resource_type=DB_INSTANCE_TYPE)
