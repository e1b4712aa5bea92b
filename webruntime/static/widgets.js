// The calculator widgets: forms rendered at build time, answers computed by the calculators'
// Python in a Web Worker. Loaded as a classic script in <head> so the worker starts while the
// page is still being parsed; the forms are wired once the DOM is ready.
// Every value shown is set with textContent: nothing from the policy or the URL becomes markup.
(function () {
  "use strict";

  var script = document.currentScript;
  var base = new URL(".", script.src);
  var worker = null;
  var failure = null;
  var waiting = {};
  var nextId = 1;
  var listeners = [];
  var defaultZone = "UTC";  // the browser's zone, as the worker reports it
  var STARTUP_LIMIT_MS = 60000;

  function fail(reason) {
    if (failure) return;
    failure = reason;
    Object.keys(waiting).forEach(function (id) { waiting[id].reject(new Error(reason)); });
    waiting = {};
    listeners.forEach(function (listener) { listener(reason); });
  }

  try {
    worker = new Worker(new URL("worker.mjs", base), { type: "module" });
    worker.onmessage = function (event) {
      var data = event.data;
      if (data.failed && !data.id) return fail(data.failed);
      if (data.ready) {
        defaultZone = data.zone;
        return clearTimeout(startupTimer);
      }
      var pending = waiting[data.id];
      delete waiting[data.id];
      if (!pending) return;
      if (data.failed) pending.reject(new Error(data.failed));
      else pending.resolve(data.response);
    };
    worker.onerror = function (event) {
      fail(event.message || "the calculator's script could not be loaded");
    };
  } catch (error) {
    fail(String(error.message || error));
  }
  var startupTimer = setTimeout(function () {
    fail("the calculator took longer than " + STARTUP_LIMIT_MS / 1000 + " seconds to start");
  }, STARTUP_LIMIT_MS);

  function ask(request) {
    if (failure) return Promise.reject(new Error(failure));
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      waiting[id] = { resolve: resolve, reject: reject };
      worker.postMessage({ id: id, request: request });
    });
  }

  // ------------------------------------------------------------------ showing answers
  // Times are worded by the worker (answer.shown), so the page itself never touches Intl.

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

  function timeEl(answer, iso, zone) {
    return el("time", { datetime: iso }, [answer.shown[iso][zone]]);
  }

  // ------------------------------------------------------------------ shared form plumbing

  // Reads the form's state from the URL query, keeps the URL in step with the form, and asks
  // the worker whenever an input changes. `render` turns a response into the status region.
  function Calculator(form, fields, render) {
    var status = form.querySelector("[role=status]");
    var zoneInput = form.elements.tz;
    var atInput = form.elements.at;
    var foldInput = form.elements.fold;
    var params = new URLSearchParams(location.search);
    var explicitInstant = null;  // an `at` from a link, kept exactly until the reader edits it
    var lastRequest = 0;

    zoneInput.value = params.get("tz") || "";  // empty: the worker fills in the browser's zone
    fields.forEach(function (name) {
      if (params.has(name) && form.elements[name]) form.elements[name].value = params.get(name);
    });
    var at = params.get("at");
    if (at && /(Z|[+-]\d\d:?\d\d)$/.test(at)) {
      explicitInstant = at;
    } else if (at) {
      atInput.value = at.slice(0, 16);
    }
    var atIsNow = !at;
    if (params.get("fold") === "0" || params.get("fold") === "1") {
      foldInput.value = params.get("fold");
      showFold();
    }

    // The fold choice appears only once a time turned out to be skipped or repeated.
    function showFold() {
      form.querySelectorAll(".calc-fold").forEach(function (node) { node.hidden = false; });
    }

    function request() {
      var query = { kind: form.dataset.widget, tz: zoneInput.value };
      fields.forEach(function (name) { query[name] = form.elements[name].value; });
      if (explicitInstant) query.at = explicitInstant;
      else if (atIsNow) query.at = nowInstant();
      else query.local = atInput.value;
      if (query.local && foldInput.value !== "") query.fold = Number(foldInput.value);
      return query;
    }

    function syncUrl() {
      var params = new URLSearchParams();
      fields.forEach(function (name) { params.set(name, form.elements[name].value); });
      if (explicitInstant) params.set("at", explicitInstant);
      else if (!atIsNow) params.set("at", atInput.value);
      if (!explicitInstant && !atIsNow && foldInput.value !== "") params.set("fold", foldInput.value);
      if (!explicitInstant || zoneInput.value !== defaultZone) params.set("tz", zoneInput.value);
      history.replaceState(null, "", "?" + params.toString() + location.hash);
    }

    function showFieldError(error) {
      form.querySelectorAll(".calc-error").forEach(function (node) { node.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach(function (node) {
        node.removeAttribute("aria-invalid");
      });
      if (!error) return;
      var target = form.querySelector("#" + form.id + "-" + error.field + "-error") ||
        form.querySelector(".calc-error-general");
      target.textContent = error.message;
      var control = form.elements[error.field === "at" ? "at" : error.field];
      if (control) control.setAttribute("aria-invalid", "true");
      if (error.field === "at" && /\bfold\b/.test(error.message)) showFold();
    }

    function update() {
      var id = ++lastRequest;
      var query = request();
      return ask(query).then(function (response) {
        if (id !== lastRequest) return;
        showFieldError(response.error);
        status.replaceChildren();
        if (!response.error) {
          if (!zoneInput.value) zoneInput.value = response.tz;
          if (!query.local && response.at_input) atInput.value = response.at_input;
          render(status, response, response.tz);
        }
        form.dataset.state = response.error ? "invalid" : "answered";
      }, function (error) {
        status.replaceChildren(el("p", { class: "calc-failure" }, [
          "The calculator could not start: " + error.message +
          ". The tables on this page still give every target.",
        ]));
        form.dataset.state = "failed";
      });
    }

    form.addEventListener("input", function (event) {
      if (event.target === atInput) {
        explicitInstant = null;
        atIsNow = false;
      }
      syncUrl();
      update();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    form.querySelector(".calc-now").addEventListener("click", function () {
      explicitInstant = null;
      atIsNow = true;
      syncUrl();
      update();
    });
    status.replaceChildren(el("p", {}, ["Starting the calculator…"]));
    form.hidden = false;
    form.dataset.state = "starting";
    listeners.push(function () { update(); });
    update();
  }

  // ------------------------------------------------------------------ the three widgets

  var ticking = [];
  setInterval(function () {
    var now = new Date();
    ticking.forEach(function (tick) { tick(now); });
  }, 1000);

  function renderDeadline(status, response, zone) {
    var rows = [["Initial response", response.initial_response.due]];
    response.updates.forEach(function (update, index) {
      rows.push(["Update " + (index + 1), update.due]);
    });
    var regionZone = response.region.zone;
    var table = el("table", { class: "calc-result" }, [
      el("thead", {}, [el("tr", {}, [
        el("th", { scope: "col" }, ["Due"]),
        el("th", { scope: "col" }, ["Your time (" + zone + ")"]),
        el("th", { scope: "col" }, [response.region.name + " (" + regionZone + ")"]),
      ])]),
      el("tbody", {}, rows.map(function (row) {
        return el("tr", {}, [
          el("th", { scope: "row" }, [row[0]]),
          el("td", {}, [timeEl(response, row[1], zone)]),
          el("td", {}, [timeEl(response, row[1], regionZone)]),
        ]);
      })),
    ]);
    var next = el("p", { class: "calc-countdown" }, []);
    var tick = function (now) {
      var upcoming = rows.filter(function (row) { return new Date(row[1]) > now; })[0];
      next.textContent = upcoming
        ? "Next: " + upcoming[0].toLowerCase() + " " + countdown(upcoming[1], now) + "."
        : "Every due time shown has passed.";
    };
    tick(new Date());
    ticking.length = 0;
    ticking.push(tick);
    status.append(el("p", {}, [response.clock_sentence]), next, table);
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

  function shiftItem(answer, shift, zone) {
    return el("li", {}, [
      shift.region_name + " shift, " + (shift.on_shift ? "on shift now" : "off shift now") + ": ",
      timeEl(answer, shift.from, zone), " to ", timeEl(answer, shift.until, zone),
    ]);
  }

  // The ways that exist when no named person is on duty, in the order of the answer.
  function routesList(answer, zone) {
    var routes = answer.routes;
    var items = [el("li", {}, [el("strong", {}, ["Escalate Case: "]), routes.escalate_case])];
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
        "open until ", timeEl(answer, line.until, zone),
      ].concat(reachParts(line))));
    });
    return el("ul", { class: "calc-routes" }, items);
  }

  // Someone named on duty: each region on duty, its named people in escalation order (the
  // first of them leads the answer), its vacant roles in one line. Nobody named: the answer's
  // sentence, the routes, and who is first when the next shift starts.
  function renderEscalation(target, answer, zone) {
    if (answer.summary) target.append(el("p", { class: "calc-lead" }, [answer.summary]));
    answer.on_duty.forEach(function (duty) {
      var until = [duty.region_name + " is on duty until ", timeEl(answer, duty.until, zone)];
      if (!duty.contacts.length) {
        target.append(el("p", {}, until.concat(["."])));
        return;
      }
      target.append(el("h3", {}, until),
        el("ol", { class: "calc-contacts" }, duty.contacts.map(contactItem)));
      if (duty.vacant_sentence) target.append(el("p", {}, [duty.vacant_sentence]));
    });
    if (answer.routes) {
      target.append(el("h3", {}, ["Ways to escalate now"]), routesList(answer, zone));
    }
    if (answer.next) {
      var next = answer.next;
      var line = ["Next on duty: " + next.region_name + " from ", timeEl(answer, next.from, zone)];
      target.append(el("p", {}, line.concat([next.first ? "; first:" : "; every role there is vacant."])));
      if (next.first) target.append(el("ol", { class: "calc-contacts" }, [contactItem(next.first)]));
    }
  }

  // The regions' state beside their numbers, and in the live region the answer: the open
  // regions with their phones, or the first to open and the data's out-of-hours instruction.
  function renderOpenNow(box, status, answer) {
    var zone = answer.tz;
    answer.regions.forEach(function (region) {
      var state = box.querySelector("li[data-region='" + CSS.escape(region.id) + "'] .calc-open-state");
      if (state) {
        state.replaceChildren(region.open ? "open now, closes " : "closed now, opens ",
          timeEl(answer, region.changes_at, zone));
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
      status.replaceChildren(el("p", {}, parts.concat(["."])));
      return;
    }
    var first = answer.next_open;
    var said = [el("p", {}, ["Every support office is closed now. The first to open is " +
      first.name + ", at ", timeEl(answer, first.changes_at, zone), "."])];
    if (answer.out_of_hours) said.push(el("p", {}, [answer.out_of_hours]));
    status.replaceChildren.apply(status, said);
  }

  function wireOpenNow(box) {
    var status = box.querySelector("[role=status]");
    var shown = null;  // what the live region says now: it is rewritten only when that changes
    function update() {
      ask({ kind: "open_now", at: nowInstant() }).then(function (answer) {
        if (answer.error) return failed(answer.error.message);
        var key = JSON.stringify([answer.tz, answer.regions.map(function (region) {
          return [region.open, region.changes_at];
        })]);
        if (key !== shown) {
          shown = key;
          renderOpenNow(box, status, answer);
          box.dataset.state = "answered";
        }
        var soonest = Math.min.apply(null, answer.regions.map(function (region) {
          return new Date(region.changes_at) - new Date();
        }));
        setTimeout(update, Math.max(1000, Math.min(soonest + 1000, 3600000)));
      }, function (error) { failed(error.message); });
    }
    function failed(reason) {
      shown = null;
      status.replaceChildren(el("p", { class: "calc-failure" }, [
        "Whether each region is open now cannot be shown: " + reason +
        ". The hours and numbers below still apply.",
      ]));
      box.dataset.state = "failed";
    }
    box.dataset.state = "starting";
    update();
  }

  // Every zone the browser knows, offered as the reader types; Python still decides what is
  // valid. Built on first focus: six hundred options would hold up the page's first answer.
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
      return el("option", { value: zone });
    })));
  }

  function wire() {
    document.querySelectorAll("input[list=calc-zones]").forEach(function (input) {
      input.addEventListener("focus", zoneList, { once: true });
    });
    document.querySelectorAll("form[data-widget=deadline]").forEach(function (form) {
      Calculator(form, ["priority", "region"], renderDeadline);
    });
    document.querySelectorAll("form[data-widget=escalation]").forEach(function (form) {
      Calculator(form, ["tier"], renderEscalation);
    });
    document.querySelectorAll("[data-widget=open_now]").forEach(wireOpenNow);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
