#!/usr/bin/env python3
"""pv-conform adapter for any Python SDK with the ProcVision shared-memory API.

Speaks the kit's subprocess adapter protocol (docs/adapter-protocol.md) on stdin/stdout and
drives the SDK only through its public functions:

    read_image_from_shared_memory(shared_mem_id, image_meta)
    dev_write_image_to_shared_memory(shared_mem_id, image_bytes)
    write_image_array_to_shared_memory(shared_mem_id, image_array)
    dev_clear_shared_memory(shared_mem_id)

    python3 pv_conform_shim.py [--sdk-path DIR]... [--module NAME]

The public API has no transport parameter, so the transports are what the module declares in
an optional __pv_transports__ list; without it, a probe write shows whether the module honours
PROC_SHM_DIR (then ["fs"]) or keeps segments to itself (then ["inproc"]).
"""
import argparse
import base64
import importlib
import json
import os
import struct
import subprocess
import sys
import time
import traceback

PROTOCOL_VERSION = 1
INLINE_LIMIT = 64 * 1024
CAPABILITIES = ["write-bytes", "write-array", "clear", "read-other-process", "scribble", "read-timing", "array-layouts"]
# Protocol dtype -> numpy type string; the wire is always little-endian, C order.
DTYPES = {"uint8": "u1", "int8": "i1", "uint16": "<u2", "int16": "<i2", "uint32": "<u4",
          "int32": "<i4", "float32": "<f4", "float64": "<f8", "bool": "?"}


class Skip(Exception):
    """The SDK cannot do what was asked: reported as skipped, never as failed."""


def read_frame(stream):
    header = stream.read(4)
    if not header:
        return None
    if len(header) < 4:
        raise EOFError("stdin ended inside a frame header")
    (length,) = struct.unpack(">I", header)
    body = stream.read(length)
    if len(body) < length:
        raise EOFError("stdin ended inside a frame body")
    return json.loads(body.decode("utf-8"))


def write_frame(stream, message):
    body = json.dumps(message, allow_nan=False).encode("utf-8")
    stream.write(struct.pack(">I", len(body)) + body)
    stream.flush()


def load_payload(payload):
    if "inline" in payload:
        return base64.b64decode(payload["inline"], validate=True)
    with open(payload["file"], "rb") as f:
        data = f.read()
    if len(data) != payload["length"]:
        raise ValueError("payload file has %d bytes, message says %d" % (len(data), payload["length"]))
    return data


def dump_payload(data, file_if_large):
    """data: bytes or a flat uint8 numpy array."""
    if len(data) <= INLINE_LIMIT:
        return {"inline": base64.b64encode(data).decode("ascii")}
    with open(file_if_large, "wb") as f:
        f.write(data)
    return {"file": file_if_large, "length": len(data)}


def exception_type(exc):
    t = type(exc)
    return t.__qualname__ if t.__module__ == "builtins" else "%s.%s" % (t.__module__, t.__qualname__)


def sdk_version(sdk, package):
    """The SDK's version: its own __version__, else the version in the package metadata of the
    distribution the imported code came from (an installed SDK without __version__), else
    "unknown". The certificate records it (docs/reports.md)."""
    for mod in (sdk, package):
        version = getattr(mod, "__version__", None)
        if version:
            return str(version)
    try:
        from importlib import metadata
    except ImportError:
        return "unknown"
    where = getattr(package, "__file__", None)
    if not where:
        return "unknown"
    where = os.path.realpath(where)
    top = package.__name__
    try:
        names = metadata.packages_distributions().get(top, [])
    except Exception:
        return "unknown"
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        # Only the distribution whose files were imported: an installed copy of another release
        # beside a source checkout given by --sdk-path says nothing about the checkout.
        for candidate in (top + "/__init__.py", top + ".py"):
            if os.path.realpath(str(dist.locate_file(candidate))) == where and dist.version:
                return str(dist.version)
    return "unknown"


def hold(np, a, layout):
    """a held as camera code may hold it (docs/adapter-protocol.md, Array layouts): the same
    values in a Fortran-ordered or big-endian buffer, or as a view. kit/arrayLayout.ts builds the
    same memory for SDKs without numpy."""
    order = layout.get("order", "C")
    view = layout.get("view")
    if layout.get("byteOrder") == "big" and a.dtype.itemsize > 1:
        a = a.astype(a.dtype.newbyteorder(">"))

    def placed(x):
        return np.array(x, order=order, copy=True)

    if view is None:
        return placed(a)
    if view == "read-only":
        out = placed(a)
        out.setflags(write=False)
        return out
    if view == "flip-channels":
        return placed(a[..., ::-1])[..., ::-1]
    if view == "transpose":
        if a.ndim < 2:
            raise ValueError("a transpose needs at least two axes")
        return placed(np.swapaxes(a, 0, 1)).swapaxes(0, 1)
    if view == "broadcast":
        if a.ndim < 1 or not (a == a[..., :1]).all():
            raise ValueError("a broadcast needs values constant along the last axis")
        return np.broadcast_to(placed(a[..., :1]), a.shape)
    if view == "strided-crop":
        if a.ndim < 2:
            raise ValueError("a strided crop needs at least two axes")
        # Every element the crop skips is the complement of the one beside it, so a reader
        # that ignores the strides sees other values.
        bits = np.dtype("u%d" % a.dtype.itemsize)
        base = placed(np.repeat(np.repeat(a, 2, axis=0), 2, axis=1))
        base.view(bits)[...] = ~base.view(bits)
        base[::2, 1::2] = a
        return base[::2, 1::2]
    raise Skip("array layout view %r is not one this shim knows" % view)


class Shim:
    def __init__(self, args):
        self.args = args
        self.sdk = None
        self.np = None
        self.known_transports = None
        self.handlers = {
            "hello": self.hello,
            "write-bytes": self.write_bytes,
            "write-array": self.write_array,
            "clear": self.clear,
            "read": self.read,
            "shutdown": lambda request: {},
        }

    def module(self):
        # Imported on first use, so that a broken SDK is reported in the hello reply.
        if self.sdk is None:
            for path in reversed(self.args.sdk_path):
                sys.path.insert(0, os.path.abspath(path))
            self.np = importlib.import_module("numpy")
            self.sdk = importlib.import_module(self.args.module)
        return self.sdk

    def handle(self, request):
        rid = request.get("id", 0)
        try:
            result = self.handlers[request["cmd"]](request)
            return {"id": rid, "status": "result", "result": result}
        except Skip as exc:
            return {"id": rid, "status": "skipped", "message": str(exc)}
        except Exception as exc:
            return {"id": rid, "status": "errored", "message": "%s: %s" % (exception_type(exc), exc),
                    "traceback": traceback.format_exc()}

    def hello(self, request):
        if request.get("protocolVersion") != PROTOCOL_VERSION:
            raise ValueError("protocol version %r not supported" % request.get("protocolVersion"))
        sdk = self.module()
        package = sys.modules[sdk.__name__.split(".")[0]]
        return {"protocolVersion": PROTOCOL_VERSION, "name": package.__name__, "version": sdk_version(sdk, package),
                "language": "python",
                "specGenerations": list(getattr(sdk, "__pv_spec_generations__", ["v1", "v2"])),
                "transports": self.transports(), "capabilities": CAPABILITIES}

    def transports(self):
        if self.known_transports is None:
            sdk = self.module()
            declared = getattr(sdk, "__pv_transports__", None)
            self.known_transports = list(declared) if declared else self.probe_transports(sdk)
        return self.known_transports

    def probe_transports(self, sdk):
        probe = "pv-conform-probe-%d" % os.getpid()
        shm_dir = os.environ.get("PROC_SHM_DIR")
        sdk.dev_write_image_to_shared_memory(probe, b"\xff\xd8\xff\xd9")
        try:
            honours = bool(shm_dir) and os.path.exists(os.path.join(shm_dir, probe + ".bin"))
        finally:
            sdk.dev_clear_shared_memory(probe)
        return ["fs"] if honours else ["inproc"]

    def check_transport(self, request):
        if request["transport"] not in self.transports():
            raise Skip("%s has no %s transport" % (self.args.module, request["transport"]))

    def write_bytes(self, request):
        self.check_transport(request)
        self.module().dev_write_image_to_shared_memory(request["segment"], load_payload(request["bytes"]))
        return {}

    def write_array(self, request):
        self.check_transport(request)
        sdk, np = self.module(), self.np
        wire = request["array"]
        dtype = np.dtype(DTYPES[wire["dtype"]])
        array = np.frombuffer(load_payload(wire["data"]), dtype).reshape(wire["shape"]).astype(dtype.newbyteorder("="))
        if "layout" in request:
            array = hold(np, array, request["layout"])
        sdk.write_image_array_to_shared_memory(request["segment"], array)
        return {}

    def clear(self, request):
        self.module().dev_clear_shared_memory(request["segment"])
        return {}

    def read(self, request):
        if request["process"] == "other":
            return self.read_in_fresh_process(request)
        sdk, np = self.module(), self.np
        started = time.perf_counter_ns()
        try:
            returned = sdk.read_image_from_shared_memory(request["segment"], request["meta"])
        except (Exception, SystemExit) as exc:
            # Raised by the SDK itself: a finding about the SDK, not a broken adapter.
            micros = (time.perf_counter_ns() - started) / 1000
            return {"value": {"kind": "exception", "type": exception_type(exc), "message": str(exc)}, "implMicros": micros}
        micros = (time.perf_counter_ns() - started) / 1000
        if returned is None:
            return {"value": {"kind": "none"}, "implMicros": micros}
        array = returned if isinstance(returned, np.ndarray) else np.asarray(returned)
        if array.dtype.name not in DTYPES:
            raise TypeError("the SDK returned dtype %s, which the protocol cannot carry" % array.dtype)
        # A flat byte view of the wire layout: the payload is written from it without a copy.
        data = np.ascontiguousarray(array, dtype=np.dtype(DTYPES[array.dtype.name])).reshape(-1).view(np.uint8)
        image = {"dtype": array.dtype.name, "shape": list(array.shape), "data": dump_payload(data, request["replyFile"])}
        result = {"value": {"kind": "image", "image": image}, "implMicros": micros}
        if request["scribble"]:
            # Only after copying: the next read shows whether the SDK handed out its own storage.
            result["scribbled"] = isinstance(returned, np.ndarray) and returned.flags.writeable
            if result["scribbled"]:
                returned[...] = 255 - returned
        return result

    def read_in_fresh_process(self, request):
        """Same interpreter, same SDK, nothing shared but what the SDK itself puts outside."""
        command = [sys.executable, os.path.abspath(__file__), "--module", self.args.module, "--read-once"]
        for path in self.args.sdk_path:
            command += ["--sdk-path", path]
        done = subprocess.run(command, input=json.dumps(dict(request, process="same")).encode("utf-8"),
                              stdout=subprocess.PIPE, check=False)
        if done.returncode != 0:
            raise RuntimeError("fresh-process read exited with code %d" % done.returncode)
        reply = json.loads(done.stdout.decode("utf-8"))
        if reply["status"] == "skipped":
            raise Skip(reply["message"])
        if reply["status"] != "result":
            raise RuntimeError("fresh-process read: %s\n%s" % (reply["message"], reply.get("traceback", "")))
        return reply["result"]


def frames_stdout():
    """Takes stdout for frames and points fd 1 at stderr, so no print() can corrupt a frame."""
    frames = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return frames


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdk-path", action="append", default=[], help="prepended to sys.path")
    parser.add_argument("--module", default="procvision_algorithm_sdk.shared_memory")
    parser.add_argument("--read-once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    shim, frames_in, frames_out = Shim(args), sys.stdin.buffer, frames_stdout()
    if args.read_once:
        frames_out.write(json.dumps(shim.handle(json.load(frames_in)), allow_nan=False).encode("utf-8"))
        frames_out.flush()
        return 0
    while True:
        request = read_frame(frames_in)
        if request is None:
            return 0
        write_frame(frames_out, shim.handle(request))
        if request.get("cmd") == "shutdown":
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
