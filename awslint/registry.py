"""Discovery and registration of checks and sources: built-ins, ``--checks-dir`` and entry points.

Discovery (finding modules) is separate from loading (importing them), and loading is in a
sorted, reproducible order. A plugin that fails to import or declares an invalid check is
recorded as a :class:`PluginProblem` naming the plugin and its file; the registry carries on
without it, and the caller decides whether that is fatal (``--strict-plugins``) or an
incomplete scan (exit code 3).
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import pkgutil
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from awslint.checkapi import CHECK_ATTR, Check, CheckDefinitionError
from awslint.errors import UsageError
from awslint.model import PILLARS, SEVERITIES
from awslint.sources.base import Source

ENTRY_POINT_GROUP = "awslint.checks"
#: Private namespace for ``--checks-dir`` modules: never on sys.path, never clashing with real packages.
CHECKS_DIR_NAMESPACE = "awslint_custom_checks"


class SelectionError(UsageError, ValueError):
    """A ``--check``/``--skip-check`` value matches nothing; the message suggests a close match."""


@dataclass
class PluginProblem:
    """Why a plugin (or one check in it) was not loaded."""

    plugin: str
    file: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin} ({self.file}): {self.message}"


class Registry:
    """All known checks and sources, indexed by id and by name."""

    def __init__(self) -> None:
        self.checks: dict[str, Check] = {}
        self.by_name: dict[str, Check] = {}
        self.sources: dict[str, Source] = {}
        self.problems: list[PluginProblem] = []
        #: Checks refused at registration, by id and by name, so ``--check X`` can say why X is absent.
        self.rejected: dict[str, PluginProblem] = {}

    # -- registration -------------------------------------------------------------------------
    def add_source(self, source: Source, origin: str = "builtin") -> None:
        existing = self.sources.get(source.key)
        if existing is not None:
            if existing.same_definition(source):
                return
            raise CheckDefinitionError(
                f"source {source.key} from {origin} conflicts with the one from {existing.origin}")
        if origin != "builtin":
            source = _with_origin(source, origin)
        self.sources[source.key] = source

    def add_check(self, spec: Check) -> None:
        spec.validate()
        for other in (self.checks.get(spec.id), self.by_name.get(spec.name)):
            if other is not None and other is not spec:
                clash = "id" if other.id == spec.id else "name"
                value = spec.id if clash == "id" else spec.name
                raise CheckDefinitionError(
                    f"duplicate check {clash} {value!r}: defined by {spec.origin} ({spec.module}) "
                    f"and by {other.origin} ({other.module})")
        unknown = [n for n in spec.needs if n not in self.sources]
        if unknown:
            raise CheckDefinitionError(f"check {spec.id}: {unknown_sources_message(unknown, self.sources)}")
        self.checks[spec.id] = spec
        self.by_name[spec.name] = spec

    def register_module(self, module: ModuleType, origin: str, plugin: str, file: str) -> None:
        """Register every Source and every @check function defined at module level."""
        members = [getattr(module, n) for n in sorted(vars(module)) if not n.startswith("__")]
        for member in members:
            if isinstance(member, Source):
                try:
                    self.add_source(member, origin)
                except CheckDefinitionError as exc:
                    self.problems.append(PluginProblem(plugin, file, str(exc)))
        for member in members:
            spec = getattr(member, CHECK_ATTR, None)
            if isinstance(spec, Check) and spec.module == module.__name__:
                spec.origin = origin
                try:
                    self.add_check(spec)
                except CheckDefinitionError as exc:
                    problem = PluginProblem(plugin, file, str(exc))
                    self.problems.append(problem)
                    for ref in (spec.id, spec.name):
                        if isinstance(ref, str) and self.get(ref) is None:
                            self.rejected.setdefault(ref, problem)

    # -- lookup -------------------------------------------------------------------------------
    def get(self, ref: str) -> Check | None:
        return self.checks.get(ref) or self.by_name.get(ref)

    def all(self) -> list[Check]:
        return sorted(self.checks.values(), key=lambda c: c.id)

    def suggest(self, ref: str) -> str | None:
        words = list(self.by_name) + list(self.checks)
        close = difflib.get_close_matches(ref, words, n=1, cutoff=0.6)
        return close[0] if close else None

    def matches(self, selector: str) -> list[Check]:
        """Checks a selector names: an id, a name, an area prefix (NET), a pillar or a severity."""
        one = self.get(selector)
        if one is not None:
            return [one]
        low = selector.lower()
        if low in PILLARS:
            return [c for c in self.all() if low in c.pillars]
        if low in SEVERITIES:
            return [c for c in self.all() if c.severity == low]
        return [c for c in self.all() if c.area == selector.upper() or c.area == selector]

    def resolve(self, selectors: Iterable[str], what: str = "--check") -> list[Check]:
        out: dict[str, Check] = {}
        for selector in selectors:
            found = self.matches(selector)
            if not found and selector in self.rejected:
                raise SelectionError(f"{what} {selector!r} names a check that was not loaded: {self.rejected[selector]}")
            if not found:
                hint = self.suggest(selector)
                msg = f"{what} {selector!r} matches no check"
                msg += f"; did you mean {hint!r}?" if hint else "; see `awslint checks list`"
                raise SelectionError(msg)
            for c in found:
                out[c.id] = c
        return sorted(out.values(), key=lambda c: c.id)


def unknown_sources_message(unknown: Iterable[str], known: Iterable[str]) -> str:
    """"needs unknown source(s) rds:db_instance; did you mean 'rds:db_instances'?": a typo in ``needs``
    is the commonest mistake in a first check, so name the closest real source."""
    known = list(known)
    parts = []
    for key in unknown:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        parts.append(f"{key} (did you mean {close[0]!r}?)" if close else key)
    return (f"needs unknown source(s) {', '.join(parts)}; "
            "declare your own with awslint.Source, or reuse a built-in one (the `Needs:` line of "
            "`awslint checks show <check>`; all keys: docs/writing-checks.md, section 3)")


def _with_origin(source: Source, origin: str) -> Source:
    from dataclasses import replace
    return replace(source, origin=origin)


# -- loading ----------------------------------------------------------------------------------
def _register_package(registry: Registry, package_name: str) -> None:
    package = importlib.import_module(package_name)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        name = f"{package_name}.{info.name}"
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # even a broken built-in module must not take the other checks down
            registry.problems.append(PluginProblem(name, name.replace(".", "/") + ".py", _describe_exception(exc)))
            continue
        registry.register_module(module, "builtin", package_name, module.__file__ or info.name)


def discover_checks_dir(directory: Path) -> list[Path]:
    """Python files a ``--checks-dir`` contributes, sorted; files starting with ``_`` or ``test_`` are not checks."""
    return sorted(p for p in directory.glob("*.py") if not p.name.startswith(("_", "test_")))


def load_file(registry: Registry, path: Path, origin: str) -> None:
    """Import one file as a module under the private namespace, without touching sys.path."""
    name = f"{CHECKS_DIR_NAMESPACE}.{path.stem}"
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError("not a loadable Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except Exception as exc:  # a broken plugin must never stop the scan
        sys.modules.pop(name, None)
        registry.problems.append(PluginProblem(path.stem, str(path), _describe_exception(exc)))
        return
    registry.register_module(module, origin, path.stem, str(path))


def load_entry_points(registry: Registry) -> None:
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
        origin = f"entry-point:{ep.name}"
        try:
            module = ep.load()
        except Exception as exc:
            registry.problems.append(PluginProblem(ep.name, ep.value, _describe_exception(exc)))
            continue
        if not isinstance(module, ModuleType):
            module = sys.modules.get(getattr(module, "__module__", ""), None) or module
        if isinstance(module, ModuleType):
            registry.register_module(module, origin, ep.name, getattr(module, "__file__", ep.value) or ep.value)


def _describe_exception(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (line {frames[-1].lineno})" if frames else ""
    return f"failed to load: {type(exc).__name__}: {exc}{where}"


def build_registry(checks_dirs: Iterable[Path] = (), *, entry_points_enabled: bool = True) -> Registry:
    """The registry for a run: built-in sources and checks, then entry points, then ``--checks-dir``."""
    registry = Registry()
    _register_package(registry, "awslint.sources")
    _register_package(registry, "awslint.checks")
    if entry_points_enabled:
        load_entry_points(registry)
    for directory in checks_dirs:
        directory = Path(directory)
        if not directory.is_dir():
            registry.problems.append(PluginProblem(str(directory), str(directory), "--checks-dir is not a directory"))
            continue
        for path in discover_checks_dir(directory):
            load_file(registry, path, f"checks-dir:{directory}")
    return registry
