"""Choosing the standard library's modules the browser gets (webruntime/stdlib.py), on made-up
zips: what an import statement names, and which modules a trimmed zip keeps."""

from __future__ import annotations

import io
import zipfile

import pytest

from webruntime.stdlib import imports_of, trimmed_stdlib

IMPORTS = {
    "plain": ("import os, json.decoder as d\n", "m", False, {"os", "json.decoder"}),
    "from, with names that may be modules": (
        "from email import utils, parser\n", "m", False, {"email", "email.utils", "email.parser"}),
    "relative in a module": ("from . import sibling\n", "pkg.mod", False,
                             {"pkg", "pkg.sibling"}),
    "relative in a package": ("from .sub import x\n", "pkg", True, {"pkg.sub", "pkg.sub.x"}),
    "two levels up": ("from ..up import y\n", "a.b.c", False, {"a.up", "a.up.y"}),
    "inside a function": ("def f():\n    import difflib\n", "m", False, {"difflib"}),
    # Python 3.14 syntax the build's Python cannot parse: read by a pattern instead.
    "unparsable file": ("import zlib\nx = t'{y}'\nfrom . import z\n", "pkg.mod", False,
                        {"zlib", "pkg", "pkg.z"}),
}


@pytest.mark.parametrize(("source", "module", "is_package", "expected"), IMPORTS.values(),
                         ids=IMPORTS.keys())
def test_imports_of(source, module, is_package, expected):
    assert imports_of(source, module, is_package) >= expected


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


LIBRARY = {
    "a.py": "import b\n",
    "b.py": "import never_reached\n",
    "never_reached.py": "",
    "c.py": "import d\n",
    "d.py": "",
    "pkg/__init__.py": "",
    "pkg/inner.py": "from . import other\n",
    "pkg/other.py": "",
    "pkg/data.txt": "kept with its package",
    "unrelated.py": "",
    "encodings/__init__.py": "",
    "encodings/utf_8.py": "",
    "encodings/cp1252.py": "",
}


def test_trimmed_library_keeps_what_is_reached():
    compiled = _zip({name + "c": f"bytecode of {name}" for name in LIBRARY
                     if name.endswith(".py")})
    trimmed = zipfile.ZipFile(io.BytesIO(trimmed_stdlib(
        _zip(LIBRARY), compiled, imported=["a"], named=["c", "pkg.inner"])))
    assert sorted(trimmed.namelist()) == [
        "a.pyc",  # imported at build time: kept, and not followed (its imports were recorded)
        "c.pyc", "d.pyc",  # named by the calculators: followed through its imports
        "encodings/__init__.pyc", "encodings/utf_8.pyc",  # looked up by name, never imported
        "pkg/__init__.pyc", "pkg/data.txt", "pkg/inner.pyc", "pkg/other.pyc",
    ]
    assert trimmed.read("d.pyc") == b"bytecode of d.py"
    assert {info.compress_type for info in trimmed.infolist()} == {zipfile.ZIP_DEFLATED}
