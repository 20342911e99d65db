"""The lessons awslint's built-in checks encode: one table, read by the checks, the docs and the tests.

Each value is the lesson's heading in the curriculum (``shared/LESSONS.md``), which is what a check's
``lesson`` metadata, ``awslint checks show`` and docs/checks.md print. A built-in check must name one
of these (the registry refuses anything else); custom checks may name their own.
"""

from __future__ import annotations

from enum import StrEnum


class Lesson(StrEnum):
    DISASTER_RECOVERY = "Day 4: Disaster recovery (RTO/RPO)"
    VPC = "Day 5: Advanced VPC networking"
    EC2 = "Day 6: Advanced EC2 design"
    AUTO_SCALING = "Day 7: Auto Scaling and high availability"
    LOAD_BALANCING = "Day 8: Load balancing"
    STORAGE = "Day 9: Storage"
    DATABASES = "Day 10: Databases"
    MIGRATION = "Day 11: Migration and global databases"
    CACHING_CDN = "Day 12: Caching and CDN"
    SERVERLESS = "Day 13: Serverless"


LESSONS: tuple[str, ...] = tuple(lesson.value for lesson in Lesson)
