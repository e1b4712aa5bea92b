// Compiles every module of a standard-library zip to bytecode with Pyodide's own Python (3.14,
// which the build's CPython cannot do): ZIP_OUT holds x.pyc for each x.py of ZIP_IN, and its
// other files as they are. Importing from bytecode skips compiling each module's source at every
// start in the reader's browser, most of the time Python takes to start there.
// Usage: node compile_stdlib.mjs ZIP_IN ZIP_OUT
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [zipIn, zipOut] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));

const pyodide = await loadPyodide({ indexURL });
pyodide.FS.writeFile("/tmp/in.zip", readFileSync(zipIn));
pyodide.runPython(`
import zipfile
from importlib._bootstrap_external import _code_to_timestamp_pyc

with zipfile.ZipFile("/tmp/in.zip") as source, zipfile.ZipFile("/tmp/out.zip", "w") as out:
    for info in source.infolist():
        name, data = info.filename, source.read(info.filename)
        if name.endswith(".py"):
            # No source beside it, so nothing checks the stamp: 0 keeps the bytes the same.
            code = compile(data, name, "exec", dont_inherit=True)
            name, data = name + "c", bytes(_code_to_timestamp_pyc(code, 0, 0))
        out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                     compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
`);
writeFileSync(zipOut, pyodide.FS.readFile("/tmp/out.zip"));
