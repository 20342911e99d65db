"""The CLI as a user meets it: every mistake is one clear line and exit 2, never a traceback or a silent pass.

Runs on a tiny saved inventory (``--from``), so nothing here builds the demo account or calls AWS.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from awslint.cli import main
from awslint.testing import inventory_from


@pytest.fixture
def files(tmp_path, monkeypatch):
    """A working directory with a small inventory and a few files that are not what their flag expects."""
    monkeypatch.chdir(tmp_path)
    inv = inventory_from({"ec2:volumes": [{"VolumeId": "vol-1", "Size": 8, "VolumeType": "gp2"},
                                          {"VolumeId": "vol-2", "Size": 100, "VolumeType": "gp3"}]})
    (tmp_path / "inv.json").write_text(inv.dumps())
    (tmp_path / "other.json").write_text(json.dumps({"hello": "world"}))
    (tmp_path / "garbage.json").write_text("not json at all")
    (tmp_path / "a-file").write_text("")
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def assert_usage_error(result, *expected: str) -> str:
    """Exit 2, no traceback, and an error line that contains every expected fragment."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if "error" in line.lower()]
    assert len(lines) == 1, result.output
    for fragment in expected:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_from_a_file_that_is_not_an_inventory(files):
    # before: a ValueError / JSONDecodeError traceback and exit 1
    assert_usage_error(invoke("scan", "--from", "other.json"), "--from other.json is not an awslint inventory",
                       "awslint collect")
    assert_usage_error(invoke("scan", "--from", "garbage.json"), "not JSON")
    assert_usage_error(invoke("baseline", "create", "--from", "garbage.json", "-o", "b.json"), "not an awslint inventory")
    assert not (files / "b.json").exists()


def test_region_the_inventory_does_not_hold(files):
    # before: "No resources evaluated", exit 0: a silent pass in CI
    assert_usage_error(invoke("scan", "--from", "inv.json", "--region", "nowhere-1"),
                       "--region nowhere-1", "holds us-east-1")
    ok = invoke("scan", "--from", "inv.json", "--region", "us-east-1", "--check", "ebs-gp3")
    assert ok.exit_code == 1 and "vol-1" in ok.output


@pytest.mark.parametrize("args, flags", [
    (("scan", "--demo", "--from", "inv.json"), "--demo and --from"),
    (("scan", "--from", "inv.json", "--endpoint-url", "http://127.0.0.1:1"), "--from and --endpoint-url"),
    (("baseline", "create", "--demo", "--endpoint-url", "http://127.0.0.1:1", "-o", "b.json"), "--demo and --endpoint-url"),
])
def test_two_sources_of_resources_cannot_be_combined(files, args, flags):
    # before: one of them was silently ignored (--demo won over --from)
    assert_usage_error(invoke(*args), flags, "cannot be combined")


def test_a_selection_that_leaves_no_check(files):
    # before: "0 checks ... exit code 0"
    assert_usage_error(invoke("scan", "--from", "inv.json", "--check", "NET", "--skip-check", "NET"), "no check left")
    assert_usage_error(invoke("scan", "--from", "inv.json", "--check", "ebs-gp3", "--severity", "critical"),
                       "no check left")
    assert_usage_error(invoke("collect", "--check", "ebs-gp3", "--skip-check", "ebs-gp3", "-o", "i.json"),
                       "no check left")


def test_missing_checks_dir(files):
    # before: a warning, then a scan without the custom checks (exit 1 or 3 depending on the findings)
    for args in (("scan", "--from", "inv.json", "--checks-dir", "nodir"), ("checks", "list", "--checks-dir", "nodir"),
                 ("profiles", "validate", "--checks-dir", "nodir", "x.yaml")):
        result = invoke(*args)
        assert result.exit_code == 2 and "'nodir' does not exist" in result.output, result.output


def test_new_check_into_an_impossible_directory(files):
    # before: a NotADirectoryError traceback
    assert_usage_error(invoke("new-check", "my-check", "--dir", "a-file/checks"), "cannot create the check in")


@pytest.mark.parametrize("args, fragment", [
    (("scan", "--from", "inv.json", "--check", "ebs-gp33"), "did you mean 'ebs-gp3'"),
    (("scan", "--from", "inv.json", "--format", "jsn"), "unknown --format 'jsn'"),
    (("scan", "--from", "inv.json", "--output", "nodir/r.txt"), "directory nodir does not exist"),
    (("scan", "--from", "inv.json", "--format", "sarif=nodir/r.sarif"), "directory nodir does not exist"),
    (("scan", "--from", "inv.json", "--format", "json", "--format", "sarif"), "only one --format can go to stdout"),
    (("scan", "--from", "inv.json", "--baseline", "other.json"), "not an awslint JSON report"),
    (("scan", "--from", "inv.json", "--baseline", "missing.json"), "does not exist"),
    (("scan", "--from", "inv.json", "--profile", "missing.yaml"), "no such file"),
    (("checks", "show", "ebs-gp"), "did you mean 'ebs-gp3'"),
    (("profiles", "show", "nope"), "no lint profile named 'nope'"),
])
def test_known_mistakes_stay_one_line_and_exit_2(files, args, fragment):
    assert_usage_error(invoke(*args), fragment)


def test_click_usage_errors_exit_2(files):
    for args in (("scan", "--chek", "x"), ("scan", "--severity", "hgh"), ("scan", "--from", "missing.json"),
                 ("checks", "list", "--format", "yaml"), ("collect",)):
        result = invoke(*args)
        assert result.exit_code == 2 and "Error:" in result.output, (args, result.output)


def test_every_option_of_checks_commands_is_explained():
    for args in (("checks", "list", "--help"), ("checks", "show", "--help")):
        text = invoke(*args).output
        options = text.split("Options:", 1)[1]
        for flag in ("--format", "--checks-dir"):
            line = next(line for line in options.splitlines() if flag in line)
            assert len(line.split(flag, 1)[1].split()) > 1, f"{args[1]} {flag} has no help: {line!r}"


def test_exit_zero_and_allow_incomplete_do_not_hide_usage_errors(files):
    result = invoke("scan", "--from", "other.json", "--exit-zero", "--allow-incomplete", "--fail-on", "never")
    assert result.exit_code == 2


def test_a_report_never_overwrites_an_input_and_an_empty_output_is_refused(files):
    """Before: `--format json=inv.json` with `--from inv.json` destroyed the inventory; `--output ''` was ignored."""
    before = (files / "inv.json").read_text()
    assert_usage_error(invoke("scan", "--from", "inv.json", "--format", "json=inv.json"),
                       "would overwrite the input inv.json")
    assert (files / "inv.json").read_text() == before
    assert_usage_error(invoke("scan", "--from", "inv.json", "--output", ""), "--output '' names no file")


@pytest.mark.parametrize("url", ["not a url", "localhost:5000", "http://", "http://host:port"])
def test_an_endpoint_url_that_is_not_a_url_is_one_line(files, url):
    assert_usage_error(invoke("scan", "--endpoint-url", url, "--check", "ebs-gp3"), "--endpoint-url")
