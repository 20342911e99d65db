"""Organisation scan benchmark: memory as the account count grows, and wall time against one account at a time.

Where the organisation-scan claims in README come from (issue 10, "Tests that must exist"):

1. Memory. A moto organisation of 10 accounts, then one of 40 (the management account plus members, every account
   seeded alike through an assumed role: volumes, subnets with NAT routes, DB instances, Auto Scaling groups, one
   region), each scanned with every built-in check in a fresh subprocess (this script re-invoked with ``--child``).
   The child reads ``getrusage(RUSAGE_SELF).ru_maxrss`` (peak RSS) twice: once the organisation is built, and
   after the scan. moto keeps every account's resources in this same process, so the total grows with the
   account count whatever awslint does; the scan's own cost is the increment between the two readings. Before
   the first reading every account is also asked once for each source awslint reads, so that moto creates its
   lazily built per-account backends (IAM, S3, Lambda, ...) as part of the organisation, not of the scan.
2. Latency. A 20-account organisation with simulated network latency on every API call: one ``--org`` scan with
   1, 4 and 8 accounts in flight, against 20 single-account scans one after another (the shell loop people
   write today); prints the ratio of the sum to the organisation scan.

The latency hook wraps ``botocore.endpoint.Endpoint.make_request`` (one sleep per API operation, outside the GIL,
before moto answers). That covers every client of every botocore session, including the fresh sessions
``AwsSession.assume`` creates per member account, which a ``before-send`` handler registered on one session
would miss. Run:

    python benchmarks/bench_org.py                    # the README figures (about 7 minutes on 2 cores)
    python benchmarks/bench_org.py --quick            # smoke run: 4- and 8-account memory runs, 4-account latency run
    python benchmarks/bench_org.py --skip-latency     # memory only; --sizes 10,20,40 for more points

The default run scans 140 accounts in all, and each account scan costs about 2-3 s of CPU in one process (mostly
botocore client creation, see README "Performance"), so it cannot be much shorter at these sizes. Numbers depend on the
machine and on what else runs on it (the load average is printed); the README quotes a run on the 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_DEFAULT_REGION": "us-east-1", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
                   "AWS_EC2_METADATA_DISABLED": "true"})

import boto3
import botocore.endpoint

from awslint.registry import build_registry
from awslint.scan import run_scan
from awslint.session import AwsSession
from awslint.settings import Flags, resolve

REGION = "us-east-1"
ROLE = "OrganizationAccountAccessRole"  # the role AWS Organizations creates in accounts it creates

# --- simulated latency: every API call of every session waits LATENCY[0] seconds while it is non-zero ---
LATENCY = [0.0]
_make_request = botocore.endpoint.Endpoint.make_request


def _slow_make_request(self, operation_model, request_dict):
    if LATENCY[0]:
        time.sleep(LATENCY[0])  # real AWS calls spend 20-200 ms on the network; moto answers in microseconds
    return _make_request(self, operation_model, request_dict)


botocore.endpoint.Endpoint.make_request = _slow_make_request  # type: ignore[method-assign]


@contextlib.contextmanager
def latency(ms: float) -> Iterator[None]:
    LATENCY[0] = ms / 1000
    try:
        yield
    finally:
        LATENCY[0] = 0.0


# --- the organisation ---

def build_account(client: Callable[[str], Any], volumes: int, subnets: int, databases: int, groups: int) -> int:
    """One account's resources in REGION: volumes, subnets routed through a NAT gateway, DBs, ASGs."""
    ec2 = client("ec2")
    for i in range(volumes):
        ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8 + i % 100, VolumeType="gp2" if i % 2 else "gp3")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    nat_subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.255.0/24", AvailabilityZone=f"{REGION}a")["Subnet"]
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=nat_subnet["SubnetId"], AllocationId=eip)["NatGateway"]["NatGatewayId"]
    for i in range(subnets):
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24",
                                   AvailabilityZone=f"{REGION}{'ab'[i % 2]}")["Subnet"]["SubnetId"]
        rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)
    rds = client("rds")
    for i in range(databases):
        rds.create_db_instance(DBInstanceIdentifier=f"bench-db-{i}", Engine="postgres", DBInstanceClass="db.t3.micro",
                               AllocatedStorage=20, MasterUsername="bench", MasterUserPassword="bench-password-1",
                               MultiAZ=bool(i % 2), PubliclyAccessible=False)
    if groups:
        asg = client("autoscaling")
        asg.create_launch_configuration(LaunchConfigurationName="bench-lc", ImageId="ami-12345678",
                                        InstanceType="t3.micro")
        for i in range(groups):
            asg.create_auto_scaling_group(AutoScalingGroupName=f"bench-asg-{i}", LaunchConfigurationName="bench-lc",
                                          MinSize=0, MaxSize=1, AvailabilityZones=[f"{REGION}a"])
    return volumes + subnets + databases + groups


def clients_in(management: boto3.Session, account: str) -> Callable[[str], Any]:
    """Clients in a member account, through the role an administrator would use to seed it (moto keeps each
    account's resources apart). They come from the management session, which has the service models loaded."""
    creds = management.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="seed")["Credentials"]
    keys = {"aws_access_key_id": creds["AccessKeyId"], "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"]}
    return functools.cache(lambda service: management.client(service, region_name=REGION, **keys))


def touch_backends(client: Callable[[str], Any], registry) -> None:
    """One read per source awslint reads: moto builds an account's backend for a service (the EC2 one takes
    seconds) on its first call there, which belongs to the organisation's build, not to the scan that follows."""
    for source in registry.sources.values():
        # a read moto does not implement, or one that needs parameters, has nothing to warm
        with contextlib.suppress(Exception):
            getattr(client(source.service), source.operation)(**dict(source.params))


def build_organisation(accounts: int, per_account: dict[str, int], registry) -> tuple[list[str], int]:
    """An organisation of ``accounts`` accounts (the management account + members), each seeded alike."""
    management = boto3.Session(region_name=REGION)
    org = management.client("organizations")
    org.create_organization(FeatureSet="ALL")
    ids = [management.client("sts").get_caller_identity()["Account"]]
    for index in range(1, accounts):
        ids.append(org.create_account(AccountName=f"member-{index:02d}",
                                      Email=f"m{index}@example.com")["CreateAccountStatus"]["AccountId"])
    resources = 0
    for account in ids:
        client = functools.cache(lambda service: management.client(service, region_name=REGION)) \
            if account == ids[0] else clients_in(management, account)
        resources += build_account(client, **per_account)
        touch_backends(client, registry)
    return ids, resources


def org_scan(registry, in_flight: int):
    settings = resolve(Flags(regions=(REGION,), org=True, role_name=ROLE, accounts_in_flight=in_flight), registry)
    return run_scan(settings, registry, aws=AwsSession(boto3.Session(region_name=REGION)))


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# --- children: one measurement each, in a fresh process, printed as one JSON line ---

def child_memory(args: argparse.Namespace) -> dict:
    from moto import mock_aws

    registry = build_registry()
    with mock_aws():
        started = time.perf_counter()
        ids, resources = build_organisation(args.accounts, per_account(args), registry)
        built, rss_built = time.perf_counter() - started, max_rss_mb()
        started = time.perf_counter()
        report = org_scan(registry, args.in_flight)
        scanned, rss_scanned = time.perf_counter() - started, max_rss_mb()
    assert len(report.scan["accounts"]) == len(ids), report.scan["accounts"]
    return {"accounts": len(ids), "resources": resources, "build_s": built, "scan_s": scanned,
            "rss_built_mb": rss_built, "rss_scanned_mb": rss_scanned, "results": len(report.results),
            "api_calls": report.scan["api_calls"]}


@contextlib.contextmanager
def moto_backend(server: bool) -> Iterator[None]:
    """moto in this process (its request handling shares the CPU and the GIL with awslint), or ``moto_server`` in
    a process of its own behind ``AWS_ENDPOINT_URL`` (this process then spends CPU on awslint alone, as against
    AWS, where the service's work happens elsewhere)."""
    if not server:
        from moto import mock_aws

        with mock_aws():
            yield
        return
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    moto_server = Path(sys.executable).parent / "moto_server"
    proc = subprocess.Popen([str(moto_server), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        os.environ["AWS_ENDPOINT_URL"] = url
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def child_latency(args: argparse.Namespace) -> dict:
    registry = build_registry()
    with moto_backend(args.server):
        ids, resources = build_organisation(args.accounts, per_account(args), registry)
        out: dict = {"accounts": len(ids), "resources": resources, "org": {}, "single": []}
        with latency(args.latency_ms):
            for in_flight in args.in_flight_list:
                started = time.perf_counter()
                report = org_scan(registry, in_flight)
                assert len(report.scan["accounts"]) == len(ids), report.scan["accounts"]
                out["org"][in_flight] = (time.perf_counter() - started, report.scan["api_calls"])
            base = AwsSession(boto3.Session(region_name=REGION))
            single = resolve(Flags(regions=(REGION,)), registry)
            for account in ids:
                started = time.perf_counter()  # the loop's cost per account: assume the role, then scan
                aws = base if account == ids[0] else base.assume(account, ROLE)
                report = run_scan(single, registry, aws=aws)
                assert report.scan["accounts"] == [account]
                out["single"].append((time.perf_counter() - started, report.scan["api_calls"]))
    return out


def per_account(args: argparse.Namespace) -> dict[str, int]:
    return {"volumes": args.volumes, "subnets": args.subnets, "databases": args.databases, "groups": args.groups}


def run_child(kind: str, accounts: int, args: argparse.Namespace, **extra: object) -> dict:
    """This script again, in a fresh interpreter: the peak RSS it reports is that measurement's alone."""
    command = [sys.executable, __file__, "--child", kind, "--accounts", str(accounts)]
    for key, value in extra.items():
        flag = f"--{key.replace('_', '-')}"
        if value is True:
            command.append(flag)
        elif isinstance(value, list | tuple):
            command += [flag, ",".join(str(v) for v in value)]
        elif value is not False:
            command += [flag, str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"child {' '.join(command[2:])} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def runs_note(repeat: int) -> str:
    return "one run each" if repeat == 1 else f"medians of {repeat} runs"


def memory(args: argparse.Namespace, sizes: list[int]) -> None:
    print(f"\nmemory: --org scan, all checks, {REGION}, {args.in_flight} accounts in flight, per account "
          f"{args.volumes} volumes, {args.subnets} subnets, {args.databases} DBs, {args.groups} ASGs; "
          f"fresh process per run, {runs_note(args.repeat)}")
    rows = {}
    for accounts in sizes:
        runs = [run_child("memory", accounts, args, in_flight=args.in_flight,
                          **per_account(args)) for _ in range(args.repeat)]
        rows[accounts] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    print("| accounts | resources | build | scan | peak RSS built | peak RSS after scan | scan increment |")
    print("|---|---|---|---|---|---|---|")
    for accounts, r in rows.items():
        print(f"| {accounts} | {r['resources']:.0f} | {r['build_s']:.1f} s | {r['scan_s']:.1f} s "
              f"| {r['rss_built_mb']:.0f} MB | {r['rss_scanned_mb']:.0f} MB "
              f"| {r['rss_scanned_mb'] - r['rss_built_mb']:.0f} MB |")
    small, large = rows[sizes[0]], rows[sizes[-1]]
    increment = (large["rss_scanned_mb"] - large["rss_built_mb"]) / max(small["rss_scanned_mb"] - small["rss_built_mb"], 1)
    print(f"ratio {sizes[-1]}/{sizes[0]} accounts: scan increment {increment:.2f}x, "
          f"total peak RSS {large['rss_scanned_mb'] / small['rss_scanned_mb']:.2f}x, "
          f"moto's stored organisation {large['rss_built_mb'] / small['rss_built_mb']:.2f}x")


def latency_runs(args: argparse.Namespace, accounts: int) -> None:
    in_flight = sorted({1, *args.latency_in_flight})
    where = "moto_server in its own process" if args.server else "in-process moto"
    print(f"\nlatency ({where}): {accounts}-account organisation, {args.latency_ms:.0f} ms simulated per API call, all checks, "
          f"{REGION}, per account {args.latency_volumes} volumes, 1 subnet, 1 DB, 1 ASG; {runs_note(args.repeat)}")
    runs = [run_child("latency", accounts, args, in_flight_list=in_flight, latency_ms=args.latency_ms,
                      volumes=args.latency_volumes, subnets=1, databases=1, groups=1, server=args.server)
            for _ in range(args.repeat)]
    singles = statistics.median(sum(s[0] for s in r["single"]) for r in runs)
    single_calls = sum(s[1] for s in runs[0]["single"])
    print("| scan | wall time | API calls |")
    print("|---|---|---|")
    print(f"| {accounts} single-account scans, one after another (sum) | {singles:.1f} s | {single_calls} |")
    org = {}
    for n in in_flight:
        org[n] = statistics.median(r["org"][str(n)][0] for r in runs)
        print(f"| one --org scan, {n} account(s) in flight | {org[n]:.1f} s | {runs[0]['org'][str(n)][1]} |")
    print("sum of single-account scans / org scan: "
          + ", ".join(f"{singles / org[n]:.1f}x with {n} in flight" for n in in_flight))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 4 and 8 accounts, 4-account latency run")
    parser.add_argument("--sizes", default="10,40", help="organisation sizes for the memory runs (accounts)")
    parser.add_argument("--volumes", type=int, default=30, help="per account (memory runs)")
    parser.add_argument("--subnets", type=int, default=5, help="per account (memory runs)")
    parser.add_argument("--databases", type=int, default=3, help="per account (memory runs)")
    parser.add_argument("--groups", type=int, default=2, help="Auto Scaling groups per account (memory runs)")
    parser.add_argument("--in-flight", type=int, default=4, help="--accounts-in-flight for the memory runs")
    parser.add_argument("--latency-accounts", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50.0, help="simulated network latency per API call")
    parser.add_argument("--latency-in-flight", default="4,8", help="--accounts-in-flight values to time (1 is added)")
    parser.add_argument("--latency-volumes", type=int, default=3, help="volumes per account (latency run)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (medians)")
    parser.add_argument("--server", action="store_true",
                        help="latency runs against moto_server in its own process (awslint's CPU alone in this one)")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--child", choices=("memory", "latency"), help=argparse.SUPPRESS)
    parser.add_argument("--accounts", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--in-flight-list", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        if args.in_flight_list:
            args.in_flight_list = [int(n) for n in args.in_flight_list.split(",")]
        print(json.dumps((child_memory if args.child == "memory" else child_latency)(args)))
        return

    sizes = [4, 8] if args.quick else [int(n) for n in args.sizes.split(",")]
    latency_accounts = 4 if args.quick else args.latency_accounts
    args.latency_in_flight = [4] if args.quick else [int(n) for n in args.latency_in_flight.split(",")]
    started = time.perf_counter()
    print(f"awslint organisation benchmark: {len(build_registry().checks)} checks, in-process moto, "
          f"latency hook on botocore Endpoint.make_request{' (--quick)' if args.quick else ''}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if not args.skip_memory:
        memory(args, sizes)
    if not args.skip_latency:
        latency_runs(args, latency_accounts)
    print(f"\ntotal {time.perf_counter() - started:.0f}s, load average now {os.getloadavg()[0]:.1f} "
          "(other work on the machine slows every figure above)")


if __name__ == "__main__":
    main()
