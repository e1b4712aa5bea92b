"""The part of Pyodide's standard library the calculators can reach, as a zip readers download.

Pyodide's ``python_stdlib.zip`` holds all of Python's library, 9.6 MB of source deflated into
2.5 MB that no host can compress further. The calculators reach about a fifth of it. The trimmed
zip keeps every module that a start-up and the request corpus imported (recorded in Pyodide,
where it counts) and everything those modules, the calculators and the on-demand wheels could
import, read from their ``import`` statements: a branch no test takes still finds its module.
Each module is in it as bytecode, compiled at build time by Pyodide's Python: Python then
starts in the browser in a third of the time (0.8 s instead of 2.3 s in Node here), for 0.85 MB
more. Each file is deflated, as in Pyodide's own zip, so it is small on every host: stored, the
zip would compress well where a host compresses it, but Cloudflare Pages does not compress
``application/zip``.
"""

from __future__ import annotations

import ast
import io
import re
import zipfile
from collections.abc import Iterable

__all__ = ["imports_of", "trimmed_stdlib"]

# Modules found by name at run time, never by an import statement: the codecs Python looks up
# for text it decodes (UTF-8 is the only encoding the calculators read or write; the rest are
# what Python's own start-up and error messages may ask for).
LOOKED_UP = ("encodings.aliases", "encodings.utf_8", "encodings.utf_8_sig", "encodings.ascii",
             "encodings.latin_1", "encodings.idna", "encodings.punycode")
# When a file of Python 3.14 does not parse with the build's Python, its imports are read by a
# pattern instead: it may over-include, never under-include.
_IMPORT_LINE = re.compile(
    r"^\s*(?:from\s+(\.*[\w.]*)\s+import\s+([\w\s,()*]+)|import\s+([\w\s.,]+))", re.MULTILINE)


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """Every module name ``source`` (module ``module``) may import, absolute, with the names
    a ``from X import a, b`` brings that may be submodules (X.a, X.b)."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        for match in _IMPORT_LINE.finditer(source):
            if match[3]:
                found.update(part.split()[0] for part in match[3].split(",") if part.strip())
            else:
                base = _absolute(match[1], package)
                names = match[2].replace("(", " ").replace(")", " ").split(",")
                found.add(base)
                found.update(f"{base}.{name.split()[0]}" for name in names if name.split())
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute("." * node.level + (node.module or ""), package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _absolute(name: str, package: str) -> str:
    level = len(name) - len(name.lstrip("."))
    if not level:
        return name
    parts = package.split(".") if package else []
    base = parts[:len(parts) - (level - 1)] if level > 1 else parts
    rest = name[level:]
    return ".".join([*base, rest] if rest else base)


def trimmed_stdlib(full_zip: bytes, compiled_zip: bytes, imported: Iterable[str],
                   named: Iterable[str]) -> bytes:
    """A zip of the modules of ``full_zip`` that were ``imported`` (recorded in Pyodide)
    and those ``named`` reach by import statements, with each kept package's data files. The
    search does not go on through an imported module: the record has what it imported.
    Each module goes in as its bytecode from ``compiled_zip`` (compile_stdlib.mjs)."""
    source = zipfile.ZipFile(io.BytesIO(full_zip))
    compiled = zipfile.ZipFile(io.BytesIO(compiled_zip))
    files = {info.filename: info for info in source.infolist() if not info.is_dir()}
    modules: dict[str, str] = {}
    for name in files:
        if name.endswith("/__init__.py"):
            modules[name[:-len("/__init__.py")].replace("/", ".")] = name
        elif name.endswith(".py"):
            modules.setdefault(name[:-3].replace("/", "."), name)
    # With their parent packages: "encodings.utf_8" needs "encodings".
    kept = {prefix for name in [*imported, *LOOKED_UP]
            for prefix in (".".join(name.split(".")[:depth])
                           for depth in range(1, name.count(".") + 2))
            if prefix in modules}
    todo = list(named)
    while todo:
        module = todo.pop()
        # A parent package is imported before its module; "a.b.c" needs "a" and "a.b".
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            name = ".".join(parts[:depth])
            if name in kept or name not in modules:
                continue
            kept.add(name)
            path = modules[name]
            text = source.read(path).decode("utf-8")
            todo.extend(imports_of(text, name, path.endswith("/__init__.py")))
    paths = {modules[name] for name in kept}
    packages = {path.rpartition("/")[0] for path in paths if path.endswith("/__init__.py")}
    paths |= {name for name in files if not name.endswith(".py")
              and name.rpartition("/")[0] in packages}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as trimmed:
        for name in sorted(paths):
            data = compiled.read(f"{name}c") if name.endswith(".py") else source.read(name)
            # A fixed date, so that the same modules make the same bytes and the same hash.
            info = zipfile.ZipInfo(f"{name}c" if name.endswith(".py") else name,
                                   date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = files[name].external_attr
            trimmed.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()
