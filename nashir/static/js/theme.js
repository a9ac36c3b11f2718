// «الوضع الداكن» / «الوضع الفاتح»: the reader's remembered choice is applied here, in <head>, before the page paints
// (no flash of the wrong theme). Without a choice the CSS follows the system (prefers-color-scheme).
// The page HTML is the same for every reader (it is cached); the choice lives in localStorage only.
(function () {
  "use strict";
  var KEY = "nashir-theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  try {
    var stored = window.localStorage.getItem(KEY);
    if (stored === "dark" || stored === "light") {
      root.setAttribute("data-theme", stored);
    }
  } catch (e) {
    // Storage turned off: follow the system.
  }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : Boolean(system && system.matches);
  }

  function wire() {
    var button = document.querySelector(".theme-toggle");
    if (!button) {
      return;
    }
    var label = button.querySelector(".theme-toggle__label");
    // The button names what it does: «الوضع الداكن» in the light theme, «الوضع الفاتح» in the dark.
    function show() {
      var dark = isDark();
      button.setAttribute("data-theme-now", dark ? "dark" : "light");
      if (label) {
        label.textContent = dark ? "الوضع الفاتح" : "الوضع الداكن";
      }
    }
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem(KEY, next);
      } catch (e) {
        // Not remembered, but applied for this page.
      }
      show();
    });
    if (system && system.addEventListener) {
      system.addEventListener("change", show);
    }
    show();
    button.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
