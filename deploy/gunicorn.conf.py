"""Gunicorn settings for the Hub's web processes (ADR 0021). Each value can be overridden from the environment."""

import os

bind = os.environ.get("HUB_BIND", "127.0.0.1:8000")
# synchronous workers: the Hub's pages are short database-bound requests; 2 per core is the measured sweet spot
workers = int(os.environ.get("HUB_WEB_WORKERS", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("HUB_WEB_THREADS", "1"))
timeout = int(os.environ.get("HUB_WEB_TIMEOUT", "60"))  # the slowest page (a large export) finishes well inside this
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then, so a slow leak can never grow without bound
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("HUB_PROXY_IPS", "127.0.0.1")  # trust X-Forwarded-* only from the proxy
accesslog = "-"
# no query strings in the access log: a search can hold a name; %(U)s is the path alone
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
errorlog = "-"


def post_worker_init(worker: object) -> None:
    """Leave what a worker loaded before its first request (Django, every module, the URL patterns) out of the
    garbage collector's full passes, which otherwise walk all of it again and again while a page builds thousands
    of records: working out a coordinator's needs-attention list at ICS size took 370 ms instead of 500 ms."""
    import gc

    gc.freeze()
