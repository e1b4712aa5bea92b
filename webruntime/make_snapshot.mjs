// Makes a Pyodide memory snapshot with the given wheels unpacked and the PREPARE Python code
// run, so the browser starts from a warm interpreter instead of booting one.
// Usage: node make_snapshot.mjs OUT.bin PREPARE WHEEL...
// The snapshot API is private to Pyodide: it is only valid with the exact release that made it,
// which is why it is rebuilt in every site build from the pinned npm package.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [out, prepare, ...wheels] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));

const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
for (const wheel of wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
}
pyodide.runPython(prepare);
writeFileSync(out, pyodide.makeMemorySnapshot());
