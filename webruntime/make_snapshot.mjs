// Makes a Pyodide memory snapshot with the given wheels unpacked and the PREPARE Python code
// run (with POLICY's text in the global POLICY_JSON), so the browser starts from a warm
// interpreter instead of booting one.
// Usage: node make_snapshot.mjs OUT.bin PREPARE POLICY.json WHEEL...
// The snapshot API is private to Pyodide: it is only valid with the exact release that made it,
// which is why it is rebuilt in every site build from the pinned npm package.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [out, prepare, policy, ...wheels] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));

const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
for (const wheel of wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
}
// A Python str, not a JS proxy: the snapshot must hold no references into JavaScript.
pyodide.globals.set("POLICY_JSON", readFileSync(policy, "utf8"));
pyodide.runPython(prepare);
writeFileSync(out, pyodide.makeMemorySnapshot());
