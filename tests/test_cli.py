"""CLI contract: user mistakes give one clear sentence and exit 2, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from awslint import __version__
from awslint.cli import main


@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                "AWS_DEFAULT_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_no_credentials_is_exit_2_with_demo_hint(no_credentials):
    result = invoke("scan", "--region", "us-east-1", "--check", "nat-gateway-per-az")
    assert result.exit_code == 2
    assert "No AWS credentials found" in result.output and "awslint scan --demo" in result.output
    assert "Traceback" not in result.output


def test_unknown_aws_profile_is_exit_2(no_credentials):
    result = invoke("scan", "--aws-profile", "nosuchprofile", "--check", "nat-gateway-per-az")
    assert result.exit_code == 2
    assert "'nosuchprofile' is not configured" in result.output


def test_unknown_check_suggests_close_match():
    result = invoke("scan", "--demo", "--check", "nat-gateway-per-zone")
    assert result.exit_code == 2
    assert "did you mean 'nat-gateway-per-az'" in result.output


def test_unknown_check_in_show_suggests_close_match():
    result = invoke("checks", "show", "nat-gw-per-az")
    assert result.exit_code == 2 and "did you mean 'nat-gateway-per-az'" in result.output


def test_unwritable_output_fails_before_scanning(tmp_path):
    locked = tmp_path / "missing-dir" / "report.json"
    result = invoke("scan", "--demo", "--output", str(locked))
    assert result.exit_code == 2
    assert "does not exist" in result.output and "built the demo" not in result.output
    result = invoke("scan", "--demo", "--output", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.output


def test_unknown_format_is_exit_2():
    result = invoke("scan", "--demo", "--format", "yaml")
    assert result.exit_code == 2 and "unknown --format 'yaml'" in result.output


def test_checks_list_and_show_json():
    listing = json.loads(invoke("checks", "list", "--format", "json").output)
    names = {c["name"] for c in listing}
    assert "nat-gateway-per-az" in names
    shown = json.loads(invoke("checks", "show", "NET001", "--format", "json").output)
    assert shown["name"] == "nat-gateway-per-az" and shown["remediation"]


def test_aws_profile_default_means_default_credential_chain_with_any_lint_profile():
    """CI with OIDC environment credentials: --profile prod --aws-profile default."""
    from awslint.registry import build_registry
    from awslint.settings import Flags, resolve

    registry = build_registry()
    settings = resolve(Flags(profile="prod", aws_profile="default"), registry)
    assert settings.lint_profile == "prod" and settings.aws_profile is None
    assert resolve(Flags(profile="prod"), registry).aws_profile == "prod"


def test_demo_rejects_an_unknown_region_before_building_the_account():
    result = invoke("scan", "--demo", "--region", "us-east-7")
    assert result.exit_code == 2 and "unknown region 'us-east-7'" in result.output
    assert "built the demo" not in result.output


def test_unreachable_endpoint_and_throttled_sts_are_not_blamed_on_credentials():
    """Before: both said "AWS rejected the credentials ... Refresh them", sending users after the wrong problem."""
    import boto3
    from botocore.stub import Stubber

    from awslint.session import AwsSession, CredentialsError

    unreachable = AwsSession(boto3.Session(aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"),
                             endpoint_url="http://127.0.0.1:9", max_attempts=1)
    with pytest.raises(CredentialsError, match=r"Cannot reach http://127.0.0.1:9 .*credentials were not tried"):
        unreachable.account_id()
    throttled = AwsSession(boto3.Session(aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"),
                           max_attempts=1)
    stub = Stubber(throttled.client("sts", "us-east-1"))
    stub.add_client_error("get_caller_identity", service_error_code="Throttling", http_status_code=400)
    with stub, pytest.raises(CredentialsError, match=r"STS throttled GetCallerIdentity.*not the problem"):
        throttled.account_id()
