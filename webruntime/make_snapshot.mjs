// Makes a Pyodide memory snapshot of an interpreter made ready by PREPARE (the Python code the
// worker also runs when it starts without a snapshot): the calculators wheel unpacked, the
// policy's zone files written, the policy's text in POLICY_JSON and every zone name in
// ZONE_NAMES. Also writes MODULES.json: the modules that interpreter imported, which the
// trimmed standard library must hold, and the policy's zones.
// The interpreter reads the standard library from STDLIB, as the browser's does. OUT.bin "-"
// makes no snapshot (a run that only records the modules).
// Usage: node make_snapshot.mjs OUT.bin MODULES.json PREPARE POLICY.json ZONES_DIR ZONE_NAMES
//   WHEEL STDLIB
// The snapshot API is private to Pyodide: it is only valid with the exact release that made it,
// which is why it is rebuilt in every site build from the pinned npm package.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [out, modulesOut, prepare, policy, zonesDir, zoneNames, wheel, stdlib] =
  process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = path.dirname(require.resolve("pyodide/package.json")) + path.sep;
const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));

const pyodide = await loadPyodide({ indexURL, stdLibURL: path.resolve(stdlib),
                                   _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
const policyText = readFileSync(policy, "utf8");
// Python strs, not JS proxies: the snapshot must hold no references into JavaScript.
pyodide.globals.set("POLICY_JSON", policyText);
const zones = JSON.parse(pyodide.runPython(
  "import json\nfrom calculators import browser, policy_json\n" +
  "json.dumps(browser.policy_zones(policy_json.from_json(json.loads(POLICY_JSON))))"));
const zoneDir = pyodide.runPython("browser.ZONE_DIR");
for (const zone of zones) {
  pyodide.FS.mkdirTree(path.posix.dirname(`${zoneDir}/${zone}`));
  pyodide.FS.writeFile(`${zoneDir}/${zone}`, readFileSync(path.join(zonesDir, zone)));
}
pyodide.globals.set("ZONE_NAMES", zoneNames);
pyodide.runPython(prepare);
const modules = JSON.parse(pyodide.runPython(
  "import sys, json\njson.dumps(sorted(sys.modules))"));
writeFileSync(modulesOut, JSON.stringify({ modules, policy_zones: zones }));
if (out !== "-") writeFileSync(out, pyodide.makeMemorySnapshot());
