// The calculators' Python, running in a module Web Worker so the page never waits on it.
// Started by widgets.js as soon as a page with a widget opens; it answers
// {id, request} messages with {id, response} once the interpreter is ready, and reports
// {progress: {received, total}} while it downloads.
// Every URL is relative to this file, so the site works under any base path.
const here = new URL(".", import.meta.url);
// The runtime's list of files; webruntime.publish writes its hashed name in.
const MANIFEST = "manifest.json";
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

async function response(name) {
  const found = await fetch(asset(name));
  if (!found.ok) throw missing(name, found);
  return found;
}

async function bytes(name) {
  let found = await response(name);
  if (name.endsWith(".gz")) {
    found = new Response(found.body.pipeThrough(new DecompressionStream("gzip")));
  }
  return new Uint8Array(await found.arrayBuffer());
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

// ------------------------------------------------------------------ the snapshot
// A memory snapshot restores a warm interpreter in a fraction of the time Python takes to
// start, import the calculators and load the zones, but it is about 6 MB to download. So a visit
// restores the copy this browser kept from an earlier visit (Cache Storage, under the
// snapshot's hashed name, which carries the Pyodide release); a first visit downloads the
// site's only where the link brings it faster than Python would start (README, "Why the
// snapshot is not always downloaded"), and otherwise starts Python, makes the snapshot here and
// keeps it. Either way the second visit starts from memory.
const KEPT = "calculators-snapshots";
// What restoring a snapshot saves over starting Python, importing the calculators and loading
// the zones (their bytecode already compiled), the download aside: 1.5 s in Chromium on this
// project's machines (benchmarks/browser_startup.py: a cold start from a downloaded snapshot
// against one that starts Python). A phone saves more, but there every megabyte also costs the
// reader, and starting Python downloads half as many.
const START_SECONDS = 1.5;

async function keptSnapshot(name) {
  try {
    const found = await (await caches.open(KEPT)).match(asset(name));
    return found ? new Uint8Array(await found.arrayBuffer()) : null;
  } catch {
    return null;  // no Cache Storage here (a page not served over HTTPS), or it is full
  }
}

async function keep(name, snapshot) {
  try {
    const cache = await caches.open(KEPT);
    for (const old of await cache.keys()) await cache.delete(old);
    await cache.put(asset(name), new Response(snapshot));
  } catch (error) {
    console.warn("calculators: the snapshot could not be kept for the next visit:", error);
  }
}

// Whether the snapshot would arrive before Python could start: the link's speed is read from
// the download of pyodide.asm.mjs, which every start needs first anyway. Only the transfer is
// timed (from its first byte to its last): the request's round trip, the same for any file,
// would make a fast link look slow on a file this small.
function snapshotPays(manifest, module) {
  const timing = performance.getEntriesByName(module).at(-1);
  if (!timing || !timing.encodedBodySize || !manifest.snapshot) return false;
  const seconds = Math.max(timing.responseEnd - timing.responseStart, 1) / 1000;
  const roundTrip = Math.max(timing.responseStart - timing.requestStart, 0) / 1000;
  const perSecond = timing.encodedBodySize / seconds;
  return roundTrip + manifest.sizes[manifest.snapshot] / perSecond < START_SECONDS;
}

// The header of a snapshot says where the memory starts (Pyodide's makeSnapshot).
function snapshotMemory(snapshot) {
  const header = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
  return snapshot.byteLength - header;
}

async function start() {
  const manifest = await (await response(MANIFEST)).json();
  sizes = manifest.sizes;
  const indexURL = asset(manifest.pyodide);
  const stdLibURL = asset(manifest.stdlib);
  const zoneFiles = manifest.policy_zones.map((zone) => manifest.zones + zoneFile(zone));
  const totalOf = (way) => Object.values(manifest.download[way] || {}).reduce((a, b) => a + b, 0);
  progress.received = 0;
  progress.total = totalOf("restore") || totalOf("start");  // corrected once the way is chosen
  postProgress(true);
  // The loader and the kept snapshot (from the disk) at once.
  const [{ loadPyodide }, kept] = await Promise.all([
    import(asset(`${manifest.pyodide}pyodide.mjs`)),
    manifest.snapshot ? keptSnapshot(manifest.snapshot) : null]);
  const module = asset(`${manifest.pyodide}pyodide.asm.mjs`);
  // Imported before loadPyodide, which imports it too (the same module, fetched once), to
  // time the link.
  if (!kept) await import(module);
  const policy = response(manifest.policy).then((r) => r.text());
  let pyodide = null;
  let made = null;  // the snapshot to keep for the next visit
  if (kept || snapshotPays(manifest, module)) {
    progress.total = totalOf("restore");
    if (kept) {
      progress.received += kept.byteLength;
      progress.total += kept.byteLength - sizes[manifest.snapshot];
    }
    const snapshot = kept ? Promise.resolve(kept) : bytes(manifest.snapshot);
    try {
      pyodide = await failFast(loadPyodide({ indexURL, stdLibURL, _loadSnapshot: snapshot }));
      pyodide.runPython("from calculators import browser\nbrowser.restored()");
      way = kept ? "kept snapshot" : "downloaded snapshot";
      if (!kept) made = await snapshot;
    } catch (error) {
      if (error instanceof RuntimeMissing) throw error;
      console.warn("calculators: snapshot not usable, starting Python instead:", error);
      pyodide = null;
    }
  }
  if (!pyodide) {
    progress.total = totalOf("start") + (kept ? kept.byteLength : 0);
    postProgress(true);
    const wheels = Promise.all(manifest.wheels.map(bytes));
    const zones = Promise.all(zoneFiles.map(bytes));
    pyodide = await failFast(loadPyodide({ indexURL, stdLibURL,
                                           _makeSnapshot: Boolean(manifest.snapshot) }));
    for (const wheel of await wheels) pyodide.unpackArchive(wheel, "wheel");
    const written = await zones;
    manifest.policy_zones.forEach((zone, i) => writeZone(pyodide, manifest, zone, written[i]));
    pyodide.globals.set("POLICY_JSON", await policy);
    pyodide.globals.set("ZONE_NAMES", JSON.stringify(manifest.zone_names));
    pyodide.runPython(manifest.prepare);
    way = "started Python";
    if (manifest.snapshot) {
      // Taken before any answer, so it is the interpreter the build would have made.
      made = pyodide.makeMemorySnapshot();
      if (snapshotMemory(made) > manifest.snapshot_memory_limit) made = null;
    }
  }
  const Answerer = pyodide.runPython("from calculators.browser import Answerer\nAnswerer");
  const answerer = Answerer(await policy);
  const zoneWanted = pyodide.runPython("from calculators.browser import zone_wanted\nzone_wanted");
  // Kept once the first answer can be given, so keeping never delays it.
  keeping = made ? () => keep(manifest.snapshot, made) : () => {};
  // A wheel that only one kind of request needs (phonenumbers, for the call-quality report) is
  // fetched the first time one asks, so no other page and no snapshot carries it; a zone's file
  // the first time a request names the zone.
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
    const text = JSON.stringify(request);
    const zone = zoneWanted(text);
    if (zone) {
      writeZone(pyodide, manifest, zone, await bytes(manifest.zones + zoneFile(zone)));
    }
    return answerer.answer(text);
  };
}

let keeping = () => {};
// How this start went, for whoever looks after the site (the page puts it on <html>).
let way = "";

// Where a zone's file is under the zones' folder: the "+" of Etc/GMT+5 is "~" there
// (webruntime.zone_file).
const zoneFile = (zone) => zone.replaceAll("+", "~");

function writeZone(pyodide, manifest, zone, data) {
  const path = `${manifest.zone_dir}/${zone}`;
  pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
  pyodide.FS.writeFile(path, data);
}

// Times are worded by the calculators (calculators/browser.py `worded`: `shown`, `shown_end`,
// `at_input`), not by Intl here: Intl words them by the browser's locale ("GMT+11").

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const ready = start();
ready.then(
  // The last count first, so the page's progress ends at what really arrived.
  () => Promise.all(counting).then(() => {
    postMessage({ ready: true, zone: browserZone, progress: { ...progress }, way,
                  seconds: performance.now() / 1000 });
    keeping();
  }),
  (error) => postMessage({ failed: String(error && error.message ? error.message : error) }),
);

onmessage = async ({ data }) => {
  try {
    const answer = await ready;
    const request = { ...data.request, tz: data.request.tz || browserZone };
    const response = JSON.parse(await answer(request));
    postMessage({ id: data.id, response });
  } catch (error) {
    postMessage({ id: data.id, failed: String(error && error.message ? error.message : error) });
  }
};
