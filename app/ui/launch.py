"""`nianbao app`: start the workspace (Streamlit) on this machine."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

MAIN = Path(__file__).with_name("main.py")
# Streamlit treats a `pages/` folder beside the main script as an old-style multipage app until main.py has run
# once: a first visit to a page's own address (a bookmark, a reopened tab) would then show the file names as the
# menu and skip main.py. The pages are declared with st.navigation only, so say so before the server starts.
BOOTSTRAP = (
    "import sys\n"
    "from streamlit.runtime.pages_manager import PagesManager\n"
    "PagesManager.uses_pages_directory = False\n"
    "from streamlit.web.cli import main\n"
    "sys.exit(main())\n"
)


def _address_problem(host: str, port: int) -> str | None:
    """Why the app cannot listen on ``host``:``port`` (in Chinese), or None when it can."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return f"无法在地址 {host} 上启动：这不是本机的有效地址（默认 127.0.0.1 只在本机使用）"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: a closing socket is no clash
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return (
                    f"端口 {port} 已被占用（可能工作台已经在运行）：打开 http://{host}:{port}，或用 --port 换一个端口"
                )
            return f"无法在 {host}:{port} 上启动：{e.strerror or e}"
    return None


def run_app(*, host: str = "127.0.0.1", port: int = 8501, db: str | None = None) -> int:
    env = dict(os.environ)
    if db:
        env["NIANBAO_DB"] = db
    cmd = [
        sys.executable, "-c", BOOTSTRAP, "run", str(MAIN),
        "--server.address", host, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        # no upload larger than the largest file the app reads (a report file: 50 MB); readers have their own limits
        "--server.maxUploadSize", "50",
        # no developer menu and no 「Deploy」 button: the clerk sees only the app
        "--client.toolbarMode", "minimal",
        "--theme.font", "Source Sans, Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif",
    ]  # fmt: skip
    problem = _address_problem(host, port)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    print(f"年报助手：http://{host}:{port}（按 Ctrl+C 退出）", file=sys.stderr)
    server = subprocess.Popen(cmd, env=env)
    # a service manager (or `kill`) stops this process: the server goes with it instead of running on unseen
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches the server too (same terminal): wait for it to finish
        server.wait()
        return 0
