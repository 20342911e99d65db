"""JSON Schemas shipped with awslint (report, profile), loaded with :func:`load`."""

import json
from functools import cache
from importlib import resources


@cache
def load(name: str) -> dict:
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))
