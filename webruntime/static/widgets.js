// The calculator widgets: forms rendered at build time, answers computed by the calculators'
// Python in a Web Worker. Loaded as a classic script in <head> so the worker starts while the
// page is still being parsed; the forms are wired once the DOM is ready.
// Every value shown is set with textContent: nothing from the policy or the URL becomes markup.
(function () {
  "use strict";

  var script = document.currentScript;
  // A page whose only widget is the open-now panel (the home page) downloads the calculators'
  // runtime only when the reader asks: its numbers and hours are in the page already.
  var onDemand = script.dataset.start === "on-demand";
  var base = new URL(".", script.src);
  // Start-up gives up only when nothing has arrived for this long: a slow link that is still
  // delivering bytes is waited for, however long the whole download takes.
  var STALL_LIMIT_MS = 30000;
  // An answer waits for a pause in typing this long (or for the field to be left), so that a
  // half-typed year or zone is not reported as a mistake.
  var TYPING_PAUSE_MS = 800;
  var COUNTDOWN_TICK_MS = 5000;  // the countdown shows minutes: a tick a second is wasted work
  var defaultZone = "UTC";  // the browser's zone, as the worker reports it
  var runtime = null;
  var nextId = 1;
  var listeners = [];

  function notify(what, value) {
    listeners.forEach(function (listener) { if (listener[what]) listener[what](value); });
  }

  // One worker and what it owes: a "Try again" starts a new one. `early`: started before any
  // question needed it (behind a schedule's answer); if that one fails, the reader's first
  // question starts another rather than inherit its failure.
  function startRuntime(early) {
    var current = { worker: null, failure: null, ready: false, waiting: {}, timer: null,
                    early: Boolean(early) };
    runtime = current;

    function fail(reason) {
      if (current.failure) return;
      current.failure = reason;
      clearTimeout(current.timer);
      Object.keys(current.waiting).forEach(function (id) {
        current.waiting[id].reject(new Error(reason));
      });
      current.waiting = {};
      if (current.worker) current.worker.terminate();
      if (runtime === current) notify("failed", reason);
    }

    function watchForStall() {
      clearTimeout(current.timer);
      current.timer = setTimeout(function () {
        fail("nothing more arrived for " + STALL_LIMIT_MS / 1000 + " seconds while it was loading");
      }, STALL_LIMIT_MS);
    }

    try {
      current.worker = new Worker(new URL("worker.mjs", base), { type: "module" });
      current.worker.onmessage = function (event) {
        var data = event.data;
        if (data.failed && !data.id) return fail(data.failed);
        if (data.ready) {
          notify("progress", data.progress);
          current.ready = true;
          clearTimeout(current.timer);
          defaultZone = data.zone;
          // Which way the calculators started (from a kept or a downloaded snapshot, or by
          // starting Python), and how long the worker took: for tests and for whoever
          // looks after the site.
          document.documentElement.dataset.calculators = data.way + " in " +
            data.seconds.toFixed(2) + " s";
          return notify("ready");
        }
        if (data.progress) {
          if (!current.ready) {
            watchForStall();
            notify("progress", data.progress);
          }
          return;
        }
        var pending = current.waiting[data.id];
        delete current.waiting[data.id];
        if (!pending) return;
        if (data.failed) pending.reject(new Error(data.failed));
        else pending.resolve(data.response);
      };
      current.worker.onerror = function (event) {
        fail(event.message || "the calculator's script could not be loaded");
      };
    } catch (error) {
      fail(String(error.message || error));
    }
    if (!current.failure) watchForStall();
    return current;
  }

  function ask(request) {
    if (!runtime || (runtime.failure && runtime.early)) startRuntime();
    var current = runtime;
    if (current.failure) return Promise.reject(new Error(current.failure));
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      current.waiting[id] = { resolve: resolve, reject: reject };
      current.worker.postMessage({ id: id, request: request });
    });
  }

  // ------------------------------------------------------------------ answers at first paint
  // The build compiled this page's default questions into a schedule (sitegen.schedules): the
  // page answers "now" from it as soon as it is parsed, and Python starts only when a question
  // needs it. Here the page only finds the segment that holds now, adds the offsets the
  // schedule gives and words the instants; every rule stays in the calculators' Python.
  var scheduleLink = document.querySelector("link[data-schedule]");
  var schedule = scheduleLink ? fetch(scheduleLink.href).then(function (response) {
    return response.ok ? response.json() : null;
  }).catch(function () { return null; }) : null;
  var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  defaultZone = browserZone;  // the worker reports the same zone, read the same way
  // On a slow link (2G/3G, or the browser's estimate under 2 Mbit/s with a round trip of 150 ms
  // or more: Chromium's estimate before it has measured anything is 1.6 Mbit/s and 100 ms), or
  // where the reader asked the browser to save data, the runtime (5 MB and more) is fetched
  // only once the reader asks a question the schedule cannot answer: on such a link it takes
  // half a minute, and most readers never change the question. Elsewhere it is fetched once
  // the page is idle, so that a changed question is answered at once.
  var connection = navigator.connection || {};
  var frugal = Boolean(connection.saveData) || /2g|3g/.test(connection.effectiveType || "") ||
    (connection.downlink < 2 && connection.rtt >= 150);

  if (!onDemand && !schedule) startRuntime();

  function startSoon() {
    if (frugal || runtime) return;
    var start = function () {
      var idle = window.requestIdleCallback || function (callback) { setTimeout(callback, 1); };
      idle(function () { if (!runtime) startRuntime(true); }, { timeout: 2000 });
    };
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, { once: true });
  }

  // The schedule's answer to `question` ({kind, ...}) at `seconds` (Unix seconds), with the
  // instant the answer next changes (`until`); null outside the schedule or for a question it
  // does not hold. Markers as calculators/schedule.py writes them: {"$": i} a shared part,
  // {"+": n} the asked instant plus n seconds, {"=": j} the segment's start plus fixed[j].
  function scheduled(file, question, seconds) {
    if (!file || file.none || !(file.start <= seconds && seconds < file.end)) return null;
    var one = file.schedules.filter(function (candidate) {
      return Object.keys(question).every(function (key) {
        return candidate.question[key] === question[key];
      }) && Object.keys(candidate.question).length === Object.keys(question).length;
    })[0];
    if (!one || !(one.start <= seconds && seconds < one.end) || !one.segments.length) {
      return null;
    }
    if (!one.starts) {
      var at = one.start;
      one.starts = one.segments.map(function (segment) { return (at += segment[0]); });
    }
    var index = lastAtOrBefore(one.starts, seconds);
    if (index < 0) return null;
    var segment = one.segments[index];
    var start = one.starts[index];
    function resolve(node) {
      if (Array.isArray(node)) return node.map(resolve);
      if (node === null || typeof node !== "object") return node;
      var keys = Object.keys(node);
      if (keys.length === 1 && keys[0] === "$") return resolve(one.parts[node.$]);
      if (keys.length === 1 && keys[0] === "+") return isoSeconds(seconds + node["+"]);
      if (keys.length === 1 && keys[0] === "=") return isoSeconds(start + segment[2 + node["="]]);
      var out = {};
      keys.forEach(function (key) { out[key] = resolve(node[key]); });
      return out;
    }
    var until = index + 1 < one.starts.length ? one.starts[index + 1] : one.end;
    return { answer: resolve(one.parts[segment[1]]), until: until };
  }

  // The index of the last of `sorted` at or before `value`, each compared by `key` (itself
  // by default); -1 if none is.
  function lastAtOrBefore(sorted, value, key) {
    var low = 0;
    var high = sorted.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if ((key ? key(sorted[middle]) : sorted[middle]) <= value) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }

  function isoSeconds(seconds) {
    return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  }

  // The value of a look-up of the schedule file ([[from, value], ...]) at `seconds`; null
  // before its first entry or from `until` on.
  function lookedUp(entries, seconds, until) {
    if (!entries || seconds >= until) return null;
    var index = lastAtOrBefore(entries, seconds, function (entry) { return entry[0]; });
    return index < 0 ? null : entries[index][1];
  }

  // ------------------------------------------------------------------ times in words
  // calculators/time_words.py's convention, for the answers the page takes from a schedule:
  // "Tue 29 Dec 2026, 14:00 AEDT", the data's label where the schedule file gives one, else the
  // UTC offset ("UTC+5:30"); a due time at local midnight "end of Mon 28 Dec 2026 (24:00 AEDT)".
  // The wall time and offset come from the browser's zone database; a zone or instant it
  // cannot word throws, and the page then waits for Python's words.
  var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec"];
  var wallFormats = {};

  function wall(seconds, zone) {
    if (!wallFormats[zone]) {
      wallFormats[zone] = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric", timeZoneName: "longOffset",
      });
    }
    var parts = {};
    wallFormats[zone].formatToParts(new Date(seconds * 1000)).forEach(function (part) {
      parts[part.type] = part.value;
    });
    var offset = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(parts.timeZoneName);
    if (!offset) throw new Error("no offset for " + zone);
    return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
             hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
             offset: offset[1] ? (offset[1] === "-" ? -1 : 1) *
               (Number(offset[2]) * 60 + Number(offset[3])) : 0 };
  }

  function two(number) { return (number < 10 ? "0" : "") + number; }

  function dayWords(year, month, day) {
    var weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
    return DAYS[weekday] + " " + day + " " + MONTHS[month - 1] + " " + year;
  }

  function offsetLabel(minutes) {
    if (!minutes) return "UTC";
    var size = Math.abs(minutes);
    return "UTC" + (minutes > 0 ? "+" : "-") + Math.floor(size / 60) +
      (size % 60 ? ":" + two(size % 60) : "");
  }

  function TimeWords(file) {
    function label(seconds, zone, local) {
      if (!(zone in file.labels)) return offsetLabel(local.offset);
      var found = lookedUp(file.labels[zone], seconds, file.labels_until);
      if (found === null) throw new Error("no label for " + zone);
      return found;
    }
    return {
      at: function (seconds, zone) {
        var local = wall(seconds, zone);
        return dayWords(local.year, local.month, local.day) + ", " + two(local.hour) + ":" +
          two(local.minute) + " " + label(seconds, zone, local);
      },
      // The end of the day before, for an instant at 00:00 local time; else null.
      end: function (seconds, zone) {
        var local = wall(seconds, zone);
        if (local.hour || local.minute || local.second) return null;
        var before = new Date(Date.UTC(local.year, local.month - 1, local.day) - 86400000);
        return "end of " + dayWords(before.getUTCFullYear(), before.getUTCMonth() + 1,
          before.getUTCDate()) + " (24:00 " + label(seconds, zone, local) + ")";
      },
      wall: wall,
    };
  }

  // The schedule's answer as the worker gives an answer (calculators/browser.py, worded):
  // each instant in words in the reader's zone and every zone the answer names, the asked
  // instant as the form's fields hold it, and the reader's zone.
  var INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;  // calculators/browser.py's

  function wordedAnswer(file, answer, reader) {
    var words = TimeWords(file);
    var instants = {};
    var zones = {};
    zones[reader] = true;
    (function collect(value, key) {
      if (Array.isArray(value)) value.forEach(function (item) { collect(item); });
      else if (value && typeof value === "object") {
        Object.keys(value).forEach(function (name) { collect(value[name], name); });
      } else if (key === "zone" && typeof value === "string" && value) zones[value] = true;
      else if (typeof value === "string" && INSTANT.test(value)) instants[value] = true;
    })(answer);
    var shown = {};
    var shownEnd = {};
    Object.keys(instants).forEach(function (text) {
      var seconds = Date.parse(text) / 1000;
      shown[text] = {};
      Object.keys(zones).forEach(function (zone) {
        shown[text][zone] = words.at(seconds, zone);
        var end = words.end(seconds, zone);
        if (end) (shownEnd[text] = shownEnd[text] || {})[zone] = end;
      });
    });
    var asked = answer.reported_at || answer.at;
    var local = words.wall(Date.parse(asked) / 1000, reader);
    var result = {};
    Object.keys(answer).forEach(function (key) { result[key] = answer[key]; });
    result.tz = reader;
    result.shown = shown;
    result.shown_end = shownEnd;
    result.at_input = { date: local.year + "-" + two(local.month) + "-" + two(local.day),
                        time: two(local.hour) + ":" + two(local.minute) };
    return result;
  }

  // The answer the schedule gives now to `question` in the reader's zone `reader`, as the
  // worker would give it, with `until`, when it changes; null where the page must ask Python.
  // A deadline question that names no region asks about the region nearest the reader's
  // offset now, which the schedule file also looks up.
  function answerFromSchedule(file, question, reader) {
    try {
      var seconds = Math.floor(Date.now() / 1000);
      if (question.kind === "deadline" && !question.region) {
        var nearest = lookedUp(file.nearest, seconds, file.end);
        var step = (wall(seconds, reader).offset - file.offsets[0]) / file.offsets[1];
        if (nearest === null || step % 1 || !(step >= 0 && step < nearest.length)) return null;
        question = { kind: question.kind, priority: question.priority,
                     region: file.regions[parseInt(nearest.charAt(step), 36)] };
      }
      var found = scheduled(file, question, seconds);
      if (!found) return null;
      return { answer: wordedAnswer(file, found.answer, reader), until: found.until,
               at: seconds };
    } catch (error) {
      return null;  // a zone the browser cannot word: Python will
    }
  }

  // The reader's zone as Python would read it, when the browser reads it the same: the zone
  // from the link or the browser's own. Anything else (a city, a misspelt zone) is Python's.
  function scheduleZone(given) {
    if (!given) return browserZone;
    try {
      return new Intl.DateTimeFormat("en-US", { timeZone: given }).resolvedOptions().timeZone ===
        given ? given : null;
    } catch (error) {
      return null;
    }
  }

  // ------------------------------------------------------------------ showing answers
  // Times are worded by the worker (answer.shown), or from a schedule by the same convention.

  // Now, to the second: the calculators answer in whole seconds, as the CLI does.
  function nowInstant() {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  }

  function countdown(iso, now) {
    var minutes = Math.round((new Date(iso) - now) / 60000);
    var sign = minutes < 0 ? "overdue by " : "in ";
    minutes = Math.abs(minutes);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var text = (days ? days + " d " : "") + (days || hours ? hours + " h " : "") + (minutes % 60) + " min";
    return sign + text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // A time broken inside its date reads wrong ("Dec" ending a line, "5" starting the next):
  // each piece stays on one line, and a line breaks only after a comma or before a bracket
  // ("end of Tue 29 Dec 2026 (24:00 AEDT)"). The words are the calculators', unchanged.
  function unbroken(text) {
    return text.split(/(,\s+|\s+(?=\())/).map(function (piece, index) {
      return index % 2 ? piece : el("span", { class: "policy-unbroken" }, [piece]);
    });
  }

  // `end` for a due time or an "until": at local midnight it reads as the end of the day
  // before (answer.shown_end), while <time datetime> keeps the exact instant.
  function timeEl(answer, iso, zone, end) {
    var ends = end && answer.shown_end && answer.shown_end[iso];
    return el("time", { datetime: iso }, unbroken((ends && ends[zone]) || answer.shown[iso][zone]));
  }

  function megabytes(bytes) {
    return (bytes / 1e6).toFixed(1);
  }

  // The marks of the readings an answer rests on that the policy owner has not confirmed, in
  // the answer's order: the same markup as the pages' own marks (templates/policy/_macros.html,
  // reading_marks), so they look, print and read alike. Each is a copy of the widget's empty
  // mark (templates/policy/_reading_mark.html), whose link to the readings page the site's
  // engine made relative to this page. `ids`, when given, keeps only those readings. A space
  // goes before each mark, as on the pages: copied or printed, "reading 4 reading 5" stay apart.
  function readingMarks(widget, readings, ids) {
    var empty = widget.querySelector("template.calc-reading-mark").content.firstElementChild;
    var marks = [];
    (readings || []).forEach(function (reading) {
      if (reading.confirmed || (ids && ids.indexOf(reading.id) < 0)) return;
      var mark = empty.cloneNode(false);
      mark.setAttribute("href", empty.getAttribute("href") + "#reading-" + reading.id);
      mark.append("reading " + reading.number,
        el("span", { class: "policy-hidden" }, [", the site's reading: " + reading.title]));
      marks.push(" ", mark);
    });
    return marks;
  }

  // "Every support office is closed then; the first to open is APAC, <time>." with the marks
  // of what that rests on, from an answer's `offices_closed`; `when` is "then" or "now".
  function closedSentence(answer, closed, when, zone, marks) {
    var first = closed.next_open;
    return ["Every support office is closed " + when + "; the first to open is " + first.name +
      ", ", timeEl(answer, first.at, zone), "."].concat(marks(closed.readings));
  }

  // The routes the policy names besides the phones, said once when every office is closed at
  // some instant of the answer.
  function routesWhileClosed(answer) {
    return el("p", { class: "calc-closed-routes" },
      ["While every office is closed: " + answer.routes_while_closed]);
  }

  // ------------------------------------------------------------------ shared form plumbing

  // Reads the form's state from the URL query, keeps the URL in step with the form, and asks
  // the worker once typing pauses or a field is left. `render(target, response, zone, marks)`
  // fills the answer; `asked(response, now, marks)` words the question it answers, on the
  // question line above it; `draft(inputs)` words the question from the fields alone, before
  // the first answer; `upcoming(response)` lists [label, instant] pairs for the countdown,
  // shown only when the question is about now. `marks(ids)` gives the reading marks of those
  // of the answer's readings (all of them without `ids`).
  function Calculator(form, choices, widget) {
    var status = form.querySelector(".calc-status");
    var question = form.querySelector(".calc-question .calc-asked");
    var change = form.querySelector(".calc-change");
    var countdownLine = form.querySelector(".calc-countdown");
    var staleNote = form.querySelector(".calc-stale");
    var progressBox = form.querySelector(".calc-progress");
    var progressBar = progressBox.querySelector("progress");
    var progressText = progressBox.querySelector(".calc-progress-text");
    var zoneHint = form.querySelector(".calc-hint");
    var inputs = form.elements;
    var fields = form.querySelector(".calc-fields");
    var controls = fields.querySelectorAll("input, select, button");
    var params = new URLSearchParams(location.search);
    // A link's values, each sent as given until the reader changes that field: one the form
    // cannot hold (priority=S9, at=garbage, a 30 February) is then reported on its own field,
    // quoted, while the other fields keep theirs.
    var fromLink = {};
    // What the time is: "now", "link" (an instant from the link, kept exactly), or "fields"
    // (the date and time fields, read in the zone).
    var mode = "now";
    var typing = null;
    var lastRequest = 0;
    var answered = false;
    var ticker = null;

    choices.forEach(function (name) {
      if (!params.has(name)) return;
      var value = params.get(name);
      inputs[name].value = value;
      if (inputs[name].value !== value) {
        fromLink[name] = value;
        inputs[name].selectedIndex = -1;
      }
    });
    if (params.get("tz")) {
      inputs.tz.value = params.get("tz");
      zoneHint.textContent = "From the link.";
    }
    var at = params.get("at");
    var local = at && /^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d)(?::00)?)?$/.exec(at);
    if (local) {
      mode = "fields";
      setDate(local[1]);
      inputs.time.value = local[2] || "";
    } else if (at) {
      mode = "link";
      fromLink.at = at;
    }
    if (params.get("fold") === "0" || params.get("fold") === "1") {
      inputs.fold.value = params.get("fold");
      showFold();
    }

    // The fields open under the question line: on the reader's asking, or by themselves when
    // one of them needs correcting.
    function showFields(open, focus) {
      if (fields.hidden !== open) return;
      fields.hidden = !open;
      change.setAttribute("aria-expanded", String(open));
      if (open && focus) controls[0].focus();
    }
    change.addEventListener("click", function () {
      showFields(fields.hidden, true);
      // The reader is about to ask: Python's answer will be wanted.
      if (!runtime) startRuntime(true);
    });

    // Before the first answer, the fields hold the present in the browser's own clock, so a
    // reader who opens them while the calculators start finds no empty form.
    if (mode === "now") {
      var today = new Date();
      var two = function (number) { return (number < 10 ? "0" : "") + number; };
      inputs.date.value = today.getFullYear() + "-" + two(today.getMonth() + 1) + "-" +
        two(today.getDate());
      inputs.time.value = two(today.getHours()) + ":" + two(today.getMinutes());
    }
    question.replaceChildren(widget.draft(inputs, mode, fromLink));

    function setDate(value) {
      inputs.date.value = value;
      if (inputs.date.value !== value) fromLink.date = value;
    }

    function value(name) {
      return name in fromLink ? fromLink[name] : inputs[name].value;
    }

    // The fold choice appears only once a time turned out to be skipped or repeated.
    function showFold() {
      form.querySelectorAll(".calc-fold").forEach(function (node) { node.hidden = false; });
    }

    function request() {
      // `now` is the page's present, for the parts of an answer about now whatever is asked.
      var query = { kind: form.dataset.widget, tz: inputs.tz.value, now: nowInstant() };
      choices.forEach(function (name) { query[name] = value(name); });
      if (mode === "now") {
        query.at = nowInstant();
      } else if (mode === "link") {
        query.at = fromLink.at;
      } else {
        query.date = value("date");
        query.time = inputs.time.value;
      }
      if (mode !== "now" && inputs.fold.value !== "") query.fold = Number(inputs.fold.value);
      return query;
    }

    function syncUrl() {
      // Other widgets' parameters (a chart's week) stay; this form's own are written anew.
      var out = new URLSearchParams(location.search);
      choices.concat(["at", "fold", "tz"]).forEach(function (name) { out.delete(name); });
      choices.forEach(function (name) { out.set(name, value(name)); });
      if (mode === "link") out.set("at", fromLink.at);
      if (mode === "fields") out.set("at", value("date") + "T" + inputs.time.value);
      if (mode !== "now" && inputs.fold.value !== "") out.set("fold", inputs.fold.value);
      if (inputs.tz.value && (mode !== "link" || inputs.tz.value !== defaultZone)) {
        out.set("tz", inputs.tz.value);
      }
      history.replaceState(null, "", "?" + out.toString() + location.hash);
    }

    // Every wrong field is marked and its message listed below the fields, prefixed with the
    // field's label; the list is an alert, so each message is announced when it appears.
    function showErrors(errors) {
      form.querySelectorAll(".calc-error").forEach(function (node) { node.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach(function (node) {
        node.removeAttribute("aria-invalid");
      });
      errors.forEach(function (error) {
        var field = error.field === "date" || error.field === "time" ? "at" : error.field;
        var line = form.querySelector("#" + form.id + "-" + field + "-error") ||
          form.querySelector("#" + form.id + "-general-error");
        var marked = field === "at" ? (error.field === "at" ? [inputs.date, inputs.time]
          : [inputs[error.field]]) : [inputs[field]];
        marked = marked.filter(Boolean);
        var label = marked.length && form.querySelector("label[for='" + marked[0].id + "']");
        var name = field === "at" ? "Date and time" : label ? label.textContent : "";
        line.textContent = (line.textContent ? line.textContent + " " : name ? name + ": " : "") +
          error.message;
        marked.forEach(function (control) { control.setAttribute("aria-invalid", "true"); });
        if (error.choose_fold) showFold();
      });
      if (errors.length) showFields(true, false);
    }

    function showCountdown(response) {
      clearInterval(ticker);
      var rows = mode === "now" && widget.upcoming ? widget.upcoming(response) : [];
      countdownLine.hidden = !rows.length;
      if (!rows.length) return;
      var tick = function () {
        var now = new Date();
        var next = rows.filter(function (row) { return new Date(row[1]) > now; })[0];
        countdownLine.textContent = next
          ? "Next: " + next[0].toLowerCase() + " " + countdown(next[1], now) + "."
          : "Every due time shown has passed.";
      };
      tick();
      ticker = setInterval(tick, COUNTDOWN_TICK_MS);
    }

    function showAnswer(response) {
      // Built apart and put in place in one step: the live region changes once per answer.
      var holder = document.createElement("div");
      var now = mode === "now" ? el("span", { class: "calc-now-relative" }, [" (now)"]) : "";
      var marks = function (ids) {
        return readingMarks(form, response.readings, ids);
      };
      question.replaceChildren.apply(question, widget.asked(response, now, marks));
      progressBox.hidden = true;
      widget.render(holder, response, response.tz, marks);
      status.replaceChildren.apply(status, Array.prototype.slice.call(holder.childNodes));
      showCountdown(response);
    }

    function showFailure(message) {
      clearInterval(ticker);
      countdownLine.hidden = true;
      progressBox.hidden = true;
      var retry = el("button", { type: "button", class: "calc-retry" }, ["Try again"]);
      retry.addEventListener("click", function () {
        startRuntime();
        notify("retry");
        change.focus();  // the button is gone; keep the reader in this form
      });
      status.replaceChildren(el("p", { class: "calc-failure" }, [message + " " +
        form.dataset.fallback]), retry);
      form.dataset.state = "failed";
      // On the fields, not the form: aria-disabled reaches every descendant, "Try again" too.
      fields.setAttribute("aria-disabled", "true");
      controls.forEach(function (control) { control.disabled = true; });
    }

    // Only a real change touches the live region: even an unchanged class attribute written
    // again is a mutation that some screen readers act on.
    function markStale(stale) {
      if (status.classList.contains("calc-stale-answer") !== stale) {
        status.classList.toggle("calc-stale-answer", stale);
      }
    }

    function update() {
      var id = ++lastRequest;
      return ask(request()).then(function (response) {
        if (id !== lastRequest) return;
        accept(response, "python");
      }, function (error) {
        if (id !== lastRequest) return;
        showFailure(runtime.ready
          ? "The calculator could not answer: " + error.message + "."
          : "The calculator could not start: " + error.message + ".");
      });
    }

    // An answer, from Python or from the schedule (`source`), into the fields and the page.
    function accept(response, source) {
      if (response.tz && !inputs.tz.value) {
        inputs.tz.value = response.tz;
        if (response.tz === defaultZone) zoneHint.textContent = "Your browser's time zone.";
      }
      if (response.at_input && mode !== "fields") {
        inputs.date.value = response.at_input.date;
        inputs.time.value = response.at_input.time;
      }
      showErrors(response.errors || []);
      if (response.errors) {
        // A good answer already shown stays, marked as answering the last readable question.
        staleNote.hidden = !answered;
        markStale(answered);
        if (!answered && form.dataset.state !== "invalid") {
          status.replaceChildren(el("p", {}, ["No answer yet: correct the field marked above."]));
        }
        form.dataset.state = "invalid";
        return;
      }
      answered = true;
      staleNote.hidden = true;
      markStale(false);
      showAnswer(response);
      form.dataset.state = "answered";
      form.dataset.answerSource = source;
    }

    // The first answer: the schedule's, when it holds the question (about now, from no link
    // value the form cannot hold, in a zone the browser words as Python does); else Python's.
    // Python starts once the page is idle (see startSoon). An answer about the present (who is
    // on duty: `widget.live`) is replaced by the schedule's next one when it changes, while the
    // reader has asked nothing else; a deadline answers for the instant it was asked, and its
    // countdown runs on.
    var fromSchedule = -1;  // lastRequest when the schedule last answered
    var refresh = null;
    function firstAnswer() {
      var zone = scheduleZone(inputs.tz.value);
      if (!schedule || mode !== "now" || Object.keys(fromLink).length || !zone) return python();
      var token = lastRequest;
      schedule.then(function (file) {
        if (lastRequest !== token || mode !== "now") return;
        var found = file && answerFromSchedule(file, widget.question(inputs), zone);
        if (!found) return python();
        fromSchedule = lastRequest;
        accept(found.answer, "schedule");
        clearTimeout(refresh);
        // At most a day ahead: a timer set further than about 24 days never fires.
        if (widget.live) {
          refresh = setTimeout(function () {
            if (lastRequest === fromSchedule && mode === "now") firstAnswer();
          }, Math.min(found.until - found.at, 86400) * 1000 + 50);
        }
        startSoon();
      });
    }

    function python() {
      if (!runtime) startRuntime();
      starting();
      update();
    }

    function answerSoon() {
      clearTimeout(typing);
      typing = setTimeout(answerNow, TYPING_PAUSE_MS);
    }

    function answerNow() {
      clearTimeout(typing);
      typing = null;
      syncUrl();
      update();
    }

    form.addEventListener("input", function (event) {
      var target = event.target;
      delete fromLink[target.name];
      if (target === inputs.date || target === inputs.time) {
        mode = "fields";
        delete fromLink.at;
      }
      if (target === inputs.tz) zoneHint.textContent = "";
      if (target.tagName === "SELECT") answerNow();
      else answerSoon();
    });
    form.addEventListener("focusout", function () {
      if (typing) answerNow();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      answerNow();
    });
    form.querySelector(".calc-now").addEventListener("click", function () {
      mode = "now";
      delete fromLink.at;
      delete fromLink.date;
      answerNow();
    });

    function starting() {
      status.replaceChildren(el("p", {}, ["Starting the calculator…"]));
      if (runtime && !runtime.ready && !runtime.failure) {
        // Shown at once, before the worker knows how much it will download: a bar that moves
        // without numbers, then bytes of the total.
        progressBox.hidden = false;
        progressBar.removeAttribute("value");
        progressText.textContent = "Loading the calculator…";
      }
      form.dataset.state = "starting";
      fields.removeAttribute("aria-disabled");
      controls.forEach(function (control) { control.disabled = false; });
    }

    listeners.push({
      progress: function (progress) {
        // Python loading behind the schedule's answer, which nobody waits for, stays out of
        // sight: the answer does not move.
        if (!progress.total || lastRequest === fromSchedule) return;
        progressBox.hidden = false;
        progressBar.max = progress.total;
        progressBar.value = Math.min(progress.received, progress.total);
        progressText.textContent = "Loading the calculator: " +
          megabytes(Math.min(progress.received, progress.total)) + " of " +
          megabytes(progress.total) + " MB";
      },
      ready: function () { progressBox.hidden = true; },
      failed: function (reason) {
        // A schedule's answer, and nothing asked of Python since, stays: it is still right.
        if (lastRequest === fromSchedule) return;
        lastRequest++;
        showFailure("The calculator could not start: " + reason + ".");
      },
      retry: function () {
        starting();
        update();
      },
    });
    form.hidden = false;
    firstAnswer();
  }

  // ------------------------------------------------------------------ the three widgets

  // Each due time with what it rests on (reading ids) and `offices_closed`, or null.
  function dueTimes(response) {
    var initial = response.initial_response;
    var updates = response.update_interval.readings;
    return [{ label: "Initial response", due: initial.due, readings: initial.readings,
              closed: initial.offices_closed }].concat(
      response.updates.map(function (update, index) {
        return { label: "Update " + (index + 1), due: update.due, readings: updates,
                 closed: update.offices_closed };
      }));
  }

  function deadlineRows(response) {
    return dueTimes(response).map(function (time) { return [time.label, time.due]; });
  }

  // The question an answer is for, in one line above it: what a printed answer starts with
  // too. `now` marks the time as the present, on screen only. Its time is no <time>: an
  // answer's <time> elements are its due times, and scripts read them so.
  function askedDeadline(response, now) {
    return [response.priority.id + " (" + response.priority.name + "), reported "]
      .concat(unbroken(response.shown[response.reported_at][response.tz]),
        [now, ", " + response.region.name + " support region."]);
  }

  // The question as the fields hold it, before the calculators have worded it: a choice's
  // words, the time as asked.
  function chosen(select, fallback) {
    var option = select.selectedOptions[0];
    return option ? option.text : fallback;
  }

  function askedTime(inputs, mode, fromLink) {
    if (mode === "now") return "now";
    if (mode === "link") return fromLink.at;
    return inputs.date.value + " " + inputs.time.value;
  }

  function draftDeadline(inputs, mode, fromLink) {
    var region = inputs.region.value ? chosen(inputs.region, "").split(" (")[0] + " support region"
      : "the support region nearest your time zone";
    return chosen(inputs.priority, fromLink.priority || "") + ", reported " +
      askedTime(inputs, mode, fromLink) + ", " + region + ".";
  }

  function draftEscalation(inputs, mode, fromLink) {
    return chosen(inputs.tier, fromLink.tier || "") + ", " + (mode === "now" ? "now"
      : "at " + askedTime(inputs, mode, fromLink)) + ".";
  }

  // The marks of what the answer rests on follow the question, except those of the offices'
  // hours, which go with the sentence saying every office is closed, when it is said.
  function askedEscalation(response, now, marks) {
    var closed = response.offices_closed ? response.offices_closed.readings : [];
    var ids = response.readings.map(function (reading) { return reading.id; })
      .filter(function (id) { return closed.indexOf(id) < 0; });
    return [response.tier.name + " at "].concat(unbroken(response.shown[response.at][response.tz]),
      [now, "."])
      .concat(marks(ids));
  }

  function renderDeadline(status, response, zone, marks) {
    var regionZone = response.region.zone;
    // One column when the reader's zone is the region's: two identical ones say nothing more.
    var zones = zone === regionZone ? [zone] : [zone, regionZone];
    var headings = zone === regionZone
      ? [response.region.name + " and your time (" + zone + ")"]
      : ["Your time (" + zone + ")", response.region.name + " (" + regionZone + ")"];
    var rows = [];
    var times = dueTimes(response);
    times.forEach(function (time, index) {
      rows.push(dueRow(response, time, zones, marks, headings));
      var after = times[index + 1];
      if (!time.closed || (after && after.closed && after.closed.next_open.at ===
                           time.closed.next_open.at)) return;
      // Under the last of a run of due times that fall in one closure, across the row, once:
      // whom the reader can reach then.
      var run = 1;
      while (index - run >= 0 && times[index - run].closed &&
             times[index - run].closed.next_open.at === time.closed.next_open.at) run++;
      var across = el("td", { colspan: String(zones.length + 1) }, closedSentence(response,
        time.closed, run > 1 ? "at each of these " + run + " due times" : "then", zone, marks));
      rows.push(el("tr", { class: "calc-closed" }, [across]));
    });
    var table = el("table", { class: zones.length > 1 ? "calc-result calc-result-zones"
                                                      : "calc-result" }, [
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, ["Due"])].concat(
        headings.map(function (text) {
          return el("th", { scope: "col" }, breakAfterSlashes(text));
        })))]),
      el("tbody", {}, rows),
    ]);
    status.append(table, el("p", {}, [response.clock_sentence]));
    if (response.reach) status.append(reachNow(response, response.reach, zone, marks));
    if (response.if_missed) status.append(ifMissed(response, response.if_missed, zone, marks));
    if (response.routes_while_closed) status.append(routesWhileClosed(response));
    status.append(calendarButton(response));
  }

  // How to reach support now: the lines open now, each until it closes; or, none open, which
  // office opens first (the routes the policy names then follow the answer).
  function reachNow(answer, reach, zone, marks) {
    if (!reach.open.length) {
      return el("p", { class: "calc-reach" }, [el("strong", {}, ["Reach support now: "])].concat(
        closedSentence(answer, reach.offices_closed, "now", zone, marks)));
    }
    var parts = [el("strong", {}, ["Reach support now: "])];
    reach.open.forEach(function (line, index) {
      if (index) parts.push("; ");
      parts.push(el("strong", {}, [line.region_name]));
      parts = parts.concat(reachParts(line),
                           [" (open until ", timeEl(answer, line.until, zone, true), ")"]);
    });
    return el("p", { class: "calc-reach" }, parts.concat(["."], marks(reach.readings)));
  }

  // Whom to escalate to if the initial response is missed, in the tier the data names (a
  // reading): the Escalate Case button, then the first named person on duty at the due time
  // with their phones, or who is first when the next shift starts; and a link to the whole
  // chain at that time on the Escalation page.
  function ifMissed(answer, missed, zone, marks) {
    var parts = [missed.sentence];
    if (missed.on_duty) parts = parts.concat(reachParts(missed.on_duty));
    parts = parts.concat(["."], marks(missed.readings));
    var block = [el("p", {}, parts)];
    if (missed.next) {
      var next = missed.next;
      var line = ["Next on duty: " + next.region_name + " from ", timeEl(answer, next.from, zone)];
      if (next.first) {
        line = line.concat(["; first: " + next.first.role + ", " + next.first.name],
                           reachParts(next.first));
      } else {
        line.push("; every role there is vacant");
      }
      block.push(el("p", {}, line.concat(["."])));
    }
    var page = document.querySelector("template.calc-escalation-page");
    if (page) {
      var href = page.content.firstElementChild.getAttribute("href") + "?" + new URLSearchParams(
        { tier: missed.tier.id, at: missed.at }).toString();
      block.push(el("p", {}, [el("a", { href: href },
        ["The whole " + missed.tier.name + " chain at that time"])]));
    }
    return el("div", { class: "calc-if-missed" }, block);
  }

  // A zone's name may wrap after each "/" (Australia/<wbr>Sydney): its column on a phone then
  // keeps whole words, however narrow the other columns leave it.
  function breakAfterSlashes(text) {
    var parts = [];
    text.split("/").forEach(function (part, index) {
      if (index) parts.push("/", el("wbr"));
      parts.push(part);
    });
    return parts;
  }

  // A due time in each zone. Its marks end the row's last cell, not its header: a header is
  // read again with every cell of the row, and the marks would be too. Each cell holds its
  // column's heading too, shown only where a narrow screen stacks the cells (widgets.css).
  function dueRow(response, time, zones, marks, headings) {
    var cells = zones.map(function (shownIn, index) {
      return el("td", {}, [el("span", { class: "calc-cell-label" }, [headings[index] + ": "]),
                           timeEl(response, time.due, shownIn, true)]);
    });
    cells[cells.length - 1].append.apply(cells[cells.length - 1], marks(time.readings));
    return el("tr", {}, [el("th", { scope: "row" }, [time.label])].concat(cells));
  }

  // "Add to calendar": the worker writes the case's due times as an iCalendar file, which the
  // page hands to the browser as a download. Nothing is sent anywhere.
  function calendarButton(response) {
    var button = el("button", { type: "button", class: "calc-ics" }, ["Add to calendar (.ics)"]);
    button.addEventListener("click", function () {
      ask({ kind: "deadline_calendar", priority: response.priority.id, region: response.region.id,
            tz: response.tz, at: response.reported_at }).then(function (file) {
        if (file.errors) return;
        var url = URL.createObjectURL(new Blob([file.ics], { type: "text/calendar" }));
        var link = el("a", { href: url, download: file.filename, hidden: "" });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      });
    });
    return button;
  }

  // Links to a person's or a line's phones and email. The email is quoted so that it can never
  // add mailto: headers (?subject=, &cc=) to the link, as on the pages built in Python.
  function reachParts(item) {
    var parts = [];
    (item.phones || []).forEach(function (phone) {
      parts.push(" · " + phone.label + " ");
      parts.push(el("a", { href: "tel:" + phone.tel }, [phone.number]));
    });
    if (item.email) {
      parts.push(" · ");
      parts.push(el("a", { href: "mailto:" + encodeURIComponent(item.email).replace(/%40/g, "@") },
        [item.email]));
    }
    return parts;
  }

  // A named person: their role (or roles), name, title where it adds to the role, phones, email.
  function contactItem(contact) {
    var role = contact.role || contact.roles.join(", ");
    var parts = [el("strong", {}, [role + ": "]), contact.name];
    if (contact.title) parts.push(" (" + contact.title + ")");
    return el("li", {}, parts.concat(reachParts(contact)));
  }

  // Each span says what it is: the shift in force now, or the next one.
  function shiftItem(answer, shift, zone) {
    return el("li", {}, shift.on_shift
      ? [shift.region_name + ": on shift now, until ", timeEl(answer, shift.until, zone, true)]
      : [shift.region_name + ": next shift from ", timeEl(answer, shift.from, zone), " to ",
         timeEl(answer, shift.until, zone, true)]);
  }

  function andList(words) {
    return words.length < 2 ? words.join("")
      : words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  // The ways that exist when no named person is on duty besides the Escalate Case button,
  // which leads every answer: the tier's named people, then the support lines open now.
  function routesList(answer, zone) {
    var routes = answer.routes;
    var items = [];
    routes.people.forEach(function (person) {
      var item = contactItem(person);
      item.append(el("ul", {}, person.shifts.map(function (shift) {
        return shiftItem(answer, shift, zone);
      })));
      items.push(item);
    });
    routes.support_lines.forEach(function (line) {
      items.push(el("li", {}, [
        el("strong", {}, ["Support line, " + line.region_name + ": "]),
        "open until ", timeEl(answer, line.until, zone, true),
      ].concat(reachParts(line))));
    });
    return el("ul", { class: "calc-routes" }, items);
  }

  // First the route the policy names first, the Escalate Case button. Someone named on duty:
  // each region on duty, its named people in escalation order, each person named once in the
  // whole answer, its vacant roles in one line. Nobody named: the answer's sentence, the other
  // routes, and who is first when the next shift starts. Every support office closed: after
  // whom to call, a sentence says so, with the routes the policy names then.
  function renderEscalation(target, answer, zone, marks) {
    target.append(el("p", { class: "calc-escalate-case" },
      [el("strong", {}, ["Escalate Case: "]), answer.instructions]));
    if (answer.summary) target.append(el("p", { class: "calc-lead" }, [answer.summary]));
    answer.on_duty.forEach(function (duty) {
      var until = [duty.region_name + " is on duty until ", timeEl(answer, duty.until, zone, true)];
      var above = duty.listed_above.length
        ? [el("p", {}, [andList(duty.listed_above) + ": named above."])] : [];
      if (!duty.contacts.length && !above.length) {
        target.append(el("p", {}, until.concat(["."])));
        return;
      }
      target.append(el("h3", {}, until));
      if (duty.contacts.length) {
        target.append(el("ol", { class: "calc-contacts" }, duty.contacts.map(contactItem)));
      }
      above.forEach(function (node) { target.append(node); });
      if (duty.vacant_sentence) target.append(el("p", {}, [duty.vacant_sentence]));
    });
    if (answer.routes && (answer.routes.people.length || answer.routes.support_lines.length)) {
      target.append(el("h3", {}, ["Other ways to escalate now"]), routesList(answer, zone));
    }
    if (answer.next) {
      var next = answer.next;
      var line = ["Next on duty: " + next.region_name + " from ", timeEl(answer, next.from, zone)];
      if (!next.first) {
        target.append(el("p", {}, line.concat(["; every role there is vacant."])));
      } else if (next.first.listed_above) {
        target.append(el("p", {}, line.concat(["; first: " + next.first.role + ", named above."])));
      } else {
        target.append(el("p", {}, line.concat(["; first:"])),
          el("ol", { class: "calc-contacts" }, [contactItem(next.first)]));
      }
    }
    if (answer.offices_closed) {
      target.append(el("p", { class: "calc-closed" },
        closedSentence(answer, answer.offices_closed, "now", zone, marks)));
      if (answer.routes_while_closed) target.append(routesWhileClosed(answer));
    }
  }

  // The regions' state beside their numbers, and in the live region the answer: the open
  // regions with their phones, or the first to open and the data's out-of-hours instruction;
  // its first sentence ends with the marks of the offices' hours and holidays.
  function renderOpenNow(box, status, answer) {
    var marks = readingMarks(box, answer.readings);
    var zone = answer.tz;
    answer.regions.forEach(function (region) {
      var state = box.querySelector("li[data-region='" + CSS.escape(region.id) + "'] .calc-open-state");
      if (state) {
        state.replaceChildren(region.open ? "open now, closes " : "closed now, opens ",
          timeEl(answer, region.changes_at, zone, region.open));
      }
    });
    var open = answer.regions.filter(function (region) { return region.open; });
    if (open.length) {
      var parts = ["Open now: "];
      open.forEach(function (region, index) {
        if (index) parts.push("; ");
        parts.push(el("strong", {}, [region.name]));
        parts = parts.concat(reachParts(region));
      });
      status.replaceChildren(el("p", {}, parts.concat(["."], marks)));
      return;
    }
    var first = answer.next_open;
    var said = [el("p", {}, ["Every support office is closed now. The first to open is " +
      first.name + ", at ", timeEl(answer, first.changes_at, zone), "."].concat(marks))];
    if (answer.out_of_hours) said.push(el("p", {}, [answer.out_of_hours]));
    status.replaceChildren.apply(status, said);
  }

  function wireOpenNow(box) {
    var status = box.querySelector("[role=status]");
    var shown = null;  // what the live region says now: it is rewritten only when that changes
    function show(answer, source) {
      var key = JSON.stringify([answer.tz, answer.regions.map(function (region) {
        return [region.open, region.changes_at];
      })]);
      if (key !== shown) {
        shown = key;
        renderOpenNow(box, status, answer);
        box.dataset.state = "answered";
        box.dataset.answerSource = source;
      }
      var soonest = Math.min.apply(null, answer.regions.map(function (region) {
        return new Date(region.changes_at) - new Date();
      }));
      setTimeout(update, Math.max(1000, Math.min(soonest + 1000, 3600000)));
    }
    // From the schedule while it holds now; from Python after it (or without one).
    function update() {
      (schedule || Promise.resolve(null)).then(function (file) {
        var found = file && answerFromSchedule(file, { kind: "open_now" }, browserZone);
        if (found) return show(found.answer, "schedule");
        var state = box.dataset.state;
        if (state !== "starting" && state !== "answered") {
          return onDemand && !runtime ? offerCheck() : starting();
        }
        ask({ kind: "open_now", at: nowInstant() }).then(function (answer) {
          if (answer.errors) return failed(answer.errors[0].message);
          show(answer, "python");
        }, function (error) { failed(error.message); });
      });
    }
    function failed(reason) {
      shown = null;
      status.replaceChildren(el("p", { class: "calc-failure" }, [
        "Whether each region is open now cannot be shown: " + reason.replace(/\.$/, "") +
        ". The hours and numbers below still apply.",
      ]));
      box.dataset.state = "failed";
    }
    // Where the answer will be, while the calculators start: what is coming, and how much of
    // it has arrived once the worker knows.
    function starting() {
      var line = el("p", { class: "calc-loading" }, ["Checking which offices are open now…"]);
      status.replaceChildren(line);
      box.dataset.state = "starting";
      listeners.push({ progress: function (progress) {
        if (!progress.total || box.dataset.state !== "starting") return;
        line.textContent = "Checking which offices are open now: loading the calculator, " +
          megabytes(Math.min(progress.received, progress.total)) + " of " +
          megabytes(progress.total) + " MB…";
      } });
      update();
    }
    // Where the calculators start only when asked, and the schedule has no answer: a button.
    function offerCheck() {
      var check = el("button", { type: "button", class: "calc-open-check" },
        ["Which offices are open now?"]);
      check.addEventListener("click", function () {
        // The button goes; the reader's focus moves to where the answer will be.
        status.setAttribute("tabindex", "-1");
        status.focus();
        check.remove();
        starting();
      });
      status.before(check);
      box.dataset.state = "idle";
    }
    update();
  }


  // ------------------------------------------------------------------ coverage charts
  // The charts the build drew in UTC are redrawn by the worker in the reader's zone, all the
  // charts of a group together: one set of controls moves the week and changes the zone. The
  // week and zone live in the URL (week=, tz=) beside the calculators' own fields.

  function svgNode(text) {
    // Made by the calculators' Python, which escapes every text it writes into it.
    var parsed = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    return document.importNode(parsed, true);
  }

  // The marks of what the chart rests on end the sentence on the gaps, as in the chart the
  // build drew (_coverage.html); `group` is the charts' widget, which holds the empty mark.
  function chartBody(chart, group) {
    var marks = readingMarks(group, chart.readings);
    // Each region's swatch is its colour and pattern, the same on every page.
    var legend = chart.legend.map(function (item) {
      return el("li", { "data-region": item.region }, [svgNode(item.swatch), item.label]);
    });
    legend.push(el("li", {}, [el("span", { class: "cov-swatch cov-gap" }), "Nobody"]));
    if (chart.holidays.length) {
      legend.push(el("li", {}, [el("span", { class: "cov-swatch cov-holiday" }),
        "Holiday (days marked *)"]));
    }
    var parts = [
      el("p", { class: "cov-caption" }, ["The week of ",
        el("time", { datetime: chart.week }, [chart.week_label]), ", in ",
        el("span", { class: "cov-zone" }, [chart.zone]), "."]),
      el("ul", { class: "cov-legend" }, legend),
      svgNode(chart.defs),
      // The wide drawing and the phone's; the page shows the one that fits (coverage.css).
      // A region that could scroll: reachable and named for the keyboard.
      el("div", { class: "cov-drawing", tabindex: "0", role: "region",
                  "aria-label": chart.title + ": the week drawn" },
         [svgNode(chart.svg), svgNode(chart.svg_phone)]),
    ];
    if (chart.gaps.length) {
      parts.push(el("p", { class: "cov-gaps-intro" }, [chart.gaps_sentence.charAt(0).toUpperCase() +
        chart.gaps_sentence.slice(1) + ":"].concat(marks)));
      parts.push(el("ul", { class: "cov-gaps" }, chart.gaps.map(function (gap) {
        return el("li", {}, [gap]);
      })));
    } else {
      parts.push(el("p", { class: "cov-gaps-intro" },
        ["Someone is on duty all week."].concat(marks)));
    }
    if (chart.holidays.length) {
      parts.push(el("p", { class: "cov-holidays-intro" }, ["Holidays this week:"]));
      parts.push(el("ul", { class: "cov-holidays" }, chart.holidays.map(function (holiday) {
        return el("li", {}, [holiday]);
      })));
    }
    parts.push(el("details", { class: "cov-table" }, [
      el("summary", {}, ["The week as a table"]),
      el("div", { class: "cov-table-scroll", tabindex: "0", role: "region",
                  "aria-label": chart.title + ": the week as a table" }, [el("table", {}, [
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, ["Day"])].concat(
          chart.lanes.map(function (lane) { return el("th", { scope: "col" }, [lane]); })))]),
        el("tbody", {}, chart.rows.map(function (row) {
          return el("tr", {}, [el("th", { scope: "row" }, [row.label])].concat(
            row.lanes.map(function (lane) {
              var parts = [];
              lane.open.forEach(function (window, index) {
                if (index) parts.push(", ");
                parts.push(el("span", { class: "policy-unbroken" }, [window]));
              });
              if (!parts.length) parts.push("closed");
              lane.holidays.forEach(function (name) { parts.push(" (holiday: " + name + ")"); });
              return el("td", {}, parts);
            })));
        })),
      ])]),
    ]));
    return el("div", { class: "cov-body" }, parts);
  }

  function wireCoverage(group) {
    var controls = group.querySelector(".cov-controls");
    var zoneInput = controls.querySelector("input[name=tz]");
    var status = controls.querySelector(".cov-status");
    var charts = group.querySelectorAll("section.cov[data-view]");
    var params = new URLSearchParams(location.search);
    var week = params.get("week") || "";
    var shown = null;  // the last week drawn, for the previous and next buttons
    var lastRequest = 0;
    zoneInput.value = params.get("tz") || "";

    function syncUrl() {
      var out = new URLSearchParams(location.search);
      if (week) out.set("week", week); else out.delete("week");
      if (zoneInput.value && zoneInput.value !== defaultZone) out.set("tz", zoneInput.value);
      history.replaceState(null, "", "?" + out.toString() + location.hash);
    }

    function update() {
      var id = ++lastRequest;
      var requests = Array.prototype.map.call(charts, function (chart) {
        return ask({ kind: "coverage", view: chart.dataset.view, tz: zoneInput.value,
                     at: nowInstant(), week: week });
      });
      Promise.all(requests).then(function (answers) {
        if (id !== lastRequest) return;
        var refused = answers.filter(function (answer) { return answer.errors; })[0];
        if (refused) {
          // The charts shown stay: they still answer the last question that could be read.
          status.textContent = refused.errors.map(function (error) { return error.message; })
            .join(" ");
          zoneInput.setAttribute("aria-invalid", String(refused.errors.some(function (error) {
            return error.field === "tz";
          })));
          group.dataset.state = "invalid";
          return;
        }
        zoneInput.removeAttribute("aria-invalid");
        if (!zoneInput.value) zoneInput.value = answers[0].tz;
        answers.forEach(function (answer, index) {
          charts[index].querySelector(".cov-body").replaceWith(
            chartBody(answer, group));
        });
        shown = answers[0];
        status.textContent = "Showing the week of " + shown.week_label + ", in " + shown.zone + ".";
        group.dataset.state = "answered";
      }, function (error) {
        if (id !== lastRequest) return;
        status.textContent = "The charts cannot be redrawn in your time zone: " + error.message +
          ". They show a typical week, each region in its own local time.";
        group.dataset.state = "failed";
      });
    }

    controls.querySelectorAll(".cov-week").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = button.dataset.week;
        week = step && shown ? shown[step] : "";
        syncUrl();
        update();
      });
    });
    // A zone is asked for once it is complete: when the reader leaves the field or presses Enter.
    zoneInput.addEventListener("change", function () {
      syncUrl();
      update();
    });
    zoneInput.addEventListener("focus", zoneList, { once: true });
    listeners.push({ retry: update });
    controls.hidden = false;
    group.dataset.state = "starting";
    if (!schedule) return update();
    // On a page answered from its schedule, the week the build drew stands until Python is
    // there to redraw it: once the page is idle, or (slow link, Save-Data) when the reader
    // reaches for the charts' controls.
    var begun = false;
    var begin = function () {
      if (!begun) {
        begun = true;
        update();
      }
    };
    controls.addEventListener("focusin", begin);
    listeners.push({ ready: begin });
    startSoon();
  }

  // Every zone the browser knows, offered as the reader types, each with its city in words
  // ("New York" for America/New_York) so that a city finds its zone; the calculators also
  // read a city name typed in full. Built on first focus: six hundred options would hold up
  // the page's first answer.
  function zoneList() {
    if (document.getElementById("calc-zones")) return;
    var zones = [];
    try {
      zones = Intl.supportedValuesOf("timeZone");
    } catch (error) {
      zones = [defaultZone];
    }
    if (zones.indexOf("UTC") < 0) zones.push("UTC");
    document.body.appendChild(el("datalist", { id: "calc-zones" }, zones.map(function (zone) {
      var city = zone.split("/").pop().replace(/_/g, " ");
      return el("option", { value: zone, label: city });
    })));
  }

  function wire() {
    document.querySelectorAll("input[list=calc-zones]").forEach(function (input) {
      input.addEventListener("focus", zoneList, { once: true });
    });
    document.querySelectorAll("form[data-widget=deadline]").forEach(function (form) {
      Calculator(form, ["priority", "region"], {
        render: renderDeadline, asked: askedDeadline, draft: draftDeadline,
        upcoming: deadlineRows, question: function (inputs) {
          return { kind: "deadline", priority: inputs.priority.value, region: inputs.region.value };
        },
      });
    });
    document.querySelectorAll("form[data-widget=escalation]").forEach(function (form) {
      Calculator(form, ["tier"], {
        render: renderEscalation, asked: askedEscalation, draft: draftEscalation, live: true,
        question: function (inputs) { return { kind: "escalation", tier: inputs.tier.value }; },
      });
    });
    document.querySelectorAll("[data-widget=open_now]").forEach(wireOpenNow);
    document.querySelectorAll("[data-widget=coverage]").forEach(wireCoverage);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
