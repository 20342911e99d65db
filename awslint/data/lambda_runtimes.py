"""AWS Lambda managed runtimes and their deprecation dates, as published by AWS.

Source of truth: the "Supported runtimes" and "Deprecated runtimes" tables of
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (deprecation policy:
https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html). Those pages could
not be fetched directly when this table was compiled; the dates were taken from two
machine-readable mirrors of that table that agree with each other, cross-checked against
announcements (the June 2026 one-year extension of java8.al2/java11/java17/python3.11, the
July 2026 AL2023-based Java 8/11/17 runtimes, python3.9 moved to 2025-12-15):
aws-cloudformation/cfn-lint ``LmbdRuntimeLifecycle.json`` (updated 2026-06-02, PR #4532) and a
lifecycle table fetched from the AWS page on 2026-08-15. AWS calls future dates "projected"
and moves them; refresh this table (and LAST_VERIFIED) regularly.

Deprecation: AWS stops patching the runtime and it is no longer eligible for technical
support. Function creation and then update are blocked later ("block create"/"block update");
invocations are never blocked. Runtimes not in this table (e.g. previews such as nodejs26.x and
python3.15 that had no published date) are treated as not deprecated.
"""

from __future__ import annotations

from datetime import date

LAST_VERIFIED = "2026-11-28"
SOURCE_URL = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"

#: runtime identifier -> (deprecation date, block function create, block function update, successor).
#: Empty strings mean "not published".
RUNTIMES: dict[str, tuple[str, str, str, str]] = {
    # Node.js
    "nodejs24.x": ("2028-04-30", "2028-06-01", "2028-07-01", ""),
    "nodejs22.x": ("2027-04-30", "2027-06-01", "2027-07-01", "nodejs24.x"),
    "nodejs20.x": ("2026-04-30", "2027-02-01", "2027-03-03", "nodejs24.x"),
    "nodejs18.x": ("2025-09-01", "2027-02-01", "2027-03-03", "nodejs24.x"),
    "nodejs16.x": ("2024-06-12", "2027-02-01", "2027-03-03", "nodejs24.x"),
    "nodejs14.x": ("2023-12-04", "2024-01-09", "2027-03-03", "nodejs24.x"),
    "nodejs12.x": ("2023-03-31", "2023-03-31", "2023-04-30", "nodejs24.x"),
    "nodejs10.x": ("2021-07-30", "2021-07-30", "2022-02-14", "nodejs24.x"),
    "nodejs8.10": ("2020-03-06", "2020-02-04", "2020-03-06", "nodejs24.x"),
    "nodejs6.10": ("2019-08-12", "2019-07-12", "2019-08-12", "nodejs24.x"),
    "nodejs4.3": ("2020-03-05", "2020-02-03", "2020-03-05", "nodejs24.x"),
    "nodejs4.3-edge": ("2020-03-05", "2019-03-31", "2019-04-30", "nodejs24.x"),
    "nodejs": ("2016-08-30", "2016-09-30", "2016-10-31", "nodejs24.x"),
    # Python
    "python3.14": ("2029-06-30", "2029-07-31", "2029-08-31", ""),
    "python3.13": ("2029-06-30", "2029-07-31", "2029-08-31", "python3.14"),
    "python3.12": ("2028-10-31", "2028-11-30", "2029-01-10", "python3.14"),
    "python3.11": ("2027-06-30", "2027-07-31", "2027-08-31", "python3.14"),
    "python3.10": ("2026-10-31", "2027-02-01", "2027-03-03", "python3.14"),
    "python3.9": ("2025-12-15", "2027-02-01", "2027-03-03", "python3.14"),
    "python3.8": ("2024-10-14", "2027-02-01", "2027-03-03", "python3.14"),
    "python3.7": ("2023-12-04", "2024-01-09", "2027-03-03", "python3.14"),
    "python3.6": ("2022-07-18", "2022-07-18", "2022-08-29", "python3.14"),
    "python2.7": ("2021-07-15", "2021-07-15", "2022-05-30", "python3.14"),
    # Java
    "java25": ("2029-06-30", "2029-07-31", "2029-08-31", ""),
    "java21": ("2029-06-30", "2029-07-31", "2029-08-31", "java25"),
    "java17.al2023": ("2029-06-30", "", "", "java25"),
    "java11.al2023": ("2029-06-30", "", "", "java25"),
    "java8.al2023": ("2029-06-30", "", "", "java25"),
    "java17": ("2027-06-30", "2027-07-31", "2027-08-31", "java17.al2023"),
    "java11": ("2027-06-30", "2027-07-31", "2027-08-31", "java11.al2023"),
    "java8.al2": ("2027-06-30", "2027-07-31", "2027-08-31", "java8.al2023"),
    "java8": ("2024-01-08", "2024-02-08", "2027-03-03", "java8.al2023"),
    # .NET
    "dotnet10": ("2028-11-14", "2028-12-14", "2029-01-15", ""),
    "dotnet9": ("2026-11-10", "", "", "dotnet10"),  # container images only
    "dotnet8": ("2026-11-10", "2027-02-01", "2027-03-03", "dotnet10"),
    "dotnet7": ("2024-05-14", "", "", "dotnet10"),  # container images only
    "dotnet6": ("2024-12-20", "2027-02-01", "2027-03-03", "dotnet10"),
    "dotnet5.0": ("2022-05-10", "", "", "dotnet10"),  # container images only
    "dotnetcore3.1": ("2023-04-03", "2023-04-03", "2023-05-03", "dotnet10"),
    "dotnetcore2.1": ("2022-01-05", "2022-01-05", "2022-04-13", "dotnet10"),
    "dotnetcore2.0": ("2019-05-30", "2019-04-30", "2019-05-30", "dotnet10"),
    "dotnetcore1.0": ("2019-06-27", "2019-06-30", "2019-07-30", "dotnet10"),
    # Ruby
    "ruby4.0": ("2029-03-31", "2029-04-30", "2029-05-31", ""),
    "ruby3.4": ("2028-03-31", "2028-04-30", "2028-05-31", "ruby4.0"),
    "ruby3.3": ("2027-03-31", "2027-04-30", "2027-05-31", "ruby4.0"),
    "ruby3.2": ("2026-03-31", "2027-02-01", "2027-03-03", "ruby4.0"),
    "ruby2.7": ("2023-12-07", "2024-01-09", "2027-03-03", "ruby4.0"),
    "ruby2.5": ("2021-07-30", "2021-07-30", "2022-03-31", "ruby4.0"),
    # OS-only runtimes (Go, Rust, custom runtimes)
    "provided.al2023": ("2029-06-30", "2029-07-31", "2029-08-31", ""),
    "provided.al2": ("2026-07-31", "2027-02-01", "2027-03-03", "provided.al2023"),
    "provided": ("2024-01-08", "2024-02-08", "2027-03-03", "provided.al2023"),
    "go1.x": ("2024-01-08", "2024-02-08", "2027-03-03", "provided.al2023"),
}


def deprecation_dates() -> dict[str, str]:
    """``{runtime: "YYYY-MM-DD"}``: the default of the check's ``deprecation_dates`` parameter."""
    return {runtime: row[0] for runtime, row in RUNTIMES.items() if row[0]}


def lifecycle(runtime: str) -> dict[str, date | str | None]:
    """The published block dates and successor of a runtime (None when unknown or unpublished)."""
    row = RUNTIMES.get(runtime)
    if row is None:
        return {"block_create": None, "block_update": None, "successor": None}
    _, create, update, successor = row
    return {"block_create": date.fromisoformat(create) if create else None,
            "block_update": date.fromisoformat(update) if update else None,
            "successor": successor or None}
