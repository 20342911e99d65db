"""Every verdict of the demo, and the SARIF fingerprint of every finding, pinned.

Users' baselines, suppressions and code-scanning alerts are keyed on check ids, resource ARNs and
fingerprints, so a refactor must not move any of them. The demo is deterministic (moto's id generator
is seeded), so its results can be pinned exactly: ``tests/data/demo_verdicts.json`` was written before
the checks moved to one module per id prefix, and this test proves they still give the same answer
for every resource.

When a change is *meant* to alter a verdict (a new check, a fixed false PASS, a new demo resource),
regenerate the file and review its diff like code::

    python -m tests.test_demo_verdicts --update
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from awslint.model import Result
from awslint.reporting.sarif import fingerprint

PINNED = Path(__file__).parent / "data" / "demo_verdicts.json"
FIELDS = ("id", "check", "status", "region", "resource_type", "resource_id", "resource_arn")


def verdicts(results: list[Result]) -> list[dict[str, str | None]]:
    rows = [{**{f: (getattr(r, f).value if f == "status" else getattr(r, f)) for f in FIELDS},
             "fingerprint": fingerprint(r)} for r in results]
    return sorted(rows, key=lambda row: (str(row["id"]), str(row["fingerprint"]), str(row["region"])))


def test_every_demo_verdict_and_fingerprint_is_unchanged(demo_scan):
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    now = verdicts(demo_scan.report.results)
    by_key = {(row["id"], row["fingerprint"]): row for row in now}
    missing = [row for row in pinned if (row["id"], row["fingerprint"]) not in by_key]
    changed = [(row, by_key[(row["id"], row["fingerprint"])]) for row in pinned
               if (row["id"], row["fingerprint"]) in by_key and by_key[(row["id"], row["fingerprint"])] != row]
    extra = len(now) - (len(pinned) - len(missing))
    assert (missing, changed, extra) == ([], [], 0), \
        f"{len(missing)} pinned results missing, {len(changed)} changed, {extra} new: " \
        f"first missing {missing[:1]}, first changed {changed[:1]}"


def _update() -> None:  # pragma: no cover - a maintainer's command
    from awslint.demo import demo_account
    from awslint.scan import run_scan
    from awslint.settings import Flags, resolve
    from awslint.testing import default_registry

    registry = default_registry()
    with demo_account() as (aws, _):
        report = run_scan(resolve(Flags(demo=True), registry), registry, aws=aws)
    PINNED.write_text(json.dumps(verdicts(report.results), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(report.results)} verdicts to {PINNED}")


if __name__ == "__main__" and "--update" in sys.argv:  # pragma: no cover
    _update()
