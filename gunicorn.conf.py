"""Read by every gunicorn started from the project's folder (`make serve`, the stress tests,
bench/serve.py, the load test).

gunicorn 27 opens a control socket at one path per user (~/.gunicorn/gunicorn.ctl) unless
told otherwise: a second server started on the machine takes the path over, the first one
to stop removes it under the other, and a command sent to it (gunicornc) reaches whichever
started last. Every fork of a worker also stops and restarts the thread serving it. We use
none of it."""

control_socket_disable = True
