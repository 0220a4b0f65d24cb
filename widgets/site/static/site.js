/* The browser edition's course home: progress read from the learner's own storage in this browser, and the
   site's service worker started early, so that the first module page opened can already save (JupyterLite's
   drive, which the course's Python writes to, works only on pages the service worker runs). Nothing is sent
   anywhere. The words match the learner app's (widgets/app/site.py, Progress.words). */
(function () {
  "use strict";
  var script = document.currentScript;
  var progressFile = script.getAttribute("data-progress-file");
  var items = JSON.parse(script.getAttribute("data-items") || "{}");
  // JupyterLite's IndexedDB database, named after the base address of the page that wrote it: the module pages
  // (voici/render/) call it "../../". Its "files" store holds the drive.
  var STORAGE = "JupyterLite Storage - ../../";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("service-worker.js?enableCache=false").catch(function () {
      /* the module pages then say that they cannot save */
    });
  }

  function words(answered, total) {
    if (answered >= total) { return "\u2714 Done: all " + total + " questions answered correctly"; }
    if (answered === 0) { return "Not started: " + total + " questions"; }
    return "Started: " + answered + " of " + total + " questions answered correctly";
  }

  function show(progress) {
    var quiz = (progress && progress.quiz) || {};
    document.querySelectorAll(".tbc-module[data-module]").forEach(function (row) {
      var id = row.getAttribute("data-module");
      var ids = items[id] || [];
      if (!ids.length) { return; }
      var records = quiz[id] || {};
      var answered = ids.filter(function (item) { return records[item] && records[item].correct; }).length;
      var bar = row.querySelector("progress");
      if (bar) { bar.value = answered; }
      row.querySelector(".tbc-progress-words").textContent = words(answered, ids.length);
      row.classList.toggle("tbc-done", answered >= ids.length);
      row.classList.toggle("tbc-started", answered > 0 && answered < ids.length);
    });
  }

  function parse(model) {
    // Python's writes reach the drive as base64 bytes; a file saved from JupyterLite's editor would be text.
    if (typeof model.content !== "string") { return model.content; }
    if (model.format !== "base64") { return JSON.parse(model.content); }
    var bytes = Uint8Array.from(atob(model.content), function (c) { return c.charCodeAt(0); });
    return JSON.parse(new TextDecoder("utf-8").decode(bytes));
  }

  function readProgress() {
    if (!window.indexedDB || !indexedDB.databases) { return; }
    indexedDB.databases().then(function (databases) {
      if (!databases.some(function (db) { return db.name === STORAGE; })) { return; }  // nothing saved yet
      var opening = indexedDB.open(STORAGE);
      opening.onsuccess = function () {
        var db = opening.result;
        if (!db.objectStoreNames.contains("files")) { db.close(); return; }
        var request = db.transaction("files", "readonly").objectStore("files").get(progressFile);
        request.onsuccess = function () {
          var model = request.result;
          db.close();
          if (!model || model.content === undefined || model.content === null) { return; }
          try {
            show(parse(model));
          } catch (ignored) { /* a damaged file: the module pages say so */ }
        };
      };
    }).catch(function () { /* progress stays as drawn: "Not started" */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", readProgress);
  } else {
    readProgress();
  }
  window.addEventListener("pageshow", function (event) { if (event.persisted) { readProgress(); } });
}());
