vcl 4.1;
# nashir behind Varnish: one Varnish (or a pair) in front of several app machines, each running
# gunicorn with its own var/ — no shared disk. Pages are kept here, not on the app machines
# (set NASHIR_PAGE_CACHE=false on them), and purged by key: every page nashir renders for
# anonymous readers carries an `xkey` header naming what it shows (page:12, section:3, home …),
# and every change sends `PURGE` with an `xkey-purge` header (NASHIR_VARNISH_URL).
#
# Debian: apt-get install varnish varnish-modules   (the xkey vmod is in varnish-modules)
# Replace the backends with your app machines; allow your app machines in `purgers`.

import directors;
import std;
import xkey;

probe nashir_health {
    .url = "/health/";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;  # healthy from the start: a restarted Varnish must not answer 503 meanwhile
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = nashir_health;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = nashir_health;
}

# Who may purge: the app machines (and the worker's machine).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
    apps.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = apps.backend();

    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone));
        }
        return (purge);  # one address (Wagtail's HTTP backend)
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors (a session) and readers who just commented always reach the app.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|nashir_nocache)=") {
        return (pass);
    }
    if (req.url ~ "^/(admin|comments|api|health|documents)/") {
        return (pass);
    }
    # Tracking parameters do not change a page: one object for all of them.
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=[^&]*", "\1");
    set req.url = regsuball(req.url, "[?&]+$", "");
    set req.url = regsuball(req.url, "\?&+", "?");
    # Pages for anonymous readers read no cookie: without this, any analytics cookie would
    # make every request a miss.
    unset req.http.Cookie;
    # An expired page is served while a fresh one is fetched only for a few seconds when the
    # app machines answer (a «عاجل» mark must leave on time); for an hour when none does.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 5s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Only what nashir marked as the same for every reader (it names its keys) is kept; the
    # rest (search, comments, private pages, errors) passes through, every time.
    if (!beresp.http.xkey || beresp.http.Set-Cookie || beresp.status != 200) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # The TTL comes from s-maxage (NASHIR_PAGE_CACHE_TTL, shorter before a «عاجل» mark runs
    # out); a purge by key ends it earlier. Grace: app machines restarting are not a reader's
    # error (see vcl_recv for how long an expired page may be served).
    set beresp.grace = 1h;
    return (deliver);
}

sub vcl_backend_error {
    # No app machine answered: say so in the site's language.
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "10";
    synthetic({"<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>الموقع مشغول</title><p>تعذّر الوصول إلى الموقع الآن. أعد المحاولة بعد قليل.</p></html>"});
    return (deliver);
}

sub vcl_deliver {
    # Keys are for Varnish; readers only learn whether Varnish answered.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Browsers revalidate every time (max-age=0); s-maxage is for Varnish alone.
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = "public, max-age=0, must-revalidate";
    }
}
