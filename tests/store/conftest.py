"""Fixtures of the store suite: every store test runs on SQLite *and* PostgreSQL.

A private PostgreSQL server is started once per test session: ``initdb`` into a
temporary folder, ``pg_ctl start`` on 127.0.0.1 with a free port and a socket
folder of its own, a password (scram) for TCP connections, stopped at the end.
As root, the server runs as the ``postgres`` user (or ``nobody``), since
PostgreSQL refuses to run as root. If it cannot start, the tests fail saying why.
"""

import glob
import io
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid

import pytest

PASSWORD_ENV = "REELKIT_TEST_PG_PASSWORD"


def _pg_bindir():
    """The folder holding initdb and pg_ctl: PATH first, then Debian's layout."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        initdb = os.path.join(folder, "initdb")
        if os.path.isfile(initdb):
            real = os.path.dirname(os.path.realpath(initdb))
            if os.path.isfile(os.path.join(real, "pg_ctl")):
                return real
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: [int(x) if x.isdigit() else 0 for x in p.split("/")])
    for initdb in reversed(found):
        return os.path.dirname(initdb)
    return None


def _server_user():
    """(uid, gid, name) to run the server as: ourselves, unless we are root."""
    if os.geteuid() != 0:
        return None
    import pwd
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid, name
    raise RuntimeError("running as root and neither a 'postgres' nor a 'nobody' user exists")


def _free_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def _run(args, user, log):
    def demote():
        if user:
            os.setgid(user[1])
            os.setuid(user[0])
    env = dict(os.environ, LC_ALL="C", LANG="C")
    if user:
        env["HOME"] = "/tmp"
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            preexec_fn=demote, env=env, cwd="/")
    out = proc.communicate()[0].decode("utf-8", "replace")
    log.append("$ %s\n%s" % (" ".join(args), out))
    if proc.returncode != 0:
        raise RuntimeError("%s exited with %d" % (os.path.basename(args[0]), proc.returncode))


class PostgresServer(object):
    """A throw-away PostgreSQL cluster in a temporary folder."""

    def __init__(self):
        self.log = []
        self.folder = None
        self.started = False

    def start(self):
        bindir = _pg_bindir()
        if not bindir:
            raise RuntimeError("initdb/pg_ctl not found on PATH nor in /usr/lib/postgresql/*/bin "
                               "(install PostgreSQL: apt-get install postgresql)")
        self.bindir = bindir
        self.user = _server_user()
        self.folder = tempfile.mkdtemp(prefix="reelkit-pg-")
        self.data = os.path.join(self.folder, "data")
        self.sockets = os.path.join(self.folder, "sock")
        os.mkdir(self.sockets)
        self.password = uuid.uuid4().hex
        pwfile = os.path.join(self.folder, "pw")
        with io.open(pwfile, "w", encoding="utf-8") as handle:
            handle.write(u"%s\n" % self.password)
        if self.user:
            for path in (self.folder, self.sockets, pwfile):
                os.chown(path, self.user[0], self.user[1])
        self.port = _free_port()
        _run([os.path.join(bindir, "initdb"), "-D", self.data, "-U", "reelkit",
              "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256",
              "-E", "UTF8", "--locale=C", "--no-sync"], self.user, self.log)
        options = ("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=120"
                   % (self.port, self.sockets))
        _run([os.path.join(bindir, "pg_ctl"), "-D", self.data, "-l",
              os.path.join(self.folder, "server.log"), "-o", options, "-w", "-t", "60", "start"],
             self.user, self.log)
        self.started = True
        os.environ[PASSWORD_ENV] = self.password
        import psycopg2
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="reelkit",
                                password=self.password, dbname="postgres")
        conn.autocommit = True
        conn.cursor().execute("CREATE DATABASE reelkit_test")
        conn.close()

    def settings(self, schema=None):
        result = {"backend": "postgres", "host": "127.0.0.1", "port": self.port,
                  "dbname": "reelkit_test", "user": "reelkit", "password_env": PASSWORD_ENV}
        if schema:
            result["schema"] = schema
        return result

    def server_log(self):
        path = os.path.join(self.folder or "", "server.log")
        text = ""
        if self.folder and os.path.isfile(path):
            with io.open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()[-3000:]
        return "\n".join(self.log)[-3000:] + "\n--- server.log ---\n" + text

    def stop(self):
        if self.started:
            try:
                _run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "fast",
                      "-w", "stop"], self.user, self.log)
            except Exception:
                self._kill()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _kill(self):
        pidfile = os.path.join(self.data, "postmaster.pid")
        if os.path.isfile(pidfile):
            with io.open(pidfile, encoding="utf-8") as handle:
                pid = int(handle.readline().strip())
            os.kill(pid, signal.SIGQUIT)


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer()
    try:
        server.start()
    except Exception as exc:
        log = server.server_log()
        server.stop()
        pytest.fail("could not start the private PostgreSQL server for the store tests: %s\n%s"
                    % (exc, log), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request):
    return request.param


@pytest.fixture
def store_settings(request, backend, tmpdir):
    """Settings of a fresh, empty store (a new file, or a new PostgreSQL schema)."""
    if backend == "sqlite":
        return {"backend": "sqlite", "path": str(tmpdir.join("db", "reelkit.sqlite"))}
    server = request.getfixturevalue("postgres_server")
    return server.settings(schema="t_" + uuid.uuid4().hex[:16])


@pytest.fixture
def roots(tmpdir):
    root = tmpdir.join("show")
    root.ensure(dir=True)
    return {"primary": str(root)}


@pytest.fixture
def store(store_settings, roots):
    from toolkit.store import ensure_project, open_store_from_settings
    opened = open_store_from_settings(store_settings, roots=roots)
    opened.project = ensure_project(opened, "demo")
    yield opened
    opened.close()


@pytest.fixture
def project(roots, store_settings):
    """The repo's default configuration (``config/``, so ``schema_dir`` is
    ``config/schema``) on the test's storage root and store.

    Its ``root`` is the config folder's parent (the repo), not the storage
    root: tests look for files under ``roots["primary"]``.
    """
    from toolkit.config.project import ProjectConfig
    here = os.path.dirname(os.path.abspath(__file__))
    config_dir = os.path.join(os.path.dirname(os.path.dirname(here)), "config")
    return ProjectConfig(config_dir, {"name": "demo"}, roots, store_settings)


@pytest.fixture
def shot(store):
    seq = store.create("Sequence", {"code": "SQ01"})
    return store.create("Shot", {"code": "SH010", "sequence": seq})


