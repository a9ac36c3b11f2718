// Live coverage: new entries arrive without a reload, and never move what the reader reads.
//
// The page polls /live/<id>/since/<n>/ — a fragment the page cache and nginx serve as a file
// until the next entry purges it — every data-poll-seconds (set by the server; 0 = stop).
// New entries wait behind a «N تحديثات جديدة» button; a click inserts them, keeping the
// entry the reader was looking at in the same place on the screen. Times read «قبل 5 دقائق»
// for the first hour, then the clock time the server wrote. Without JavaScript the page is
// a plain list of every entry.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-page]");
  if (!root || !window.fetch || !window.DOMParser) return;

  var stream = root.querySelector("[data-live-stream]");
  var bar = root.querySelector(".live-feed__new");
  var button = root.querySelector("[data-live-show]");
  var status = root.querySelector(".live-feed__status");
  var sinceUrl = root.getAttribute("data-live-since-url").replace(/0\/$/, "");
  var latest = parseInt(root.getAttribute("data-live-latest"), 10) || 0;
  var poll = parseInt(root.getAttribute("data-poll-seconds"), 10) || 0;
  var pending = [];
  var timer = null;
  var failures = 0;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function arabicCount(n, one, two, few, many) {
    if (n === 1) return one;
    if (n === 2) return two;
    if (n >= 3 && n <= 10) return n + " " + few;
    return n + " " + many;
  }

  function relative(date) {
    var minutes = Math.floor((Date.now() - date.getTime()) / 60000);
    if (minutes < 1) return "الآن";
    if (minutes < 60) return "قبل " + arabicCount(minutes, "دقيقة", "دقيقتين", "دقائق", "دقيقة");
    return null;
  }

  function refreshTimes(scope) {
    var today = new Date().toDateString();
    var times = (scope || root).querySelectorAll("time[data-live-time]");
    for (var i = 0; i < times.length; i++) {
      var el = times[i];
      if (!el.hasAttribute("data-clock")) el.setAttribute("data-clock", el.textContent);
      var text = relative(new Date(el.getAttribute("datetime")));
      el.textContent = text || el.getAttribute("data-clock");
      el.title = el.getAttribute("data-clock");
      var day = el.parentNode.querySelector(".live-entry__date");
      if (day) day.hidden = new Date(el.getAttribute("datetime")).toDateString() === today;
    }
  }

  function label(n) {
    return n === 1 ? "تحديث جديد" : n === 2 ? "تحديثان جديدان" : arabicCount(n, "", "", "تحديثات جديدة", "تحديثاً جديداً");
  }

  function showButton() {
    if (!pending.length) return;
    button.textContent = label(pending.length) + " — اعرضها";
    if (bar.hidden) keepPlace(function () { bar.hidden = false; });
    status.textContent = label(pending.length);
  }

  function schedule(seconds) {
    clearTimeout(timer);
    if (seconds > 0) timer = setTimeout(check, seconds * 1000);
  }

  function check() {
    if (document.hidden) return schedule(poll);
    fetch(sinceUrl + latest + "/", { credentials: "omit", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (response.status === 404) return null; // an entry was deleted: nothing newer
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        failures = 0;
        if (html) receive(html);
        schedule(poll);
      })
      .catch(function () {
        failures = Math.min(failures + 1, 6);
        schedule(poll * Math.pow(2, failures)); // back off while the network is away
      });
  }

  function receive(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var box = doc.querySelector(".live-since");
    if (!box) return;
    var newest = parseInt(box.getAttribute("data-live-latest"), 10) || latest;
    var seconds = box.getAttribute("data-poll-seconds");
    if (seconds !== null) poll = parseInt(seconds, 10) || 0;
    if (box.getAttribute("data-live-behind") === "1") {
      status.textContent = "فاتتك تحديثات كثيرة";
      button.textContent = "تحديثات كثيرة جديدة — أعد تحميل الصفحة";
      button.onclick = function () { window.location.reload(); };
      bar.hidden = false;
      poll = 0;
      return;
    }
    var entries = box.querySelectorAll(".live-entry");
    var known = {};
    for (var i = 0; i < pending.length; i++) known[pending[i].id] = true;
    var fresh = [];
    for (var j = 0; j < entries.length; j++) {
      var entry = document.importNode(entries[j], true);
      var shown = document.getElementById(entry.id);
      if (shown) {
        // The newest entry was deleted and its number given to a new one: it takes its place.
        keepPlace(function () { shown.parentNode.replaceChild(entry, shown); refreshTimes(entry); });
      } else if (!known[entry.id]) {
        fresh.push(entry);
      }
    }
    pending = fresh.concat(pending); // newest first
    latest = newest; // the server knows best: lower when the newest entry was deleted
    showButton();
  }

  // The first entry whose top is on the screen, when the reader has scrolled past the top of
  // the list: it stays where it is while entries and the bar appear above it (the browser's
  // own scroll anchoring is off on this page, live.css).
  function keepPlace(change) {
    var anchor = null;
    if (stream.getBoundingClientRect().top < 0) {
      var items = root.querySelectorAll(".live-entry");
      for (var i = 0; i < items.length && !anchor; i++) {
        if (items[i].getBoundingClientRect().top >= 0) anchor = items[i];
      }
    }
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    function settle() {
      var moved = anchor.getBoundingClientRect().top - before;
      // At once, never smoothly (the site scrolls smoothly elsewhere): the text must not move.
      if (Math.abs(moved) >= 1) window.scrollBy({ top: moved, left: 0, behavior: "instant" });
    }
    change();
    if (anchor) {
      settle();
      // What arrived may still grow a little as it is laid out (fonts, wrapping): again after
      // the next two frames.
      requestAnimationFrame(function () { settle(); requestAnimationFrame(settle); });
    }
  }

  function insert() {
    if (!pending.length) return;
    var added = pending;
    pending = [];
    keepPlace(function () {
      var empty = stream.querySelector(".live-entries__empty");
      if (empty) empty.parentNode.removeChild(empty);
      for (var i = added.length - 1; i >= 0; i--) {
        if (!reduceMotion) added[i].classList.add("live-entry--arriving");
        stream.insertBefore(added[i], stream.firstElementChild);
        refreshTimes(added[i]);
      }
      bar.hidden = true;
    });
    var count = root.querySelector(".live-feed__count");
    if (count) count.textContent = "(" + root.querySelectorAll(".live-entry").length + ")";
    status.textContent = "أُضيف " + label(added.length);
  }

  button.addEventListener("click", insert);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && poll > 0) schedule(0.1);
  });
  refreshTimes();
  setInterval(refreshTimes, 30000);
  schedule(poll);
})();
