"""Registry-wide guarantees: complete metadata, every lesson covered, docs current, demo shows both outcomes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from awslint.docgen import render
from awslint.lessons import Lesson
from awslint.model import Status
from awslint.registry import build_registry
from tests.helpers import validate_report

ROOT = Path(__file__).resolve().parent.parent
LESSONS = tuple(lesson.value for lesson in Lesson)
HEADLINE = {"nat-gateway-per-az": "NET", "ebs-gp3": "EBS", "cloudfront-s3-origin-oac": "CF", "rds-multi-az": "RDS",
            "asg-launch-template": "ASG"}

REGISTRY = build_registry(entry_points_enabled=False)
BUILTIN = [c for c in REGISTRY.all() if c.builtin]


@pytest.fixture(scope="module")
def demo_report(demo_scan):
    validate_report(demo_scan.report.to_json())
    return demo_scan.report


@pytest.mark.parametrize("spec", BUILTIN, ids=lambda c: c.name)
def test_metadata_is_complete(spec):
    assert spec.lesson in LESSONS, f"{spec.name}: lesson {spec.lesson!r} is not a LESSONS.md heading"
    assert spec.rationale and len(spec.rationale) > 40, f"{spec.name}: rationale missing or too thin"
    assert spec.evaluates, f"{spec.name}: say which resources are evaluated and which are skipped"
    assert spec.remediation and "aws " in spec.remediation, f"{spec.name}: remediation needs an AWS CLI command"
    assert any(r.startswith("https://docs.aws.amazon.com/") for r in spec.references), \
        f"{spec.name}: needs at least one AWS documentation reference"
    assert spec.resource_type.startswith("AWS::"), f"{spec.name}: resource_type must be a CloudFormation type"
    for name, param in spec.params.items():
        assert param.description, f"{spec.name}: parameter {name} needs a description"


@pytest.mark.parametrize("spec", BUILTIN, ids=lambda c: c.id)
def test_a_check_lives_where_its_id_says(spec):
    """NET001 is in checks/net.py and tested in tests/checks/test_net.py: the id alone says where to look."""
    area = spec.area.lower()
    assert spec.module == f"awslint.checks.{area}", f"{spec.id} is defined in {spec.module}"
    assert (ROOT / "checks" / f"{area}.py").is_file()
    assert (ROOT / "tests" / "checks" / f"test_{area}.py").is_file(), f"no tests/checks/test_{area}.py for {spec.id}"


def test_check_modules_hold_no_identity_helpers():
    """Sources declare what a resource is (Identity); a check module that rebuilds ARNs or "live" filters
    by hand drifts from the others. Modules are named after id prefixes, and each prefix has checks."""
    import re

    areas = {c.area.lower() for c in BUILTIN}
    for path in sorted((ROOT / "checks").glob("*.py")):
        if path.name.startswith("_"):
            continue
        assert path.stem in areas, f"checks/{path.name} is not named after the id prefix of its checks"
        helpers = re.findall(r"^def (_?live_\w*|\w+_(?:arn|ref|where))\(", path.read_text(encoding="utf-8"), re.M)
        assert helpers == [], f"checks/{path.name} defines identity helpers {helpers}: declare it on the Source"


def test_every_lesson_has_checks():
    covered = {c.lesson for c in BUILTIN}
    assert covered == set(LESSONS), f"lessons without checks: {sorted(set(LESSONS) - covered)}"


def test_headline_checks_exist_with_public_names():
    for name, area in HEADLINE.items():
        spec = REGISTRY.get(name)
        assert spec is not None, f"headline check {name} missing"
        assert spec.area == area


def test_docs_checks_md_is_current():
    committed = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert committed == render(REGISTRY), "docs/checks.md is stale: run `python -m awslint.docgen > docs/checks.md`"


def test_demo_shows_every_check_failing_and_passing(demo_report):
    outcomes = defaultdict(set)
    for r in demo_report.results:
        outcomes[r.check].add(r.status)
    missing = {c.name: sorted(s.value for s in {Status.PASS, Status.FAIL} - outcomes[c.name])
               for c in BUILTIN if not {Status.PASS, Status.FAIL} <= outcomes[c.name]}
    assert missing == {}, f"checks lacking an outcome in the demo: {missing}"


def test_demo_has_no_errors(demo_report):
    errors = [(r.check, r.region, r.message) for r in demo_report.results if r.status is Status.ERROR]
    assert errors == []


def test_demo_shows_all_five_headline_violations(demo_report):
    failing = {r.check for r in demo_report.results if r.status is Status.FAIL}
    assert set(HEADLINE) <= failing


def test_demo_results_have_unique_identities(demo_report):
    """Fingerprints (SARIF) and baseline matching rely on one key per check and resource."""
    keys = [r.key for r in demo_report.results if r.resource_id]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert duplicates == []


def test_fail_messages_do_not_change_from_one_day_to_the_next(demo_scan):
    """SARIF alerts and baselines match on stable text: no "N days ago" in a FAIL message."""
    from datetime import timedelta

    from awslint.engine import evaluate
    from awslint.inventory import Inventory

    inv = Inventory.loads(demo_scan.inventory_path.read_text(encoding="utf-8"))
    today = inv.collected_at
    fails = lambda now: {r.key: r.message  # noqa: E731
                         for r in evaluate(BUILTIN, inv, now=now, sources=REGISTRY.sources)[0]
                         if r.status is Status.FAIL}
    first, later = fails(today), fails(today + timedelta(days=3))
    changed = {k: (first[k], later[k]) for k in first.keys() & later.keys() if first[k] != later[k]}
    assert changed == {}
