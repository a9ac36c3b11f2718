/* nashir comments: the cached article page carries the form without a CSRF token or stamp;
   this fetches them for this reader once they start writing (focus in the form or «ردّ»: most
   readers never comment, and a request per page view would reach Python for nothing), moves
   the form under a comment to reply in place, and
   posts it with fetch so the reader stays on the article: the comment appears in the thread,
   marked «بانتظار المراجعة» when an editor must approve it. Without JavaScript the form posts
   as a plain form and the server answers with pages. */
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form) return;
  var respond = document.getElementById("respond");
  var home = respond.parentNode, homeNext = respond.nextSibling;
  var title = document.getElementById("reply-title"), titleText = title.textContent;
  var cancel = respond.querySelector(".reply-cancel");
  var status = respond.querySelector(".comment-form__status");
  var submit = form.querySelector("button[type=submit]");
  var sending = false;

  var token = null; // the pending or finished request for this reader's token and stamp

  function fetchToken() {
    var url = form.getAttribute("data-token-url");
    if (!url || !window.fetch) return Promise.resolve();
    token = fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        form.elements.csrfmiddlewaretoken.value = data.csrf;
        form.elements.stamp.value = data.stamp;
      })
      .catch(function () { /* without a token the server answers with the text kept, ready to resend */ });
    return token;
  }
  function needToken() { return token || fetchToken(); }
  form.addEventListener("focusin", needToken);
  // Back to a page the browser kept: a token fetched before is stale, fetch again on writing.
  window.addEventListener("pageshow", function (event) { if (event.persisted) token = null; });

  function resetReply() {
    home.insertBefore(respond, homeNext);
    form.elements.parent.value = "";
    title.textContent = titleText;
    cancel.hidden = true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment__reply");
    if (!link) return;
    event.preventDefault();
    var box = link.closest(".comment__box");
    box.parentNode.insertBefore(respond, box.nextSibling);
    form.elements.parent.value = link.getAttribute("data-comment");
    // data-name is already in the case «على» asks for (أبو سامر → أبي سامر), made on the server.
    title.textContent = "ردّ على " + link.getAttribute("data-name");
    needToken();
    cancel.hidden = false;
    form.elements.body.focus();
  });
  cancel.addEventListener("click", resetReply);

  // --- Sending without leaving the page
  function clearErrors() {
    form.querySelectorAll(".field__error[data-js]").forEach(function (e) { e.remove(); });
    form.querySelectorAll("[aria-invalid=true]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
  }

  function say(text, isError) {
    status.textContent = text;
    status.hidden = false;
    status.setAttribute("role", isError ? "alert" : "status");
    status.classList.toggle("comment-form__status--error", Boolean(isError));
  }

  function showErrors(data) {
    var first = null;
    Object.keys(data.errors || {}).forEach(function (name) {
      var field = form.elements[name];
      if (!field || !field.id) return;
      var error = document.createElement("span");
      error.className = "field__error";
      error.id = field.id + "-error";
      error.setAttribute("data-js", "");
      error.textContent = data.errors[name].join(" ");
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", error.id);
      field.parentNode.appendChild(error);
      first = first || field;
    });
    say(data.message, true);
    if (first) first.focus();
  }

  function place(data) {
    var holder = document.createElement("ol");
    holder.innerHTML = data.html; // rendered and escaped by the server (discussion/comment.html)
    var item = holder.firstElementChild;
    var parent = data.parent && document.getElementById("comment-" + data.parent);
    if (parent) {
      var parentDepth = Number((parent.className.match(/comment--depth-(\d)/) || [])[1] || 0);
      if (data.depth > parentDepth) {
        var replies = parent.querySelector(":scope > .comment-list--replies");
        if (!replies) {
          replies = document.createElement("ol");
          replies.className = "comment-list comment-list--replies";
          parent.appendChild(replies);
        }
        replies.appendChild(item);
      } else {
        parent.parentNode.insertBefore(item, parent.nextSibling);
      }
    } else {
      var list = home.querySelector(":scope > .comment-list");
      if (!list) {
        list = document.createElement("ol");
        list.className = "comment-list";
        home.insertBefore(list, respond);
      }
      list.appendChild(item);
    }
    return item;
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) return; // the plain form post
    event.preventDefault();
    if (sending) return;
    sending = true;
    submit.disabled = true;
    clearErrors();
    needToken().then(function () { return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }); })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) throw new Error("not json");
        return response.json();
      })
      .then(function (data) {
        if (!data.ok) {
          showErrors(data);
          return;
        }
        resetReply();
        var item = place(data);
        form.elements.body.value = "";
        say(data.message, false);
        item.setAttribute("tabindex", "-1");
        item.scrollIntoView({ block: "nearest" });
        fetchToken(); // a fresh stamp for the next comment
      })
      .catch(function () {
        // Anything unexpected (a refused token, the network): send it the plain way, which
        // keeps the text and explains on the page.
        form.submit();
      })
      .then(function () {
        sending = false;
        submit.disabled = false;
      });
  });
})();
