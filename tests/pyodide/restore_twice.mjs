// Restores the site's snapshot in two interpreters, as two readers' browsers would, and prints
// what `random` gives in each: first as restored, then after calculators.browser.restored().
// Usage: node restore_twice.mjs INDEX_URL SITE_RUNTIME_DIR
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [indexURL, runtime] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(path.join(runtime, "manifest.json"), "utf8"));
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const draws = [];
for (const reseeded of [false, true]) {
  for (let reader = 0; reader < 2; reader++) {
    const pyodide = await loadPyodide({
      indexURL: indexURL.endsWith(path.sep) ? indexURL : indexURL + path.sep,
      stdLibURL: path.join(runtime, manifest.stdlib),
      _loadSnapshot: gunzipSync(readFileSync(path.join(runtime, manifest.snapshot))),
    });
    if (reseeded) pyodide.runPython("from calculators import browser\nbrowser.restored()");
    draws.push({ reseeded, value: pyodide.runPython("import random\nrandom.random()") });
  }
}
process.stdout.write(JSON.stringify(draws));
