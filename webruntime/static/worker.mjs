// The calculators' Python, running in a module Web Worker so the page never waits on it.
// Started by widgets.js as soon as a page with a widget opens; it answers
// {id, request} messages with {id, response} once the interpreter is ready.
// Every URL is relative to this file, so the site works under any base path.
const here = new URL(".", import.meta.url);
const asset = (name) => new URL(name, here).href;

async function bytes(name) {
  const response = await fetch(asset(name));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

class RuntimeMissing extends Error {}

// When pyodide.asm.wasm cannot be fetched, Pyodide 314 logs "wasm instantiation failed" and its
// promise never settles; watching for that warning turns the hang into an error at once.
function failFast(loading) {
  const warn = console.warn;
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  console.warn = (...args) => {
    warn.apply(console, args);
    if (String(args[0]).startsWith("wasm instantiation failed")) {
      fail(new RuntimeMissing("Python's WebAssembly file could not be loaded"));
    }
  };
  return Promise.race([loading, failed]).finally(() => { console.warn = warn; });
}

async function start() {
  const manifest = await (await fetch(asset("manifest.json"))).json();
  const { loadPyodide } = await import(asset("pyodide/pyodide.mjs"));
  const indexURL = asset("pyodide/");
  // Everything is fetched at once, in parallel with booting.
  const policy = fetch(asset("policy.json")).then((r) => {
    if (!r.ok) throw new Error(`policy.json: HTTP ${r.status}`);
    return r.text();
  });
  const wheels = Promise.all(manifest.wheels.map(bytes));
  let pyodide;
  try {
    // Restoring a snapshot skips booting Python and importing the calculators.
    pyodide = await failFast(loadPyodide({ indexURL, _loadSnapshot: bytes(manifest.snapshot) }));
  } catch (error) {
    if (error instanceof RuntimeMissing) throw error;
    console.warn("calculators: snapshot not usable, booting Python instead:", error);
    pyodide = await failFast(loadPyodide({ indexURL }));
  }
  // A snapshot holds the interpreter's memory, not its file system: zoneinfo still reads the
  // zone files from the tzdata wheel, so the wheels are unpacked after a restore too.
  for (const wheel of await wheels) pyodide.unpackArchive(wheel, "wheel");
  const Answerer = pyodide.runPython("from calculators.browser import Answerer\nAnswerer");
  const answerer = Answerer(await policy);
  return (request) => answerer.answer(JSON.stringify(request));
}

const ready = start();
ready.then(
  () => postMessage({ ready: true }),
  (error) => postMessage({ failed: String(error && error.message ? error.message : error) }),
);

onmessage = async ({ data }) => {
  try {
    const answer = await ready;
    postMessage({ id: data.id, response: JSON.parse(answer(data.request)) });
  } catch (error) {
    postMessage({ id: data.id, failed: String(error && error.message ? error.message : error) });
  }
};
