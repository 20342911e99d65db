"""Lint profiles (issue 3): resolve ``--profile`` into checks, severities, params, regions and suppressions.

Business criticality decides the bar: a dev account needs no hot standby, a payments account
does. A lint profile says which bar applies. The format (docs/profiles.md) is a public contract;
this module loads it, validates it and resolves ``extends``; :mod:`awslint.settings` combines the result
with the command-line flags.

Why validation is strict: a typo in a profile silently changes what a CI gate enforces (a
misspelt check in ``skip`` skips nothing, a misspelt parameter keeps the lax default). So every
mistake is an error naming the file, the line, the field path and, where one fits, a "did you
mean". The schema for ``params`` is generated from the loaded checks' own ``Param``
declarations, so it can never drift from the checks that actually run.

Resolution (``--profile ARG``):

- ARG looks like a path (contains ``/`` or ends in .yaml/.yml/.json): that file.
- ARG is a name: ``./.awslint/profiles/NAME.{yaml,yml,json}``, then
  ``~/.config/awslint/profiles/NAME.*`` (``$XDG_CONFIG_HOME`` honoured), then the built-in
  ``profiles/NAME.yaml``; if none exists, the lint profile ``default`` applies and ARG is only
  the AWS credentials profile.
- no ARG: the lint profile ``default`` (found the same way), default AWS credentials.

The AWS credentials profile is ``--aws-profile``, else the profile's ``aws_profile`` key, else the
name given to ``--profile`` (or the file's stem for a path). The name ``default``, implied or given
with ``--aws-profile default``, means the default credential chain, so ``--profile prod
--aws-profile default`` applies the prod lint profile with environment (e.g. CI OIDC) credentials.
"""

from __future__ import annotations

import copy
import difflib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from awslint.checkapi import CUSTOM_ID, Check
from awslint.errors import UsageError
from awslint.model import DEFAULT_FAIL_ON, PILLARS, SEVERITIES, Severity
from awslint.registry import Registry
from awslint.schemas import load as load_schema
from awslint.suppressions import Suppression

BUILTIN_PACKAGE = "awslint.profiles"
EXTENSIONS = (".yaml", ".yml", ".json")
DEFAULT_PROFILE = "default"
#: Keys of the contract, in the order `profiles show` prints them.
KEYS = ("description", "extends", "aws_profile", "regions", "fail_on", "checks", "severity", "params", "suppressions",
        "accounts")


# -- errors -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Issue:
    """One problem in a profile: the field path (``params.rds-backup-retention.min_days``), what is wrong, the fix."""

    path: str
    message: str
    line: int | None = None


class ProfileError(UsageError, ValueError):
    """A lint profile cannot be used. The CLI turns it into exit code 2 before any AWS call."""

    def __init__(self, file: str, issues: list[Issue]) -> None:
        self.file = file
        self.issues = sorted(issues, key=lambda i: (i.line or 0, i.path))
        super().__init__(str(self))

    def __str__(self) -> str:
        if len(self.issues) == 1:
            return f"lint profile {self._where(self.issues[0])}"
        lines = [f"lint profile {self.file}: {len(self.issues)} problems"]
        lines += [f"  {self._where(i)}" for i in self.issues]
        return "\n".join(lines)

    def _where(self, issue: Issue) -> str:
        at = f"{self.file}:{issue.line}" if issue.line else self.file
        return f"{at}: {issue.path}: {issue.message}" if issue.path else f"{at}: {issue.message}"


def _suggest(word: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not close:  # case slips (Prod, RDS001 vs rds001) are common and score low in difflib
        close = [c for c in candidates if c.lower() == word.lower()][:1]
    return close[0] if close else None


def did_you_mean(word: str, candidates: list[str], otherwise: str = "") -> str:
    hint = _suggest(word, candidates)
    if hint:
        return f"; did you mean {hint!r}?"
    return f"; {otherwise}" if otherwise else ""


# -- locations ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Location:
    """Where a profile lives: a file on disk or a built-in resource of the package."""

    name: str
    label: str  # what users see: "built-in" or a path relative to the current directory
    kind: str  # local | user | builtin | file
    path: Path | None = None
    resource: Any = None  # importlib Traversable for built-ins

    @property
    def key(self) -> str:
        return f"builtin:{self.name}" if self.kind == "builtin" else str(self.file.resolve())

    @property
    def file(self) -> Path:
        """The profile's file: every location but a built-in one has it."""
        if self.path is None:
            raise ValueError(f"lint profile {self.name!r} ({self.kind}) has no file")
        return self.path

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower() if self.path else ".yaml"

    @property
    def display(self) -> str:
        """The profile as named in messages: ``built-in prod`` or its path."""
        return f"built-in {self.name}" if self.kind == "builtin" else self.label

    def read(self) -> str:
        if self.kind == "builtin":
            return self.resource.read_text(encoding="utf-8")
        return self.file.read_text(encoding="utf-8")


def looks_like_path(arg: str) -> bool:
    """``--profile`` takes a name (AWS convention) or a path; a path has a separator or a profile extension."""
    return "/" in arg or os.sep in arg or arg.lower().endswith(EXTENSIONS)


class Finder:
    """Looks profiles up by name: local directory, then the user's config directory, then built-ins."""

    def __init__(self, cwd: Path | str | None = None, home: Path | str | None = None) -> None:
        self.cwd = Path(cwd) if cwd else Path.cwd()
        if home is not None:
            config = Path(home) / ".config"
        else:
            config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.dirs = [("local", self.cwd / ".awslint" / "profiles"), ("user", config / "awslint" / "profiles")]

    def show(self, path: Path) -> str:
        """A path as users should see it: relative to the current directory when inside it, else with ``~``."""
        absolute = path if path.is_absolute() else self.cwd / path
        try:
            return str(absolute.relative_to(self.cwd))
        except ValueError:
            pass
        try:
            return "~/" + str(absolute.relative_to(Path.home()))
        except ValueError:
            return str(absolute)

    def candidates(self, name: str) -> list[Location]:
        """Every profile called ``name``, highest precedence first (the first one is applied)."""
        found = []
        for kind, directory in self.dirs:
            for ext in EXTENSIONS:
                path = directory / f"{name}{ext}"
                if path.is_file():
                    found.append(Location(name, self.show(path), kind, path))
                    break
        builtin = builtin_resource(name)
        if builtin is not None:
            found.append(Location(name, "built-in", "builtin", resource=builtin))
        return found

    def file(self, arg: str) -> Location:
        path = Path(arg).expanduser()
        path = path if path.is_absolute() else self.cwd / path
        if not path.is_file():
            raise ProfileError(arg, [Issue("", "no such file; --profile takes a lint profile name "
                                               "(see `awslint profiles list`) or a path to a .yaml/.yml/.json file")])
        return Location(path.stem, self.show(path), "file", path)

    def everything(self) -> list[Location]:
        """All profiles in all places, in precedence order (for ``awslint profiles list``)."""
        out: list[Location] = []
        for kind, directory in self.dirs:
            if directory.is_dir():
                stems = sorted({p.stem for p in directory.iterdir() if p.suffix.lower() in EXTENSIONS and p.is_file()})
                out += [c for stem in stems for c in self.candidates(stem) if c.kind == kind]
        out += [Location(n, "built-in", "builtin", resource=builtin_resource(n)) for n in builtin_names()]
        return out

    def searched(self) -> str:
        return ", ".join(f"{self.show(d)}/" for _, d in self.dirs) + ", built-in"

    def known_names(self) -> list[str]:
        return sorted({loc.name for loc in self.everything()})


def builtin_resource(name: str):
    try:
        res = resources.files(BUILTIN_PACKAGE).joinpath(f"{name}.yaml")
    except (ModuleNotFoundError, ValueError):  # pragma: no cover - broken install
        return None
    return res if res.is_file() else None


def builtin_names() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files(BUILTIN_PACKAGE).iterdir() if p.name.endswith(".yaml"))


# -- parsing ------------------------------------------------------------------------------------
class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (a second ``params:`` block would silently win)
    and keeps impossible dates (2027-02-30) as strings so the schema reports them with their path."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            first = seen.get(key)
        except TypeError:
            continue  # unhashable key: construct_mapping reports it
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first defined on line {first}); merge the two into one",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _yaml_hint(problem: str) -> str:
    if "\\t" in problem or "'\t'" in problem:
        return "; indent with spaces, not tabs"
    if "alias" in problem:
        return "; quote values that start with * (YAML reads *name as an alias), e.g. resource: \"*-legacy\""
    if "mapping values are not allowed" in problem:
        return "; quote values that contain ': ' or check the indentation"
    return ""


def parse(text: str, label: str, suffix: str = ".yaml") -> dict[str, Any]:
    """Text to a plain dict (dates as ISO strings), or :class:`ProfileError` with the line."""
    if suffix == ".json":
        try:  # empty means "changes nothing", as for YAML; a repeated key is refused, as for YAML
            data = json.loads(text, object_pairs_hook=_json_object) if text.strip() else None
        except json.JSONDecodeError as exc:
            raise ProfileError(label, [Issue("", f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno)]) from None
        except _DuplicateKey as exc:
            raise ProfileError(label, [Issue("", f"invalid JSON: duplicate key {exc.args[0]!r} (the last one would "
                                                 "silently win); merge the two into one")]) from None
    else:
        try:
            data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = str(exc.problem or exc.context or "syntax error")
            raise ProfileError(label, [Issue("", f"invalid YAML: {problem}{_yaml_hint(problem)}",
                                             mark.line + 1 if mark else None)]) from None
        except yaml.YAMLError as exc:
            raise ProfileError(label, [Issue("", f"invalid YAML: {exc}")]) from None
    if data is None:
        return {}  # an empty (or comments-only) profile changes nothing: valid
    if not isinstance(data, dict):
        raise ProfileError(label, [Issue("", f"a profile is a mapping of keys ({', '.join(KEYS)}), "
                                             f"not a {_json_type(data)}", 1)])
    return _plain(data)


class _DuplicateKey(ValueError):
    pass


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings so one schema serves YAML and JSON alike."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _line_of(text: str, suffix: str, path: list) -> int | None:
    """The line of a field path in the source, found by walking YAML nodes (JSON is YAML enough)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


# -- schema -------------------------------------------------------------------------------------
def profile_schema(registry: Registry) -> dict[str, Any]:
    """The shipped static schema with ``params`` generated from every loaded check's Param declarations."""
    schema = copy.deepcopy(load_schema("profile.schema.json"))
    properties: dict[str, Any] = {}
    for spec in registry.all():
        entry = {
            "type": "object", "additionalProperties": False,
            "description": f"parameters of {spec.id} {spec.name}",
            "properties": {name: param.json_schema() for name, param in spec.params.items()},
        }
        properties[spec.id] = entry
        properties[spec.name] = entry
    schema["properties"]["params"] = {**schema["properties"]["params"], "additionalProperties": False,
                                      "properties": properties}
    return schema


_JSON_NAMES = {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "null": "null"}


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "null" if value is None else type(value).__name__


def _dotted(path: list) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


class _Checker:
    """Turns schema errors and reference problems into :class:`Issue` s with helpful wording."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.selectors = sorted({*registry.by_name, *registry.checks, *(c.area for c in registry.all()),
                                 *PILLARS, *SEVERITIES})

    # references to checks ----------------------------------------------------------------------
    def unknown_check(self, ref: str, candidates: list[str] | None = None) -> str:
        msg = f"unknown check {ref!r}"
        otherwise = "see `awslint checks list`; a custom check needs --checks-dir DIR or its plugin installed"
        if CUSTOM_ID.match(ref):
            otherwise = "custom checks are loaded with --checks-dir DIR or an installed plugin"
        return msg + did_you_mean(ref, candidates or [*self.registry.by_name, *self.registry.checks], otherwise) \
            + self.load_problems()

    def load_problems(self) -> str:
        """A check module that failed to import makes its names unknown: say so, or the error misleads."""
        if not self.registry.problems:
            return ""
        return f" (note: {len(self.registry.problems)} check module(s) failed to load, e.g. {self.registry.problems[0]})"

    def selector_issues(self, data: dict) -> Iterator[tuple[list, str]]:
        checks = data.get("checks")
        if isinstance(checks, dict):
            for key in ("select", "skip"):
                values = checks.get(key)
                for i, selector in enumerate(values if isinstance(values, list) else []):
                    if isinstance(selector, str) and selector and not self.registry.matches(selector):
                        yield (["checks", key, i], f"{selector!r} matches no check (ids, names, area prefixes, "
                                                   f"pillars, severities)" + did_you_mean(selector, self.selectors)
                               + self.load_problems())
            if isinstance(checks.get("select"), list) and not checks["select"]:
                yield (["checks", "select"], "is empty, so no check would run; omit it to run every check")
        for key in ("severity", "params"):
            block = data.get(key)
            if not isinstance(block, dict):
                continue
            owners: dict[str, str] = {}
            for ref in block:
                if key == "severity" and not self.registry.matches(ref):
                    yield ([key, ref], "matches no check" + did_you_mean(ref, self.selectors, "see `awslint checks list`"))
                spec = self.registry.get(ref)
                if spec is not None:
                    if spec.id in owners:
                        yield ([key, ref], f"names the same check as {owners[spec.id]!r}; keep one")
                    owners[spec.id] = ref
        sups = data.get("suppressions")
        for i, sup in enumerate(sups if isinstance(sups, list) else []):
            ref = sup.get("check") if isinstance(sup, dict) else None
            if isinstance(ref, str) and ref and self.registry.get(ref) is None:
                if self.registry.matches(ref):
                    yield (["suppressions", i, "check"], f"{ref!r} is a group; a suppression names one check "
                                                         "(its id or name)")
                else:
                    yield (["suppressions", i, "check"], self.unknown_check(ref))

    # schema errors -------------------------------------------------------------------------------
    def translate(self, err: jsonschema.ValidationError) -> Iterator[tuple[list, str]]:
        path = list(err.absolute_path)
        kind = err.validator
        inst = err.instance
        if kind == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for extra in [k for k in inst if k not in allowed]:
                yield ([*path, extra], self._unknown_key(path, extra, allowed))
        elif kind == "required":
            for key in [k for k in err.validator_value if k not in inst]:
                hint = "; say why the finding is accepted" if key == "reason" else ""
                yield (path, f"missing required key {key!r}{hint}")
        elif kind == "type":
            # JSON Schema "type" is one type name or a list of them
            expected: list[str] = err.validator_value if isinstance(err.validator_value, list) \
                else [err.validator_value]
            want = " or ".join(_JSON_NAMES.get(t, t) for t in expected)
            about = err.schema.get("description")
            yield (path, f"must be {want}, got {_json_type(inst)} {_short(inst)}" + (f" ({about})" if about else ""))
        elif kind == "enum":
            options = [str(o) for o in err.validator_value]
            yield (path, f"{_short(inst)} is not one of {', '.join(options)}"
                         + (did_you_mean(inst, options) if isinstance(inst, str) else ""))
        elif kind in ("pattern", "format"):
            yield (path, self._bad_format(path, inst))
        elif kind in ("minItems", "minLength"):
            yield (path, "must not be empty")
        else:
            yield (path, err.message)

    def _unknown_key(self, path: list, extra: str, allowed: list[str]) -> str:
        if path == ["params"]:
            return self.unknown_check(extra)
        if len(path) == 2 and path[0] == "params":
            spec = self.registry.get(path[1])
            names = list(spec.params) if spec else allowed
            if not names:
                return f"unknown parameter {extra!r}: {path[1]} has no parameters"
            return (f"unknown parameter {extra!r} for {path[1]}"
                    + did_you_mean(extra, names, f"its parameters are {', '.join(names)}"))
        if not path and extra in ("select", "skip"):
            return f"unknown key {extra!r}; did you mean 'checks.{extra}'? (select and skip go under checks:)"
        return f"unknown key {extra!r}" + did_you_mean(extra, allowed, f"allowed keys: {', '.join(allowed)}")

    @staticmethod
    def _bad_format(path: list, inst: Any) -> str:
        last = path[-1] if path else ""
        if last == "expires":
            return f"must be a date YYYY-MM-DD (e.g. 2027-03-31), got {_short(inst)}"
        if path[:1] == ["regions"]:
            return f"{_short(inst)} is not a region name such as us-east-1"
        if last == "reason":
            return "must not be empty: say why the finding is accepted"
        return f"{_short(inst)} has the wrong format"


def validate(data: dict[str, Any], registry: Registry) -> list[tuple[list, str]]:
    """Every problem in one profile's own content (not its parents): schema, then references to checks."""
    checker = _Checker(registry)
    validator = jsonschema.Draft202012Validator(profile_schema(registry), format_checker=jsonschema.FormatChecker())
    found: dict[str, tuple[list, str]] = {}
    for err in validator.iter_errors(data):
        for path, message in checker.translate(err):
            found.setdefault(_dotted(path), (path, message))  # one message per field (pattern + format overlap)
    for path, message in checker.selector_issues(data):
        found.setdefault(_dotted(path), (path, message))
    return list(found.values())


# -- loading and extends --------------------------------------------------------------------------
@dataclass
class Layer:
    """One validated profile file, as it appears in an ``extends`` chain."""

    location: Location
    data: dict[str, Any]
    text: str


def load_layer(location: Location, registry: Registry) -> Layer:
    text = location.read()
    data = parse(text, location.label, location.suffix)
    problems = validate(data, registry)
    if problems:
        raise ProfileError(location.label, [Issue(_dotted(p), m, _line_of(text, location.suffix, p)) for p, m in problems])
    return Layer(location, data, text)


def _extends(data: dict) -> list[str]:
    value = data.get("extends") or []
    return [value] if isinstance(value, str) else list(value)


def _parent(ref: str, child: Layer, index: int, finder: Finder) -> Location:
    def fail(message: str) -> ProfileError:
        path = ["extends", index] if isinstance(child.data.get("extends"), list) else ["extends"]
        return ProfileError(child.location.label, [Issue(_dotted(path), message, _line_of(child.text, child.location.suffix,
                                                                                             path))])

    if looks_like_path(ref):
        base = child.location.path.parent if child.location.path else finder.cwd
        path = (base / Path(ref).expanduser()).resolve()
        if not path.is_file():
            raise fail(f"no such file {finder.show(path)} (paths in extends are relative to this file)")
        return Location(path.stem, finder.show(path), "file", path)
    candidates = finder.candidates(ref)
    if child.location.name == ref:
        # A local prod.yaml that extends prod builds on the next prod down (user's, then built-in).
        keys = [c.key for c in candidates]
        if child.location.key in keys:
            candidates = candidates[keys.index(child.location.key) + 1:]
    if not candidates:
        raise fail(f"no lint profile named {ref!r} (looked in {finder.searched()})"
                   + did_you_mean(ref, finder.known_names()))
    return candidates[0]


def load_chain(location: Location, registry: Registry, finder: Finder, stack: tuple[Location, ...] = ()) -> list[Layer]:
    """The profile and its ancestors, parents first, each file once (a diamond keeps the first)."""
    layer = load_layer(location, registry)
    layers: list[Layer] = []
    for i, ref in enumerate(_extends(layer.data)):
        parent = _parent(ref, layer, i, finder)
        chain = [*stack, location]
        if parent.key in {loc.key for loc in chain}:
            cycle = " -> ".join(loc.display for loc in chain[[loc.key for loc in chain].index(parent.key):])
            path = ["extends", i] if isinstance(layer.data.get("extends"), list) else ["extends"]
            raise ProfileError(location.label, [Issue(_dotted(path), f"cycle: {cycle} -> {parent.display}; "
                                                                     "remove one of these extends",
                                                      _line_of(layer.text, location.suffix, path))])
        for ancestor in load_chain(parent, registry, finder, (*stack, location)):
            if ancestor.location.key not in {lay.location.key for lay in layers}:
                layers.append(ancestor)
    layers.append(layer)
    return layers


# -- the resolved profile -------------------------------------------------------------------------
@dataclass
class ResolvedProfile:
    """A profile after ``extends``: concrete checks, severities and params, ready for a scan."""

    name: str
    location: Location
    layers: list[Layer]
    description: str = ""
    aws_profile: str | None = None  # only when a file in the chain sets it
    regions: list[str] | None = None
    fail_on: str | None = None
    selected: list[Check] = field(default_factory=list)
    all_checks: int = 0
    severities: dict[str, str] = field(default_factory=dict)  # check id -> severity, where it differs
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # check id -> {param: value}
    suppressions: list[Suppression] = field(default_factory=list)
    #: organisation scans: ``[{"profile": NAME, "account"|"ou"|"tag": ...}]``, first match wins (schema-validated)
    accounts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def source(self) -> str:
        """Where it came from, for the scan header: ``examples/team.yaml extends built-in prod``."""
        parents = [lay.location.display for lay in self.layers[:-1]]
        return self.location.label + (f" extends {', '.join(parents)}" if parents else "")

    @property
    def narrows_selection(self) -> bool:
        return len(self.selected) != self.all_checks

    def to_dict(self, registry: Registry) -> dict[str, Any]:
        """The fully resolved profile, as ``awslint profiles show`` prints it."""
        chosen = {c.id for c in self.selected}
        out: dict[str, Any] = {"name": self.name, "source": self.source}
        if self.description:
            out["description"] = self.description
        out["aws_profile"] = self.aws_profile
        out["regions"] = self.regions
        out["fail_on"] = self.fail_on or DEFAULT_FAIL_ON
        out["checks"] = {
            "run": [c.name for c in self.selected],
            "not_run": [c.name for c in registry.all() if c.id not in chosen],
        }
        out["severity"] = {registry.checks[i].name: f"{registry.checks[i].severity} -> {s}"
                           for i, s in sorted(self.severities.items()) if i in chosen}
        if self.accounts:
            out["accounts"] = self.accounts
        out["params"] = {registry.checks[i].name: {**registry.checks[i].default_params(), **p}
                         for i, p in sorted(self.params.items())}
        out["suppressions"] = [s.describe() for s in self.suppressions]
        return out


def _group_matches(selector: str, registry: Registry, severities: Mapping[str, str]) -> list[Check]:
    """Like Registry.matches, but a severity selector sees the profile's effective severities."""
    if registry.get(selector) is None and selector.lower() in SEVERITIES:
        return [c for c in registry.all() if severities[c.id] == selector.lower()]
    return registry.matches(selector)


def merge(layers: list[Layer], registry: Registry) -> ResolvedProfile:
    """Apply the layers parents first (docs/profiles.md, "How extends combines")."""
    top = layers[-1]
    all_checks = registry.all()
    catalogue = {c.id: c.severity for c in all_checks}
    severity = dict(catalogue)
    for layer in layers:
        overrides = layer.data.get("severity") or {}
        # groups raise (never lower), then exact ids/names set, so "security: high" cannot undo
        # "rds-public: critical" in the same file, and an exact entry always says the last word
        for ref, level in overrides.items():
            if registry.get(ref) is None:
                for spec in registry.matches(ref):
                    if Severity(level).rank > Severity(severity[spec.id]).rank:
                        severity[spec.id] = level
        for ref, level in overrides.items():
            exact = registry.get(ref)
            if exact is not None:
                severity[exact.id] = level
    selected = {c.id for c in all_checks}
    for layer in layers:
        checks = layer.data.get("checks") or {}
        if "select" in checks:
            selected = {c.id for ref in checks["select"] for c in _group_matches(ref, registry, severity)}
        selected -= {c.id for ref in checks.get("skip") or [] for c in _group_matches(ref, registry, severity)}
    def named(ref: str) -> Check:
        """The one check ``ref`` names in params or suppressions; load_layer has already refused unknown ones."""
        spec = registry.get(ref)
        if spec is None:
            raise ValueError(f"unknown check {ref!r} in a validated lint profile")
        return spec

    params: dict[str, dict[str, Any]] = {}
    suppressions: list[Suppression] = []
    for layer in layers:
        for ref, values in (layer.data.get("params") or {}).items():
            params.setdefault(named(ref).id, {}).update(values)
        for i, sup in enumerate(layer.data.get("suppressions") or []):
            spec = named(sup["check"])
            suppressions.append(Suppression(
                check_id=spec.id, check_name=spec.name, resource=sup["resource"], reason=sup["reason"].strip(),
                expires=date.fromisoformat(sup["expires"]) if sup.get("expires") else None,
                origin=f"{layer.location.display} suppressions[{i}]",
                accounts=(sup["account"],) if isinstance(sup.get("account"), str) else tuple(sup.get("account") or ())))

    def nearest(key: str) -> Any:
        return next((lay.data[key] for lay in reversed(layers) if key in lay.data), None)

    profile = ResolvedProfile(
        name=top.location.name, location=top.location, layers=layers,
        description=top.data.get("description", ""), aws_profile=nearest("aws_profile"),
        regions=nearest("regions"), fail_on=nearest("fail_on"),
        selected=[c for c in all_checks if c.id in selected], all_checks=len(all_checks),
        severities={i: s for i, s in severity.items() if s != catalogue[i]}, params=params,
        suppressions=suppressions, accounts=list(nearest("accounts") or []),
    )
    if not profile.selected:
        raise ProfileError(top.location.label, [Issue("checks", "selects no check once extends, select and skip "
                                                                "are applied; run `awslint profiles show` to see why")])
    return profile


def load_profile(location: Location, registry: Registry, finder: Finder | None = None) -> ResolvedProfile:
    return merge(load_chain(location, registry, finder or Finder()), registry)


# -- what the CLI uses --------------------------------------------------------------------------
@dataclass
class ProfileSelection:
    """The outcome of ``--profile``: the lint profile applied (if any) and the AWS profile it implies."""

    name: str | None = None
    source: str | None = None
    aws_profile: str | None = None
    profile: ResolvedProfile | None = None
    notes: list[str] = field(default_factory=list)


def implied_aws(name: str | None) -> str | None:
    """``default`` as an implied AWS profile means the default credential chain (env vars, SSO, roles)."""
    return None if name in (None, DEFAULT_PROFILE) else name


def resolve(profile_arg: str | None, cwd: Path | str | None = None, *, registry: Registry | None = None,
            home: Path | str | None = None) -> ProfileSelection:
    """Turn ``--profile`` into a :class:`ProfileSelection`; :class:`ProfileError` if the profile is unusable."""
    if registry is None:
        from awslint.registry import build_registry
        registry = build_registry()
    finder = Finder(cwd, home)
    if profile_arg and looks_like_path(profile_arg):
        profile = load_profile(finder.file(profile_arg), registry, finder)
        return ProfileSelection(profile.name, profile.source, profile.aws_profile or implied_aws(profile.name), profile)
    found = finder.candidates(profile_arg) if profile_arg else []
    if found:
        profile = load_profile(found[0], registry, finder)
        return ProfileSelection(profile.name, profile.source, profile.aws_profile or implied_aws(profile_arg), profile)
    default = finder.candidates(DEFAULT_PROFILE)
    fallback = load_profile(default[0], registry, finder) if default else None
    selection = ProfileSelection(fallback.name if fallback else None, fallback.source if fallback else None,
                                 implied_aws(profile_arg) or (fallback.aws_profile if fallback else None), fallback)
    if profile_arg:
        selection.notes.append(f"no lint profile named {profile_arg!r} (looked in {finder.searched()}); "
                               f"applied lint profile {DEFAULT_PROFILE!r} and used {profile_arg!r} as the AWS profile only"
                               + did_you_mean(profile_arg, finder.known_names()))
    return selection


def validate_file(path: str | Path, registry: Registry, cwd: Path | str | None = None) -> ResolvedProfile:
    """Load and fully resolve one profile file (its extends too): what ``awslint profiles validate`` runs."""
    finder = Finder(cwd)
    return load_profile(finder.file(str(path)), registry, finder)


def describe_location(location: Location) -> str:
    """The ``description`` of a profile file without validating it (for listings)."""
    try:
        data = parse(location.read(), location.label, location.suffix)
    except ProfileError as exc:
        return f"(invalid: {exc.issues[0].message})"
    desc = data.get("description")
    return desc if isinstance(desc, str) else ""

