"""Every Python sample in docs/writing-checks.md runs, in order, and its tests pass."""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
from pathlib import Path

from awslint.checkapi import CHECK_ATTR

DOC = Path(__file__).resolve().parent.parent / "docs" / "writing-checks.md"


def _call(test, monkeypatch):
    """Run one sample test, giving it the ``moto_account`` fixture the way awslint's pytest plugin does."""
    if "moto_account" not in inspect.signature(test).parameters:
        return test()
    from moto import mock_aws

    from awslint.demo import moto_compat
    from awslint.testing import TEST_ENV, MotoAccount
    for key, value in TEST_ENV.items():
        monkeypatch.setenv(key, value)
    moto_compat.apply()
    with mock_aws():
        return test(moto_account=MotoAccount())


def test_writing_checks_samples_execute_and_pass(tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 4
    module_path = tmp_path / "doc_samples.py"
    module_path.write_text("\n\n".join(blocks))
    spec = importlib.util.spec_from_file_location("doc_samples", module_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["doc_samples"] = module
    try:
        spec.loader.exec_module(module)
        checks = [getattr(v, CHECK_ATTR) for v in vars(module).values() if hasattr(v, CHECK_ATTR)]
        assert len(checks) == 2
        for check in checks:
            check.validate()
        tests = [v for k, v in vars(module).items() if k.startswith("test_") and callable(v)]
        assert len(tests) == 6
        for test in tests:
            _call(test, monkeypatch)
    finally:
        sys.modules.pop("doc_samples", None)


def test_builtin_sources_table_lists_every_builtin_source():
    """Section 3 lists the built-in source keys a check can put in ``needs``; keep it complete and true."""
    from awslint.registry import build_registry
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- builtin-sources", 1)[1].split("\n\n", 1)[0]
    listed = dict(re.findall(r"^\| `([a-z0-9]+:[a-z0-9_]+)` \| `([a-z0-9]+\.[a-z0-9_]+)` \|", table, flags=re.M))
    sources = build_registry(entry_points_enabled=False).sources
    assert listed == {k: f"{s.service}.{s.operation}" for k, s in sources.items()}
