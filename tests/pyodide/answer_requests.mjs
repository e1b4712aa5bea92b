// Answers widget requests with the calculators under Pyodide in Node, offline, the way the
// browser worker does: the wheels unpacked into Pyodide's filesystem, the policy passed as JSON.
// Usage: node answer_requests.mjs INDEX_URL INPUT.json WHEEL...
// INPUT.json: {"policy": <policy JSON>, "requests": [...]}. Prints {"python": version,
// "answers": [...]} on stdout.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [indexURL, input, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: indexURL.endsWith(path.sep) ? indexURL : indexURL + path.sep });
for (const wheel of wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
}
pyodide.FS.writeFile("/tmp/input.json", readFileSync(input));
const output = pyodide.runPython(`
import json, sys
from calculators.browser import Answerer

with open("/tmp/input.json", encoding="utf-8") as file:
    given = json.load(file)
answerer = Answerer(json.dumps(given["policy"]))
json.dumps({"python": sys.version.split()[0],
            "answers": [answerer.answer_dict(request) for request in given["requests"]]})
`);
process.stdout.write(output);
