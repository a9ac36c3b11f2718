// Counts one read of this article for «الأكثر قراءة»: an empty POST, no cookie, nothing personal.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.beacon;
  if (!url || !navigator.sendBeacon) {
    return;
  }
  function send() {
    navigator.sendBeacon(url);
  }
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
})();
