// «الأكثر قراءة». On an article page: counts one read (an empty POST, no cookie, nothing
// personal). On every page showing the block: replaces it with its current copy from
// /most-read/ (cached, purged whenever the counts are written), so a page kept in the cache
// still shows today's list. Loaded by the block and by the article's beacon: runs once.
(function () {
  "use strict";
  var script = document.currentScript;
  var beacon = script && script.dataset.beacon;

  if (beacon && navigator.sendBeacon) {
    var send = function () {
      navigator.sendBeacon(beacon);
    };
    // A tab opened in the background counts when the reader first looks at it.
    if (document.visibilityState === "visible") {
      send();
    } else {
      document.addEventListener("visibilitychange", function onVisible() {
        if (document.visibilityState === "visible") {
          document.removeEventListener("visibilitychange", onVisible);
          send();
        }
      });
    }
  }

  if (window.nashirMostReadRefreshed || !window.fetch || !window.DOMParser) {
    return;
  }
  window.nashirMostReadRefreshed = true;
  function refresh() {
    var block = document.querySelector("[data-most-read-src]");
    if (!block) {
      return;
    }
    // Without cookies: the copy every reader gets, straight from the page cache.
    fetch(block.dataset.mostReadSrc, { credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-most-read-src]");
        if (fresh) {
          block.replaceWith(document.importNode(fresh, true));
        }
      })
      .catch(function () {});  // the page's own copy stays
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();
