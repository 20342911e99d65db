"""End to end over HTTP: ThreadedMotoServer, the real `awslint` CLI process, two regions.

This exercises the real boto3 path (endpoint URL, signing, XML/JSON parsing, pagination over
the wire), which in-process moto skips.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import boto3
import pytest

from tests.helpers import moto_server, validate_report


@pytest.fixture(scope="module")
def server():
    with moto_server() as url:
        yield url


def _client(url, service, region):
    return boto3.client(service, region_name=region, endpoint_url=url)


def _vpc_with_nat(url, region, azs, nat_per_az):
    ec2 = _client(url, "ec2", region)
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    nats, private = {}, {}
    for i, az in enumerate(azs):
        public = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.50.{i}.0/24", AvailabilityZone=az)["Subnet"]["SubnetId"]
        if nat_per_az or i == 0:
            eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
            nats[az] = ec2.create_nat_gateway(SubnetId=public, AllocationId=eip)["NatGateway"]["NatGatewayId"]
    for i, az in enumerate(azs):
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.50.{10 + i}.0/24", AvailabilityZone=az)["Subnet"]["SubnetId"]
        rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nats.get(az) or nats[azs[0]])
        ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet)
        private[az] = subnet
    return private


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": str(tmp_path / "none"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")})
    return env


def _awslint(url, *args, tmp_path):
    return subprocess.run([sys.executable, "-m", "awslint", "scan", "--endpoint-url", url, *args],
                          capture_output=True, text=True, env=_env(tmp_path), timeout=120)


def test_cli_over_http_two_regions_json_and_exit_codes(server, tmp_path):
    east = _vpc_with_nat(server, "us-east-1", ["us-east-1a", "us-east-1b"], nat_per_az=False)
    west = _vpc_with_nat(server, "eu-west-1", ["eu-west-1a", "eu-west-1b"], nat_per_az=True)
    out = tmp_path / "report.json"

    proc = _awslint(server, "--region", "us-east-1", "--region", "eu-west-1", "--check", "nat-gateway-per-az",
                    "--format", "json", "--output", str(out), tmp_path=tmp_path)

    assert proc.returncode == 1, proc.stderr
    report = validate_report(out.read_text())
    got = {(r["region"], r["resource_id"]): r["status"] for r in report["results"]}
    assert got == {("us-east-1", east["us-east-1a"]): "PASS", ("us-east-1", east["us-east-1b"]): "FAIL",
                   ("eu-west-1", west["eu-west-1a"]): "PASS", ("eu-west-1", west["eu-west-1b"]): "PASS"}
    assert report["scan"]["regions"] == ["us-east-1", "eu-west-1"]
    assert report["scan"]["accounts"] == ["123456789012"]
    # sts + ec2 DescribeRegions + 3 EC2 sources x 2 regions
    assert report["scan"]["api_calls"] == 8, report["scan"]["api_calls_by_operation"]

    clean = _awslint(server, "--region", "eu-west-1", "--check", "nat-gateway-per-az", tmp_path=tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "No failures." in clean.stdout and "Traceback" not in clean.stderr


def test_full_catalogue_over_http_never_crashes(server, tmp_path):
    """Every built-in check runs against the server; APIs moto lacks become ERRORs, not crashes."""
    out = tmp_path / "full.json"
    proc = _awslint(server, "--region", "us-east-1", "--format", "json", "--output", str(out), tmp_path=tmp_path)
    assert proc.returncode in (1, 3), proc.stderr
    assert "Traceback" not in proc.stderr
    report = validate_report(json.loads(out.read_text()))
    assert report["summary"]["exit_code"] == proc.returncode


def test_collect_then_scan_offline_gives_the_same_verdicts(server, tmp_path):
    """`awslint collect` saves the inventory; `scan --from` re-evaluates it with no AWS at all."""
    _vpc_with_nat(server, "us-east-1", ["us-east-1a", "us-east-1b"], nat_per_az=False)  # its own failing subnet
    inventory, live, offline = tmp_path / "inv.json", tmp_path / "live.json", tmp_path / "offline.json"
    collect = subprocess.run([sys.executable, "-m", "awslint", "collect", "--endpoint-url", server, "--region",
                              "us-east-1", "--check", "nat-gateway-per-az", "--output", str(inventory)],
                             capture_output=True, text=True, env=_env(tmp_path), timeout=120)
    assert collect.returncode == 0, collect.stderr
    assert "API calls" in collect.stderr
    _awslint(server, "--region", "us-east-1", "--check", "nat-gateway-per-az", "--format", "json", "--output",
             str(live), tmp_path=tmp_path)
    env = _env(tmp_path)
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        env.pop(var)  # offline: no credentials at all
    proc = subprocess.run([sys.executable, "-m", "awslint", "scan", "--from", str(inventory), "--check",
                           "nat-gateway-per-az", "--format", "json", "--output", str(offline)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    pick = lambda path: sorted((r["resource_id"], r["status"], r["message"])  # noqa: E731
                               for r in validate_report(path.read_text())["results"])
    assert pick(offline) == pick(live) and pick(live)
