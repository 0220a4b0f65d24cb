/* A lab extension with no plugins that only fills a gap in voici 0.10's shared modules: JupyterLite's Pyodide
   kernel extension (0.7) asks for @jupyterlab/pluginmanager and @jupyterlab/statedb, which voici's page does not
   share, so the kernel never loaded ("Shared module ... doesn't exist in shared scope default"). The kernel only
   builds on their classes for a plugin list and a licence store that a voici page never shows, so each is given
   as a module whose every export is an empty class. A module the page does share is left alone. Written for
   widgets/site (the browser edition); loaded from this site only. */
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
  },
  get: function () {
    return Promise.resolve(function () { return { __esModule: true, "default": [] }; });
  }
};
