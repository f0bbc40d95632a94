"""The chart loader, built: the modules under `static/loader/` joined into one classic script.

The loader's source is split by concern into ES modules (drawing, URL state, export, theme,
tooltips, the readouts hook), linted by ESLint as modules. The site serves them as one
deferred script, `explainer-charts.js`, so a page makes one request for them and still works
when opened from a file (browsers refuse module scripts from `file://`). The build is a plain
join, in dependency order, inside one function scope: each `import { a } from "./m.js";`
line is dropped (`m.js` comes earlier in the same scope) and each `export ` prefix removed.
That is only sound for the subset of module syntax the loader uses, which `build_loader`
checks: named imports of sibling modules, names that those modules export, and no top-level
name declared in two modules.

One module is generated, not written: `roles.js`, the colour roles of `explainer.style`
(`DARK_MAP`: light hex -> dark hex, and `ROLES`: each role's light and dark value), which the
loader's dark mode swaps exactly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from explainer import style

LOADER_DIR = Path(__file__).parent / "static" / "loader"
ENTRY = "main.js"
ROLES_MODULE = "roles.js"

_IMPORT = re.compile(
    r'^import\s*\{(?P<names>[^}]*)\}\s*from\s*"\./(?P<module>[\w-]+\.js)";\n', re.M
)
_ANY_IMPORT = re.compile(r"^import\b", re.M)
_EXPORT = re.compile(r"^export (?=(?:async )?(?:const|let|function|class) )", re.M)
_TOP_LEVEL = re.compile(r"^(?:export )?(?:async )?(?:const|let|function|class) (\w+)", re.M)
_EXPORTED = re.compile(r"^export (?:async )?(?:const|let|function|class) (\w+)", re.M)


class LoaderBuildError(ValueError):
    """A loader module uses module syntax the join cannot keep."""


def roles_module() -> str:
    """`roles.js`: the colour roles of `explainer.style`, for the loader's dark mode."""
    roles = {
        name: {"light": r.light.lower(), "dark": r.dark.lower()} for name, r in style.ROLES.items()
    }
    return (
        "/* Generated from explainer/style.py at build time: the colour roles. */\n"
        f"export const DARK_MAP = {json.dumps(style.dark_map(), indent=2, sort_keys=True)};\n"
        f"export const ROLES = {json.dumps(roles, indent=2)};\n"
    )


def _sources(directory: Path) -> dict[str, str]:
    sources = {path.name: path.read_text(encoding="utf-8") for path in directory.glob("*.js")}
    if ROLES_MODULE in sources:
        raise LoaderBuildError(f"{ROLES_MODULE} is generated; remove the file from {directory}")
    sources[ROLES_MODULE] = roles_module()
    return sources


def _imports(name: str, text: str) -> list[tuple[str, list[str]]]:
    found = [
        (m["module"], [n.strip() for n in m["names"].split(",") if n.strip()])
        for m in _IMPORT.finditer(text)
    ]
    if len(found) != len(_ANY_IMPORT.findall(text)):
        raise LoaderBuildError(f'{name}: only `import {{ names }} from "./module.js";` is joined')
    return found


def _order(sources: dict[str, str]) -> list[str]:
    """Modules from the entry point, each after the modules it imports."""
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise LoaderBuildError(f"import cycle through {name}")
        if name not in sources:
            raise LoaderBuildError(f"no module {name} in {LOADER_DIR}")
        visiting.add(name)
        for module, names in _imports(name, sources[name]):
            visit(module)
            missing = set(names) - set(_EXPORTED.findall(sources[module]))
            if missing:
                raise LoaderBuildError(
                    f"{name} imports {sorted(missing)}, not exported by {module}"
                )
        visiting.discard(name)
        ordered.append(name)

    visit(ENTRY)
    return ordered


def build_loader(directory: Path = LOADER_DIR) -> str:
    """The loader as one script: its modules joined in dependency order in one function."""
    sources = _sources(directory)
    ordered = _order(sources)
    declared: dict[str, str] = {}
    parts = []
    for name in ordered:
        for top in _TOP_LEVEL.findall(sources[name]):
            if top in declared:
                raise LoaderBuildError(f"{top} is declared in both {declared[top]} and {name}")
            declared[top] = name
        body = _EXPORT.sub("", _IMPORT.sub("", sources[name]))
        parts.append(f"// ---- {name}\n{body.strip()}\n")
    header = (
        "/* The book's chart loader, built from explainer/static/loader/*.js by "
        "explainer/loader_build.py. */\n"
    )
    return header + '(() => {\n"use strict";\n\n' + "\n".join(parts) + "})();\n"
