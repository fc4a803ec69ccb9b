"""gunicorn's settings for the web service: the one place docker-compose.yml, the Dockerfile and
bin/loadtest read them from (`gunicorn --config partnerconnect/gunicorn.conf.py`).

Each value can be overridden from the environment (GUNICORN_WORKERS, GUNICORN_THREADS,
GUNICORN_TIMEOUT, GUNICORN_KEEPALIVE, GUNICORN_BIND, GUNICORN_ACCESS_LOG); command-line flags
override both.

Why these values (README "Load test"):

- gthread workers: a request spends part of its time waiting on PostgreSQL, Redis or a password
  hash, which all release the GIL, so a few threads let a process use its core while one waits.
  Only processes run Python on more than one core at a time.
- WORKERS = 3, THREADS = 4: 12 requests in flight. Sized for 2 cores (the reference machine):
  one process per core plus one to keep both busy while the others wait, and no more threads
  than that waiting needs. Under bin/loadtest at full volume the 2 cores were saturated (about
  95% user time) with every setting tried (2x4, 3x4, 5x2, 2x8, 3x8, 3x16): more threads or
  processes only shared the same CPU among more requests and held more database connections.
  On a bigger server raise GUNICORN_WORKERS to about cores + 1.
- Database connections: every thread keeps its own (CONN_MAX_AGE=60 in production): the web
  service holds up to WORKERS x THREADS = 12; with the Celery worker (2) and beat (1), 15 of
  PostgreSQL's default max_connections of 100, room for a second web container and the admin.
- TIMEOUT = 120 s: for gthread workers it is the worker *process*'s heartbeat (its main loop
  reports every second, even while a thread serves a long request), so it restarts a process
  that is stuck, and never cuts a slow request. It is kept above the longest legitimate request
  all the same, in case the worker class ever becomes sync. No request needs it: uploads of
  more than IMPORT_BACKGROUND_ROWS rows are imported by the Celery worker with a progress
  page, and smaller ones, saved in bulk, take about a second. GRACEFUL_TIMEOUT gives
  the requests under way as long to finish on a restart or `docker compose stop`.
- KEEPALIVE = 75 s: behind the TLS proxy, an idle upstream connection must outlive the proxy's
  own idle timeout (nginx keeps them 60 s), or gunicorn closes one just as the proxy reuses it
  and the request gets a reset (with the default 2 s, the load test saw such resets).
"""

import os


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


wsgi_app = "partnerconnect.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

worker_class = "gthread"
workers = _env_int("GUNICORN_WORKERS", 3)
threads = _env_int("GUNICORN_THREADS", 4)
timeout = _env_int("GUNICORN_TIMEOUT", 120)
graceful_timeout = timeout
keepalive = _env_int("GUNICORN_KEEPALIVE", 75)

# Access log lines to stdout (docker logs); bin/loadtest sends them to a file.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
