"""Custom checks: --checks-dir, entry-point plugins, failure isolation, id space, scaffold."""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from awslint import failed
from awslint.cli import main
from awslint.registry import CHECKS_DIR_NAMESPACE, build_registry
from awslint.testing import inventory_from
from tests.helpers import fresh_venv, pip_install

ROOT = Path(__file__).resolve().parent.parent

GOOD = '''
from awslint import check, failed, passed

@check(id="X-VOL001", name="x-small-volumes", title="Volume smaller than 10 GiB", severity="low",
       needs=("ec2:volumes",), lesson="Team policy", pillars=("cost",), remediation="resize it")
def small(inv, params):
    for v in inv["ec2:volumes"]:
        yield (failed if v["Size"] < 10 else passed)(v["VolumeId"], "size %s" % v["Size"])
'''


@pytest.fixture
def inventory_file(tmp_path):
    inv = inventory_from({"ec2:volumes": [{"VolumeId": "vol-small", "Size": 8, "VolumeType": "gp3"},
                                          {"VolumeId": "vol-big", "Size": 100, "VolumeType": "gp3"}]})
    path = tmp_path / "inventory.json"
    path.write_text(inv.dumps())
    return path


def plugin_dir(tmp_path, **files):
    directory = tmp_path / "plugins"
    directory.mkdir()
    for name, body in files.items():
        (directory / f"{name}.py").write_text(textwrap.dedent(body))
    return directory


def scan(inventory, directory, *extra):
    return CliRunner().invoke(main, ["scan", "--from", str(inventory), "--checks-dir", str(directory),
                                     "--format", "json", *extra], catch_exceptions=False)


def report_of(result):
    return json.loads(result.stdout)


def test_checks_dir_loads_under_private_namespace_without_touching_sys_path(tmp_path, inventory_file):
    directory = plugin_dir(tmp_path, team_checks=GOOD)
    before = list(sys.path)
    result = scan(inventory_file, directory, "--check", "x-small-volumes")
    assert result.exit_code == 1
    got = {r["resource_id"]: r["status"] for r in report_of(result)["results"]}
    assert got == {"vol-small": "FAIL", "vol-big": "PASS"}
    assert sys.path == before and str(directory) not in sys.path
    assert f"{CHECKS_DIR_NAMESPACE}.team_checks" in sys.modules


def test_broken_module_is_reported_and_the_scan_goes_on_with_exit_3(tmp_path, inventory_file):
    directory = plugin_dir(tmp_path, a_broken="import does_not_exist\n", b_good=GOOD)
    result = scan(inventory_file, directory, "--check", "x-small-volumes", "--fail-on", "never")
    assert result.exit_code == 3
    assert "plugin a_broken" in result.stderr and "a_broken.py" in result.stderr
    assert "ModuleNotFoundError" in result.stderr
    report = report_of(result)
    assert {r["resource_id"] for r in report["results"]} == {"vol-small", "vol-big"}  # others unaffected
    assert any("a_broken" in e["message"] for e in report["errors"])
    assert scan(inventory_file, directory, "--check", "x-small-volumes", "--fail-on", "never",
                "--allow-incomplete").exit_code == 0


def test_strict_plugins_fails_fast_with_exit_2(tmp_path, inventory_file):
    directory = plugin_dir(tmp_path, broken="raise RuntimeError('half-written')\n")
    result = CliRunner().invoke(main, ["scan", "--strict-plugins", "--from", str(inventory_file),
                                       "--checks-dir", str(directory)], catch_exceptions=False)
    assert result.exit_code == 2 and "half-written" in result.stderr and "--strict-plugins" in result.stderr


def test_check_raising_at_evaluation_is_error_others_unaffected(tmp_path, inventory_file):
    raising = GOOD.replace("X-VOL001", "X-VOL002").replace("x-small-volumes", "x-raises").replace(
        "for v in inv", "raise ValueError('bad data')\n    for v in inv")
    directory = plugin_dir(tmp_path, good=GOOD, raising=raising)
    result = scan(inventory_file, directory, "--check", "x-small-volumes,x-raises", "--fail-on", "never")
    assert result.exit_code == 3
    statuses = {(r["check"], r["status"]) for r in report_of(result)["results"]}
    assert ("x-raises", "ERROR") in statuses and ("x-small-volumes", "FAIL") in statuses
    error = next(r for r in report_of(result)["results"] if r["check"] == "x-raises")
    assert "ValueError: bad data" in error["message"] and "raising.py" in error["message"]


def test_duplicate_ids_are_refused_naming_both_origins(tmp_path, inventory_file):
    directory = plugin_dir(tmp_path, one=GOOD, two=GOOD.replace("x-small-volumes", "x-other-name"))
    registry = build_registry([directory])
    messages = [str(p) for p in registry.problems]
    assert len(messages) == 1 and "duplicate check id 'X-VOL001'" in messages[0]
    assert "one" in messages[0] and "two" in messages[0]


def test_builtin_ids_and_names_are_reserved(tmp_path):
    steals_id = GOOD.replace("X-VOL001", "NET001").replace("x-small-volumes", "x-thief")
    steals_name = GOOD.replace("x-small-volumes", "nat-gateway-per-az")
    registry = build_registry([plugin_dir(tmp_path, steals_id=steals_id, steals_name=steals_name)])
    text = "\n".join(str(p) for p in registry.problems)
    assert "shape of a built-in id, and those are reserved: add your prefix, e.g. X-NET001" in text
    assert "duplicate check name 'nat-gateway-per-az'" in text and "builtin" in text
    assert registry.get("NET001").builtin


def test_non_read_only_source_is_refused_at_registration(tmp_path, inventory_file):
    writer = '''
    from awslint import Source
    volumes_writer = Source("ec2:new_volumes", "ec2", "create_volume", "VolumeId")
    '''
    directory = plugin_dir(tmp_path, writer=writer, good=GOOD)
    result = scan(inventory_file, directory, "--check", "x-small-volumes", "--fail-on", "never")
    assert result.exit_code == 3
    assert "'create_volume' is not read-only" in result.stderr


def test_custom_source_is_collected_for_its_checks(tmp_path):
    module = '''
    from awslint import Source, check, passed
    flow_logs = Source("ec2:flow_logs", "ec2", "describe_flow_logs", "FlowLogs")

    @check(id="X-FLW001", name="x-flow-logs", title="t", severity="low", needs=("ec2:flow_logs",),
           lesson="Team policy", pillars=("security",), remediation="r")
    def flow(inv, params):
        for f in inv["ec2:flow_logs"]:
            yield passed(f["FlowLogId"], "ok")
    '''
    registry = build_registry([plugin_dir(tmp_path, flows=module)])
    assert registry.problems == []
    assert registry.sources["ec2:flow_logs"].origin.startswith("checks-dir:")
    assert registry.get("x-flow-logs").needs == ("ec2:flow_logs",)


def test_new_check_scaffold_passes_its_own_test(tmp_path):
    result = CliRunner().invoke(main, ["new-check", "require-owner-tag", "--dir", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", str(tmp_path / "mine")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout
    again = CliRunner().invoke(main, ["new-check", "require-owner-tag", "--dir", str(tmp_path / "mine")])
    assert again.exit_code == 2 and "already exists" in again.output
    second = CliRunner().invoke(main, ["new-check", "require-cost-tag", "--dir", str(tmp_path / "mine")])
    assert second.exit_code == 0, second.output
    assert 'id="X-CUS002"' in (tmp_path / "mine" / "require_cost_tag.py").read_text()
    registry = build_registry([tmp_path / "mine"], entry_points_enabled=False)
    assert registry.problems == [] and {"X-CUS001", "X-CUS002"} <= set(registry.checks)
    taken_id = CliRunner().invoke(main, ["new-check", "third-one", "--id", "X-CUS002", "--dir", str(tmp_path / "mine")])
    assert taken_id.exit_code == 2 and "X-CUS002 is already used" in taken_id.output
    builtin_name = CliRunner().invoke(main, ["new-check", "rds-multi-az", "--dir", str(tmp_path / "mine")])
    assert builtin_name.exit_code == 2 and "a check named 'rds-multi-az' already exists" in builtin_name.output
    bad_id = CliRunner().invoke(main, ["new-check", "fourth-one", "--id", "ACME-X001", "--dir", str(tmp_path / "mine")])
    assert bad_id.exit_code == 2 and "area 'X' must be 2-6" in bad_id.output
    bad = CliRunner().invoke(main, ["new-check", "Bad_Name"])
    assert bad.exit_code == 2 and "kebab-case" in bad.output


def test_plugin_package_installs_into_fresh_venv_and_runs(tmp_path, demo_scan):
    py, purelib = fresh_venv(tmp_path)
    # addsitedir (not a bare path) so the .pth files there run too: awslint is installed editable in the
    # project venv, and installing the repo itself here would write build/ and *.egg-info into the shared tree.
    Path(purelib, "_deps.pth").write_text("".join(f"import site; site.addsitedir({p!r})\n"
                                                  for p in site.getsitepackages()))
    package = shutil.copytree(ROOT / "examples" / "plugin-package", tmp_path / "plugin-package",
                              ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    build = pip_install(py, str(package), cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    awslint = [str(py), "-m", "awslint"]

    listing = subprocess.run([*awslint, "checks", "list"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert listing.returncode == 0 and "ACME-EBS001" in listing.stdout, listing.stderr
    shown = subprocess.run([*awslint, "checks", "show", "ACME-EBS001", "--format", "json"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert json.loads(shown.stdout)["origin"] == "entry-point:acme"
    scanned = subprocess.run([*awslint, "scan", "--from", str(demo_scan.inventory_path), "--check", "ACME-EBS001",
                              "--format", "json"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert scanned.returncode in (0, 1), scanned.stderr
    assert scanned.stdout, scanned.stderr
    assert json.loads(scanned.stdout)["scan"]["checks"] == ["acme-ebs-customer-managed-key"]
    own_tests = subprocess.run([str(py), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
                                str(ROOT / "examples" / "plugin-package" / "tests")],
                               capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert own_tests.returncode == 0, own_tests.stdout + own_tests.stderr
    assert "2 passed" in own_tests.stdout
    assert not (ROOT / "examples" / "plugin-package" / "build").exists()


@pytest.mark.parametrize(("bad_id", "hint"), [
    ("ACME-T001", "area 'T' must be 2-6 upper-case letters/digits"),
    ("acme-rds011", "ids are upper case: 'ACME-RDS011'"),
    ("ACMERDS011", "no organisation prefix"),
    ("ACME-RDS11", "must end in exactly three digits"),
    ("acme_co-RDS011", "prefix 'acme_co' must be 1-16 upper-case"),
])
def test_invalid_custom_id_says_which_part_is_wrong(tmp_path, bad_id, hint):
    registry = build_registry([plugin_dir(tmp_path, bad=GOOD.replace("X-VOL001", bad_id))], entry_points_enabled=False)
    assert len(registry.problems) == 1 and hint in str(registry.problems[0]), registry.problems


def _one_check(body: str):
    from awslint import check

    @check(id="X-RET001", name="x-returns", title="t", severity="low", needs=("ec2:volumes",), lesson="Team policy",
           pillars=("cost",), remediation="r")
    def returns(inv, params):
        return body(inv)
    return returns


@pytest.mark.parametrize(("body", "says"), [
    (lambda inv: failed(inv["ec2:volumes"][0]["VolumeId"], "bad"), "returned a single finding: a check yields"),
    (lambda inv: None, "returned None"),
    (lambda inv: "vol-1", "returned a str"),
    (lambda inv: iter(["vol-1"]), "yielded a str ('vol-1')"),
])
def test_return_instead_of_yield_is_an_error_in_the_authors_terms(body, says):
    from awslint.testing import messages, run_check
    inv = inventory_from({"ec2:volumes": [{"VolumeId": "vol-1", "Size": 8}]})
    results = run_check(_one_check(body), inv)
    assert [r.status.value for r in results] == ["ERROR"]
    assert says in messages(results)["ERROR:us-east-1"] and "test_plugins.py" in messages(results)["ERROR:us-east-1"]


def test_yielding_a_non_finding_names_the_line_of_the_yield(tmp_path):
    from awslint.testing import messages, run_check
    bad = GOOD.replace('yield (failed if v["Size"] < 10 else passed)(v["VolumeId"], "size %s" % v["Size"])',
                       'yield v["VolumeId"]')
    registry = build_registry([plugin_dir(tmp_path, bad=bad)], entry_points_enabled=False)
    results = run_check(registry.get("x-small-volumes"), inventory_from({"ec2:volumes": [{"VolumeId": "vol-1"}]}))
    assert "bad.py:8) yielded a str ('vol-1')" in messages(results)["ERROR:us-east-1"]


def test_returning_a_list_of_findings_still_works():
    inv = inventory_from({"ec2:volumes": [{"VolumeId": "vol-1", "Size": 8}]})
    from awslint.testing import run_check, verdicts
    assert verdicts(run_check(_one_check(lambda inv: [failed("vol-1", "small")]), inv)) == {"vol-1": "FAIL"}


def test_typo_in_needs_names_the_closest_source_and_check_selection_says_why_it_is_missing(tmp_path, inventory_file):
    typo = GOOD.replace('needs=("ec2:volumes",)', 'needs=("ec2:volume",)')
    directory = plugin_dir(tmp_path, typo=typo)
    registry = build_registry([directory], entry_points_enabled=False)
    assert "needs unknown source(s) ec2:volume (did you mean 'ec2:volumes'?)" in str(registry.problems[0])
    result = scan(inventory_file, directory, "--check", "x-small-volumes")
    assert result.exit_code == 2
    assert "--check 'x-small-volumes' names a check that was not loaded: plugin typo" in result.stderr
    assert "did you mean 'ec2:volumes'" in result.stderr


CUSTOM_GLOBAL = '''
from awslint import Source, check, failed, passed

aliases = Source("iam:acme_aliases", "iam", "list_account_aliases", "AccountAliases", scope="global", wrap="Alias")


@check(id="X-IAM001", name="x-account-alias", title="Account has no alias", severity="low",
       needs=("iam:acme_aliases",), lesson="Team policy", pillars=("operational",), remediation="r")
def account_alias(inv, params):
    names = [a["Alias"] for a in inv["iam:acme_aliases"]]
    yield (passed if names else failed)(inv.account, f"aliases: {names}")
'''


def _import_plugin(tmp_path, body, name="x_custom_plugin"):
    import importlib.util
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(body))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_testing_kit_finds_imported_custom_checks_by_name_and_their_global_sources(tmp_path):
    from awslint.testing import run_check, verdicts
    module = _import_plugin(tmp_path, CUSTOM_GLOBAL)
    try:
        # plain dicts: inventory_from cannot know the custom source is global; run_check moves it to the account scope
        inv = inventory_from({"iam:acme_aliases": [{"Alias": "acme-prod"}],
                              "ec2:vpcs": {"us-east-1": [], "eu-west-1": []}})
        assert verdicts(run_check("x-account-alias", inv)) == {"123456789012": "PASS"}
        denied = inventory_from({}, errors={"iam:acme_aliases": "AccessDenied"})
        assert verdicts(run_check(module.account_alias, denied)) == {"ERROR:global": "ERROR"}
        with pytest.raises(KeyError, match="no check 'x-acount-alias'"):
            run_check("x-acount-alias", inv)
    finally:
        sys.modules.pop(module.__name__, None)


def test_run_check_refuses_a_typo_in_needs_like_the_loader_does(tmp_path):
    from awslint.testing import run_check
    module = _import_plugin(tmp_path, GOOD.replace('needs=("ec2:volumes",)', 'needs=("ec2:volume",)'), "x_typo_plugin")
    try:
        inv = inventory_from({"ec2:volume": [{"VolumeId": "vol-1", "Size": 8}]})
        with pytest.raises(KeyError, match="did you mean 'ec2:volumes'"):
            run_check(module.small, inv)
    finally:
        sys.modules.pop("x_typo_plugin", None)


def test_inventory_from_explains_bare_name_items():
    with pytest.raises(TypeError, match="wrap='Name'"):
        inventory_from({"iam:acme_aliases": ["acme-prod"]})


def test_moto_account_scans_a_custom_check_by_name_with_its_custom_source(tmp_path, moto_account):
    from awslint.testing import collect_stubbed, verdicts
    module = _import_plugin(tmp_path, CUSTOM_GLOBAL, "x_alias_plugin")
    try:
        assert verdicts(moto_account.scan("x-account-alias")) == {"123456789012": "FAIL"}
        moto_account.client("iam").create_account_alias(AccountAlias="acme-prod")
        assert verdicts(moto_account.scan("X-IAM001")) == {"123456789012": "PASS"}
        stubbed = collect_stubbed(["iam:acme_aliases"], {("iam", "us-east-1"): [
            ("list_account_aliases", {"AccountAliases": ["acme-dr"], "IsTruncated": False})]})
        assert module.aliases.key in stubbed.global_sources
        assert [a["Alias"] for a in stubbed.data["iam:acme_aliases"][("123456789012", "global")]] == ["acme-dr"]
    finally:
        sys.modules.pop("x_alias_plugin", None)
