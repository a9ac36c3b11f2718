// nashir's additions to the page and snippet editors (loaded by insert_editor_js).

// The editor's own save (publish, schedule, save draft) waits for a background autosave that is
// on its way, and no autosave starts after it. Without this, «حفظ الجدول» or «نشر» clicked while
// an autosave was pending reloaded the page before the autosave landed: the page then believed
// «لقد حفظت نسخة جديدة في نافذة أخرى» and held the publish behind that warning.
(function () {
  "use strict";
  var pending = 0;
  var waiting = null;

  function settle() {
    pending = Math.max(0, pending - 1);
    if (!pending && waiting) {
      var resume = waiting;
      waiting = null;
      resume();
    }
  }

  document.addEventListener("w-autosave:save", function (event) {
    // Another listener may cancel this autosave: then no request (and no answer) follows.
    window.setTimeout(function () {
      if (!event.defaultPrevented) {
        pending += 1;
      }
    }, 0);
  });
  document.addEventListener("w-autosave:success", settle);
  document.addEventListener("w-autosave:error", settle);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-edit-form]")) {
      return;
    }
    // No autosave after the editor's own save.
    form.setAttribute("data-w-autosave-active-value", "false");
    if (!pending) {
      return;
    }
    // Held whole: Wagtail's own submit handlers run when it is sent again below.
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter;
    var send = function () {
      // The pressed button (e.g. name="action-publish") is disabled by its progress spinner
      // by now, and a disabled button is not sent: carry its name and value in a hidden field.
      if (submitter && submitter.name) {
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = submitter.name;
        field.value = submitter.value;
        form.appendChild(field);
      }
      form.requestSubmit();
    };
    waiting = send;
    // Never hold the editor's save for long, whatever happens to the autosave.
    window.setTimeout(function () {
      if (waiting === send) {
        waiting = null;
        send();
      }
    }, 10000);
  }, true);
})();

// A chooser whose search box is marked data-nashir-autofocus (the «اقرأ أيضاً» article chooser)
// opens with the cursor in it: the editor types part of a headline straight away.
(function () {
  "use strict";
  function focusSearch(root) {
    var field = root.querySelector && root.querySelector("[data-nashir-autofocus]");
    if (field && !field.dataset.nashirFocused) {
      field.dataset.nashirFocused = "1";
      // The modal moves the focus to itself as it opens: take it back once that is done.
      var tries = 0;
      var timer = window.setInterval(function () {
        tries += 1;
        if (document.activeElement !== field && document.contains(field)) {
          field.focus();
        }
        if (tries >= 10) {
          window.clearInterval(timer);
        }
      }, 100);
    }
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) {
          focusSearch(node.matches && node.matches("[data-nashir-autofocus]") ? node.parentNode : node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();

// The headline is a text area that grows with it (readable on a phone), but it stays one
// paragraph: Enter does not start a new line in it.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("textarea[data-nashir-headline]")) {
      event.preventDefault();
    }
  });
})();
