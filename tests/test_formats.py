"""Several outputs per scan, and the CI formats: markdown, junit, github annotations, GitLab Code Quality."""

from __future__ import annotations

import json
import os
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from awslint import outputs
from awslint.cli import main
from awslint.reporting import FORMATS, RenderOptions, github, gitlab, junit, markdown
from tests.helpers import validate_report
from tests.test_sarif import _nat_account, _result, mixed_results, synthetic_report


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# -- --format / --output parsing ----------------------------------------------------------------
def test_parse_several_formats_one_to_stdout(tmp_path):
    specs = outputs.parse(["table", f"sarif={tmp_path / 'r.sarif'}", f"json={tmp_path / 'r.json'}"], None)
    assert [(s.fmt, s.path) for s in specs] == [("table", None), ("sarif", tmp_path / "r.sarif"),
                                                ("json", tmp_path / "r.json")]
    # the classic form still works: the one pathless format goes to --output
    assert [(s.fmt, s.path) for s in outputs.parse(["json"], str(tmp_path / "x.json"))] == [("json", tmp_path / "x.json")]
    assert outputs.parse(["markdown=-"], None)[0].path is None
    assert [s.fmt for s in outputs.parse([], None)] == ["table"]


@pytest.mark.parametrize("formats, output, message", [
    (["table", "json"], None, "only one --format can go to stdout"),
    (["table", "json"], "out.json", "only one --format can go to --output"),
    (["sarif=a.sarif"], "out.json", "--output has no report to receive"),
    (["sarif=same.out", "json=same.out"], None, "two reports (sarif and json) would be written to same.out"),
    (["sarif="], None, "names no file"),
    (["yaml=x.yaml"], None, "unknown --format 'yaml'"),
])
def test_parse_refuses_ambiguous_or_bad_specs(tmp_path, monkeypatch, formats, output, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(outputs.OutputError) as info:
        outputs.parse(formats, output)
    assert message in str(info.value)


def test_every_path_is_checked_before_scanning(tmp_path):
    result = invoke("scan", "--demo", "--format", "table", "--format", f"sarif={tmp_path / 'ok.sarif'}",
                    "--format", f"json={tmp_path / 'nope' / 'r.json'}")
    assert result.exit_code == 2
    assert "directory" in result.output and "does not exist" in result.output
    assert "built the demo" not in result.output and not (tmp_path / "ok.sarif").exists()


def test_atomic_write_keeps_the_old_file_on_failure_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    outputs.atomic_write(target, "new")
    assert target.read_text() == "new" and oct(target.stat().st_mode & 0o777) == "0o640"

    def broken_replace(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(outputs.os, "replace", broken_replace)
    with pytest.raises(OSError):
        outputs.atomic_write(target, "newer")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


# -- one scan of a moto account, every format ---------------------------------------------------
def test_one_scan_writes_every_format(moto_account, tmp_path):
    failing = set(_nat_account(moto_account.client("ec2")))
    files = {fmt: tmp_path / f"report.{fmt}" for fmt in FORMATS if fmt != "table"}
    args = ["scan", "--region", "us-east-1", "--check", "nat-gateway-per-az", "--format", "table"]
    for fmt, path in files.items():
        args += ["--format", f"{fmt}={path}"]
    result = invoke(*args)
    assert result.exit_code == 1, result.output
    assert "FAIL NET001 nat-gateway-per-az" in result.output and "\x1b[" not in result.output
    report = validate_report(files["json"].read_text())
    assert {r["resource_id"] for r in report["results"] if r["status"] == "FAIL"} == failing

    cases = ET.parse(files["junit"]).getroot().findall(".//testcase")
    assert len(cases) == 3 and len([c for c in cases if c.find("failure") is not None]) == 2
    issues = json.loads(files["gitlab"].read_text())
    assert {i["location"]["path"].rsplit("/", 1)[1] for i in issues} == failing
    annotations = files["github"].read_text().splitlines()
    assert sum(line.startswith("::error ") for line in annotations) == 2
    assert "### Top failures (2 of 2)" in files["markdown"].read_text()
    assert json.loads(files["sarif"].read_text())["runs"][0]["results"]


def test_exit_zero_and_fail_on_never(moto_account):
    _nat_account(moto_account.client("ec2"))
    base = ["scan", "--region", "us-east-1", "--check", "nat-gateway-per-az", "--format", "json"]
    assert invoke(*base).exit_code == 1
    zero = invoke(*base, "--exit-zero")
    assert zero.exit_code == 0 and "the verdict was exit code 1" in zero.output
    assert invoke(*base, "--fail-on", "never").exit_code == 0
    assert invoke(*base, "--fail-on", "critical").exit_code == 0  # the failures are high
    assert invoke(*base, "--exit-zero", "--format", "bogus").exit_code == 2  # usage errors stay 2


# -- junit --------------------------------------------------------------------------------------
def test_junit_is_xml_with_unique_names_and_carries_message_and_remediation():
    results = [*mixed_results(), _result("X-NET001", "alpha", "FAIL", "subnet-9", baseline_state="absent")]
    root = ET.fromstring(junit.render(synthetic_report(results)).encode())
    assert root.tag == "testsuites" and root.get("tests") == "5" and root.get("failures") == "2"
    names = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert len(names) == len(set(names)) == 5  # absent baseline entries are not tests
    by_name = {c.get("name"): c for c in root.iter("testcase")}
    failure = by_name["arn:aws:ec2:us-east-1:123456789012:subnet/subnet-1"].find("failure")
    assert failure.get("message") == "subnet-1 departs from alpha." and failure.get("type") == "high"
    assert "Remediation: Fix alpha." in failure.text
    assert by_name["arn:aws:ec2:us-east-1:123456789012:subnet/subnet-3"].find("skipped").get("message") == \
        "suppressed: Legacy, Q1"
    error = by_name["123456789012/eu-west-1 (could not evaluate)"].find("error")
    assert "AccessDenied" in error.get("message")
    assert by_name["123456789012/us-east-1/weird id/with:colon ü"].find("failure") is not None


def test_junit_names_stay_unique_when_a_check_judges_a_resource_twice():
    twice = [_result("X-NET001", "alpha", "FAIL", "subnet-1"), _result("X-NET001", "alpha", "PASS", "subnet-1")]
    root = ET.fromstring(junit.render(synthetic_report(twice)).encode())
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(set(names)) == 2


def test_junit_drops_characters_xml_forbids_and_writes_as_utf8(tmp_path):
    """Control characters, lone surrogates (JSON ``\\ud800`` escapes in AWS data) and U+FFFE/U+FFFF are not XML."""
    bad = [_result("X-NET001", "alpha", "FAIL", "vol-\ud800a\x01", message="tag \x00\x1b[31m\ufffe\uffff\udc00 ok\tend"),
           _result("X-NET001", "alpha", "FAIL", "vol-a")]
    text = junit.render(synthetic_report(bad))
    outputs.atomic_write(tmp_path / "junit.xml", text)  # a lone surrogate would fail UTF-8 encoding
    root = ET.fromstring((tmp_path / "junit.xml").read_bytes())
    failures = [c.find("failure").get("message") for c in root.iter("testcase")]
    assert "tag [31m ok\tend" in failures
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(names) == len(set(names)) == 2  # cleaned names still unique


def test_reports_with_a_lone_surrogate_are_written_and_stay_valid_json(tmp_path):
    """SARIF and GitLab JSON keep non-ASCII text as is; a lone surrogate must not fail the write after the scan."""
    from awslint.reporting import sarif

    report = synthetic_report([_result("X-NET001", "alpha", "FAIL", "vol-1", message="tag \ud800 value")])
    for fmt, module in (("sarif", sarif), ("gitlab", gitlab)):
        outputs.atomic_write(tmp_path / fmt, module.render(report))
        assert r"tag \ud800 value" in (tmp_path / fmt).read_text(encoding="utf-8")
        json.loads((tmp_path / fmt).read_text(encoding="utf-8"))


# -- gitlab -------------------------------------------------------------------------------------
def test_gitlab_code_quality_has_unique_fingerprints_and_mapped_severities():
    results = [_result("X-NET001", "alpha", "FAIL", f"subnet-{i}", sev)
               for i, sev in enumerate(("critical", "high", "medium", "low", "info"))]
    results += [_result("X-NET002", "beta", "FAIL", "subnet-0"),  # same resource, other check
                _result("X-NET001", "alpha", "FAIL", "subnet-0", "critical"),  # same key twice (custom check)
                _result("X-NET001", "alpha", "PASS", "subnet-p"),
                _result("X-NET001", "alpha", "FAIL", "subnet-s", suppressed=True, suppression_reason="ok")]
    issues = json.loads(gitlab.render(synthetic_report(results)))
    assert len(issues) == 7
    assert len({i["fingerprint"] for i in issues}) == 7
    for issue in issues:
        assert issue["description"] and issue["check_name"] and issue["location"]["lines"]["begin"] == 1
        assert issue["location"]["path"].startswith("aws/123456789012/us-east-1/")
    severities = {i["location"]["path"].rsplit("/", 1)[1]: i["severity"] for i in issues if "alpha" in i["check_name"]}
    assert severities == {"subnet-0": "blocker", "subnet-1": "critical", "subnet-2": "major", "subnet-3": "minor",
                          "subnet-4": "info"}


# -- markdown -----------------------------------------------------------------------------------
def test_markdown_counts_then_top_failures_and_stays_under_1_mib():
    results = [_result("X-NET001" if i % 2 else "X-NET002", "alpha" if i % 2 else "beta", "FAIL", f"subnet-{i:05d}",
                       ("critical", "high", "medium", "low", "info")[i % 5], message="x|y " * 400)
               for i in range(20_000)]
    text = markdown.render(synthetic_report(results))
    assert len(text.encode()) < 1024 * 1024
    assert "| 🟣 critical | 4000 |" in text and "| security | 10000 |" in text and "| reliability | 10000 |" in text
    assert "### Top failures (50 of 20000)" in text and "…and 19950 more failures" in text
    top = text.split("### Top failures")[1].splitlines()[4]
    assert top.startswith("| 🟣 critical |") and "x\\|y" in top  # pipes escaped, most severe first


def test_markdown_fits_a_pull_request_comment_even_with_long_rows():
    """Long messages and resource ids, escaped characters and many errors still fit GitHub's 65,536-character comment."""
    results = [_result("X-NET001", "alpha", "FAIL", f"i-{i:04d}" * 20, message="<a> | " * 200) for i in range(300)]
    results += [_result("X-NET001", "alpha", "ERROR", None, region=f"r-{i}", message="<b>|" * 300) for i in range(300)]
    text = markdown.render(synthetic_report(results))
    assert len(text) <= markdown.MAX_CHARS
    assert "of 300)" in text and "more failures: see the JSON or SARIF report." in text
    assert "300 could not be evaluated</summary>" in text and "more\n" in text


def test_markdown_shows_baseline_and_errors():
    results = [*mixed_results(), _result("X-NET001", "alpha", "FAIL", "subnet-9", baseline_state="absent")]
    results[0].baseline_state = "new"
    text = markdown.render(synthetic_report(results))
    assert "| baseline | findings |" in text and "| absent | 1 |" in text
    assert "1 baseline finding no longer failing" in text
    assert "<details><summary>1 could not be evaluated</summary>" in text


# -- github annotations -------------------------------------------------------------------------
def test_github_annotations_are_escaped():
    r = _result("X-NET001", "alpha", "FAIL", "subnet-1", message="100% down,\r\nreally: yes")
    lines = github.render(synthetic_report([r])).splitlines()
    assert lines[0] == ("::error title=awslint X-NET001 alpha (high)::100%25 down,%0D%0Areally: yes "
                        "[arn:aws:ec2:us-east-1:123456789012:subnet/subnet-1]")
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations_are_capped_per_level_with_a_closing_line():
    results = [_result("X-NET001", "alpha", "FAIL", f"subnet-h{i}", "high") for i in range(15)]
    results += [_result("X-NET002", "beta", "FAIL", f"subnet-l{i}", "low") for i in range(3)]
    results += [_result("X-NET002", "beta", "FAIL", f"subnet-i{i}", "info") for i in range(12)]
    results += [_result("X-NET001", "alpha", "FAIL", "subnet-known", "high", baseline_state="unchanged")]
    lines = github.render(synthetic_report(results)).splitlines()
    levels = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert levels.count("::error") == 10 and levels.count("::warning") == 3 and levels.count("::notice") == 10
    assert lines[-2].startswith("::notice title=awslint%3A more findings::8 more findings are not annotated")
    assert "1 known from the baseline not annotated" in lines[-1]
    assert all("subnet-known" not in line for line in lines)


def test_github_max_rows_option_changes_the_cap():
    results = [_result("X-NET001", "alpha", "FAIL", f"subnet-{i}") for i in range(5)]
    lines = github.render(synthetic_report(results), RenderOptions(max_rows=2)).splitlines()
    assert sum(line.startswith("::error") for line in lines) == 2 and "3 more findings" in lines[-2]


# -- examples/ci: valid YAML, and every awslint command in them parses ---------------------------
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "ci"


def _awslint_commands(text: str) -> list[list[str]]:
    """The awslint command lines of a CI file, in YAML lists, shell blocks or comments, with the
    continuation lines (``\\`` or YAML folding: lines starting with ``--``) joined."""
    commands: list[str] = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("#").strip().removeprefix("- ").rstrip("\\").strip()
        if re.match(r"awslint (scan|baseline|collect|checks) ", line):
            commands.append(line)
        elif raw.strip().startswith("--") and commands:
            commands[-1] += " " + line
    return [shlex.split(re.sub(r"\$\{?\w+\}?", "x", c.split("  #")[0]))[1:] for c in commands]


def test_ci_examples_are_yaml_and_their_commands_parse(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the report paths are relative: check them as the CI job would
    files = sorted(EXAMPLES.glob("*.yml"))
    assert {f.name for f in files} >= {"github-actions.yml", "gitlab-ci.yml", "github-pre-merge-baseline.yml"}
    seen = set()
    for path in files:
        text = path.read_text()
        yaml.safe_load(text)
        commands = _awslint_commands(text)
        assert commands, path
        for args in commands:
            group = main
            while isinstance(group, click.Group):
                group = group.commands[args.pop(0)]
            ctx = group.make_context(group.name, list(args))  # raises on an unknown option
            seen.add(group.name)
            if group.name == "scan":
                outputs.parse(list(ctx.params["formats"]), ctx.params["output"])  # no ambiguous outputs
    assert seen == {"scan", "create"}
    gitlab_job = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())["awslint"]
    assert gitlab_job["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json",
                                                  "junit": "awslint-junit.xml"}
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    assert workflow["permissions"]["id-token"] == "write" and workflow["permissions"]["security-events"] == "write"
    uses = [s.get("uses", "") for s in workflow["jobs"]["scan"]["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.startswith("aws-actions/configure-aws-credentials@") for u in uses)


def test_sarif_include_suppressed_through_the_cli_with_a_profile_suppression(moto_account, tmp_path):
    subnet = sorted(_nat_account(moto_account.client("ec2")))[0]
    profile = tmp_path / "default.yaml"  # named "default": the default credential chain (moto) is used
    profile.write_text("suppressions:\n"
                       "  - check: nat-gateway-per-az\n"
                       f"    resource: arn:aws:ec2:us-east-1:123456789012:subnet/{subnet}\n"
                       "    reason: Batch subnet, egress not critical\n")
    args = ["scan", "--profile", profile, "--region", "us-east-1", "--check", "nat-gateway-per-az"]
    plain, kept = tmp_path / "plain.sarif", tmp_path / "kept.sarif"
    assert invoke(*args, "--format", f"sarif={plain}").exit_code == 1
    assert invoke(*args, "--format", f"sarif={kept}", "--sarif-include-suppressed").exit_code == 1
    plain_results = json.loads(plain.read_text())["runs"][0]["results"]
    kept_results = json.loads(kept.read_text())["runs"][0]["results"]
    assert len(plain_results) == 1 and all("suppressions" not in r for r in plain_results)
    suppressed = [r for r in kept_results if "suppressions" in r]
    assert len(kept_results) == 2 and len(suppressed) == 1
    assert suppressed[0]["suppressions"][0]["justification"] == "Batch subnet, egress not critical"
    assert suppressed[0]["locations"][0]["logicalLocations"][0]["name"] == subnet


def test_a_non_finite_number_from_aws_never_makes_a_report_invalid_json():
    """A malformed response can carry NaN or an infinite size; Python would write Infinity, which is not JSON."""
    from awslint.model import Result, Severity, Status
    from awslint.report import Report
    from awslint.reporting import RenderOptions, renderer

    result = Result(check="ebs-gp3", id="EBS001", status=Status.FAIL, severity=Severity.LOW, account="123456789012",
                    region="us-east-1", message="m", resource_id="vol-1",
                    extra={"monthly_saving_usd": float("inf"), "size_gib": float("nan")})
    report = Report(scan={"accounts": ["123456789012"], "regions": ["us-east-1"]}, results=[result], errors=[],
                    checks=[])
    for fmt in ("json", "sarif", "gitlab"):
        text = renderer(fmt)(report, RenderOptions())
        assert "Infinity" not in text and "NaN" not in text
        json.loads(text, parse_constant=lambda name, fmt=fmt: pytest.fail(f"{fmt}: {name} in the report"))
