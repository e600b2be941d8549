"""A real Kitsu server (zou) for the tracker tests, on loopback, stopped by its pid.

zou runs in its own Python 3 virtualenv (``$REELKIT_ZOU_PYTHON``, made by
tests/run: zou is a server, never installed into a host's interpreter). It needs
PostgreSQL (the store suite's private server, tests/store/conftest.py) and Redis
(``redis-server`` from Debian, started here on a free port with no persistence).
The sequence is zou's documented set-up: ``zou init-db``, ``zou init-data``,
``zou create-admin``, then the WSGI app ``zou.app:app`` under gunicorn. Served
without nginx, the API has no ``/api`` prefix.
"""

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

from tests.store.conftest import _free_port

ADMIN = "admin@example.com"


def zou_python():
    """The interpreter of zou's virtualenv; an error saying how to make one if missing."""
    python = os.environ.get("REELKIT_ZOU_PYTHON")
    if not python or not os.path.isfile(python):
        raise RuntimeError("REELKIT_ZOU_PYTHON must name the python of a virtualenv with zou "
                           "installed (tests/run makes .venvs/zou)")
    return python


class KitsuServer(object):
    """zou + Redis on loopback, over a database of the given PostgreSQL server."""

    def __init__(self, postgres):
        self.postgres = postgres
        self.folder = tempfile.mkdtemp(prefix="reelkit-kitsu-")
        self.password = uuid.uuid4().hex
        self.procs = []
        self.url = None

    def _env(self):
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith("PYTHON"))
        env.update({
            "DB_HOST": "127.0.0.1", "DB_PORT": str(self.postgres.port),
            "DB_USERNAME": "reelkit", "DB_PASSWORD": self.postgres.password,
            "DB_DATABASE": self.database, "KV_HOST": "127.0.0.1", "KV_PORT": str(self.redis_port),
            "SECRET_KEY": uuid.uuid4().hex, "PREVIEW_FOLDER": os.path.join(self.folder, "previews"),
            "TMP_DIR": os.path.join(self.folder, "tmp"), "INDEXER_KEY": "", "ENABLE_JOB_QUEUE": "false",
            "MAIL_CHECK_DELIVERABILITY": "false"})
        return env

    def _zou(self, *args):
        python = zou_python()
        zou = os.path.join(os.path.dirname(python), "zou")
        proc = subprocess.Popen([zou] + list(args), env=self.env, cwd=self.folder,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = proc.communicate()[0].decode("utf-8", "replace")
        if proc.returncode != 0:
            raise RuntimeError("zou %s failed:\n%s" % (args[0], out[-2000:]))
        return out

    def start(self):
        import psycopg2
        self.database = "zou_" + uuid.uuid4().hex[:12]
        conn = psycopg2.connect(host="127.0.0.1", port=self.postgres.port, user="reelkit",
                                password=self.postgres.password, dbname="postgres")
        conn.autocommit = True
        conn.cursor().execute("CREATE DATABASE %s" % self.database)
        conn.close()
        redis = shutil.which("redis-server") if hasattr(shutil, "which") else None
        redis = redis or "/usr/bin/redis-server"
        if not os.path.isfile(redis):
            raise RuntimeError("redis-server not found (apt-get install redis-server)")
        self.redis_port = _free_port()
        self.procs.append(subprocess.Popen(
            [redis, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=io.open(os.path.join(self.folder, "redis.log"), "wb"),
            stderr=subprocess.STDOUT))
        self.env = self._env()
        self._zou("init-db")
        self._zou("init-data")
        self._zou("create-admin", ADMIN, "--password", self.password)
        port = _free_port()
        gunicorn = os.path.join(os.path.dirname(zou_python()), "gunicorn")
        self.log = os.path.join(self.folder, "gunicorn.log")
        self.procs.append(subprocess.Popen(
            [gunicorn, "-b", "127.0.0.1:%d" % port, "-w", "3", "--timeout", "120",
             "zou.app:app"], env=self.env, cwd=self.folder,
            stdout=io.open(self.log, "wb"), stderr=subprocess.STDOUT))
        self.url = "http://127.0.0.1:%d" % port
        self._wait()
        return self

    def _wait(self, seconds=60):
        from six.moves.urllib.request import urlopen
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.procs[-1].poll() is not None:
                raise RuntimeError("zou exited:\n" + self.server_log())
            try:
                urlopen(self.url + "/", timeout=2).read()
                return
            except Exception as exc:
                code = getattr(exc, "code", None)
                if code is not None:  # any HTTP answer: the app is serving
                    return
                time.sleep(0.3)
        raise RuntimeError("zou did not answer within %d s:\n%s" % (seconds, self.server_log()))

    def server_log(self):
        try:
            with io.open(self.log, encoding="utf-8", errors="replace") as handle:
                return handle.read()[-3000:]
        except (IOError, OSError, AttributeError):
            return ""

    def stop(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10) if sys.version_info[0] > 2 else proc.wait()
                except Exception:
                    proc.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
