"""A local OpenAI-compatible chat server for tests: scripted replies, HTTP errors, delays, SSE streaming.

Bound to 127.0.0.1 on a free port; the `llm_server` fixture starts one per test and stops it afterwards.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, Union

import pytest

AUTO: Literal["auto"] = "auto"


@dataclass
class Reply:
    """A 200 reply. usage "auto" reports one token per character; None reports no usage at all."""

    text: str
    usage: dict[str, int] | None | Literal["auto"] = AUTO
    finish_reason: str = "stop"
    chunk_size: int = 3


@dataclass
class HTTPError:
    """An error response with a JSON body (and optionally Retry-After)."""

    status: int
    body: dict[str, Any] = field(default_factory=lambda: {"error": {"message": "error", "type": "server_error"}})
    retry_after: str | None = None


@dataclass
class Delay:
    """Wait before answering (to provoke a client timeout), then answer ``then``."""

    seconds: float
    then: Reply = field(default_factory=lambda: Reply("{}"))


@dataclass
class Drop:
    """Close the connection without answering (a connection error on the client side)."""


Action = Union[Reply, HTTPError, Delay, Drop]  # noqa: UP007 - a runtime alias
Scripted = Union[Action, str, Callable[[dict[str, Any]], Union[Action, str]]]  # noqa: UP007


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: str
    at: float

    @property
    def response_format(self) -> dict[str, Any] | None:
        return self.body.get("response_format")

    @property
    def system_prompt(self) -> str:
        return "\n".join(m["content"] for m in self.body.get("messages", []) if m.get("role") == "system")


class LLMServer:
    """Answers POST /v1/chat/completions from a queue of scripted actions; records every request."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._script: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="llm-test-server", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def add(self, *items: Scripted) -> LLMServer:
        """Queue responses, answered in order."""
        with self._lock:
            self._script.extend(items)
        return self

    def start(self) -> LLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        started = self._thread.is_alive()
        if started:
            self._httpd.shutdown()
        self._httpd.server_close()
        if started:
            self._thread.join(timeout=5)

    def _next(self, body: dict[str, Any]) -> Action:
        with self._lock:
            item = self._script.popleft() if self._script else None
        if item is None:
            return HTTPError(599, {"error": {"message": "test server: no scripted response left", "type": "test"}})
        if callable(item) and not isinstance(item, (Reply, HTTPError, Delay, Drop)):
            item = item(body)
        return Reply(item) if isinstance(item, str) else item


def _handler_for(server: LLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
            body = json.loads(raw or "{}")
            server.requests.append(
                RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body, raw, time.monotonic())
            )
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                return
            action = server._next(body)
            try:
                if isinstance(action, Delay):
                    if server._stopping.wait(action.seconds):
                        return
                    action = action.then
                if isinstance(action, Drop):
                    self.close_connection = True
                    return
                if isinstance(action, HTTPError):
                    headers = {"Retry-After": action.retry_after} if action.retry_after is not None else {}
                    self._json(action.status, action.body, headers)
                elif body.get("stream"):
                    self._stream(action, body)
                else:
                    self._json(200, _completion(action, body))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout): nothing to answer

        def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, reply: Reply, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            for chunk in _chunks(reply, body):
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


def _usage(reply: Reply, body: dict[str, Any]) -> dict[str, int] | None:
    if reply.usage != AUTO:
        return reply.usage  # type: ignore[return-value]
    prompt = sum(len(str(m.get("content") or "")) for m in body.get("messages", []))
    return {"prompt_tokens": prompt, "completion_tokens": len(reply.text), "total_tokens": prompt + len(reply.text)}


def _completion(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "test-model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.text},
                "finish_reason": reply.finish_reason,
            }
        ],
    }
    usage = _usage(reply, body)
    if usage is not None:
        payload["usage"] = usage
    return payload


def _chunks(reply: Reply, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    yield chunk({"role": "assistant", "content": ""})
    for start in range(0, len(reply.text), reply.chunk_size):
        yield chunk({"content": reply.text[start : start + reply.chunk_size]})
    yield chunk({}, reply.finish_reason)
    usage = _usage(reply, body)
    if (body.get("stream_options") or {}).get("include_usage") and usage is not None:
        yield {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", "test-model"),
            "choices": [],
            "usage": usage,
        }


@pytest.fixture
def llm_server() -> Iterator[LLMServer]:
    """A started LLMServer; queue responses with ``llm_server.add(...)``."""
    server = LLMServer().start()
    try:
        yield server
    finally:
        server.stop()
