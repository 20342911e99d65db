"""Lint profiles: resolution order and the scan header, flags over profile, every profile error a user
can make (exit 2 before any AWS call), extends semantics, the built-in profiles, prod vs dev on the demo."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from awslint import lint_profiles as lp
from awslint.cli import main
from awslint.inventory import Inventory
from awslint.model import Severity
from awslint.testing import default_registry, inventory_from
from tests.helpers import validate_report

ROOT = Path(__file__).resolve().parents[1]
ACCOUNT = "123456789012"


# -- helpers shared with test_suppressions ------------------------------------------------------
def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def _volume(vid: str, vtype: str) -> dict:
    return {"VolumeId": vid, "VolumeType": vtype, "Size": 100, "State": "in-use",
            "Attachments": [{"InstanceId": "i-1", "State": "attached"}]}


def _db(name: str, multi_az: bool, retention: int) -> dict:
    return {"DBInstanceIdentifier": name, "DBInstanceArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:db:{name}",
            "DBInstanceStatus": "available", "Engine": "postgres", "MultiAZ": multi_az,
            "AvailabilityZone": "us-east-1a", "BackupRetentionPeriod": retention, "StorageType": "gp3"}


def sample_inventory() -> Inventory:
    """Two regions: gp2 volumes (ebs-gp3 FAIL) in both, one Single-AZ DB with 7-day backups, one good DB."""
    return inventory_from({
        "ec2:volumes": {"us-east-1": [_volume("vol-1", "gp2"), _volume("vol-2", "gp3")],
                        "eu-west-1": [_volume("vol-3", "gp2")]},
        "rds:db_instances": {"us-east-1": [_db("orders-db", False, 7), _db("billing-db", True, 14)], "eu-west-1": []},
        "rds:db_clusters": {"us-east-1": [], "eu-west-1": []},
    })


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def header(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("awslint "))


# -- fixtures -----------------------------------------------------------------------------------
@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """An empty working directory and home, so no real ~/.config or .awslint leaks in."""
    cwd, home = tmp_path / "repo", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return cwd


@pytest.fixture
def inventory(repo) -> Path:
    path = repo / "inventory.json"
    path.write_text(sample_inventory().dumps(), encoding="utf-8")
    return path


@pytest.fixture
def live_aws(repo, monkeypatch):
    """moto in-process plus an AWS config with profiles prod, team and other, to see which one a scan uses."""
    from moto import mock_aws

    config = repo.parent / "aws-config"
    config.write_text("".join(f"[profile {name}]\naws_access_key_id = testing\naws_secret_access_key = testing\n"
                              f"region = us-east-1\n\n" for name in ("prod", "team", "other", "checkout-prod")),
                      encoding="utf-8")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(repo.parent / "no-credentials"))
    with mock_aws():
        yield


def live_scan(*args: str) -> tuple[str, object]:
    """A real (moto) scan of one cheap check in one region; returns the header line and the result."""
    result = invoke("scan", "--region", "us-east-1", "--check", "ebs-gp3", *args)
    assert result.exit_code in (0, 1), result.output
    return header(result.output), result


# -- resolution order, shown in the header ------------------------------------------------------
def test_no_profile_applies_builtin_default_with_default_credentials(live_aws):
    line, _ = live_scan()
    assert "lint profile default (built-in); AWS profile default credential chain; account 123456789012" in line


def test_profile_name_applies_builtin_lint_profile_and_names_aws_profile(live_aws):
    line, _ = live_scan("--profile", "prod")
    assert "lint profile prod (built-in); AWS profile prod;" in line


def test_local_profile_beats_builtin_and_can_extend_it(live_aws, repo):
    write(repo / ".awslint/profiles/prod.yaml", "extends: [prod]\ndescription: our prod\n")
    line, _ = live_scan("--profile", "prod")
    assert "lint profile prod (.awslint/profiles/prod.yaml extends built-in prod); AWS profile prod;" in line


def test_user_config_dir_is_searched_after_the_local_directory(live_aws, repo):
    user = Path.home() / ".config/awslint/profiles/team.yaml"
    write(user, "description: from home\n")
    line, _ = live_scan("--profile", "team")
    assert "lint profile team (~/.config/awslint/profiles/team.yaml); AWS profile team;" in line
    write(repo / ".awslint/profiles/team.yml", "description: from the repository\n")
    line, _ = live_scan("--profile", "team")
    assert "lint profile team (.awslint/profiles/team.yml); AWS profile team;" in line


def test_path_loads_that_file_and_its_aws_profile_key(live_aws, repo):
    write(repo / "ci/payments.yaml", "extends: [prod]\naws_profile: team\n")
    line, _ = live_scan("--profile", "ci/payments.yaml")
    assert "lint profile payments (ci/payments.yaml extends built-in prod); AWS profile team;" in line


def test_aws_profile_flag_beats_profile_name_and_key(live_aws, repo):
    line, _ = live_scan("--profile", "prod", "--aws-profile", "other")
    assert "lint profile prod (built-in); AWS profile other;" in line
    write(repo / "x.yaml", "aws_profile: team\n")
    line, _ = live_scan("--profile", "x.yaml", "--aws-profile", "other")
    assert "lint profile x (x.yaml); AWS profile other;" in line


def test_name_without_lint_profile_is_only_the_aws_profile(live_aws):
    line, result = live_scan("--profile", "team")
    assert "lint profile default (built-in); AWS profile team;" in line
    assert "note: no lint profile named 'team'" in result.output


def test_profile_default_means_the_default_credential_chain(live_aws):
    line, _ = live_scan("--profile", "default")
    assert "lint profile default (built-in); AWS profile default credential chain;" in line


def test_docs_header_example_is_what_the_example_team_profile_prints(live_aws, repo):
    (repo / ".awslint/profiles").mkdir(parents=True)
    text = (ROOT / "examples/profiles/checkout-team.yaml").read_text()
    (repo / ".awslint/profiles/checkout-team.yaml").write_text(text)
    result = invoke("scan", "--profile", "checkout-team", "--check", "ebs-gp3")
    documented = next(line for line in (ROOT / "docs/profiles.md").read_text().splitlines()
                      if line.startswith("awslint 0.1.0: lint profile checkout-team"))
    assert header(result.output).split(":", 1)[1] == documented.split(":", 1)[1]


def test_collect_follows_the_profile_too(live_aws, repo):
    write(repo / "p.yaml", "aws_profile: team\nregions: [eu-west-1]\nchecks: {select: [ebs-gp3]}\n")
    result = invoke("collect", "--profile", "p.yaml", "-o", "inv.json")
    assert result.exit_code == 0, result.output
    data = json.loads((repo / "inv.json").read_text())
    saved = Inventory.loads((repo / "inv.json").read_text())
    assert saved.regions == ["eu-west-1"] and set(saved.data) == {"ec2:volumes"}, data.keys()


# -- flags beat the profile ---------------------------------------------------------------------
FLAGS_PROFILE = """
    regions: [eu-west-1]
    fail_on: never
    checks: {select: [ebs-gp3, rds-multi-az]}
    severity: {ebs-gp3: critical}
"""


def test_profile_sets_regions_selection_severity_and_fail_on(inventory, repo):
    write(repo / "p.yaml", FLAGS_PROFILE)
    result = invoke("scan", "--from", str(inventory), "--profile", "p.yaml", "--format", "json")
    report = validate_report(result.output)
    assert result.exit_code == 0  # fail_on: never
    assert report["scan"]["regions"] == ["eu-west-1"] and report["scan"]["profile"] == "p"
    assert {(r["check"], r["resource_id"], r["severity"]) for r in report["results"]} == {
        ("ebs-gp3", "vol-3", "critical")}
    assert report["scan"]["checks"] == ["ebs-gp3", "rds-multi-az"]


def test_flags_beat_profile(inventory, repo):
    write(repo / "p.yaml", FLAGS_PROFILE)
    result = invoke("scan", "--from", str(inventory), "--profile", "p.yaml", "--region", "us-east-1",
                    "--fail-on", "low", "--check", "rds-multi-az,rds-backup-retention")
    assert result.exit_code == 1
    assert header(result.output).endswith("regions us-east-1")
    assert "rds-multi-az" in result.output and "ebs-gp3" not in result.output
    # --skip-check removes on top of the profile's selection; --severity filters on effective severity
    result = invoke("scan", "--from", str(inventory), "--profile", "p.yaml", "--skip-check", "rds-multi-az",
                    "--severity", "critical", "--format", "json")
    assert json.loads(result.output)["scan"]["checks"] == ["ebs-gp3"]



def test_profile_regions_missing_from_the_inventory_exit_2_instead_of_an_empty_pass(inventory, repo):
    """--from with a profile whose regions the inventory lacks used to scan nothing and exit 0."""
    write(repo / "p.yaml", "regions: [ap-south-1]\n")
    result = invoke("scan", "--from", str(inventory), "--profile", "p.yaml")
    assert result.exit_code == 2
    assert result.output == ("awslint: error: lint profile p.yaml: regions ap-south-1: not in the inventory "
                             f"{inventory}, which holds us-east-1, eu-west-1; pass --region us-east-1 --region "
                             "eu-west-1 to scan what it holds\n")
    assert invoke("scan", "--from", str(inventory), "--profile", "p.yaml", "--region", "us-east-1").exit_code == 1

def test_params_from_profile_reach_the_check(inventory, repo):
    args = ("scan", "--from", str(inventory), "--check", "rds-backup-retention", "--region", "us-east-1", "--format", "json")
    verdicts = {r["resource_id"]: r["status"] for r in json.loads(invoke(*args).output)["results"]}
    assert verdicts == {"orders-db": "PASS", "billing-db": "PASS"}  # default min_days 7
    write(repo / "strict.yaml", "params:\n  RDS003: {min_days: 14}\n")  # by id works as well as by name
    verdicts = {r["resource_id"]: r["status"]
                for r in json.loads(invoke(*args, "--profile", "strict.yaml").output)["results"]}
    assert verdicts == {"orders-db": "FAIL", "billing-db": "PASS"}


# -- profile errors: file, line, field path, hint; exit 2 before any AWS call -------------------
@pytest.fixture
def no_credentials(monkeypatch, repo):
    """No credentials anywhere: reaching AWS would say "No AWS credentials", so exit 2 with the
    profile's message proves the profile was rejected first."""
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(repo / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(repo / "none"))


ERRORS = {
    "bad-yaml": ("checks:\n  select: [rds-multi-az\n", "bad-yaml.yaml:3: invalid YAML: expected ',' or ']'"),
    "tabs": ("checks:\n\tselect: [x]\n", "bad-yaml.yaml:2: invalid YAML: found character '\\t' that cannot start "
                                         "any token; indent with spaces, not tabs"),
    "unknown-key": ("description: x\nfail-on: high\n",
                    "bad.yaml:2: fail-on: unknown key 'fail-on'; did you mean 'fail_on'?"),
    "misplaced-skip": ("skip: [ebs-gp3]\n", "skip: unknown key 'skip'; did you mean 'checks.skip'?"),
    "wrong-param-type": ("params:\n  rds-backup-retention:\n    min_days: '14'\n",
                         "bad.yaml:3: params.rds-backup-retention.min_days: must be an integer, got string \"14\""),
    "unknown-param": ("params:\n  rds-backup-retention: {min_dayz: 14}\n",
                      "bad.yaml:2: params.rds-backup-retention.min_dayz: unknown parameter 'min_dayz' for "
                      "rds-backup-retention; did you mean 'min_days'?"),
    "unknown-check-in-params": ("params:\n  rds-backup-retentoin: {min_days: 14}\n",
                                "params.rds-backup-retentoin: unknown check 'rds-backup-retentoin'; "
                                "did you mean 'rds-backup-retention'?"),
    "unknown-check-in-skip": ("checks:\n  skip: [rds-mutli-az]\n",
                              "bad.yaml:2: checks.skip[0]: 'rds-mutli-az' matches no check"),
    "unknown-check-in-suppression": ("suppressions:\n  - check: ebs-gp2\n    resource: '*'\n    reason: r\n",
                                     "bad.yaml:2: suppressions[0].check: unknown check 'ebs-gp2'; "
                                     "did you mean 'ebs-gp3'?"),
    "missing-reason": ("suppressions:\n  - check: ebs-gp3\n    resource: '*'\n",
                       "suppressions[0]: missing required key 'reason'"),
    "bad-expiry": ("suppressions:\n  - {check: ebs-gp3, resource: x, reason: r, expires: 2027-02-30}\n",
                   "suppressions[0].expires: must be a date YYYY-MM-DD (e.g. 2027-03-31), got \"2027-02-30\""),
    "bad-severity": ("severity: {rds-multi-az: urgent}\n", "severity.rds-multi-az: \"urgent\" is not one of"),
    "bad-fail-on": ("fail_on: hihg\n", "did you mean 'high'?"),
    "bad-region": ("regions: [us-east1]\n", "regions[0]: \"us-east1\" is not a region name such as us-east-1"),
    "duplicate-key": ("params: {}\nparams: {}\n", "bad.yaml:2: invalid YAML: duplicate key 'params' (first defined "
                                                 "on line 1)"),
    "not-a-mapping": ("- prod\n", "a profile is a mapping of keys"),
    "missing-extends": ("extends: [prdo]\n", "bad.yaml:1: extends[0]: no lint profile named 'prdo'"),
    "selects-nothing": ("checks: {select: [cost], skip: [cost]}\n", "checks: selects no check"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_profile_error_exits_2_before_any_aws_call(no_credentials, repo, case):
    text, expected = ERRORS[case]
    name = "bad-yaml.yaml" if case in ("bad-yaml", "tabs") else "bad.yaml"
    write(repo / name, text)
    result = invoke("scan", "--profile", name)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert result.output.startswith(f"awslint: error: lint profile {name}")
    assert "Traceback" not in result.output and "credentials" not in result.output


def test_docs_error_example_is_what_awslint_prints(no_credentials, repo):
    write(repo / ".awslint/profiles/team.yaml", """
        description: team
        fail-on: high
        extends: [prod]
        params:
          rds-backup-retention:
            min_dayz: 14
        suppressions:
          - resource: "*"
            check: ebs-gp2
            reason: accepted
    """)
    result = invoke("scan", "--profile", "team")
    doc = (ROOT / "docs/profiles.md").read_text()
    block = doc.split("awslint: error: lint profile .awslint/profiles/team.yaml", 1)[1].split("```", 1)[0]
    assert result.exit_code == 2
    assert result.output == "awslint: error: lint profile .awslint/profiles/team.yaml" + block


def test_missing_profile_file_exits_2(no_credentials):
    result = invoke("scan", "--profile", "profiles/nope.yaml")
    assert result.exit_code == 2
    assert "lint profile profiles/nope.yaml: no such file" in result.output


def test_cyclic_extends_exits_2_naming_the_cycle(no_credentials, repo):
    write(repo / ".awslint/profiles/a.yaml", "extends: [b]\n")
    write(repo / ".awslint/profiles/b.yaml", "description: b\nextends: a\n")
    result = invoke("scan", "--profile", "a")
    assert result.exit_code == 2
    assert ("lint profile .awslint/profiles/b.yaml:2: extends: cycle: .awslint/profiles/a.yaml -> "
            ".awslint/profiles/b.yaml -> .awslint/profiles/a.yaml") in result.output


def test_error_in_an_extended_profile_names_that_file(no_credentials, repo):
    write(repo / "base/common.yaml", "params:\n  asg-multi-az: {min_azs: three}\n")
    write(repo / "team.yaml", "extends: [base/common.yaml]\n")
    result = invoke("scan", "--profile", "team.yaml")
    assert result.exit_code == 2
    assert "lint profile base/common.yaml:2: params.asg-multi-az.min_azs: must be an integer" in result.output


def test_several_problems_are_all_listed(no_credentials, repo):
    write(repo / "bad.yaml", "fail-on: high\nparams:\n  asg-multi-az: {min_azs: '3'}\n")
    result = invoke("scan", "--profile", "bad.yaml")
    assert result.exit_code == 2
    assert "bad.yaml: 2 problems" in result.output
    assert "bad.yaml:1: fail-on" in result.output and "bad.yaml:3: params.asg-multi-az.min_azs" in result.output


def test_json_profiles_are_accepted_and_checked(no_credentials, repo, inventory):
    write(repo / "p.json", '{"checks": {"select": ["ebs-gp3"]},\n "params": {"asg-multi-az": {"min_azs": 1.5}}}')
    result = invoke("scan", "--profile", "p.json")
    assert result.exit_code == 2 and "p.json:2: params.asg-multi-az.min_azs: must be an integer" in result.output
    write(repo / "p.json", '{"checks": {"select": ["ebs-gp3"]}, "fail_on": "never"}')
    assert invoke("scan", "--from", str(inventory), "--profile", "p.json").exit_code == 0


def test_params_schema_is_generated_from_the_checks():
    registry = default_registry()
    schema = lp.profile_schema(registry)["properties"]["params"]
    spec = registry.get("rds-backup-retention")
    assert schema["additionalProperties"] is False
    assert schema["properties"]["rds-backup-retention"] == schema["properties"][spec.id]
    assert schema["properties"]["rds-backup-retention"]["properties"]["min_days"]["type"] == "integer"
    assert set(schema["properties"]) == {*registry.checks, *registry.by_name}


def test_profiles_schema_command_prints_the_generated_schema():
    import jsonschema
    import yaml

    schema = json.loads(invoke("profiles", "schema").output)
    assert "rds-backup-retention" in schema["properties"]["params"]["properties"]
    example = yaml.safe_load((ROOT / "examples/profiles/payments.yaml").read_text())
    jsonschema.validate(example, schema)  # what an editor would do with it
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"params": {"rds-backup-retention": {"min_days": "35"}}}, schema)


# -- extends semantics --------------------------------------------------------------------------
def test_extends_layers_parents_first(repo):
    registry = default_registry()
    write(repo / ".awslint/profiles/base.yaml", """
        regions: [us-east-1]
        checks: {skip: [ebs-gp3]}
        severity: {reliability: high, rds-backup-retention: low}
        params: {asg-multi-az: {min_azs: 3}, rds-backup-retention: {min_days: 10}}
        suppressions: [{check: ebs-gp3, resource: "*", reason: base}]
    """)
    write(repo / "child.yaml", """
        extends: base
        fail_on: high
        checks: {skip: [rds-multi-az]}
        severity: {nat-gateway-per-az: info}
        params: {rds-backup-retention: {min_days: 21}}
        suppressions: [{check: rds-multi-az, resource: "*", reason: child}]
    """)
    profile = lp.validate_file("child.yaml", registry, cwd=repo)
    names = {c.name for c in profile.selected}
    assert "ebs-gp3" not in names and "rds-multi-az" not in names  # skips accumulate
    assert profile.regions == ["us-east-1"] and profile.fail_on == "high"  # nearest wins
    sev = {registry.checks[i].name: s for i, s in profile.severities.items()}
    assert sev["asg-elb-health-check"] == "high"  # a group raises (medium -> high) ...
    assert "elasticache-redis-auto-failover" not in sev  # ... never lowers (it is high already)
    assert sev["rds-backup-retention"] == "low" and sev["nat-gateway-per-az"] == "info"  # exact names set
    assert profile.params[registry.get("rds-backup-retention").id] == {"min_days": 21}
    assert profile.params[registry.get("asg-multi-az").id] == {"min_azs": 3}
    assert [s.reason for s in profile.suppressions] == ["base", "child"]
    assert profile.source == "child.yaml extends .awslint/profiles/base.yaml"


def test_child_select_replaces_parent_selection(repo):
    write(repo / "base.yaml", "checks: {select: [cost]}\n")
    write(repo / "child.yaml", "extends: [base.yaml]\nchecks: {select: [RDS], skip: [rds-gp3]}\n")
    profile = lp.validate_file("child.yaml", default_registry(), cwd=repo)
    assert {c.area for c in profile.selected} == {"RDS"} and "rds-gp3" not in {c.name for c in profile.selected}


def test_diamond_extends_applies_each_file_once(repo):
    write(repo / "a.yaml", "extends: [prod]\n")
    write(repo / "b.yaml", "extends: [prod]\n")
    write(repo / "c.yaml", "extends: [a.yaml, b.yaml]\n")
    profile = lp.validate_file("c.yaml", default_registry(), cwd=repo)
    assert [layer.location.display for layer in profile.layers] == ["built-in prod", "a.yaml", "b.yaml", "c.yaml"]


# -- profiles list / show / validate ------------------------------------------------------------
def test_profiles_list_shows_sources_and_shadowing(repo):
    write(repo / ".awslint/profiles/prod.yaml", "extends: [prod]\ndescription: our prod\n")
    result = invoke("profiles", "list", "--format", "json")
    rows = {(r["name"], r["source"]): r for r in json.loads(result.output)}
    assert rows[("prod", ".awslint/profiles/prod.yaml")]["description"] == "our prod"
    assert rows[("prod", "built-in")]["shadowed_by"] == ".awslint/profiles/prod.yaml"
    assert {"default", "dev", "prod"} <= {name for name, source in rows if source == "built-in"}
    assert "shadowed by .awslint/profiles/prod.yaml" in invoke("profiles", "list").output


def test_profiles_show_resolves_extends(repo):
    write(repo / ".awslint/profiles/pay.yaml", "extends: [prod]\nparams: {rds-backup-retention: {min_days: 35}}\n")
    data = json.loads(invoke("profiles", "show", "pay", "--format", "json").output)
    assert data["source"] == ".awslint/profiles/pay.yaml extends built-in prod"
    assert data["fail_on"] == "medium" and data["aws_profile"] == "pay"
    assert data["params"]["rds-backup-retention"] == {"min_days": 35}
    assert data["severity"]["rds-multi-az"] == "high -> critical"
    text = invoke("profiles", "show", "dev").output
    assert "not_run:" in text and "- rds-multi-az" in text
    result = invoke("profiles", "show", "prdo")
    assert result.exit_code == 2 and "did you mean 'prod'?" in result.output


def test_profiles_validate_exit_codes(repo):
    good = write(repo / "good.yaml", "extends: [dev]\n")
    bad = write(repo / "bad.yaml", "extends: [dev]\nseverity: {ebs-gp3: hihg}\n")
    ok = invoke("profiles", "validate", str(good))
    assert ok.exit_code == 0 and "ok " in ok.output
    result = invoke("profiles", "validate", str(good), str(bad))
    assert result.exit_code == 2
    assert "bad.yaml:2: severity.ebs-gp3" in result.output and "ok " in result.output


# -- the built-in profiles ----------------------------------------------------------------------
def test_every_builtin_and_example_profile_is_valid():
    """Fails when a check named in a shipped profile is renamed or removed (stale names are errors)."""
    registry = default_registry()
    assert {"default", "prod", "dev"} <= set(lp.builtin_names())
    for name in lp.builtin_names():
        lp.load_profile(lp.Finder(ROOT).candidates(name)[-1], registry)
    files = sorted(str(p) for p in (ROOT / "examples/profiles").glob("*.yaml"))
    assert len(files) >= 2
    result = invoke("profiles", "validate", *files)
    assert result.exit_code == 0, result.output


def test_multi_az_checks_are_off_in_dev_and_raised_in_prod():
    """The lessons' point, for every Multi-AZ check in the catalogue (new ones included)."""
    registry = default_registry()
    finder = lp.Finder(ROOT)
    dev = lp.load_profile(finder.candidates("dev")[-1], registry)
    prod = lp.load_profile(finder.candidates("prod")[-1], registry)
    multi_az = [c for c in registry.all() if "multi-az" in c.name or c.name == "nat-gateway-per-az"]
    assert len(multi_az) >= 5
    dev_names = {c.name for c in dev.selected}
    for spec in multi_az:
        assert spec.name not in dev_names, f"{spec.name} should be off in dev"
        raised = prod.severities.get(spec.id)
        assert raised and Severity(raised).rank > Severity(spec.severity).rank, f"{spec.name} should be raised in prod"
    replication = [c for c in registry.all() if "cross-region" in c.name or "global-table" in c.name]
    assert len(replication) >= 3
    for spec in replication:
        assert spec.name not in dev_names, f"{spec.name} (DR/replication) should be off in dev"
        effective = Severity(prod.severities.get(spec.id, spec.severity))
        assert effective.rank >= Severity.HIGH.rank, f"{spec.name} should be at least high in prod"
    assert (dev.fail_on, prod.fail_on) == ("high", "medium")
    cost = [c for c in registry.all() if "cost" in c.pillars and c.name in dev_names]
    assert cost and all(Severity(dev.severities.get(c.id, c.severity)).rank >= Severity.LOW.rank for c in cost)


def test_demo_dev_and_prod_differ_as_the_lessons_say(repo, demo_scan):
    """`awslint scan --demo --profile dev` vs `--profile prod` (on the session's demo inventory): Multi-AZ checks
    off in dev, raised in prod."""
    reports = {}
    for name in ("dev", "prod"):
        result = invoke("scan", "--from", str(demo_scan.inventory_path), "--profile", name, "--format", "table",
                        "--format", f"json={name}.json")
        assert header(result.output).startswith(
            f"awslint {__import__('awslint').__version__}: lint profile {name} (built-in); AWS profile none")
        reports[name] = validate_report((repo / f"{name}.json").read_text())
        assert result.exit_code == reports[name]["summary"]["exit_code"]
    dev, prod = reports["dev"], reports["prod"]
    assert "rds-multi-az" not in dev["scan"]["checks"] and "nat-gateway-per-az" not in dev["scan"]["checks"]
    assert not [r for r in dev["results"] if "multi-az" in r["check"]]
    prod_multi_az = [r for r in prod["results"] if r["check"] == "rds-multi-az"]
    assert {r["status"] for r in prod_multi_az} >= {"FAIL", "PASS"}
    assert {r["severity"] for r in prod_multi_az} == {"critical"}
    assert {r["severity"] for r in dev["results"] if r["check"] == "ebs-gp3"} == {"high"}  # cost first in dev
    assert {r["severity"] for r in prod["results"] if r["check"] == "ebs-gp3"} == {"low"}
    assert (dev["summary"]["fail_on"], prod["summary"]["fail_on"]) == ("high", "medium")
    assert prod["summary"]["failed_by_severity"]["critical"] > 0


def test_json_profile_empty_is_valid_and_duplicate_keys_are_refused(repo):
    """Same rules as YAML: an empty file changes nothing; a repeated key is an error, not 'the last one wins'."""
    write(repo / "empty.json", "  \n")
    assert invoke("profiles", "validate", "empty.json").exit_code == 0
    write(repo / "dup.json", '{"fail_on": "never",\n "checks": {"select": ["ebs-gp3"]},\n "fail_on": "low"}')
    result = invoke("profiles", "validate", "dup.json")
    assert result.exit_code == 2
    assert "lint profile dup.json: invalid JSON: duplicate key 'fail_on'" in result.output


def test_unknown_profile_name_note_suggests_a_lint_profile(inventory):
    """`--profile prdo` is a valid AWS profile name, so not an error, but the note points at the likely typo."""
    result = invoke("scan", "--from", str(inventory), "--profile", "prdo", "--check", "ebs-gp3")
    assert "note: no lint profile named 'prdo'" in result.output
    assert "as the AWS profile only; did you mean 'prod'?" in result.output
