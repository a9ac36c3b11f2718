"""How gunicorn serves nashir — the one configuration `make run`, `make bench` and the systemd
unit share, so what the benchmark measures is what readers get.

Threads (gthread) rather than more processes: a page-cache hit is a file read, and a miss mostly
waits on the database. No access log by default: one line per request cost readers ~40 % of
the embedded tier's throughput, and nginx or Varnish in front log requests anyway.

Environment: HOST, PORT (or GUNICORN_BIND), WORKERS, THREADS, ACCESS_LOG ("-" for stdout).
"""

import os

bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("WORKERS") or max(2, (os.cpu_count() or 1) * 2))
worker_class = "gthread"
threads = int(os.environ.get("THREADS") or 4)
keepalive = 5
timeout = 60
graceful_timeout = 20
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning")
control_socket_disable = True
