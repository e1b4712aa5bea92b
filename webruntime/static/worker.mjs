// The calculators' Python, running in a module Web Worker so the page never waits on it.
// Started by widgets.js as soon as a page with a widget opens; it answers
// {id, request} messages with {id, response} once the interpreter is ready.
// Every URL is relative to this file, so the site works under any base path.
const here = new URL(".", import.meta.url);
const asset = (name) => new URL(name, here).href;

async function bytes(name) {
  let response = await fetch(asset(name));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  if (name.endsWith(".gz")) {
    response = new Response(response.body.pipeThrough(new DecompressionStream("gzip")));
  }
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
  let pyodide;
  try {
    // Restoring a snapshot skips booting Python, importing the calculators and reading every
    // zone from the tz database: all of that is in its memory already.
    pyodide = await failFast(loadPyodide({ indexURL, _loadSnapshot: bytes(manifest.snapshot) }));
  } catch (error) {
    if (error instanceof RuntimeMissing) throw error;
    console.warn("calculators: snapshot not usable, booting Python instead:", error);
    const wheels = Promise.all(manifest.wheels.map(bytes));
    pyodide = await failFast(loadPyodide({ indexURL }));
    for (const wheel of await wheels) pyodide.unpackArchive(wheel, "wheel");
  }
  const Answerer = pyodide.runPython("from calculators.browser import Answerer\nAnswerer");
  const answerer = Answerer(await policy);
  // A wheel that only one kind of request needs (phonenumbers, for the call-quality report) is
  // fetched the first time one asks, so no other page and no snapshot carries it.
  const unpacked = {};
  const needs = (kind) => {
    const wheel = (manifest.on_demand || {})[kind];
    if (wheel && !unpacked[kind]) {
      unpacked[kind] = bytes(wheel).then((b) => pyodide.unpackArchive(b, "wheel"))
        .catch((error) => { delete unpacked[kind]; throw error; });
    }
    return unpacked[kind];
  };
  return async (request) => {
    await needs(request.kind);
    return answerer.answer(JSON.stringify(request));
  };
}

// Dates are worded here, not on the page: the first use of Intl costs tens of milliseconds,
// which would otherwise land on the page's main thread.
const formatters = {};
function formatIn(zone, iso) {
  if (!formatters[zone]) {
    formatters[zone] = new Intl.DateTimeFormat(undefined, {
      weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit",
      minute: "2-digit", hourCycle: "h23", timeZone: zone, timeZoneName: "short",
    });
  }
  return formatters[zone].format(new Date(iso));
}

// The wall time of an instant in a zone, as an <input type="datetime-local"> value.
const inputFormatters = {};
function inputValue(zone, iso) {
  if (!inputFormatters[zone]) {
    inputFormatters[zone] = new Intl.DateTimeFormat("en-CA", {
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23", timeZone: zone,
    });
  }
  const parts = {};
  for (const part of inputFormatters[zone].formatToParts(new Date(iso))) {
    parts[part.type] = part.value;
  }
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

// Adds `shown[instant][zone]`, each instant of the answer worded in the reader's zone and in
// every zone the answer names; and `at_input`, the asked-about instant in the reader's zone.
function worded(answer, readerZone) {
  const instants = new Set();
  const zones = new Set([readerZone]);
  JSON.stringify(answer, (key, value) => {
    if (typeof value === "string" && INSTANT.test(value)) instants.add(value);
    if (key === "zone" && typeof value === "string") zones.add(value);
    return value;
  });
  const shown = {};
  for (const instant of instants) {
    shown[instant] = {};
    for (const zone of zones) shown[instant][zone] = formatIn(zone, instant);
  }
  const asked = answer.reported_at || answer.at;
  return { ...answer, tz: readerZone, shown, at_input: asked ? inputValue(readerZone, asked) : null };
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const ready = start();
ready.then(
  () => postMessage({ ready: true, zone: browserZone }),
  (error) => postMessage({ failed: String(error && error.message ? error.message : error) }),
);

onmessage = async ({ data }) => {
  try {
    const answer = await ready;
    const request = { ...data.request, tz: data.request.tz || browserZone };
    const response = JSON.parse(await answer(request));
    postMessage({ id: data.id, response: response.error ? response : worded(response, request.tz) });
  } catch (error) {
    postMessage({ id: data.id, failed: String(error && error.message ? error.message : error) });
  }
};
