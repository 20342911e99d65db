"""Settings: flags + lint profile + registry resolved once, every default in one place, every mistake exit 2."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from awslint.cli import main
from awslint.errors import AwslintError, UsageError
from awslint.model import DEFAULT_FAIL_ON, Severity
from awslint.registry import SelectionError
from awslint.settings import DEFAULT_MAX_WORKERS, Flags, InventoryError, resolve
from awslint.testing import default_registry, inventory_from

REGISTRY = default_registry()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """No real ~/.config or ./.awslint leaks in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return tmp_path


def test_defaults_are_the_documented_ones(home):
    s = resolve(Flags(), REGISTRY)
    assert s.fail_on == DEFAULT_FAIL_ON == "low" and s.max_workers == DEFAULT_MAX_WORKERS
    assert s.lint_profile == "default" and s.aws_profile is None and s.source == "live" and s.regions == ()
    assert {c.id for c in s.checks} == {c.id for c in REGISTRY.all()}
    assert all(s.severities[c.id] == Severity(c.severity) for c in s.checks)
    assert s.params["RDS003"] == REGISTRY.get("RDS003").default_params()  # declared defaults, resolved


def test_settings_are_frozen():
    s = resolve(Flags(profile="prod"), REGISTRY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.fail_on = "never"  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.severities["RDS001"] = Severity.INFO  # type: ignore[index]


def test_flags_beat_the_profile_which_beats_the_default(home):
    prod = resolve(Flags(profile="prod"), REGISTRY)
    assert prod.fail_on == "medium" and prod.severities["RDS001"] is Severity.CRITICAL
    assert prod.aws_profile == "prod"
    flagged = resolve(Flags(profile="prod", fail_on="high", aws_profile="default", checks=("rds-multi-az",)), REGISTRY)
    assert flagged.fail_on == "high" and flagged.aws_profile is None
    assert [c.id for c in flagged.checks] == ["RDS001"] and flagged.severities == {"RDS001": Severity.CRITICAL}
    (home / ".awslint" / "profiles").mkdir(parents=True)
    (home / ".awslint" / "profiles" / "team.yaml").write_text(
        "regions: [eu-west-1]\nparams: {rds-backup-retention: {min_days: 14}}\n")
    team = resolve(Flags(profile="team", cwd=home, home=home), REGISTRY)
    assert team.regions == ("eu-west-1",) and team.params["RDS003"]["min_days"] == 14
    assert resolve(Flags(profile="team", regions=("us-east-1,us-west-2",), cwd=home, home=home),
                   REGISTRY).regions == ("us-east-1", "us-west-2")


def test_severity_bar_uses_effective_severities():
    dev = resolve(Flags(profile="dev", min_severity="high"), REGISTRY)
    assert "EBS001" in {c.id for c in dev.checks}  # ebs-gp3 is low in the catalogue, high in dev


def test_every_mistake_is_a_usage_error_before_anything_runs(tmp_path):
    with pytest.raises(SelectionError, match="did you mean 'ebs-gp3'"):
        resolve(Flags(checks=("ebs-gp33",)), REGISTRY)
    with pytest.raises(SelectionError, match="no check left to run"):
        resolve(Flags(checks=("ebs-gp3",), skip_checks=("EBS",)), REGISTRY)
    with pytest.raises(UsageError, match="--demo and --from cannot be combined"):
        resolve(Flags(demo=True, from_inventory="x.json"), REGISTRY)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"hello": 1}))
    with pytest.raises(InventoryError, match="not an awslint inventory"):
        resolve(Flags(from_inventory=bad), REGISTRY)
    assert issubclass(InventoryError, AwslintError) and issubclass(SelectionError, UsageError)


def test_an_inventory_is_read_once_and_narrowed_to_the_regions_asked(tmp_path):
    inv = inventory_from({"ec2:volumes": {"us-east-1": [], "eu-west-1": []}})
    path = tmp_path / "inv.json"
    path.write_text(inv.dumps())
    s = resolve(Flags(from_inventory=path, regions=("eu-west-1",)), REGISTRY)
    assert s.source == "inventory" and s.inventory is not None and s.inventory.regions == ["eu-west-1"]
    assert s.aws_profile is None and s.source_label == f"inventory:{path}"
    with pytest.raises(InventoryError, match="holds us-east-1, eu-west-1"):
        resolve(Flags(from_inventory=path, regions=("ap-south-1",)), REGISTRY)


def test_the_cli_turns_every_awslint_error_into_one_line_and_exit_2(tmp_path, monkeypatch):
    """One handler in the CLI group: a UsageError raised anywhere below it is a sentence, never a traceback."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "--demo", "--check", "nope-nope"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("awslint: error: --check 'nope-nope' matches no check")


# -- logging: -v, -q, --debug --------------------------------------------------------------------------------
@pytest.fixture
def inventory_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "inv.json"
    path.write_text(inventory_from({"ec2:volumes": [{"VolumeId": "vol-1", "VolumeType": "gp2", "Size": 8}]}).dumps())
    return path


def test_quiet_prints_only_the_report(inventory_file):
    result = CliRunner().invoke(main, ["scan", "-q", "--from", str(inventory_file), "--check", "ebs-gp3",
                                       "--format", "json=r.json", "--format", "table"])
    assert result.exit_code == 1
    assert "awslint: wrote" not in result.output and "vol-1" in result.output


def test_verbose_says_what_each_stage_did_and_the_default_does_not(inventory_file):
    args = ["scan", "--from", str(inventory_file), "--check", "ebs-gp3", "--format", "json=r.json"]
    assert "evaluated 1 checks on 1 account(s) and 1 region(s)" in CliRunner().invoke(main, [*args, "-v"]).output
    assert "evaluated" not in CliRunner().invoke(main, args).output
    assert "evaluated" in CliRunner().invoke(main, [*args, "--debug"]).output


def test_verbose_and_debug_say_what_collection_did(moto_account, monkeypatch, tmp_path):
    """-v: the slowest sources; --debug: every source with its item count and time."""
    import logging

    from awslint import logs
    from awslint.scan import collect, plan
    from awslint.session import AwsSession

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(f"{record.levelname} {record.getMessage()}")

    logs.configure(logs.DEBUG)
    keep = Keep()
    logging.getLogger(logs.LOGGER).addHandler(keep)
    try:
        moto_account.client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8)
        aws = AwsSession(moto_account.session)
        collect(aws, plan([REGISTRY.get("ebs-gp3")], REGISTRY.sources), ["us-east-1"])
    finally:
        logging.getLogger(logs.LOGGER).removeHandler(keep)
        logs.configure(logs.NORMAL)
    assert any(r.startswith("DEBUG ec2:volumes in us-east-1: ec2:volumes: 1 items in") for r in records), records
    assert any(r.startswith("INFO slowest sources: ec2:volumes in us-east-1") for r in records), records
    assert any(r.startswith("INFO collected 1 sources") for r in records), records
