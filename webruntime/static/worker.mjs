// The calculators' Python, running in a module Web Worker so the page never waits on it.
// Started by widgets.js as soon as a page with a widget opens; it answers
// {id, request} messages with {id, response} once the interpreter is ready, and reports
// {progress: {received, total}} while it downloads.
// Every URL is relative to this file, so the site works under any base path.
const here = new URL(".", import.meta.url);
const asset = (name) => new URL(name, here).href;

// Bytes received so far, of every fetch made here or by Pyodide (which fetches its wasm and
// stdlib itself). The total comes from manifest.json, written with each file's size at build
// time, so it is known even when the host sends no Content-Length.
const progress = { received: 0, total: 0 };
let sizes = {};  // each runtime file's size, from manifest.json
// At most one message every 150 ms, and always one for the last bytes, so that the page never
// shows less than has arrived while a slow link pauses.
let progressPosted = 0;
let progressLater = null;
function postProgress(force) {
  const now = Date.now();
  if (!force && now - progressPosted < 150) {
    progressLater ??= setTimeout(() => postProgress(true), 150);
    return;
  }
  clearTimeout(progressLater);
  progressLater = null;
  progressPosted = now;
  postMessage({ progress: { ...progress } });
}
const counting = [];  // one promise per response being counted
const plainFetch = globalThis.fetch.bind(globalThis);
// Failures in words a reader can act on; the file's name stays, in brackets, for whoever
// looks after the site.
function missing(name, response) {
  return new Error(`a file it needs is missing from this site (${name}: HTTP ${response.status})`);
}

globalThis.fetch = async (...args) => {
  // Counting reads a clone of the body, and a cloned wasm response loses Chromium's cache of
  // compiled code (measured: about a second more on every reload). So a wasm file already in
  // the HTTP cache is not counted as it streams, only as a whole: it arrives at once anyway.
  const cached = String(args[0]).endsWith(".wasm") && await inHttpCache(args[0]);
  let response;
  try {
    response = await plainFetch(...args);
  } catch (error) {
    throw new Error("a file it needs could not be downloaded; check the connection " +
                    `(${error.message})`);
  }
  if (cached && response.ok) {
    const name = new URL(response.url).pathname.slice(here.pathname.length);
    progress.received += sizes[name] || 0;
    postProgress(true);
  } else if (response.ok && response.body) {
    const reader = response.clone().body.getReader();
    counting.push((async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        progress.received += value.byteLength;
        postProgress(false);
      }
      postProgress(true);
    })().catch(() => {}));
  }
  return response;
};

async function inHttpCache(url) {
  try {
    const probe = await plainFetch(url, { cache: "only-if-cached", mode: "same-origin" });
    probe.body?.cancel();
    return probe.ok;
  } catch {
    return false;
  }
}

async function bytes(name) {
  let response = await fetch(asset(name));
  if (!response.ok) throw missing(name, response);
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
  const listed = await fetch(asset("manifest.json"));
  if (!listed.ok) throw missing("manifest.json", listed);
  const manifest = await listed.json();
  sizes = manifest.sizes;
  progress.received = 0;  // the manifest itself is not part of the download it describes
  progress.total = Object.values(manifest.download).reduce((sum, size) => sum + size, 0);
  postProgress(true);
  const { loadPyodide } = await import(asset("pyodide/pyodide.mjs"));
  const indexURL = asset("pyodide/");
  // Everything is fetched at once, in parallel with booting.
  const policy = fetch(asset("policy.json")).then((r) => {
    if (!r.ok) throw missing("policy.json", r);
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
    progress.total += manifest.wheels.reduce((sum, name) => sum + manifest.sizes[name], 0);
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

// The wall time of an instant in a zone, as the form's date and 24-hour time fields take it.
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
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
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
  return { ...answer, tz: readerZone, shown, at_input: atInput(answer, readerZone) };
}

function atInput(answer, zone) {
  const asked = answer.reported_at || answer.at;
  return asked && zone ? inputValue(zone, asked) : null;
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const ready = start();
ready.then(
  // The last count first, so the page's progress ends at what really arrived.
  () => Promise.all(counting).then(() => {
    postMessage({ ready: true, zone: browserZone, progress: { ...progress } });
  }),
  (error) => postMessage({ failed: String(error && error.message ? error.message : error) }),
);

onmessage = async ({ data }) => {
  try {
    const answer = await ready;
    const request = { ...data.request, tz: data.request.tz || browserZone };
    const response = JSON.parse(await answer(request));
    // A refusal still carries what could be read, so the form keeps the fields that were right.
    postMessage({
      id: data.id,
      response: response.errors
        ? { ...response, at_input: atInput(response, response.tz) }
        : worded(response, response.tz || request.tz),
    });
  } catch (error) {
    postMessage({ id: data.id, failed: String(error && error.message ? error.message : error) });
  }
};
