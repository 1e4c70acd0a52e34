# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load benchmark: many users at once on Odoo's multi-process server.

Run through ``bench/run load`` (it builds and caches the data set, bench/load_data.py, on a
copy of the demo database). This script then, on this machine only:

1. starts a PostgreSQL cluster of its own (a copy of a cached cluster holding the data set,
   Unix socket only, so it neither touches nor listens beside the machine's server) and,
   with ``--replica``, a streaming replica of it (``pg_basebackup -R``);
2. gives each benchmark user an API key, then starts Odoo with ``--workers`` HTTP workers
   and no cron thread, and a second Odoo process that only runs the scheduled actions
   (``--no-http --max-cron-threads 1``), as a multi-server deployment does;
3. runs ``--clients`` concurrent clients for ``--duration`` seconds through Odoo 19's
   JSON-2 API and the portal: sales reps open complaints from their deliveries, post in the
   chatter, move stages, read the list, kanban, searches, forms and dashboard, create
   returns and refunds; quality managers read and comment; portal customers submit
   complaints and read their pages;
4. with ``--faults``, during the run: kills (``kill -9``) an HTTP worker in the middle of a
   return and another in the middle of a refund, the cron worker in the middle of the
   deadline batch and of the summary refresh, and restarts PostgreSQL once;
5. checks what was acknowledged: every complaint, message and remedy exists once, no
   reference is duplicated, no remedy is half done, no reminder or escalation was sent
   twice, the dashboard equals a direct count after the summary refresh, and the summaries
   equal a recount;
6. reports throughput, p50 / p95 / p99 latency per operation, client-visible errors,
   PostgreSQL serialization retries (from the server log, with the statements that
   conflicted) and, with ``--replica``, the reads the replica served.

Timings depend on the machine (the project's has 2 cores shared with other work); errors,
retries and the integrity checks are what must hold.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import psutil
import psycopg2
import requests
from screens import KANBAN_SPEC, LIST_SPEC

DB = "qc_load"
ME = psutil.Process().username()
OPEN = [["is_closed", "=", False]]
COUNT_LIMIT = 10001
# What the web client reads (bench/query_budget.py's specifications, and a form).
FORM_SPEC = {
    "name": {},
    "subject": {},
    "description": {},
    "stage_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "commercial_partner_id": {"fields": {"display_name": {}}},
    "severity": {},
    "kind": {},
    "category_id": {"fields": {"display_name": {}}},
    "team_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "date_received": {},
    "date_deadline": {},
    "customer_reference": {},
    "line_ids": {
        "fields": {
            "product_id": {"fields": {"display_name": {}}},
            "lot_id": {"fields": {"display_name": {}}},
            "quantity": {},
            "defect_id": {"fields": {"display_name": {}}},
        }
    },
    "deadline_ids": {"fields": {"kind": {}, "date_deadline": {}, "date_done": {}, "state": {}}},
    "picking_ids": {"fields": {"display_name": {}}},
    "invoice_ids": {"fields": {"display_name": {}}},
    "sale_order_ids": {"fields": {"display_name": {}}},
}
# The stages a rep moves a complaint through, as the kanban's drag and drop writes them.
STAGE_PATH = (
    "quality_complaint.quality_complaint_stage_acknowledged",
    "quality_complaint.quality_complaint_stage_investigating",
    "quality_complaint.quality_complaint_stage_remedy",
)
# What each role does, with the weight of each operation.
MIX = {
    "rep": {
        "create": 3,
        "message": 3,
        "stage": 3,
        "list": 3,
        "kanban": 2,
        "search": 2,
        "form": 3,
        "dashboard": 1,
        "return": 1.5,
        "refund": 1.5,
    },
    "quality": {"message": 2, "list": 3, "kanban": 3, "search": 2, "form": 3, "dashboard": 2},
    "portal": {"portal_submit": 2, "portal_list": 2, "portal_view": 2},
}
READS = ("list", "kanban", "search", "form", "dashboard", "portal_list", "portal_view")
# Retry of an idempotent call whose answer was lost (a killed worker, the database down).
RETRY_FOR = 90.0
RETRY_PAUSE = 1.0


def log(message):
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(values, fraction):
    values = sorted(values)
    if not values:
        return None
    index = min(len(values) - 1, max(0, round(fraction * (len(values) - 1))))
    return values[index]


def port_in_use(port):
    """Whether a server listens on 127.0.0.1:port (bound as Odoo binds: connections of an
    earlier run in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


# ---------------------------------------------------------------- PostgreSQL
def pg_bin():
    """The directory of the PostgreSQL server programs (initdb, pg_ctl)."""
    if os.environ.get("QC_PG_BIN"):
        return Path(os.environ["QC_PG_BIN"])
    found = shutil.which("pg_ctl")
    if found and (Path(os.path.realpath(found)).parent / "initdb").exists():
        return Path(os.path.realpath(found)).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not candidates:
        sys.exit("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    return candidates[-1].parent


class Cluster:
    """A PostgreSQL cluster of the benchmark's own: a data directory and a Unix socket
    directory under the run's directory, no TCP port. Run as the postgres user when the
    benchmark runs as root (PostgreSQL refuses root)."""

    def __init__(self, root, name, port):
        self.name = name
        self.datadir = Path(root) / name
        self.sockdir = Path(root) / f"{name}-socket"
        self.logfile = Path(root) / f"{name}.log"
        self.port = port

    @staticmethod
    def as_owner(cmd):
        if os.getuid() == 0:
            return ["runuser", "-u", "postgres", "--", *map(str, cmd)]
        return list(map(str, cmd))

    @staticmethod
    def chown(path):
        if os.getuid() == 0:
            shutil.chown(path, "postgres", "postgres")

    def run(self, *cmd, **kwargs):
        return subprocess.run(self.as_owner(cmd), check=True, **kwargs)

    def prepare_dirs(self):
        for path in (self.sockdir, self.logfile.parent):
            path.mkdir(parents=True, exist_ok=True)
        self.chown(self.sockdir)
        self.logfile.touch()
        self.chown(self.logfile)

    def initdb(self):
        self.datadir.mkdir(parents=True)
        self.chown(self.datadir)
        self.run(
            pg_bin() / "initdb",
            "-D",
            self.datadir,
            "-U",
            ME,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            stdout=subprocess.DEVNULL,
        )

    def start(self, tcp=False, **settings):
        """Started on its socket directory; ``tcp``: also on 127.0.0.1:port (the
        primary, so that the fault run maps a database session to the Odoo process that
        opened it by its client port)."""
        self.prepare_dirs()
        options = {
            "port": self.port,
            "unix_socket_directories": f"'{self.sockdir}'",
            "listen_addresses": "'127.0.0.1'" if tcp else "''",
            **settings,
        }
        opts = " ".join(f"-c {key}={value}" for key, value in options.items())
        self.run(
            pg_bin() / "pg_ctl",
            "-D",
            self.datadir,
            "-l",
            self.logfile,
            "-w",
            "-t",
            "300",
            "-o",
            opts,
            "start",
            stdout=subprocess.DEVNULL,
        )

    def stop(self, mode="fast"):
        if (self.datadir / "postmaster.pid").exists():
            subprocess.run(
                self.as_owner([pg_bin() / "pg_ctl", "-D", self.datadir, "-m", mode, "-w", "stop"]),
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def restart(self):
        self.run(
            pg_bin() / "pg_ctl",
            "-D",
            self.datadir,
            "-l",
            self.logfile,
            "-m",
            "fast",
            "-w",
            "-t",
            "300",
            "restart",
            stdout=subprocess.DEVNULL,
        )

    def dsn(self, dbname=DB):
        return {"host": str(self.sockdir), "port": self.port, "dbname": dbname, "user": ME}

    def connect(self, dbname=DB, autocommit=True):
        conn = psycopg2.connect(**self.dsn(dbname))
        conn.autocommit = autocommit
        return conn

    def query(self, sql, params=None, dbname=DB):
        conn = self.connect(dbname)
        try:
            with conn.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall() if cr.description else None
        finally:
            conn.close()

    def ready(self):
        try:
            self.query("SELECT 1", dbname="postgres")
            return True
        except psycopg2.OperationalError:
            return False


def seed_cluster(cache, template, port):
    """The cached data directory of a cluster holding the data set as database ``DB``:
    made once per template (dump of the template restored into a fresh cluster)."""
    seed = Path(cache) / f"load-pgdata-{template}"
    if (seed / "PG_VERSION").exists() and (seed.parent / f"{seed.name}.ok").exists():
        return seed
    for old in Path(cache).glob("load-pgdata-*"):
        shutil.rmtree(old, ignore_errors=True)
        if old.suffix == ".ok":
            old.unlink(missing_ok=True)
    log(f"building the benchmark's PostgreSQL cluster from {template} (once)")
    work = Path(tempfile.mkdtemp(prefix="qc-load-seed-"))
    os.chmod(work, 0o755)
    cluster = Cluster(work, "pgdata", port)
    try:
        cluster.initdb()
        cluster.start()
        cluster.query(
            f"CREATE DATABASE {DB} TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'",
            dbname="postgres",
        )
        dump = subprocess.Popen(["pg_dump", "-Fc", "-d", template], stdout=subprocess.PIPE)
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--no-acl",
                "-h",
                cluster.sockdir,
                "-p",
                str(port),
                "-U",
                ME,
                "-d",
                DB,
            ],
            stdin=dump.stdout,
            check=True,
        )
        if dump.wait():
            sys.exit("pg_dump of the template failed")
        cluster.query("VACUUM ANALYZE")
        cluster.stop()
        shutil.move(cluster.datadir, seed)
        Path(f"{seed}.ok").touch()
    finally:
        cluster.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)
    return seed


# ---------------------------------------------------------------- Odoo
class Servers:
    """The HTTP server (prefork, ``workers`` processes) and the cron server, with their
    logs."""

    def __init__(self, args, run_dir, primary, replica):
        self.args = args
        self.run_dir = Path(run_dir)
        self.port = args.http_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.http_log = self.run_dir / "odoo-http.log"
        self.cron_log = self.run_dir / "odoo-cron.log"
        self.conf = self.run_dir / "odoo.conf"
        lines = [
            "[options]",
            f"addons_path = {args.addons_path}",
            f"data_dir = {self.run_dir / 'data'}",
            # Over TCP: the fault run finds the Odoo process of a database session by its
            # client port (the application name carries the pid of the master, which
            # loaded the registry before forking its workers).
            "db_host = 127.0.0.1",
            f"db_port = {primary.port}",
            f"db_user = {ME}",
            f"db_name = {DB}",
            f"dbfilter = ^{DB}$",
            "list_db = False",
            "http_interface = 127.0.0.1",
            f"http_port = {self.port}",
            f"gevent_port = {self.port + 1}",
            "limit_time_real = 600",
            "limit_time_cpu = 300",
            "limit_time_real_cron = 600",
            "limit_memory_soft = 4294967296",
            "limit_memory_hard = 6442450944",
        ]
        if replica:
            lines += [f"db_replica_host = {replica.sockdir}", f"db_replica_port = {replica.port}"]
        self.conf.write_text("\n".join(lines) + "\n")
        self.http = self.cron = None
        self.restarts = []
        self.stopping = threading.Event()
        self.supervisor = threading.Thread(target=self.supervise, name="supervisor", daemon=True)

    def odoo(self, *extra, logfile):
        cmd = [
            self.args.python,
            str(Path(self.args.odoo_dir) / "odoo-bin"),
            "-c",
            str(self.conf),
            f"--logfile={logfile}",
            "--log-level=warn",
            # The access log (with the cursor each request used: ro = the replica) and the
            # serialization retries of odoo/service/model.py's retrying().
            "--log-handler=werkzeug:INFO",
            "--log-handler=odoo.service.model:INFO",
            *extra,
        ]
        # PGHOST and the like would win over the configuration file's db_host.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        with open(f"{logfile}.out", "ab") as out:
            return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)

    def start_http(self):
        return self.odoo(
            f"--workers={self.args.workers}", "--max-cron-threads=0", logfile=self.http_log
        )

    def start_cron(self):
        return self.odoo(
            "--no-http",
            "--workers=1",
            "--max-cron-threads=1",
            logfile=self.cron_log,
        )

    def start(self):
        self.http = self.start_http()
        self.wait_http()
        self.warm_up()
        self.cron = self.start_cron()
        # The cron worker is up when it listens for triggers.
        deadline = time.monotonic() + 120
        while not self.cron_worker() and time.monotonic() < deadline:
            time.sleep(0.5)
        self.supervisor.start()

    def supervise(self):
        """Restart a server that exits, as systemd's Restart=always (or any process
        supervisor) does in production."""
        while not self.stopping.wait(1.0):
            for name in ("http", "cron"):
                proc = getattr(self, name)
                if proc.poll() is None:
                    continue
                self.restarts.append({"at": time.time(), "server": name, "exit": proc.returncode})
                log(f"the {name} server exited ({proc.returncode}): restarted by the supervisor")
                setattr(self, name, self.start_http() if name == "http" else self.start_cron())

    def warm_up(self):
        """A few requests at once, so that every worker has loaded the registry before
        the clients' time starts."""

        def hit():
            try:
                requests.get(f"{self.url}/web/login", timeout=300)
            except requests.RequestException:
                pass

        threads = [threading.Thread(target=hit) for _ in range(3 * self.args.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def wait_http(self, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.http.poll() is not None:
                for path in (self.http_log, Path(f"{self.http_log}.out")):
                    if path.exists():
                        print("\n".join(path.read_text(errors="replace").splitlines()[-30:]))
                sys.exit("the Odoo server stopped at start")
            try:
                if requests.get(f"{self.url}/web/health", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        sys.exit(f"the Odoo server did not answer; see {self.http_log}")

    @staticmethod
    def children(master):
        try:
            return psutil.Process(master.pid).children()
        except psutil.NoSuchProcess:
            return []

    def http_workers(self):
        return [p.pid for p in self.children(self.http) if "gevent" not in " ".join(p.cmdline())]

    def cron_worker(self):
        workers = [p.pid for p in self.children(self.cron)]
        return workers[0] if workers else None

    def pid_of_port(self, port):
        """The Odoo process whose TCP connection to PostgreSQL has this local port."""
        for master in (self.http, self.cron):
            for proc in [psutil.Process(master.pid), *self.children(master)]:
                try:
                    if any(c.laddr and c.laddr.port == port for c in proc.connections("tcp")):
                        return proc.pid
                except psutil.NoSuchProcess:
                    continue
        return None

    def cron_processes(self):
        """The cron server's processes (master and worker)."""
        return [self.cron.pid, *[p.pid for p in self.children(self.cron)]]

    def stop(self):
        self.stopping.set()
        if self.supervisor.is_alive():
            self.supervisor.join()
        for proc in (self.cron, self.http):
            if proc and proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in (self.cron, self.http):
            if not proc:
                continue
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                for child in self.children(proc):
                    child.kill()
                proc.kill()
                proc.wait()


def prepare_database(args, run_dir, primary):
    """In the run's copy: an API key per benchmark user (they expire, so they are made per
    run), and, for the fault run, small batches of the scheduled actions so that a run is
    killed between two of its commits. Returns the benchmark's data (users, deliveries)."""
    sys.path.insert(0, str(args.odoo_dir))
    import odoo
    from odoo.api import SUPERUSER_ID, Environment
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [
            f"--addons-path={args.addons_path}",
            f"--data-dir={Path(run_dir) / 'data'}",
            f"--db_host={primary.sockdir}",
            f"--db_port={primary.port}",
            f"--db_user={ME}",
            "--no-http",
            "--log-level=warn",
        ]
    )
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {})
        data = json.loads(env["ir.config_parameter"].get_param("bench.load.data"))
        users = env["res.users"].search([("login", "in", data["users"] + ["admin"])])
        expiry = datetime.now() + timedelta(days=1)
        data["keys"] = {
            user.login: env["res.users.apikeys"]
            .with_user(user)
            ._generate("rpc", "load benchmark", expiry)
            for user in users
        }
        data["stages"] = [env.ref(xmlid).id for xmlid in STAGE_PATH]
        data["crons"] = {
            "deadlines": env.ref("quality_complaint.ir_cron_quality_complaint_deadlines").id,
            "summary": env.ref("quality_complaint.ir_cron_quality_complaint_summary").id,
        }
        if args.faults:
            env.ref(
                "quality_complaint.ir_cron_quality_complaint_deadlines"
            ).code = "model._cron_process_deadlines(batch_size=50)"
            env.ref(
                "quality_complaint.ir_cron_quality_complaint_summary"
            ).code = "model._cron_refresh(batch_size=1)"
        # The scheduled actions run when the benchmark triggers them (and the others at
        # their usual times), not all at once when the cron server starts.
        cr.execute(
            "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') + interval '1 hour' "
            "WHERE id = ANY(%s)",
            [list(data["crons"].values())],
        )
    odoo.sql_db.close_all()
    return data


# ---------------------------------------------------------------- clients
class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body if isinstance(body, dict) else {"message": str(body)[:300]}

    @property
    def name(self):
        return self.body.get("name") or f"HTTP {self.status}"

    @property
    def retryable(self):
        """The server could not answer (the database down: an error, the API key not
        checked, no database found to route to: an HTML 404), not a refusal of the call
        itself (422, 403, a JSON 404)."""
        return (
            self.status >= 500
            or self.status == 401
            or (self.status == 404 and "name" not in self.body)
        )


LOST = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


class Client(threading.Thread):
    """One user at work: a JSON-2 API key (reps, quality managers) or a portal session."""

    def __init__(self, bench, index, role, login):
        super().__init__(name=f"client-{index:02d}", daemon=True)
        self.bench = bench
        self.index = index
        self.role = role
        self.login = login
        self.rng = random.Random(index)
        self.http = requests.Session()
        self.seq = 0
        self.complaints = []  # dicts: id, step, returned, refunded, fresh (own delivery)
        self.ops = []  # (op, start, end, ok)
        self.errors = []  # dicts
        self.lost = []  # calls whose answer was lost, and what became of them
        self.acks = defaultdict(dict)
        weights = MIX[role]
        self.op_names = list(weights)
        self.op_weights = list(weights.values())
        if role == "portal":
            self.csrf = None
        else:
            self.http.headers["Authorization"] = f"Bearer {bench.data['keys'][login]}"

    # ------------------------------------------------------------ transport
    def token(self, kind):
        self.seq += 1
        return f"{kind}{self.index:02d}-{self.seq:05d}"

    def call(self, model, method, **params):
        response = self.http.post(
            f"{self.bench.url}/json/2/{model}/{method}", json=params, timeout=(10, 300)
        )
        if response.status_code != 200:
            try:
                body = response.json()
            except ValueError:
                body = response.text
            raise ApiError(response.status_code, body)
        return response.json()

    def retry(self, what, func, done_if=None):
        """``func()`` until it answers: the call is idempotent (a wizard confirmed again
        refuses, a search finds what the lost call did). ``done_if(error)``: an error that
        means the first call had done it."""
        deadline = time.monotonic() + RETRY_FOR
        while True:
            try:
                return func()
            except ApiError as error:
                if done_if and done_if(error):
                    return None
                if not error.retryable or time.monotonic() > deadline:
                    raise
            except LOST:
                if time.monotonic() > deadline:
                    raise
            self.lost[-1]["retries"] = self.lost[-1].get("retries", 0) + 1
            time.sleep(RETRY_PAUSE)

    # ------------------------------------------------------------ loop
    def run(self):
        if self.role == "portal":
            self.portal_login()
        while not self.bench.stopping.is_set():
            op = self.rng.choices(self.op_names, self.op_weights)[0]
            start = time.time()
            try:
                getattr(self, f"op_{op}")()
            except (ApiError, *LOST) as error:
                # The operation done: another one when this one had nothing to work on.
                op = self.current
                end = time.time()
                self.errors.append(
                    {
                        "op": op,
                        "start": start,
                        "end": end,
                        "error": (
                            error.name if isinstance(error, ApiError) else type(error).__name__
                        ),
                        "message": (
                            error.body.get("message", "")[:300]
                            if isinstance(error, ApiError)
                            else str(error)[:300]
                        ),
                    }
                )
                self.ops.append((op, start, end, False))
                time.sleep(0.2)
                continue
            self.ops.append((self.current, start, time.time(), True))

    # ------------------------------------------------------------ reps and managers
    def my_complaint(self, predicate=lambda c: True):
        candidates = [c for c in self.complaints if predicate(c)]
        return self.rng.choice(candidates) if candidates else None

    def op_create(self):
        self.current = "create"
        delivery = self.bench.take_delivery(self.login)
        token = self.token("L")
        vals = {
            "subject": f"{token} LED drivers flicker after an hour",
            "customer_reference": token,
            "severity": self.rng.choice(("minor", "general", "general", "major")),
        }
        picking = delivery or self.bench.used_delivery(self.login, self.rng)
        try:
            [complaint_id] = self.call(
                "stock.picking", "create_complaint", ids=[picking], vals=vals
            )
        except (ApiError, *LOST) as error:
            if isinstance(error, ApiError) and not error.retryable:
                raise
            # The answer was lost: the customer's reference tells whether it was created.
            self.lost.append({"op": "create", "token": token, "error": repr(error)[:200]})
            found = self.retry(
                "create",
                lambda: self.call(
                    "quality.complaint",
                    "search",
                    domain=[["customer_reference", "=", token]],
                    context={"active_test": False},
                ),
            )
            self.lost[-1]["found"] = len(found)
            if not found:
                raise
            [complaint_id] = found
            self.acks["recovered"][token] = complaint_id
        self.acks["create"][token] = complaint_id
        self.complaints.append(
            {
                "id": complaint_id,
                "step": 0,
                "returned": False,
                "refunded": False,
                "fresh": bool(delivery),
            }
        )
        return True

    def op_message(self):
        self.current = "message"
        complaint = self.my_complaint() if self.role == "rep" else None
        complaint_id = complaint["id"] if complaint else self.bench.any_complaint(self.rng)
        if not complaint_id:
            return self.op_create() if self.role == "rep" else self.op_list()
        token = self.token("M")
        [message_id] = self.call(
            "quality.complaint",
            "message_post",
            ids=[complaint_id],
            body=f"{token} The customer called again: 3 more drivers failed.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.acks["message"][token] = message_id
        return True

    def op_stage(self):
        self.current = "stage"
        complaint = self.my_complaint(lambda c: c["step"] < len(STAGE_PATH))
        if not complaint:
            return self.op_create()
        stage_id = self.bench.data["stages"][complaint["step"]]
        try:
            self.call(
                "quality.complaint", "write", ids=[complaint["id"]], vals={"stage_id": stage_id}
            )
        except (ApiError, *LOST):
            # Where it is now is unknown: not moved again, not checked.
            complaint["step"] = len(STAGE_PATH) + 1
            raise
        complaint["step"] += 1
        self.acks["stage"][complaint["id"]] = stage_id
        return True

    def op_list(self):
        self.current = "list"
        self.call(
            "quality.complaint",
            "web_search_read",
            domain=OPEN,
            specification=LIST_SPEC,
            limit=80,
            count_limit=COUNT_LIMIT,
        )
        return True

    def op_kanban(self):
        self.current = "kanban"
        self.call(
            "quality.complaint",
            "web_read_group",
            domain=OPEN,
            groupby=["stage_id"],
            aggregates=["__count"],
            auto_unfold=True,
            unfold_read_specification=KANBAN_SPEC,
            unfold_read_default_limit=80,
            context={"read_group_expand": True},
        )
        self.call(
            "quality.complaint",
            "read_progress_bar",
            domain=OPEN,
            group_by="stage_id",
            progress_bar={
                "field": "severity",
                "colors": {"major": "danger", "general": "warning"},
            },
        )
        return True

    def op_search(self):
        self.current = "search"
        if self.rng.random() < 0.5:
            customer = self.rng.choice(self.bench.data["customers"])
            domain = [*OPEN, ["partner_id", "child_of", customer]]
        else:
            reference = f"L{self.rng.randrange(self.bench.args.clients):02d}-"
            domain = [*OPEN, "|", ["name", "ilike", reference], ["subject", "ilike", reference]]
        self.call(
            "quality.complaint",
            "web_search_read",
            domain=domain,
            specification=LIST_SPEC,
            limit=80,
            count_limit=COUNT_LIMIT,
        )
        return True

    def op_form(self):
        self.current = "form"
        complaint = self.my_complaint()
        complaint_id = complaint["id"] if complaint else self.bench.any_complaint(self.rng)
        if not complaint_id:
            return self.op_list()
        self.call("quality.complaint", "web_read", ids=[complaint_id], specification=FORM_SPEC)
        return True

    def op_dashboard(self):
        self.current = "dashboard"
        self.call("quality.complaint.dashboard", "get_dashboard_data")
        return True

    def remedy(self, kind, model):
        self.current = kind
        flag = "returned" if kind == "return" else "refunded"
        complaint = self.my_complaint(lambda c: c["fresh"] and not c[flag])
        if not complaint:
            return self.op_create()
        complaint[flag] = True
        [wizard_id] = self.retry_create(model, complaint["id"])
        try:
            action = self.call(model, "action_confirm", ids=[wizard_id])
        except (ApiError, *LOST) as error:
            if isinstance(error, ApiError) and not error.retryable:
                raise
            # Confirmed again: the wizard refuses a second submission, so a retry either
            # makes the document or finds that the lost call made it.
            self.lost.append(
                {
                    "op": kind,
                    "wizard": wizard_id,
                    "complaint": complaint["id"],
                    "error": repr(error)[:200],
                }
            )
            try:
                action = self.retry(
                    kind,
                    lambda: self.call(model, "action_confirm", ids=[wizard_id]),
                    done_if=lambda e: "already submitted" in e.body.get("message", ""),
                )
            except (ApiError, *LOST) as failure:
                self.lost[-1]["outcome"] = f"failed: {failure!r}"[:300]
                raise
            self.lost[-1]["outcome"] = "made by the retry" if action else "made by the lost call"
        self.acks[kind][complaint["id"]] = {
            "wizard": wizard_id,
            "document": action["res_id"] if action else None,
        }
        return True

    def retry_create(self, model, complaint_id):
        """A wizard: a lost creation leaves at most an unused draft; create another."""
        try:
            return self.call(model, "create", vals_list=[{"complaint_id": complaint_id}])
        except (ApiError, *LOST) as error:
            if isinstance(error, ApiError) and not error.retryable:
                raise
            self.lost.append({"op": f"{model}.create", "error": repr(error)[:200]})
            return self.retry(
                "wizard",
                lambda: self.call(model, "create", vals_list=[{"complaint_id": complaint_id}]),
            )

    def op_return(self):
        self.current = "return"
        return self.remedy("return", "quality.complaint.return.wizard")

    def op_refund(self):
        self.current = "refund"
        return self.remedy("refund", "quality.complaint.refund.wizard")

    # ------------------------------------------------------------ portal customers
    def portal_login(self):
        response = self.http.post(
            f"{self.bench.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": DB, "login": self.login, "password": self.login},
            },
            timeout=60,
        )
        response.raise_for_status()
        if response.json().get("error"):
            raise RuntimeError(f"portal login of {self.login}: {response.json()['error']}")

    def portal_get(self, path):
        response = self.http.get(
            f"{self.bench.url}{path}", timeout=(10, 300), allow_redirects=False
        )
        if response.status_code != 200:
            raise ApiError(response.status_code, response.text[:300])
        return response.text

    def op_portal_submit(self):
        self.current = "portal_submit"
        page = self.portal_get("/my/complaints/new")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        documents = re.findall(r'value="(picking-\d+)"', page)
        token = self.token("P")
        response = self.http.post(
            f"{self.bench.url}/my/complaints/new",
            data={
                "csrf_token": csrf,
                "document": self.rng.choice(documents),
                "subject": f"{token} Housing cracked on arrival",
                "description": f"{token} Two housings of the last delivery are cracked.",
            },
            timeout=(10, 300),
            allow_redirects=False,
        )
        location = response.headers.get("Location", "")
        found = re.search(r"/my/complaints/(\d+)", location)
        if response.status_code not in (302, 303) or not found:
            error = re.search(r"alert-danger[^>]*>\s*([^<]+)", response.text or "")
            raise ApiError(response.status_code, error.group(1) if error else response.text)
        self.acks["portal"][token] = int(found.group(1))
        self.complaints.append({"id": int(found.group(1))})
        return True

    def op_portal_list(self):
        self.current = "portal_list"
        self.portal_get("/my/complaints")
        return True

    def op_portal_view(self):
        self.current = "portal_view"
        complaint = self.my_complaint()
        if not complaint:
            return self.op_portal_submit()
        self.portal_get(f"/my/complaints/{complaint['id']}")
        return True


# ---------------------------------------------------------------- faults
class Faults(threading.Thread):
    """The fault plan of ``--faults``, run beside the clients."""

    def __init__(self, bench):
        super().__init__(name="faults", daemon=True)
        self.bench = bench
        self.events = []
        self.outage = None  # (down since, up again)
        self.failed = None

    def note(self, what, **details):
        self.events.append({"at": time.time(), "what": what, **details})
        log(f"fault: {what} {details if details else ''}")

    def run(self):
        bench = self.bench
        duration = bench.args.duration
        plan = (
            # Only returns write pickings; a refund inserts its credit note (a return updates
            # the invoice's delivery date).
            (0.10, self.kill_worker_mid, ("stock_picking", "return", "")),
            (0.25, self.kill_worker_mid, ("account_move", "refund", 'INSERT INTO "account_move"')),
            (0.35, self.kill_cron_mid_deadlines, ()),
            (0.55, self.kill_cron_mid_summary, ()),
            (0.75, self.restart_postgres, ()),
        )
        try:
            for fraction, step, args in plan:
                wait = bench.started + fraction * duration - time.time()
                if wait > 0:
                    time.sleep(wait)
                step(*args)
        except Exception as error:
            self.failed = repr(error)
            log(f"fault plan failed: {error!r}")

    # ------------------------------------------------------------ helpers
    def waiting_backend(self, table, statement):
        """The Odoo process (pid) whose query on ``table`` waits for the benchmark's lock:
        the process holding the session's TCP connection."""
        rows = self.bench.primary.query(
            """SELECT a.client_port, a.query
                 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE NOT l.granted AND l.relation = %s::regclass AND a.datname = %s
                  AND a.application_name LIKE 'odoo-%%'""",
            [table, DB],
        )
        for port, query in rows:
            if port and statement.lower() in query.lower():
                pid = self.bench.servers.pid_of_port(port)
                if pid:
                    return pid, query
        return None

    def kill_while_locked(self, table, mode, statement, pids, timeout=60, victim=None):
        """Lock ``table``, wait until one of ``pids()`` waits for it in ``statement`` (the
        middle of its transaction), kill it (SIGKILL; ``victim()``: the process to kill
        instead), then release the lock. Returns what was killed, or None."""
        conn = self.bench.primary.connect(autocommit=False)
        try:
            with conn.cursor() as cr:
                cr.execute("SET lock_timeout = '20s'")
                cr.execute(f"LOCK TABLE {table} IN {mode} MODE")
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    found = self.waiting_backend(table, statement)
                    if found and found[0] in pids():
                        pid, query = found
                        pid = victim() if victim else pid
                        os.kill(pid, signal.SIGKILL)
                        return {"pid": pid, "query": " ".join(query.split())[:120]}
                    time.sleep(0.05)
                return None
        finally:
            conn.rollback()
            conn.close()

    def trigger(self, cron_id):
        """Run a scheduled action now, as ir.cron._trigger() does: a trigger row (the job's
        row is locked while it runs; a trigger is consumed by the next run), then a wake-up
        of the cron worker."""
        self.bench.primary.query(
            "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES (%s, now() AT TIME ZONE 'UTC')",
            [cron_id],
        )
        self.wake()

    def wake(self):
        """NOTIFY the cron workers, which listen in the 'postgres' database."""
        self.bench.primary.query("NOTIFY cron_trigger, %s", [DB], dbname="postgres")

    def wait_for(self, condition, timeout, nudge=None):
        deadline = time.monotonic() + timeout
        last = 0
        while time.monotonic() < deadline:
            try:
                if condition():
                    return True
            except psycopg2.OperationalError:
                pass
            if nudge and time.monotonic() - last > 5:
                last = time.monotonic()
                try:
                    nudge()
                except psycopg2.OperationalError:
                    pass
            time.sleep(0.2)
        return False

    # ------------------------------------------------------------ the faults
    def kill_worker_mid(self, table, remedy, statement):
        """An HTTP worker killed while it writes a remedy's document."""
        for _attempt in range(8):
            killed = self.kill_while_locked(
                table,
                "SHARE ROW EXCLUSIVE",
                statement,
                self.bench.servers.http_workers,
                timeout=8,
            )
            if killed:
                self.note(f"HTTP worker killed in the middle of a {remedy}", **killed)
                return
        self.note(f"no {remedy} in progress to kill a worker in")

    def kill_cron_mid_deadlines(self):
        """The backlog's deadlines made due (half in the reminder window, half missed), the
        deadline action triggered, its worker killed after its first batches, in the middle
        of a batch (creating the batch's activities); then it resumes."""
        bench = self.bench
        backlog = bench.data["backlog"]
        bench.primary.query(
            """UPDATE quality_complaint_deadline
                  SET date_deadline = (now() AT TIME ZONE 'UTC')
                      + CASE WHEN complaint_id %% 2 = 0 THEN interval '1 hour'
                             ELSE interval '-2 hours' END
                WHERE complaint_id = ANY(%s) AND date_done IS NULL AND active""",
            [backlog],
        )
        [(due,)] = bench.primary.query(
            """SELECT COUNT(*) FROM quality_complaint_deadline
                WHERE complaint_id = ANY(%s) AND date_done IS NULL AND active""",
            [backlog],
        )
        cron = bench.data["crons"]["deadlines"]
        self.trigger(cron)

        def processed():
            return bench.primary.query(
                """SELECT COUNT(*) FROM quality_complaint_deadline
                    WHERE complaint_id = ANY(%s)
                      AND (date_reminded IS NOT NULL OR date_escalated IS NOT NULL)""",
                [backlog],
            )[0][0]

        # Some batches committed first, so that the kill falls between two commits.
        self.wait_for(lambda: processed() >= min(100, due // 4), 120, nudge=self.wake)
        before = processed()
        killed = self.kill_while_locked(
            "mail_activity",
            "SHARE",
            "",
            bench.servers.cron_processes,
            victim=bench.servers.cron_worker,
        )
        self.note(
            "cron worker killed in the middle of the deadline batch",
            due=due,
            processed_before_kill=before,
            **(killed or {"killed": None}),
        )

        def finished():
            [(left,)] = bench.primary.query(
                """SELECT COUNT(*) FROM quality_complaint_deadline d
                     JOIN quality_complaint c ON c.id = d.complaint_id
                    WHERE d.complaint_id = ANY(%s) AND d.date_done IS NULL AND d.active
                      AND NOT c.is_closed
                      AND ((d.date_deadline < now() AT TIME ZONE 'UTC'
                            AND d.date_escalated IS NULL)
                           OR (d.date_deadline >= now() AT TIME ZONE 'UTC'
                               AND d.date_reminded IS NULL))""",
                [backlog],
            )
            return left == 0 and not self.cron_running(cron)

        resumed = self.wait_for(finished, 300, nudge=self.wake)
        self.note("deadline action resumed and finished", finished=resumed, processed=processed())

    def cron_running(self, cron_id):
        """The job's row is locked while a cron worker runs it."""
        conn = self.bench.primary.connect(autocommit=False)
        try:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED",
                    [cron_id],
                )
                return not cr.fetchall()
        finally:
            conn.rollback()
            conn.close()

    def kill_cron_mid_summary(self):
        """Every bucket of the summary marked changed (as after an upgrade), the refresh
        triggered in batches of 1, its worker killed after its first batches, in the middle
        of one (change rows consumed, the summary rows being replaced); then it resumes."""
        bench = self.bench
        bench.primary.query(
            """INSERT INTO quality_complaint_summary_change
                      (company_id, team_id, category_id, day)
               SELECT DISTINCT company_id, team_id, category_id,
                      DATE_TRUNC('day', date_received)::date
                 FROM quality_complaint"""
        )
        cron = bench.data["crons"]["summary"]

        def buckets():
            return bench.primary.query(
                """SELECT COUNT(*) FROM (SELECT DISTINCT company_id, team_id, category_id,
                          day FROM quality_complaint_summary_change) b"""
            )[0][0]

        total = buckets()
        self.trigger(cron)
        self.wait_for(lambda: buckets() <= total - 3, 120, nudge=self.wake)
        before = buckets()
        killed = self.kill_while_locked(
            "quality_complaint_summary",
            "SHARE",
            "",
            bench.servers.cron_processes,
            victim=bench.servers.cron_worker,
        )
        self.note(
            "cron worker killed in the middle of the summary refresh",
            buckets=total,
            left_before_kill=before,
            **(killed or {"killed": None}),
        )
        resumed = self.wait_for(
            lambda: not self.cron_running(cron) and buckets() < before,
            300,
            nudge=self.wake,
        )
        self.note("summary refresh resumed", resumed=resumed, buckets_left=buckets())

    def restart_postgres(self):
        """PostgreSQL restarted (fast shutdown: sessions cut, transactions rolled back)."""
        down = time.time()
        self.note("PostgreSQL restart begins")
        self.bench.primary.restart()
        while not self.bench.primary.ready():
            time.sleep(0.05)
        up = time.time()
        self.outage = (down, up)
        self.note("PostgreSQL is back", down_seconds=round(up - down, 2))


# ---------------------------------------------------------------- the benchmark
class Bench:
    def __init__(self, args):
        self.args = args
        self.run_dir = Path(tempfile.mkdtemp(prefix="qc-load-"))
        os.chmod(self.run_dir, 0o755)
        self.primary = Cluster(self.run_dir, "primary", args.pg_port)
        self.replica = Cluster(self.run_dir, "replica", args.pg_port + 1) if args.replica else None
        self.servers = None
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.clients = []
        self.faults = None
        self.url = f"http://127.0.0.1:{args.http_port}"

    # ------------------------------------------------------------ set-up
    def setup(self):
        args = self.args
        for port in (args.http_port, args.http_port + 1, args.pg_port):
            if port_in_use(port):
                sys.exit(f"port {port} is in use (another run?): see --http-port, --pg-port")
        seed = seed_cluster(self.args.cache, self.args.template, self.args.pg_port)
        log(f"run directory {self.run_dir}")
        subprocess.run(["cp", "-a", str(seed), str(self.primary.datadir)], check=True)
        self.primary.start(
            tcp=True,
            # What the replica needs (the defaults of PostgreSQL 15, explicit).
            wal_level="replica",
            max_wal_senders=4,
            # A killed client's backend notices at once, not when it next writes.
            client_connection_check_interval="1s",
        )
        filestore = Path(self.args.cache) / "data" / "filestore" / self.args.template
        target = self.run_dir / "data" / "filestore" / DB
        target.parent.mkdir(parents=True)
        if filestore.is_dir():
            shutil.copytree(filestore, target)
        self.data = prepare_database(self.args, self.run_dir, self.primary)
        self.data["customers"] = [
            row[0]
            for row in self.primary.query(
                "SELECT DISTINCT partner_id FROM sale_order WHERE client_order_ref LIKE 'LOAD-%%'"
            )
        ]
        self.pools = {login: list(ids) for login, ids in self.data["deliveries"].items()}
        self.used = defaultdict(list)
        if self.replica:
            self.start_replica()
        self.servers = Servers(self.args, self.run_dir, self.primary, self.replica)
        log(f"starting Odoo: {self.args.workers} HTTP workers and a cron server")
        self.servers.start()

    def start_replica(self):
        log("streaming replica: pg_basebackup -R, then started on its own socket")
        self.replica.prepare_dirs()
        self.replica.datadir.mkdir(mode=0o700)
        Cluster.chown(self.replica.datadir)
        subprocess.run(
            Cluster.as_owner(
                [
                    "pg_basebackup",
                    "-h",
                    self.primary.sockdir,
                    "-p",
                    self.primary.port,
                    "-U",
                    ME,
                    "-D",
                    self.replica.datadir,
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                ]
            ),
            check=True,
        )
        self.replica.start(hot_standby="on", hot_standby_feedback="on")
        [(in_recovery,)] = self.replica.query("SELECT pg_is_in_recovery()")
        assert in_recovery, "the replica is not in recovery"

    def teardown(self):
        if self.servers:
            self.servers.stop()
        for cluster in (self.replica, self.primary):
            if cluster:
                cluster.stop("immediate")
        if self.args.keep:
            log(f"kept {self.run_dir}")
        else:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    # ------------------------------------------------------------ shared state
    def take_delivery(self, login):
        with self.lock:
            pool = self.pools.get(login) or []
            if not pool:
                return None
            delivery = pool.pop(0)
            self.used[login].append(delivery)
            return delivery

    def used_delivery(self, login, rng):
        with self.lock:
            return rng.choice(self.used[login] or self.data["deliveries"][login])

    def any_complaint(self, rng):
        with self.lock:
            owners = [c for c in self.clients if c.role == "rep" and c.complaints]
            if not owners:
                return None
            return rng.choice(rng.choice(owners).complaints)["id"]

    # ------------------------------------------------------------ run
    def make_clients(self):
        n = self.args.clients
        portal = max(1, round(n / 6)) if n >= 3 else 0
        quality = max(1, round(n / 6)) if n >= 3 else 0
        reps = n - portal - quality
        reps_logins = [u for u in self.data["users"] if u.startswith("load_rep")]
        quality_logins = [u for u in self.data["users"] if u.startswith("load_quality")]
        portal_logins = sorted(self.data["portal"])
        index = 0
        for role, count, logins in (
            ("rep", reps, reps_logins),
            ("quality", quality, quality_logins),
            ("portal", portal, portal_logins),
        ):
            for i in range(count):
                self.clients.append(Client(self, index, role, logins[i % len(logins)]))
                index += 1

    def db_stats(self, cluster):
        [row] = cluster.query(
            """SELECT xact_commit, tup_returned, tup_fetched
                 FROM pg_stat_database WHERE datname = %s""",
            [DB],
        )
        return dict(zip(("xact_commit", "tup_returned", "tup_fetched"), row, strict=True))

    def table_stats(self):
        return {
            table: (ins, upd, dele)
            for table, ins, upd, dele in self.primary.query(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables"
            )
        }

    def written_rows(self, before, after, since):
        """The tables updated during the run, with how many of their rows were written
        then (write_date): many updates on few rows is a hot row."""
        updated = sorted(
            ((after[t][1] - before.get(t, (0, 0, 0))[1], t) for t in after),
            reverse=True,
        )
        rows = []
        for updates, table in updated[:15]:
            if updates <= 0:
                continue
            [(has_write_date,)] = self.primary.query(
                """SELECT COUNT(*) > 0 FROM information_schema.columns
                    WHERE table_name = %s AND column_name = 'write_date'""",
                [table],
            )
            written = None
            if has_write_date:
                [(written,)] = self.primary.query(
                    f'SELECT COUNT(*) FROM "{table}" WHERE write_date >= %s', [since]
                )
            rows.append(
                {
                    "table": table,
                    "updates": updates,
                    "rows_written": written,
                    "updates_per_row": round(updates / written, 1) if written else None,
                }
            )
        return rows

    def run(self):
        self.make_clients()
        [(db_now,)] = self.primary.query("SELECT now() AT TIME ZONE 'UTC'")
        tables_before = self.table_stats()
        stats_before = {"primary": self.db_stats(self.primary)}
        if self.replica:
            stats_before["replica"] = self.db_stats(self.replica)
        log(
            f"{len(self.clients)} clients "
            f"({Counter(c.role for c in self.clients)}) for {self.args.duration} s"
        )
        self.started = time.time()
        for client in self.clients:
            client.start()
        if self.args.faults:
            self.faults = Faults(self)
            self.faults.start()
        deadline = self.started + self.args.duration
        while time.time() < deadline or (self.faults and self.faults.is_alive()):
            time.sleep(0.5)
            if time.time() > self.started + 6 * self.args.duration + 600:
                log("the fault plan did not finish in time")
                break
        self.stopping.set()
        for client in self.clients:
            client.join(360)
        self.ended = time.time()
        log(f"clients stopped after {self.ended - self.started:.0f} s")
        time.sleep(1)  # the statistics of the last transactions
        stats_after = {"primary": self.db_stats(self.primary)}
        self.rows_written = self.written_rows(tables_before, self.table_stats(), db_now)
        if self.replica:
            stats_after["replica"] = self.db_stats(self.replica)
        self.stats = {
            side: {k: stats_after[side][k] - stats_before[side][k] for k in stats_after[side]}
            for side in stats_after
        }

    # ------------------------------------------------------------ after the run
    def settle(self):
        """The scheduled actions run to the end (deadlines, summaries), as the cron server
        would within 15 minutes: then the dashboard must equal a direct count."""
        faults = Faults(self)
        for name in ("deadlines", "summary"):
            cron = self.data["crons"][name]
            faults.trigger(cron)
            ok = faults.wait_for(
                lambda cron=cron: self.cron_done(cron) and not faults.cron_running(cron),
                600,
                nudge=faults.wake,
            )
            if not ok:
                log(f"the {name} scheduled action did not finish")
        [(changes,)] = self.primary.query("SELECT COUNT(*) FROM quality_complaint_summary_change")
        return changes

    def cron_done(self, cron_id):
        """No trigger left: a run consumed them (and committed)."""
        [(pending,)] = self.primary.query(
            "SELECT COUNT(*) FROM ir_cron_trigger WHERE cron_id = %s", [cron_id]
        )
        return not pending

    def dashboard_check(self):
        """The dashboard as a quality manager reads it (from the summaries) against a
        direct count of the complaints."""
        if self.replica:
            self.wait_replica()
        manager = next(u for u in self.data["users"] if u.startswith("load_quality"))
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.data['keys'][manager]}"
        start = "2000-01-01"
        response = session.post(
            f"{self.url}/json/2/quality.complaint.dashboard/get_dashboard_data",
            json={"date_from": start},
            timeout=300,
        )
        response.raise_for_status()
        data = response.json()
        stop = data["period"][1]
        [(count, open_count)] = self.primary.query(
            """SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT is_closed) FROM quality_complaint
                WHERE active AND date_received >= %s AND date_received < %s""",
            [start, stop],
        )
        by_category = dict(
            self.primary.query(
                """SELECT COALESCE(category_id, 0), COUNT(*) FROM quality_complaint
                    WHERE active AND date_received >= %s AND date_received < %s
                    GROUP BY 1""",
                [start, stop],
            )
        )
        by_customer = dict(
            self.primary.query(
                """SELECT commercial_partner_id, COUNT(*) FROM quality_complaint
                    WHERE active AND date_received >= %s AND date_received < %s
                    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10""",
                [start, stop],
            )
        )
        shown = {
            "count": data["kpis"]["count"],
            "open": data["kpis"]["open"],
            "by_category": {(row["id"] or 0): row["count"] for row in data["by_category"]},
            "by_customer": {row["id"]: row["count"] for row in data["by_customer"]},
        }
        counted = {
            "count": count,
            "open": open_count,
            "by_category": by_category,
            "by_customer": by_customer,
        }
        return {
            "equal": json.dumps(shown, sort_keys=True) == json.dumps(counted, sort_keys=True),
            "dashboard": {k: v for k, v in shown.items() if k in ("count", "open")},
            "counted": {k: v for k, v in counted.items() if k in ("count", "open")},
            "mismatch": None
            if shown == counted
            else {k: [shown[k], counted[k]] for k in shown if shown[k] != counted[k]},
        }

    def wait_replica(self, timeout=60):
        [(lsn,)] = self.primary.query("SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            [(behind,)] = self.replica.query(
                "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()) > 0", [lsn]
            )
            if not behind:
                return
            time.sleep(0.2)

    def integrity(self):
        """What the clients were told was done, against the database."""
        q = self.primary.query
        acks = defaultdict(dict)
        for client in self.clients:
            for kind, values in client.acks.items():
                acks[kind].update(values)
        result = {}

        # Complaints opened through JSON-2 (their token is the customer's reference) and
        # through the portal (in the subject): each acknowledged one exists once.
        rows = q(
            """SELECT customer_reference, array_agg(id ORDER BY id) FROM quality_complaint
                WHERE customer_reference ~ '^L[0-9]+-[0-9]+$' GROUP BY 1"""
        )
        api = dict(rows)
        rows = q(
            """SELECT substring(subject from '^(P[0-9]+-[0-9]+) '), array_agg(id ORDER BY id)
                 FROM quality_complaint WHERE subject ~ '^P[0-9]+-[0-9]+ ' GROUP BY 1"""
        )
        portal = dict(rows)
        result["complaints_acknowledged"] = len(acks["create"]) + len(acks["portal"])
        result["complaints_missing"] = [
            t
            for t, cid in [*acks["create"].items(), *acks["portal"].items()]
            if cid not in (api.get(t) or portal.get(t) or [])
        ]
        result["complaints_duplicated"] = [
            t for t, ids in [*api.items(), *portal.items()] if len(ids) > 1
        ]
        result["complaints_unacknowledged_found"] = len(set(api) - set(acks["create"])) + len(
            set(portal) - set(acks["portal"])
        )
        result["references_duplicated"] = [
            name
            for (name,) in q("SELECT name FROM quality_complaint GROUP BY name HAVING COUNT(*) > 1")
        ]

        # Chatter messages.
        rows = q(
            """SELECT substring(body from '(M[0-9]+-[0-9]+) '), array_agg(id)
                 FROM mail_message
                WHERE model = 'quality.complaint' AND body ~ 'M[0-9]+-[0-9]+ ' GROUP BY 1"""
        )
        messages = dict(rows)
        result["messages_acknowledged"] = len(acks["message"])
        result["messages_missing"] = [
            t for t, mid in acks["message"].items() if mid not in (messages.get(t) or [])
        ]
        result["messages_duplicated"] = [t for t, ids in messages.items() if len(ids) > 1]

        # Stage moves: each complaint is where its last acknowledged move put it.
        stage_of = dict(
            q(
                "SELECT id, stage_id FROM quality_complaint WHERE id = ANY(%s)",
                [list(acks["stage"]) or [0]],
            )
        )
        result["stage_moves_checked"] = len(acks["stage"])
        result["stage_moves_lost"] = [
            cid for cid, stage in acks["stage"].items() if stage_of.get(cid) != stage
        ]

        # Remedies: one document per confirmed wizard, each linked to its complaint.
        complaint_ids = sorted(
            {c["id"] for client in self.clients for c in client.complaints} | {0}
        )
        for kind, table, wizard_table, condition in (
            (
                "return",
                "stock_picking",
                "quality_complaint_return_wizard",
                "complaint_remedy = 'return'",
            ),
            (
                "refund",
                "account_move",
                "quality_complaint_refund_wizard",
                "move_type = 'out_refund'",
            ),
        ):
            documents = dict(
                q(
                    f"""SELECT remedy_complaint_id, array_agg(id) FROM {table}
                         WHERE {condition} AND remedy_complaint_id = ANY(%s) GROUP BY 1""",
                    [complaint_ids],
                )
            )
            done = dict(
                q(
                    f"""SELECT complaint_id, COUNT(*) FROM {wizard_table}
                         WHERE state = 'done' AND complaint_id = ANY(%s) GROUP BY 1""",
                    [complaint_ids],
                )
            )
            result[f"{kind}s_acknowledged"] = len(acks[kind])
            result[f"{kind}s_missing"] = [
                cid
                for cid, ack in acks[kind].items()
                if not documents.get(cid)
                or (ack["document"] and ack["document"] not in documents[cid])
            ]
            result[f"{kind}s_duplicated"] = [cid for cid, ids in documents.items() if len(ids) > 1]
            result[f"{kind}s_half_done"] = [
                cid
                for cid in set(documents) | set(done)
                if len(documents.get(cid, [])) != done.get(cid, 0)
            ]
        deliveries = [d for ids in self.data["deliveries"].values() for d in ids] or [0]
        [(unlinked_returns,)] = q(
            """SELECT COUNT(*) FROM stock_picking
                WHERE return_id = ANY(%s) AND remedy_complaint_id IS NULL""",
            [deliveries],
        )
        [(unlinked_refunds,)] = q(
            """SELECT COUNT(*) FROM account_move m
                WHERE m.move_type = 'out_refund' AND m.remedy_complaint_id IS NULL
                  AND m.reversed_entry_id IN (
                      SELECT rel.move_id FROM quality_complaint_invoice_rel rel
                       WHERE rel.complaint_id = ANY(%s))""",
            [complaint_ids],
        )
        result["returns_without_complaint"] = unlinked_returns
        result["refunds_without_complaint"] = unlinked_refunds

        # Reminders and escalations of the backlog: never twice for one deadline.
        backlog = self.data["backlog"] or [0]
        dup = q(
            """SELECT res_id, summary, COUNT(*) FROM mail_activity
                WHERE res_model = 'quality.complaint' AND res_id = ANY(%s)
                  AND (summary LIKE '%% due: %%' OR summary LIKE 'Late: %%')
                GROUP BY 1, 2 HAVING COUNT(*) > 1""",
            [backlog],
        )
        [(reminded, escalated)] = q(
            """SELECT COUNT(*) FILTER (WHERE date_reminded IS NOT NULL),
                      COUNT(*) FILTER (WHERE date_escalated IS NOT NULL)
                 FROM quality_complaint_deadline WHERE complaint_id = ANY(%s)""",
            [backlog],
        )
        [(reminders, escalations)] = q(
            """SELECT COUNT(*) FILTER (WHERE summary LIKE '%% due: %%'),
                      COUNT(*) FILTER (WHERE summary LIKE 'Late: %%')
                 FROM mail_activity
                WHERE res_model = 'quality.complaint' AND res_id = ANY(%s)""",
            [backlog],
        )
        # A major complaint is escalated to management once per run of its missed deadlines.
        [(escalated_major, told)] = q(
            """SELECT COUNT(DISTINCT c.id),
                      (SELECT COUNT(*) FROM mail_message m
                        WHERE m.model = 'quality.complaint' AND m.res_id = ANY(%s)
                          AND m.body LIKE '%%escalated to management%%')
                 FROM quality_complaint c
                 JOIN quality_complaint_deadline d ON d.complaint_id = c.id
                WHERE c.id = ANY(%s) AND c.severity = 'major'
                  AND d.date_escalated IS NOT NULL""",
            [backlog, backlog],
        )
        result["major_complaints_escalated"] = escalated_major
        result["escalation_messages_to_management"] = told
        result["deadlines_reminded"] = reminded
        result["deadlines_escalated"] = escalated
        result["reminder_activities"] = reminders
        result["escalation_activities"] = escalations
        result["reminders_or_escalations_twice"] = [list(row) for row in dup]
        return result

    def summaries_recount(self):
        """The stored summaries (monthly and by day, daily, customers' totals) against a recount of
        the complaints from scratch, in a transaction that is rolled back. Compared as
        totals per key, whatever rows hold them."""
        from odoo.api import SUPERUSER_ID, Environment
        from odoo.modules.registry import Registry

        queries = {
            "monthly": """SELECT company_id, team_id, category_id, month, dimension, key,
                                 SUM(count), SUM(open_count), ROUND(SUM(total)::numeric, 4)
                            FROM quality_complaint_summary GROUP BY 1, 2, 3, 4, 5, 6
                          HAVING SUM(count) <> 0 OR SUM(open_count) <> 0""",
            "monthly_by_day": """SELECT company_id, team_id, category_id, day, dimension, key,
                                        SUM(count), SUM(open_count),
                                        ROUND(SUM(total)::numeric, 4)
                                   FROM quality_complaint_summary_day GROUP BY 1, 2, 3, 4, 5, 6
                                 HAVING SUM(count) <> 0 OR SUM(open_count) <> 0""",
            "daily": """SELECT company_id, team_id, category_id, source, figure, day,
                               SUM(count), SUM(met)
                          FROM quality_complaint_daily GROUP BY 1, 2, 3, 4, 5, 6
                        HAVING SUM(count) <> 0 OR SUM(met) <> 0""",
            "customer_totals": """SELECT partner_id, SUM(count)
                                    FROM quality_complaint_customer_total GROUP BY 1
                                  HAVING SUM(count) <> 0""",
        }

        def snapshot(cr):
            result = {}
            for name, sql in queries.items():
                cr.execute(sql)
                result[name] = Counter(map(repr, cr.fetchall()))
            return result

        registry = Registry(DB)
        with registry.cursor() as cr:
            env = Environment(cr, SUPERUSER_ID, {})
            stored = snapshot(cr)
            summary = env["quality.complaint.summary"]
            summary._rebuild()
            summary._refresh()
            env.flush_all()
            recounted = snapshot(cr)
            cr.rollback()
        return {
            name: {
                "keys": sum(stored[name].values()),
                "differences": sum(
                    ((stored[name] - recounted[name]) + (recounted[name] - stored[name])).values()
                ),
            }
            for name in queries
        }

    # ------------------------------------------------------------ the report
    @staticmethod
    def statement_shape(query):
        """What a statement writes, without its values: 'UPDATE res_partner SET
        write_date, write_uid'."""
        query = " ".join(query.replace("\\n", " ").split())
        found = re.search(r'(UPDATE|INSERT INTO|DELETE FROM) "?(\w+)"?', query)
        if not found:
            return query[:120]
        verb, table = found.groups()
        if verb == "UPDATE":
            assignments = re.split(r" FROM | WHERE ", query.split(" SET ", 1)[-1])[0]
            columns = re.findall(r'"?(\w+)"? = ', assignments)
            return f"UPDATE {table} SET {', '.join(columns)}"
        return f"{verb} {table}"

    def server_log(self):
        """Serialization retries of the HTTP workers (odoo/service/model.py's retrying())
        and the statements that conflicted; cron failures; requests per cursor."""
        retries = Counter()
        statements = Counter()
        cursor_modes = defaultdict(Counter)
        errors = Counter()
        access = re.compile(
            r'werkzeug: .*"(\w+) (\S+) HTTP/[\d.]+" (\d{3}) \S+ \S+ \S+ \S+(?: (\S+))?'
        )
        pending_bad = None
        for name, path in (("http", self.servers.http_log), ("cron", self.servers.cron_log)):
            if not path.exists():
                continue
            for line in path.read_text(errors="replace").splitlines():
                if pending_bad is not None:
                    if line.startswith("ERROR:"):
                        if "could not serialize" in line or "deadlock" in line:
                            statements[(name, self.statement_shape(pending_bad))] += 1
                        pending_bad = None
                        continue
                    if not re.match(r"\d{4}-\d\d-\d\d ", line):
                        pending_bad = f"{pending_bad} {line.strip()}"[:400]
                        continue
                    pending_bad = None
                found = re.search(
                    r"odoo\.service\.model: (\w+), (?:\d+ tries left|maximum number)", line
                )
                if found:
                    retries[(name, found.group(1))] += 1
                    continue
                if "bad query:" in line:
                    pending_bad = line.split("bad query:", 1)[1].strip()
                    continue
                found = access.search(line)
                if found:
                    _verb, path_, _status, mode = found.groups()
                    route = (
                        "/json/2/" + "/".join(path_.split("/")[3:5])
                        if path_.startswith("/json/2/")
                        else re.sub(r"\d+", "<id>", path_.split("?")[0])
                    )
                    cursor_modes[route][mode or "-"] += 1
                    continue
                level = re.match(r"\S+ \S+ \d+ (ERROR|CRITICAL|WARNING) ", line)
                if level:
                    text = re.sub(r"^\S+ \S+ \d+ \w+ \S+ ", "", line)
                    errors[(name, level.group(1), re.sub(r"\d+", "N", text)[:160])] += 1
        return {
            "retries": {f"{n}:{code}": c for (n, code), c in retries.items()},
            "conflicting_statements": [
                {"server": n, "statement": s, "count": c} for (n, s), c in statements.most_common()
            ],
            "cursor_modes": {route: dict(modes) for route, modes in sorted(cursor_modes.items())},
            "log_errors": [
                {"server": n, "level": lvl, "message": m, "count": c}
                for (n, lvl, m), c in errors.most_common(40)
            ],
        }

    def report(self, settled_changes):
        ops = [op for client in self.clients for op in client.ops]
        errors = [e for client in self.clients for e in client.errors]
        lost = [entry for client in self.clients for entry in client.lost]
        elapsed = self.ended - self.started
        per_op = {}
        for name in sorted({op[0] for op in ops}):
            times = [(end - start) * 1000 for op, start, end, ok in ops if op == name and ok]
            per_op[name] = {
                "count": len([op for op in ops if op[0] == name]),
                "errors": len([e for e in errors if e["op"] == name]),
                "p50_ms": round(percentile(times, 0.50) or 0),
                "p95_ms": round(percentile(times, 0.95) or 0),
                "p99_ms": round(percentile(times, 0.99) or 0),
                "mean_ms": round(statistics.fmean(times)) if times else 0,
            }
        logs = self.server_log()
        retries = sum(c for key, c in logs["retries"].items() if key.startswith("http:"))
        total = len(ops)
        outage = self.faults.outage if self.faults else None
        if outage:
            # Errors of requests under way while PostgreSQL was down (started before it
            # accepted connections again).
            during = [e for e in errors if e["start"] <= outage[1] and e["end"] >= outage[0]]
            outside = [e for e in errors if e not in during]
        else:
            during, outside = [], errors
        report = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
            "settings": {
                "clients": len(self.clients),
                "roles": dict(Counter(c.role for c in self.clients)),
                "customers": len(self.data["customers"]),
                "workers": self.args.workers,
                "duration_s": self.args.duration,
                "replica": bool(self.replica),
                "faults": bool(self.args.faults),
                "invitation_scope": self.primary.query(
                    "SELECT value FROM ir_config_parameter "
                    "WHERE key = 'auth_signup.invitation_scope'"
                )[0][0],
            },
            "elapsed_s": round(elapsed, 1),
            "operations": total,
            "throughput_ops_s": round(total / elapsed, 2),
            "per_operation": per_op,
            "reads": sum(v["count"] for k, v in per_op.items() if k in READS),
            "client_errors": len(errors),
            "client_errors_outside_outage": outside,
            "client_errors_during_outage": len(during),
            "client_errors_during_outage_detail": [
                {
                    "op": e["op"],
                    "error": e["error"],
                    "message": e["message"][:100],
                    "started_s_after_outage_began": round(e["start"] - outage[0], 2),
                    "ended_s_after_outage_began": round(e["end"] - outage[0], 2),
                }
                for e in during
            ]
            if outage
            else [],
            "lost_answers": lost,
            "serialization_retries": logs["retries"],
            "retries_per_1000_operations": round(retries * 1000 / max(total, 1), 2),
            "conflicting_statements": logs["conflicting_statements"],
            "log_errors": logs["log_errors"],
            "summary_changes_left": settled_changes,
            "rows_written": self.rows_written,
            # Many updates on a handful of rows: rows every operation writes.
            "hot_rows": [
                row
                for row in self.rows_written
                if row["rows_written"]
                and row["rows_written"] <= 20
                and row["updates"] >= 100
                # (the scheduled actions' own progress rows: one per run, one update a batch)
                and row["table"] != "ir_cron_progress"
            ],
            "server_restarts": self.servers.restarts,
            "database_stats": self.stats,
        }
        if self.replica:
            report["cursor_modes"] = logs["cursor_modes"]
        if self.faults:
            report["faults"] = {
                "events": self.faults.events,
                "plan_failed": self.faults.failed,
                "outage_s": round(outage[1] - outage[0], 2) if outage else None,
            }
        return report


def markdown(report):
    """The report's tables, as bench/README.md shows them."""
    lines = [
        f"Load benchmark {report['date']}: {report['settings']['clients']} clients "
        f"({', '.join(f'{v} {k}' for k, v in report['settings']['roles'].items())}) on "
        f"{report['settings']['customers']} customers, {report['settings']['workers']} HTTP "
        f"workers + a cron server, {report['elapsed_s']} s"
        + (", read replica" if report["settings"]["replica"] else "")
        + (", faults" if report["settings"]["faults"] else ""),
        "",
        "| operation | count | errors | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in report["per_operation"].items():
        lines.append(
            f"| {name} | {row['count']} | {row['errors']} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['p99_ms']} |"
        )
    lines += [
        "",
        f"- operations: {report['operations']} ({report['throughput_ops_s']} per second)",
        f"- client-visible errors: {report['client_errors']} "
        f"({report['client_errors_during_outage']} while PostgreSQL was down)",
        f"- serialization retries: {report['serialization_retries'] or 0} "
        f"({report['retries_per_1000_operations']} per 1,000 operations)",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--template", required=True, help="the data set's template database")
    parser.add_argument("--odoo-dir", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--http-port", type=int, default=8300)
    parser.add_argument("--pg-port", type=int, default=5442)
    parser.add_argument("--replica", action="store_true")
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the run directory")
    parser.add_argument("--json", help="write the report there")
    args = parser.parse_args()
    bench = Bench(args)
    checks = {}
    try:
        bench.setup()
        bench.run()
        log("letting the scheduled actions finish, then checking")
        changes = bench.settle()
        checks["dashboard"] = bench.dashboard_check()
        bench.servers.stop()
        report = bench.report(changes)
        checks["integrity"] = bench.integrity()
        checks["summaries"] = bench.summaries_recount()
        report["checks"] = checks
        print(markdown(report))
        print(
            json.dumps(
                {k: v for k, v in report.items() if k != "per_operation"}, indent=1, default=str
            )
        )
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=1, default=str))
            Path(args.json).with_suffix(".md").write_text(markdown(report) + "\n")
    finally:
        bench.teardown()


if __name__ == "__main__":
    main()
