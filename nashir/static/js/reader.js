// The reader's page: the «آخر الأخبار» ticker, «الذهاب إلى الأعلى» and the menu.
// Everything here is an enhancement: without JavaScript the ticker is a plain list, the
// back-to-top link is a plain link to #top (the top of the document) and the sections are
// the row under the header.
(function () {
  "use strict";
  var ROTATE_MS = 5000;
  var REFRESH_MS = 60000;
  var reducedMotion = window.matchMedia
    ? window.matchMedia("(prefers-reduced-motion: reduce)")
    : { matches: false };

  // --- «آخر الأخبار»: one headline at a time, paused on hover/focus, refreshed from /ticker/ (a kept page, served by nginx)
  function setUpTicker(ticker) {
    var list = ticker.querySelector(".ticker__items");
    var pauseButton = ticker.querySelector(".ticker__pause");
    var source = ticker.getAttribute("data-src");
    var current = 0;
    var hovered = false;
    var focused = false;
    var stopped = false;
    var pending = null;

    function items() {
      return list.querySelectorAll(".ticker__item");
    }
    function rotates() {
      return !reducedMotion.matches && items().length > 1;
    }
    function show(index) {
      var all = items();
      if (!all.length) {
        return;
      }
      current = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) {
        all[i].classList.toggle("is-current", i === current);
      }
    }
    function layOut() {
      var on = rotates();
      ticker.classList.toggle("ticker--rotating", on);
      if (pauseButton) {
        pauseButton.hidden = !on;
      }
      show(current);
    }
    function paused() {
      return hovered || focused || stopped;
    }
    function render(entries) {
      var shownUrl = items()[current] && items()[current].querySelector("a").getAttribute("href");
      var fragment = document.createDocumentFragment();
      var next = 0;
      entries.forEach(function (entry, index) {
        var item = document.createElement("li");
        item.className = "ticker__item" + (entry.breaking ? " ticker__item--breaking" : "");
        if (entry.live || entry.breaking) {
          var badge = document.createElement("span");
          badge.className = entry.live ? "badge badge--live" : "badge";
          badge.textContent = entry.live ? "مباشر" : "عاجل";
          item.appendChild(badge);
          item.appendChild(document.createTextNode(" "));
        }
        var link = document.createElement("a");
        link.href = entry.url;
        link.textContent = entry.title;
        item.appendChild(link);
        fragment.appendChild(item);
        if (entry.url === shownUrl) {
          next = index;
        }
      });
      list.replaceChildren(fragment);
      ticker.classList.toggle("ticker--breaking", Boolean(entries[0] && entries[0].breaking));
      current = next;
      layOut();
    }
    function usable(entry) {
      return (
        entry &&
        typeof entry.title === "string" &&
        typeof entry.url === "string" &&
        (entry.url.charAt(0) === "/" || /^https?:\/\//.test(entry.url))
      );
    }
    function refresh() {
      if (!source || document.hidden) {
        return;
      }
      fetch(source, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          var entries = data && Array.isArray(data.items) ? data.items.filter(usable) : [];
          if (!entries.length) {
            return;
          }
          // Never pull a headline from under the reader's pointer or keyboard focus.
          if (hovered || focused) {
            pending = entries;
          } else {
            render(entries);
          }
        })
        .catch(function () {
          // Offline or the server is busy: keep the headlines we have.
        });
    }
    function resume() {
      if (pending && !hovered && !focused) {
        render(pending);
        pending = null;
      }
    }

    ticker.addEventListener("mouseenter", function () {
      hovered = true;
    });
    ticker.addEventListener("mouseleave", function () {
      hovered = false;
      resume();
    });
    ticker.addEventListener("focusin", function () {
      focused = true;
    });
    ticker.addEventListener("focusout", function (event) {
      if (!ticker.contains(event.relatedTarget)) {
        focused = false;
        resume();
      }
    });
    if (pauseButton) {
      pauseButton.addEventListener("click", function () {
        stopped = !stopped;
        pauseButton.setAttribute("aria-pressed", stopped ? "true" : "false");
      });
    }
    if (reducedMotion.addEventListener) {
      reducedMotion.addEventListener("change", layOut);
    }
    layOut();
    window.setInterval(function () {
      if (rotates() && !paused()) {
        show(current + 1);
      }
    }, ROTATE_MS);
    window.setInterval(refresh, REFRESH_MS);
  }

  // --- «الذهاب إلى الأعلى»: in the header, shown after a screen of scrolling; back to the top,
  // focus on the header (whose first link is then the next Tab)
  function setUpBackToTop(link) {
    var target = document.getElementById("masthead");
    function update() {
      link.classList.toggle("is-hidden", window.scrollY < window.innerHeight);
    }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.scrollTo({ top: 0, behavior: reducedMotion.matches ? "auto" : "smooth" });
      if (target) {
        target.focus({ preventScroll: true });
      }
    });
    window.addEventListener("scroll", update, { passive: true });
    update();
  }

  // --- «القائمة»: every section and page in a panel under the header
  function setUpMenu(button, panel) {
    function open(on) {
      button.setAttribute("aria-expanded", on ? "true" : "false");
      panel.hidden = !on;
      document.documentElement.classList.toggle("menu-open", on);
    }
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-expanded") !== "true";
      open(on);
      if (on) {
        var first = panel.querySelector("a");
        if (first) {
          first.focus();
        }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        open(false);
        button.focus();
      }
    });
    panel.addEventListener("click", function (event) {
      if (event.target.closest("a")) {
        open(false);
      }
    });
    button.hidden = false;
  }

  var ticker = document.querySelector(".ticker");
  if (ticker) {
    setUpTicker(ticker);
  }
  var backToTop = document.querySelector(".back-to-top");
  if (backToTop) {
    setUpBackToTop(backToTop);
  }
  var menuButton = document.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  if (menuButton && menu) {
    setUpMenu(menuButton, menu);
  }
})();
