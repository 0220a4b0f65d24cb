/* A lab extension with no plugins that only mends voici 0.10's shared modules for JupyterLite's Pyodide kernel
   extension (0.7), which was built against later versions. Written for widgets/site (the browser edition).
   1. The kernel asks for @jupyterlab/pluginmanager and @jupyterlab/statedb, which voici's page does not share,
      so it never loaded ("Shared module ... doesn't exist in shared scope default"). It only builds on their
      classes for a plugin list and a licence store a voici page never shows: each is given as a module whose
      every export is an empty class. A module the page does share is left alone.
   2. The kernel wants @jupyterlite/apputils ~0.7.5 and the page shares 0.7.0, so the kernel used its own copy,
      whose service-worker token is not the page's: it never saw the page's service worker and did not mount
      the drive the course saves to. The page's module is offered under a version the kernel accepts. */
var _JUPYTERLAB;
(_JUPYTERLAB = typeof _JUPYTERLAB === "undefined" ? {} : _JUPYTERLAB)["course-shared-shim"] = {
  init: function (scope) {
    ["@jupyterlab/pluginmanager", "@jupyterlab/statedb"].forEach(function (name) {
      if (scope[name]) { return; }
      var made = {};
      var module = new Proxy({ __esModule: true }, {
        get: function (target, key) {
          if (key in target) { return target[key]; }
          if (typeof key !== "string" || key === "then") { return undefined; }
          if (!made[key]) { made[key] = function () {}; made[key].prototype.name = name + ":" + key; }
          return made[key];
        }
      });
      scope[name] = { "4.5.7": { from: "course-shared-shim", eager: false, loaded: 1,
                                 get: function () { return Promise.resolve(function () { return module; }); } } };
    });
    var apputils = scope["@jupyterlite/apputils"];
    if (apputils && apputils["0.7.0"] && apputils["0.7.0"].from !== "@jupyterlite/pyodide-kernel-extension") {
      apputils["0.7.999"] = apputils["0.7.0"];
    }
  },
  get: function () {
    return Promise.resolve(function () { return { __esModule: true, "default": [] }; });
  }
};
