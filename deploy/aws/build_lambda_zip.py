#!/usr/bin/env python3
"""Build the Lambda zip of the awslint organisation scanner (deploy/aws/scanner.yaml): awslint and its runtime
dependencies, for the python3.12 Lambda runtime.

    python deploy/aws/build_lambda_zip.py                    # -> dist/awslint-lambda.zip (x86_64)
    python deploy/aws/build_lambda_zip.py --arch arm64 -o awslint-arm64.zip
    aws s3 cp dist/awslint-lambda.zip s3://MY-ARTIFACT-BUCKET/awslint-lambda.zip

How: ``pip install --target`` into a temporary directory, twice. First the runtime dependencies from setup.cfg's
``install_requires`` (click, jsonschema, tabulate, PyYAML) as wheels for the Lambda platform
(``--platform manylinux2014_<arch> --python-version 3.12 --only-binary=:all:``): jsonschema needs rpds-py, a
compiled extension, so wheels of the machine running this script would not load in Lambda. Then awslint itself with
``--no-deps`` (pure Python). Test and demo extras (moto, pytest, ...) are never installed.

Trade-off: boto3 and botocore are left out because the Lambda runtime ships them, which keeps the zip small (about
6 MB instead of about 25 MB) but means the runtime's boto3 version is used, not the one pinned here; an API newer
than the runtime's botocore would be missing. Pass ``--with-boto3`` to bundle them instead (the bundled copy then
shadows the runtime's). Either way pip needs the package index (or ``PIP_FIND_LINKS`` with the wheels).
"""

from __future__ import annotations

import argparse
import configparser
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = "3.12"
PROVIDED_BY_LAMBDA = {"boto3", "botocore"}  # the python3.12 Lambda runtime ships them (and their own deps)
#: Never in the zip, whatever pulls them in: compiled caches, tests, and what only developers use.
EXCLUDED_DIRS = {"__pycache__", "tests", "moto", "pytest", "_pytest"}
EXCLUDED_TOP = {"bin"}  # console scripts: Lambda calls the handlers


def runtime_requirements(with_boto3: bool = False) -> list[str]:
    """setup.cfg's ``install_requires`` (the runtime dependencies), less what the Lambda runtime provides."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    requirements = [line.strip() for line in config["options"]["install_requires"].splitlines() if line.strip()]
    if with_boto3:
        return requirements
    return [r for r in requirements if _name(r) not in PROVIDED_BY_LAMBDA]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def pip_install(target: Path, args: list[str]) -> None:
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
               "--target", str(target), *args]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def write_zip(source: Path, output: Path) -> int:
    """Zip ``source``'s contents (paths relative to it, sorted, fixed timestamps: the same input gives the same
    bytes), leaving out ``EXCLUDED_DIRS`` and ``*.pyc``; the number of files written."""
    files = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix != ".pyc"
                   and not EXCLUDED_DIRS.intersection(p.relative_to(source).parts[:-1])
                   and p.relative_to(source).parts[0] not in EXCLUDED_TOP)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    partial.replace(output)
    return len(files)


def build(output: Path, arch: str = "x86_64", with_boto3: bool = False, python: str = RUNTIME) -> Path:
    platform = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}[arch]
    with tempfile.TemporaryDirectory(prefix="awslint-lambda-") as tmp:
        target = Path(tmp) / "package"
        pip_install(target, ["--platform", platform, "--implementation", "cp", "--python-version", python,
                             "--only-binary=:all:", *runtime_requirements(with_boto3)])
        # awslint itself is pure Python: its own wheel, without dependencies (they are above)
        pip_install(target, ["--no-deps", str(ROOT)])
        for leftover in target.glob("*.dist-info/RECORD"):
            leftover.unlink()  # lists absolute build paths; not needed to import
        count = write_zip(target, output)
    size = output.stat().st_size / 1e6
    print(f"wrote {output} ({count} files, {size:.1f} MB, python{python} {arch}); handlers: "
          "awslint.aws_lambda.list_accounts, awslint.aws_lambda.scan_account, awslint.aws_lambda.merge_reports")
    if size > 50:
        print("warning: over 50 MB zipped: upload it to S3 (the template does), not directly", file=sys.stderr)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "dist" / "awslint-lambda.zip",
                        help="zip to write (default: dist/awslint-lambda.zip)")
    parser.add_argument("--arch", choices=("x86_64", "arm64"), default="x86_64",
                        help="Lambda architecture (scanner.yaml uses x86_64)")
    parser.add_argument("--with-boto3", action="store_true",
                        help="bundle boto3/botocore instead of using the Lambda runtime's")
    parser.add_argument("--python-version", default=RUNTIME,
                        help=f"Python of the wheels (default {RUNTIME}, scanner.yaml's runtime; another only to try the "
                             "zip on a local interpreter)")
    args = parser.parse_args(argv)
    build(args.output.resolve(), args.arch, args.with_boto3, args.python_version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
