"""Scan benchmark: where awslint's performance claims come from (never from a timed unit test).

Builds a synthetic account in moto (in-process, or over HTTP with --server), then scans it with
every built-in check, sequentially (1 worker) and in parallel (default workers), and prints
wall time and API calls. Also times the demo scan. Run:

    python benchmarks/bench_scan.py                 # in-process moto
    python benchmarks/bench_scan.py --server        # ThreadedMotoServer: real HTTP per call
    python benchmarks/bench_scan.py --volumes 1000 --regions 3

Numbers depend on the machine; the README quotes a run on the 2-core CI machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_DEFAULT_REGION": "us-east-1", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
                   "AWS_EC2_METADATA_DISABLED": "true"})

import boto3

from awslint.registry import build_registry
from awslint.scan import run_scan
from awslint.session import AwsSession
from awslint.settings import Flags, resolve

REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"]


def build_account(session: boto3.Session, regions: list[str], volumes: int, subnets: int, groups: int,
                  databases: int) -> int:
    """A synthetic account: many volumes, subnets/route tables, ASGs and DB instances per region."""
    created = 0
    for region in regions:
        ec2 = session.client("ec2", region_name=region)
        for i in range(volumes):
            ec2.create_volume(AvailabilityZone=f"{region}a", Size=8 + i % 100, VolumeType="gp2" if i % 2 else "gp3")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        nat_subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.255.0/24", AvailabilityZone=f"{region}a")
        eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
        nat = ec2.create_nat_gateway(SubnetId=nat_subnet["Subnet"]["SubnetId"], AllocationId=eip)["NatGateway"]
        for i in range(subnets):
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24",
                                       AvailabilityZone=f"{region}{'ab'[i % 2]}")["Subnet"]["SubnetId"]
            rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
            ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat["NatGatewayId"])
            ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)
        asg = session.client("autoscaling", region_name=region)
        asg.create_launch_configuration(LaunchConfigurationName="bench-lc", ImageId="ami-12345678",
                                        InstanceType="t3.micro")
        for i in range(groups):
            asg.create_auto_scaling_group(AutoScalingGroupName=f"bench-asg-{i}", LaunchConfigurationName="bench-lc",
                                          MinSize=0, MaxSize=1, AvailabilityZones=[f"{region}a"])
        rds = session.client("rds", region_name=region)
        for i in range(databases):
            rds.create_db_instance(DBInstanceIdentifier=f"bench-db-{i}", Engine="postgres", DBInstanceClass="db.t3.micro",
                                   AllocatedStorage=20, MasterUsername="bench", MasterUserPassword="bench-password-1",
                                   MultiAZ=bool(i % 2), PubliclyAccessible=False)
        created += volumes + subnets + groups + databases
    return created


@contextmanager
def moto_endpoint(server: bool):
    from moto import mock_aws

    if server:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
        srv = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        srv.start()
        host, port = srv.get_host_and_port()
        try:
            yield f"http://{host}:{port}"
        finally:
            srv.stop()
    else:
        with mock_aws():
            yield None


def scan_once(registry, regions, endpoint, workers, latency_ms: float = 0.0) -> tuple[float, int, int]:
    session = boto3.Session(region_name="us-east-1")
    if latency_ms:
        # moto answers in microseconds from the same process; real AWS calls spend 20-200 ms on the
        # network. Sleeping before each send (outside the GIL) models that wait honestly.
        session.events.register("before-send", lambda **_: time.sleep(latency_ms / 1000))
    aws = AwsSession(session, endpoint_url=endpoint)
    started = time.perf_counter()
    report = run_scan(resolve(Flags(regions=regions, max_workers=workers), registry), registry, aws=aws)
    return time.perf_counter() - started, report.scan["api_calls"], len(report.results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", action="store_true", help="go over HTTP (ThreadedMotoServer)")
    parser.add_argument("--regions", type=int, default=2)
    parser.add_argument("--volumes", type=int, default=300, help="per region")
    parser.add_argument("--subnets", type=int, default=40, help="per region")
    parser.add_argument("--groups", type=int, default=60, help="Auto Scaling groups per region (pages at 50)")
    parser.add_argument("--databases", type=int, default=30, help="per region")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=50.0,
                        help="simulated network latency per API call for the synthetic scans (0 = none)")
    args = parser.parse_args()
    regions = REGIONS[: args.regions]
    registry = build_registry()
    print(f"awslint benchmark: {len(registry.checks)} checks, regions {regions}, "
          f"{'ThreadedMotoServer (HTTP)' if args.server else 'in-process moto'}")

    from awslint.demo import demo_account
    demo_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        with demo_account() as (aws, build_seconds):
            scan_started = time.perf_counter()
            report = run_scan(resolve(Flags(demo=True), registry), registry, aws=aws)
            demo_times.append((time.perf_counter() - started, build_seconds, time.perf_counter() - scan_started,
                               report.scan["api_calls"], len(report.results)))
    total, build, scan, calls, results = (statistics.median(x) for x in zip(*demo_times, strict=True))
    print(f"demo: total {total:.2f}s (build {build:.2f}s, scan {scan:.2f}s), {calls:.0f} API calls, "
          f"{results:.0f} results (median of {args.repeat})")

    with moto_endpoint(args.server) as endpoint:
        session = boto3.Session(region_name="us-east-1")
        if endpoint:
            session = boto3.Session(region_name="us-east-1")
            real_client = session.client

            def client(service, **kw):
                return real_client(service, endpoint_url=endpoint, **kw)
            session.client = client  # type: ignore[method-assign]
        started = time.perf_counter()
        count = build_account(session, regions, args.volumes, args.subnets, args.groups, args.databases)
        print(f"synthetic account: {count} resources built in {time.perf_counter() - started:.1f}s")
        for latency in sorted({0.0, args.latency_ms}):
            for workers in (1, 16):
                runs = [scan_once(registry, regions, endpoint, workers, latency) for _ in range(args.repeat)]
                wall = statistics.median(r[0] for r in runs)
                print(f"scan, {latency:.0f} ms latency/call, {workers:>2} worker(s): {wall:.2f}s median of "
                      f"{args.repeat}, {runs[0][1]} API calls, {runs[0][2]} results")


if __name__ == "__main__":
    main()
