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

  function contactItem(contact) {
    var parts = [el("strong", {}, [contact.role + ": "])];
    if (!contact.name) {
      parts.push(el("span", { class: "calc-vacant" }, ["Vacant"]));
      return el("li", {}, parts);
    }
    parts.push(contact.name);
    if (contact.title) parts.push(", " + contact.title);
    (contact.phones || []).forEach(function (phone) {
      parts.push(" · " + phone.label + " ");
      parts.push(el("a", { href: "tel:" + phone.tel }, [phone.number]));
    });
    if (contact.email) {
      parts.push(" · ");
      parts.push(el("a", { href: "mailto:" + contact.email }, [contact.email]));
    }
    return el("li", {}, parts);
  }

  function renderEscalation(status, response, zone) {
    status.append(el("p", {}, [response.instructions]));
    if (!response.on_duty.length) {
      status.append(el("p", {}, [
        "Nobody in " + response.tier.name + " is on duty at this time. The next shift starts in " +
        response.next.region_name + " at ", timeEl(response, response.next.from, zone), ".",
      ]));
      return;
    }
    response.on_duty.forEach(function (duty) {
      status.append(
        el("h3", {}, [duty.region_name + " is on duty until ",
          timeEl(response, duty.until, zone)]),
        el("ol", { class: "calc-contacts" }, duty.chain.map(contactItem)),
      );
    });
  }

  function wireOpenNow(box) {
    var list = box.querySelector("[role=status]");
    function update() {
      ask({ kind: "open_now", at: nowInstant() }).then(function (response) {
        list.replaceChildren.apply(list, response.regions.map(function (region) {
          return el("li", { "data-region": region.id }, [
            el("strong", {}, [region.name + ": "]),
            region.open ? "open now, closes " : "closed now, opens ",
            timeEl(response, region.changes_at, response.tz),
          ]);
        }));
        var soonest = Math.min.apply(null, response.regions.map(function (region) {
          return new Date(region.changes_at) - new Date();
        }));
        setTimeout(update, Math.max(1000, Math.min(soonest + 1000, 3600000)));
      }, function (error) {
        list.replaceChildren(el("li", { class: "calc-failure" }, [
          "Whether each region is open now cannot be shown: " + error.message +
          ". The hours above still apply.",
        ]));
      });
    }
    box.hidden = false;
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
