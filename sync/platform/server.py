"""HTTP face of the reference platform (Starlette on uvicorn). Thin: parse the request,
call `Platform`, render its `Reply`. Blocking work runs in the thread pool.
The protocol is documented in sync/openapi.json, served at /v1/openapi.json.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sync.platform.service import Platform, Reply

OPENAPI_PATH = Path(__file__).resolve().parent.parent / "openapi.json"


def render(reply: Reply) -> Response:
    if reply.body is None:
        return Response(status_code=reply.status, headers=reply.headers)
    if isinstance(reply.body, bytes):
        return Response(reply.body, status_code=reply.status, headers=reply.headers)
    return JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)


def build_app(platform: Platform) -> Starlette:
    async def authed(request: Request):
        k = request.path_params["kiosk_id"]
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return await run_in_threadpool(platform.authenticate, k, request.method, path, request.headers)

    async def openapi(request):
        return Response(OPENAPI_PATH.read_bytes(), media_type="application/json")

    async def keyset(request):
        return JSONResponse(platform.keys.key_set())

    async def enroll(request):
        try:
            body = json.loads(await request.body())
        except ValueError:
            return render(Reply(400, {"error": "bad_request", "message": "enroll: body is not JSON"}))
        return render(await run_in_threadpool(platform.enroll, body if isinstance(body, dict) else {}))

    async def add_key(request):
        denied = await authed(request)
        if denied:
            return render(denied)
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = {}
        return render(await run_in_threadpool(platform.add_kiosk_key, request.path_params["kiosk_id"], body))

    async def admitted(request, handle):
        """The frame every packet intake shares: admission control, the body read even
        when refusing (so the client sees our answer), auth, then `handle(body)`."""
        ok = platform.admit()
        try:
            try:
                body = await request.body()
            except ClientDisconnect:  # the kiosk went away mid-upload: nothing stored, nothing to say
                return Response(status_code=400)
            if not ok:
                return render(platform.busy())
            denied = await authed(request)
            if denied:
                return render(denied)
            return await handle(body)
        finally:
            if ok:
                platform.release()

    async def put_case(request):
        async def handle(body):
            return render(await run_in_threadpool(
                platform.intake, request.path_params["kiosk_id"], request.path_params["case_id"], body,
                request.headers.get("content-digest", "")))
        return await admitted(request, handle)

    async def upload(request):
        async def handle(body):
            k, c = request.path_params["kiosk_id"], request.path_params["case_id"]
            h = request.headers
            try:
                if request.method == "POST":
                    return render(await run_in_threadpool(platform.upload_open, k, c, int(h.get("upload-length", "0")),
                                                          h.get("content-digest", "")))
                return render(await run_in_threadpool(platform.upload_chunk, k, c, int(h.get("upload-offset", "-1")),
                                                      h.get("upload-checksum", ""), body))
            except ValueError:
                return render(Reply(400, {"error": "bad_request", "message": "upload: bad Upload-Length/Offset"}))
        return await admitted(request, handle)

    async def put_rating(request):
        async def handle(body):
            p = request.path_params
            if not p["revision"].isdigit():
                return render(Reply(400, {"error": "bad_request", "message": "rating: revision must be a number"}))
            return render(await run_in_threadpool(platform.rating_intake, p["kiosk_id"], p["case_id"],
                                                  int(p["revision"]), body, request.headers.get("content-digest", "")))
        return await admitted(request, handle)

    async def rating_check(request):
        body = await request.body()
        denied = await authed(request)
        if denied:
            return render(denied)
        return render(await run_in_threadpool(platform.rating_check, request.path_params["kiosk_id"], body,
                                              request.headers.get("content-digest", "")))

    async def watermark(request):
        denied = await authed(request)
        return render(denied or await run_in_threadpool(platform.watermark, request.path_params["kiosk_id"]))

    async def status(request):
        denied = await authed(request)
        if denied:
            return render(denied)
        try:
            after = int(request.query_params.get("after", "0"))
            limit = int(request.query_params.get("limit", "100"))
        except ValueError:
            return render(Reply(400, {"error": "bad_request", "message": "status: after/limit must be integers"}))
        return render(await run_in_threadpool(platform.status_events, request.path_params["kiosk_id"], after, limit))

    async def catalogue(request):
        return render(await run_in_threadpool(platform.catalogue, request.headers.get("if-none-match", "")))

    async def health(request):
        return JSONResponse({"ok": True})

    routes = [
        Route("/v1/openapi.json", openapi, methods=["GET"]),
        Route("/v1/health", health, methods=["GET"]),
        Route("/v1/platform-keys", keyset, methods=["GET"]),
        Route("/v1/enroll", enroll, methods=["POST"]),
        Route("/v1/catalogue", catalogue, methods=["GET"]),
        Route("/v1/kiosks/{kiosk_id}/keys", add_key, methods=["POST"]),
        Route("/v1/kiosks/{kiosk_id}/cases/{case_id}", put_case, methods=["PUT"]),
        Route("/v1/kiosks/{kiosk_id}/cases/{case_id}/upload", upload, methods=["POST", "PATCH"]),
        Route("/v1/kiosks/{kiosk_id}/ratings/check", rating_check, methods=["POST"]),
        Route("/v1/kiosks/{kiosk_id}/ratings/{case_id}/{revision}", put_rating, methods=["PUT"]),
        Route("/v1/kiosks/{kiosk_id}/watermark", watermark, methods=["GET"]),
        Route("/v1/kiosks/{kiosk_id}/status", status, methods=["GET"]),
    ]
    return Starlette(routes=routes)


class ServerThread:
    """Run the platform on uvicorn in a background thread (tests, benchmarks, demos)."""

    def __init__(self, platform: Platform, host: str = "127.0.0.1", port: int = 0, *, ssl_certfile=None,
                 ssl_keyfile=None):
        import socket

        import uvicorn
        self.platform = platform
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.host, self.port = self.sock.getsockname()[:2]
        cfg = uvicorn.Config(build_app(platform), log_level="warning", access_log=False, lifespan="off",
                             ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, timeout_keep_alive=30)
        self.server = uvicorn.Server(cfg)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True,
                                       name="platform-server")
        self.scheme = "https" if ssl_certfile else "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self) -> "ServerThread":
        import time
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("platform server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
