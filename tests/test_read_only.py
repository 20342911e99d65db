"""awslint never changes an account: every API call a full scan makes is a read."""

from __future__ import annotations

import re

READ = re.compile(r"^(Describe|List|Get|BatchGet)[A-Za-z0-9]+$")


def test_full_demo_scan_makes_only_read_calls(demo_scan):
    seen = demo_scan.calls

    assert seen, "the scan made no API calls at all"
    writes = sorted({op for op in seen if not READ.match(op.split(".", 1)[1])})
    assert writes == [], f"non-read operations called: {writes}"
    assert sum(demo_scan.api_calls_by_operation.values()) == len(seen)
    # every source that a selected check needs was fetched at most once per region
    per_op = demo_scan.api_calls_by_operation
    assert per_op.get("sts.GetCallerIdentity") == 1
    # several sources list load balancers, target groups or functions (with different per-item reads):
    # the list itself is still one call per region
    for op in ("elbv2.DescribeLoadBalancers", "elbv2.DescribeTargetGroups", "elb.DescribeLoadBalancers",
               "lambda.ListFunctions", "ec2.DescribeVolumes", "rds.DescribeDBInstances"):
        assert per_op.get(op) == 2, (op, per_op.get(op))
