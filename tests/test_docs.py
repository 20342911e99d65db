"""Every Python sample in docs/writing-checks.md runs, in order, and its tests pass."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from awslint.checkapi import CHECK_ATTR

DOC = Path(__file__).resolve().parent.parent / "docs" / "writing-checks.md"


def test_writing_checks_samples_execute_and_pass(tmp_path):
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
        assert len(tests) == 4
        for test in tests:
            test()
    finally:
        sys.modules.pop("doc_samples", None)
