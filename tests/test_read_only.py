"""awslint never changes an account: every API call a full scan makes is a read."""

from __future__ import annotations

import re

from awslint.demo import demo_account
from awslint.demo.account import PRIMARY, SECONDARY
from awslint.registry import build_registry
from awslint.scan import ScanOptions, run_scan

READ = re.compile(r"^(Describe|List|Get|BatchGet)[A-Za-z0-9]+$")


def test_full_demo_scan_makes_only_read_calls():
    registry = build_registry()
    seen: list[str] = []

    def record(model, **_):
        seen.append(f"{model.service_model.service_name}.{model.name}")

    with demo_account() as (aws, _):
        aws.session.events.register("before-call", record)  # inherited by every client created after this
        report = run_scan(registry, ScanOptions(regions=[PRIMARY, SECONDARY], source_label="demo"), aws=aws)

    assert seen, "the scan made no API calls at all"
    writes = sorted({op for op in seen if not READ.match(op.split(".", 1)[1])})
    assert writes == [], f"non-read operations called: {writes}"
    assert report.scan["api_calls"] == len(seen)
    # every source that a selected check needs was fetched at most once per region
    per_op = report.scan["api_calls_by_operation"]
    assert per_op.get("sts.GetCallerIdentity") == 1
    # several sources list load balancers, target groups or functions (with different per-item reads):
    # the list itself is still one call per region
    for op in ("elbv2.DescribeLoadBalancers", "elbv2.DescribeTargetGroups", "elb.DescribeLoadBalancers",
               "lambda.ListFunctions", "ec2.DescribeVolumes", "rds.DescribeDBInstances"):
        assert per_op.get(op) == 2, (op, per_op.get(op))
