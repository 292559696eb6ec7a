"""`nianbao app` stopped by its service manager (SIGTERM) takes the Streamlit server with it: nothing keeps
serving the reports on the port unseen."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def test_sigterm_to_the_launcher_stops_the_server(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "STREAMLIT_"))}
    launcher = subprocess.Popen(
        [sys.executable, "-m", "app", "app", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'n.db'}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not _healthy(port):
            assert launcher.poll() is None and time.monotonic() < deadline, "应用没有启动"
            time.sleep(0.1)
        launcher.send_signal(signal.SIGTERM)  # only the launcher, as `kill <pid>` or systemd's stop would
        launcher.wait(timeout=20)
        deadline = time.monotonic() + 20
        while _healthy(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _healthy(port), "启动器已退出，服务仍在运行"
    finally:
        try:
            os.killpg(launcher.pid, signal.SIGKILL)  # whatever is left of its group
        except ProcessLookupError:
            pass
