/* The learner app in the page: Quick exit (its button or the Esc key), the support panel, course links
   that replace the current page in the browser's history rather than add to it (so after Quick exit the
   Back button does not return to the course), the "Saving is off" notice (a module page asks the app, since it
   may have been drawn before the learner chose), the home page's saving choice (sent without adding a place in
   the history), and names for slider handles. Loaded from this machine, in the head of every page. */
(function () {
  "use strict";
  var script = document.currentScript;
  var exitUrl = (script && script.getAttribute("data-exit")) || "/weather";

  function quickExit(event) {
    if (event) { event.preventDefault(); event.stopPropagation(); }
    try {
      document.title = "Weather";
      if (document.body) { document.body.className = ""; document.body.innerHTML = ""; }
    } catch (ignored) { /* leave anyway */ }
    window.location.replace(exitUrl);
  }
  window.tbcQuickExit = quickExit;

  function toggleSupport(button, open) {
    var panel = document.getElementById(button.getAttribute("aria-controls") || "tbc-support");
    if (!panel) { return; }
    var show = open === undefined ? panel.hidden : open;
    panel.hidden = !show;
    button.setAttribute("aria-expanded", show ? "true" : "false");
  }

  function sameSitePage(link) {
    if (link.target || link.hasAttribute("download") || link.origin !== window.location.origin) { return false; }
    return !(link.hash && link.pathname === window.location.pathname);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") { quickExit(event); }
  }, true);

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target : null;
    if (!target) { return; }
    if (target.closest("[data-quick-exit]")) { quickExit(event); return; }
    var supportButton = target.closest(".tbc-support-button");
    if (supportButton) { toggleSupport(supportButton); return; }
    if (target.closest("[data-close-support]")) {
      var opener = document.querySelector(".tbc-support-button");
      if (opener) { toggleSupport(opener, false); opener.focus(); }
      return;
    }
    var link = target.closest("a[href]");
    if (link && sameSitePage(link) && !event.defaultPrevented && event.button === 0 &&
        !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) {
      event.preventDefault();
      window.location.replace(link.href);
    }
  }, true);

  // ipywidgets' sliders draw a handle (role="slider") that their label does not name; name it after the label.
  function nameSliders(root) {
    var handles = root.querySelectorAll ? root.querySelectorAll(".noUi-handle[role='slider']:not([aria-label])") : [];
    Array.prototype.forEach.call(handles, function (handle) {
      var slider = handle.closest(".widget-slider");
      var label = slider && slider.querySelector(".widget-label");
      handle.setAttribute("aria-label", (label && label.textContent.trim()) || "Slider");
    });
  }

  function trackBarHeight() {
    var bar = document.querySelector(".tbc-bar");
    if (!bar || !window.ResizeObserver) { return; }
    new ResizeObserver(function () {
      document.documentElement.style.setProperty("--tbc-bar", bar.offsetHeight + "px");
    }).observe(bar);
  }
  // Jupyter's XSRF token, from its cookie, as JupyterLab sends it: on a class hub a script's request without it is
  // not let in on the login cookie (it went round the hub's login seven times and failed).
  function xsrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    try { return match ? decodeURIComponent(match[1]) : ""; } catch (error) { return ""; }
  }
  function showSaving() {
    var notice = document.getElementById("tbc-saving-off");
    var ask = notice && notice.getAttribute("data-ask");
    if (!ask || !window.fetch) { return; }
    fetch(ask, { credentials: "same-origin", cache: "no-store", headers: { "X-XSRFToken": xsrfToken() } })
      .then(function (response) { return response.ok ? response.json() : { saving: true }; })
      .then(function (state) { notice.hidden = state.saving !== false; })
      .catch(function () { /* the notice stays as drawn */ });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-replace") || !window.fetch) { return; }
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
      .then(function () { window.location.reload(); })
      .catch(function () { form.submit(); });
  }, true);

  // The page's end never came when its kernel failed while the app was writing the page (the server then closes
  // it early): without this, the note would say the activities are loading for ever.
  function reportCutPage() {
    var note = document.querySelector(".tbc-loading");
    if (!note || document.querySelector(".tbc-bottom")) { return; }
    note.textContent = "The activities on this page did not start. Reload the page to try again. " +
      "Anything you saved is kept. ";
    var reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "Reload the page";
    reload.addEventListener("click", function () { window.location.reload(); });
    note.appendChild(reload);
    note.classList.add("tbc-failed");
  }
  window.addEventListener("load", reportCutPage);

  function start() {
    showSaving();
    trackBarHeight();
    nameSliders(document);
    new MutationObserver(function () { nameSliders(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
