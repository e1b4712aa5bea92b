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

async function start() {
  const manifest = await (await fetch(asset("manifest.json"))).json();
  const { loadPyodide } = await import(asset("pyodide/pyodide.mjs"));
  const indexURL = asset("pyodide/");
  const policy = fetch(asset("policy.json")).then((r) => r.text());
  let pyodide;
  try {
    // Restoring a snapshot skips booting Python and importing the calculators.
    pyodide = await loadPyodide({ indexURL, _loadSnapshot: bytes(manifest.snapshot) });
  } catch (error) {
    console.warn("calculators: snapshot not usable, booting Python instead:", error);
    pyodide = await loadPyodide({ indexURL });
    for (const wheel of manifest.wheels) {
      pyodide.unpackArchive(await bytes(wheel), "wheel");
    }
  }
  const answer = pyodide.runPython(
    "from calculators.browser import Answerer\nAnswerer",
  )(await policy);
  return (request) => answer.answer(JSON.stringify(request));
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
