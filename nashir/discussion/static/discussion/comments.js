/* nashir comments: the cached article page carries the form without a CSRF token or stamp;
   this fetches them for this reader, and moves the form under a comment to reply in place. */
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form) return;
  var respond = document.getElementById("respond");
  var home = respond.parentNode, homeNext = respond.nextSibling;
  var title = document.getElementById("reply-title"), titleText = title.textContent;
  var cancel = respond.querySelector(".reply-cancel");

  function fetchToken() {
    var url = form.getAttribute("data-token-url");
    if (!url) return;
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        form.elements.csrfmiddlewaretoken.value = data.csrf;
        form.elements.stamp.value = data.stamp;
      })
      .catch(function () { /* without a token the server answers with the text kept, ready to resend */ });
  }
  fetchToken();
  window.addEventListener("pageshow", function (event) { if (event.persisted) fetchToken(); });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.comment__reply");
    if (!link) return;
    event.preventDefault();
    var box = link.closest(".comment__box");
    box.parentNode.insertBefore(respond, box.nextSibling);
    form.elements.parent.value = link.getAttribute("data-comment");
    title.textContent = "ردّ على " + link.getAttribute("data-name");
    cancel.hidden = false;
    form.elements.body.focus();
  });
  cancel.addEventListener("click", function () {
    home.insertBefore(respond, homeNext);
    form.elements.parent.value = "";
    title.textContent = titleText;
    cancel.hidden = true;
  });
})();
