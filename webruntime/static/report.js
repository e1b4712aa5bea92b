// The call-quality report builder: the form templates/policy/call-report-builder.html renders
// from the checklist, checked and written up by the calculators' Python (calculators/
// call_report.py) in the same worker as the other calculators. Loaded in <head> as a classic
// script, so the worker starts while the page is still parsed.
// The report holds phone numbers: nothing typed is sent anywhere or put in the URL. The draft
// lives in the page, and in localStorage only while the reader asks for that.
// Every value shown is set with textContent or .value: nothing becomes markup.
(function () {
  "use strict";

  var base = new URL(".", document.currentScript.src);
  var DRAFT_KEY = "call-quality-report-draft";
  // As the other calculators: start-up gives up only when nothing has arrived for this long, so a
  // slow link that is still delivering bytes is waited for.
  var STALL_LIMIT_MS = 30000;
  var REFRESH_MS = 60000;  // a sample can grow too old while the page stays open
  var worker = null;
  var failure = null;
  var waiting = {};
  var nextId = 1;
  var listeners = [];
  var readerZone = null;

  function fail(reason) {
    if (failure) return;
    failure = reason;
    Object.keys(waiting).forEach(function (id) { waiting[id].reject(new Error(reason)); });
    waiting = {};
    listeners.forEach(function (listener) { listener(); });
  }

  try {
    worker = new Worker(new URL("worker.mjs", base), { type: "module" });
    worker.onmessage = function (event) {
      var data = event.data;
      if (data.failed && !data.id) return fail(data.failed);
      if (data.ready) {
        readerZone = data.zone;
        clearTimeout(startupTimer);
        startupTimer = null;
        return listeners.forEach(function (listener) { listener(); });
      }
      if (data.progress) {
        if (startupTimer) watchForStall();
        return;
      }
      var pending = waiting[data.id];
      delete waiting[data.id];
      if (!pending) return;
      if (data.failed) pending.reject(new Error(data.failed));
      else pending.resolve(data.response);
    };
    worker.onerror = function (event) {
      fail(event.message || "the report builder's script could not be loaded");
    };
  } catch (error) {
    fail(String(error.message || error));
  }
  var startupTimer = null;
  function watchForStall() {
    clearTimeout(startupTimer);
    startupTimer = setTimeout(function () {
      fail("nothing more arrived for " + STALL_LIMIT_MS / 1000 + " seconds while it was loading");
    }, STALL_LIMIT_MS);
  }
  if (!failure) watchForStall();

  function ask(request) {
    if (failure) return Promise.reject(new Error(failure));
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      waiting[id] = { resolve: resolve, reject: reject };
      worker.postMessage({ id: id, request: request });
    });
  }

  function nowInstant() {
    return new Date().toISOString().replace(/\.\d+Z$/, "Z");
  }

  // localStorage may be off or full; the builder then works as if the reader never opted in.
  var storage = {
    get: function () {
      try { return JSON.parse(localStorage.getItem(DRAFT_KEY) || "null"); } catch (e) { return null; }
    },
    set: function (draft) {
      try { localStorage.setItem(DRAFT_KEY, JSON.stringify(draft)); return true; } catch (e) { return false; }
    },
    forget: function () {
      try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* nothing was kept */ }
    },
  };

  function Builder(form) {
    var list = form.querySelector(".report-samples");
    var pristineRow = list.querySelector(".report-sample").cloneNode(true);
    var status = form.querySelector("[role=status]");
    var output = form.querySelector(".report-text");
    var copied = form.querySelector(".report-copied");
    var actions = form.querySelectorAll(".report-actions button");
    var keep = form.querySelector("#report-keep");
    var country = form.querySelector("#report-country");
    var lastRequest = 0;

    form.querySelectorAll(".calc-error").forEach(function (node) {
      node.setAttribute("aria-live", "polite");
    });

    function rows() { return Array.prototype.slice.call(list.querySelectorAll(".report-sample")); }
    function field(row, name) { return row.querySelector("[name=" + name + "]"); }

    // Ids carry the sample's place in the list, so errors find their field after a removal.
    function renumber() {
      var all = rows();
      all.forEach(function (row, index) {
        var fix = function (value) { return value.replace(/sample-\d+/g, "sample-" + index); };
        row.querySelectorAll("[id]").forEach(function (node) { node.id = fix(node.id); });
        row.querySelectorAll("label[for]").forEach(function (node) { node.htmlFor = fix(node.htmlFor); });
        row.querySelectorAll("[aria-describedby]").forEach(function (node) {
          node.setAttribute("aria-describedby", fix(node.getAttribute("aria-describedby")));
        });
        row.querySelectorAll(".report-sample-number").forEach(function (node) {
          node.textContent = String(index + 1);
        });
        row.querySelector(".report-remove").hidden = all.length === 1;
      });
    }

    function addRow() {
      var row = pristineRow.cloneNode(true);
      list.appendChild(row);
      renumber();
      return row;
    }

    function syncWithheld(row) {
      var calling = field(row, "calling");
      calling.disabled = field(row, "withheld").checked;
    }

    // ---------------------------------------------------------------- the draft

    function draft() {
      var answers = Array.prototype.map.call(form.querySelectorAll(".report-question"), function (q) {
        if (q.dataset.control === "text") return { text: q.querySelector("textarea").value };
        var picked = Array.prototype.filter.call(q.querySelectorAll("input:checked"), function (input) {
          return input.value !== "";
        }).map(function (input) { return input.value; });
        var other = q.querySelector("input.report-other");
        return { picked: picked, other: other ? other.value : "" };
      });
      var samples = rows().map(function (row) {
        var fold = field(row, "fold").value;
        return {
          calling: field(row, "calling").value,
          withheld: field(row, "withheld").checked,
          called: field(row, "called").value,
          local: field(row, "time").value,
          fold: fold === "" ? null : Number(fold),
          direction: field(row, "direction").value,
        };
      });
      return { answers: answers, samples: samples, country: country.value };
    }

    function restore(saved) {
      if (typeof saved.country === "string" && country.querySelector(
        "option[value='" + saved.country.replace(/[^A-Z]/g, "") + "']")) {
        country.value = saved.country;
      }
      var questions = form.querySelectorAll(".report-question");
      (saved.answers || []).forEach(function (answer, index) {
        var q = questions[index];
        if (!q || !answer) return;
        if (q.dataset.control === "text") {
          q.querySelector("textarea").value = answer.text || "";
          return;
        }
        var picked = answer.picked || [];
        q.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
          input.checked = picked.indexOf(input.value) >= 0 ||
            (input.value === "" && picked.length === 0);
        });
        var other = q.querySelector("input.report-other");
        if (other) other.value = answer.other || "";
      });
      (saved.samples || []).forEach(function (sample, index) {
        var row = rows()[index] || addRow();
        field(row, "calling").value = sample.calling || "";
        field(row, "withheld").checked = !!sample.withheld;
        field(row, "called").value = sample.called || "";
        field(row, "time").value = sample.local || "";
        field(row, "direction").value = sample.direction || "";
        if (sample.fold === 0 || sample.fold === 1) {
          field(row, "fold").value = String(sample.fold);
          showFold(row);
        }
        syncWithheld(row);
      });
    }

    function saveIfKept() {
      if (keep.checked && !storage.set(draft())) {
        copied.textContent = "This browser does not let the page keep a draft.";
        keep.checked = false;
      }
    }

    // ---------------------------------------------------------------- answers

    function showFold(row) {
      row.querySelectorAll(".calc-fold").forEach(function (node) { node.hidden = false; });
    }

    function clearMarks() {
      form.querySelectorAll(".calc-error, .report-note, .report-age").forEach(function (node) {
        node.textContent = "";
      });
      form.querySelectorAll("[aria-invalid]").forEach(function (node) {
        node.removeAttribute("aria-invalid");
      });
    }

    function showProblem(problem) {
      var target = form.querySelector("#report-" + problem.field + "-error") ||
        form.querySelector(".calc-error-general");
      target.textContent = problem.message;
      var control = form.querySelector("#report-" + problem.field) ||
        form.querySelector("[data-question='" + problem.field.replace("question-", "") + "'] input");
      if (control) control.setAttribute("aria-invalid", "true");
      var match = /^sample-(\d+)-time$/.exec(problem.field);
      if (match && /\bfold\b/.test(problem.message)) showFold(rows()[Number(match[1])]);
    }

    function showSample(sample, response) {
      var row = rows()[sample.index];
      if (!row) return;
      var age = row.querySelector(".report-age");
      if (sample.age_problem) {
        age.textContent = sample.age_problem;
        age.classList.add("report-too-old");
      } else if (sample.stops_qualifying) {
        age.textContent = "Qualifies as a sample until " +
          ((response.shown_end[sample.stops_qualifying] || {})[response.tz] ||
           response.shown[sample.stops_qualifying][response.tz]) + ".";
        age.classList.remove("report-too-old");
      }
      row.querySelector(".report-note").textContent = sample.notes.join(" ");
    }

    function render(response) {
      clearMarks();
      if (response.errors) {
        response.errors.forEach(showProblem);
        output.value = "";
      } else {
        response.problems.forEach(showProblem);
        response.samples.forEach(function (sample) { showSample(sample, response); });
        output.value = response.report || "";
      }
      var problems = (response.errors || response.problems).length;
      status.textContent = problems ? "The report is written once the " + problems +
        (problems === 1 ? " marked field is" : " marked fields are") + " fixed." : "";
      actions.forEach(function (button) { button.disabled = !output.value; });
      form.dataset.state = problems ? "invalid" : "answered";
    }

    function update() {
      var id = ++lastRequest;
      var request = draft();
      request.kind = "call_report";
      request.tz = readerZone || "";
      request.at = nowInstant();
      return ask(request).then(function (response) {
        if (id === lastRequest) render(response);
      }, function (error) {
        status.textContent = "The report builder could not start: " + error.message +
          ". The checklist above still lists everything to give.";
        form.dataset.state = "failed";
      });
    }

    // ---------------------------------------------------------------- the reader's actions

    form.addEventListener("input", function (event) {
      if (event.target === keep) return;
      var row = event.target.closest(".report-sample");
      if (row && event.target.name === "withheld") syncWithheld(row);
      copied.textContent = "";
      saveIfKept();
      update();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    keep.addEventListener("change", function () {
      if (keep.checked) {
        saveIfKept();
        if (keep.checked) copied.textContent = "Your draft is kept on this device until you forget it.";
      } else {
        storage.forget();
        copied.textContent = "Your draft is no longer kept on this device.";
      }
    });
    form.querySelector(".report-forget").addEventListener("click", function () {
      storage.forget();
      keep.checked = false;
      copied.textContent = "Your draft is no longer kept on this device; this page still " +
        "shows it until you close it.";
    });
    form.querySelector(".report-add").addEventListener("click", function () {
      var row = addRow();
      field(row, "calling").focus();
      saveIfKept();
      update();
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest(".report-remove");
      if (!button) return;
      button.closest(".report-sample").remove();
      renumber();
      form.querySelector(".report-add").focus();
      saveIfKept();
      update();
    });
    form.querySelector(".report-copy").addEventListener("click", function () {
      var text = output.value;
      var done = function () { copied.textContent = "The report is copied: paste it into your case."; };
      var fallback = function () {
        output.focus();
        output.select();
        if (document.execCommand("copy")) done();
        else copied.textContent = "Copying is blocked here: the report is selected, copy it with the keyboard.";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
    form.querySelector(".report-download").addEventListener("click", function () {
      // Made in the page: a Blob URL is never sent to any server.
      var url = URL.createObjectURL(new Blob([output.value], { type: "text/plain;charset=utf-8" }));
      var link = document.createElement("a");
      link.href = url;
      link.download = "call-quality-report.txt";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      copied.textContent = "The report is downloaded as call-quality-report.txt.";
    });

    nameCountries(country);
    country.value = defaultCountry(country);
    var saved = storage.get();
    if (saved) {
      restore(saved);
      keep.checked = true;
    }
    renumber();
    status.textContent = "Starting the report builder…";
    actions.forEach(function (button) { button.disabled = true; });
    form.hidden = false;

    function started() {
      if (readerZone) form.querySelectorAll(".report-zone").forEach(function (node) {
        node.textContent = readerZone;
      });
      update();
    }
    listeners.push(started);
    if (readerZone || failure) started();
    setInterval(function () { if (!failure) update(); }, REFRESH_MS);
  }

  // The options come as region codes; the reader's browser names them in the reader's language
  // and they are sorted by that name. Without Intl.DisplayNames the codes stay as they are.
  function nameCountries(select) {
    var names = null;
    try {
      names = new Intl.DisplayNames(navigator.languages || [navigator.language], { type: "region" });
    } catch (error) {
      return;
    }
    var options = Array.prototype.slice.call(select.options, 1);
    options.forEach(function (option) {
      option.textContent = (names.of(option.value) || option.value) + " (" + option.value + ")";
    });
    options.sort(function (a, b) { return a.textContent.localeCompare(b.textContent); });
    options.forEach(function (option) { select.appendChild(option); });
  }

  // Where national numbers were most likely dialled: the support region a link names
  // (?region=europe), else the country of the reader's locale (en-AU), else none.
  function defaultCountry(select) {
    var known = function (code) {
      return code && select.querySelector("option[value='" + code.replace(/[^A-Z]/g, "") + "']") ? code : "";
    };
    var byRegion = {};
    try { byRegion = JSON.parse(select.dataset.regionCountries || "{}"); } catch (error) { /* none */ }
    var region = new URLSearchParams(location.search).get("region");
    if (region && known(byRegion[region])) return byRegion[region];
    var locales = navigator.languages || [navigator.language];
    for (var i = 0; i < locales.length; i++) {
      var match = /^[a-z]{2,3}[-_](?:[A-Za-z]{4}[-_])?([A-Z]{2})\b/i.exec(locales[i] || "");
      if (match && known(match[1].toUpperCase())) return match[1].toUpperCase();
    }
    return "";
  }

  function wire() {
    var form = document.getElementById("report");
    if (form) Builder(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
