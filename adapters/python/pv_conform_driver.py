"""pv-conform Runner driver kit for Python Runners (docs/runner-driver.md).

A driver is what `pv-conform run --side writer --runner "<command line>"` starts to make a Runner
work. With this module a Runner vendor writes only three methods around the Runner's real code:

    import pv_conform_driver as pvd

    class AcmeDriver(pvd.Driver):
        def start(self, algorithm, config):
            # algorithm: pvd.Algorithm (argv, package dir, offline zip, interpreter launcher)
            # config: pvd.Config (generation, transport, shm_dir, execute_timeout_ms, ...)
            ...install and start the algorithm with the Runner's own code...
            return pvd.runner_info("acme-runner", "2.3.0", generations=["v2"], transports=["fs"])

        def step(self, frames, clock):
            # frames: [pvd.Frame] (role, camera_id, width, height, channels, pixels())
            ...have the Runner encode, write segments, call, wait, clean up...
            clock.call_sent(); ...; clock.answered()     # the moments the Runner knows
            return pvd.report(pvd.outcome_from_frame(answer), runner_result=answer)

        def stop(self):
            ...stop the Runner and its algorithm...

    if __name__ == "__main__":
        pvd.serve(AcmeDriver())

`serve` does the rest: the framing (4-byte big-endian length + UTF-8 JSON, both directions),
stdout protection (the Runner's prints and its children's output go to stderr, never into the
protocol), replies in the schemas' shapes (`result`, `skipped` from `raise pvd.Skip(...)`,
`errored` with the traceback from any other exception), `timing`, and `blocked`: a step the
Runner has not finished `executeTimeoutMs + graceMs` after it arrived is answered `blocked` at
once, the Runner's call left running until `stop`. It ends the process after `stop`, or when the
kit closes stdin. Python 3.7+, standard library only (Frame.image() needs Pillow, Frame.array()
numpy, imported only when called).
"""
import json
import os
import struct
import sys
import threading
import time
import traceback

__all__ = [
    "Driver", "Skip", "Algorithm", "Config", "Frame", "StepClock", "serve", "runner_info", "report",
    "result", "error_frame", "timeout", "crash", "protocol_error", "blocked", "outcome_from_frame",
    "now_ms", "read_frame", "write_frame", "protect_stdio",
]

#: The largest frame taken from the kit (adapter/framing.ts): a bigger length is a broken stream.
MAX_FRAME_BYTES = 64 * 1024 * 1024
#: config.graceMs when the kit sends none (older kits): the kit's default (docs/runner-driver.md).
DEFAULT_GRACE_MS = 5000
#: How long `stop` may take before the driver replies and exits anyway (the kit allows 30 s).
STOP_LIMIT_S = 20.0


def now_ms():
    """Wall-clock milliseconds, as the kit's `timing` fields want them (Date.now())."""
    return int(time.time() * 1000)


class Skip(Exception):
    """Raise from start or step when the Runner does not support what was asked; the message is the
    reason every report shows, so say what the Runner does instead."""

    def __init__(self, message, issue=None):
        super().__init__(message)
        self.message = message
        self.issue = issue


# ---------------------------------------------------------------------------------------------
# Framing


def read_frame(stream):
    """The next frame from a binary stream, as a dict; None at a clean end of stream."""
    header = _read_exactly(stream, 4)
    if header is None:
        return None
    (length,) = struct.unpack(">I", header)
    if length == 0 or length > MAX_FRAME_BYTES:
        raise ValueError("frame length %d is outside 1..%d: the stream is not frames" % (length, MAX_FRAME_BYTES))
    body = _read_exactly(stream, length)
    if body is None:
        raise EOFError("stream ended inside a frame of %d bytes" % length)
    value = json.loads(body.decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("a frame must hold one JSON object")
    return value


def _read_exactly(stream, n):
    chunks = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            if got == 0:
                return None
            raise EOFError("stream ended after %d of %d bytes" % (got, n))
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def write_frame(stream, value):
    """Writes one frame (one JSON object) and flushes it."""
    body = json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
    stream.write(struct.pack(">I", len(body)) + body)
    stream.flush()


def protect_stdio():
    """Keeps the protocol's pipes to the driver alone; returns (commands, replies) binary streams.

    A Runner prints, logs to stdout, and starts processes that inherit fds 0 and 1. Any of that
    on the driver's stdout would break the framing (the kit then errors the command and kills the
    driver), and a child reading fd 0 would eat the kit's commands. So the real fds are moved to
    private, non-inheritable descriptors, fd 1 becomes a copy of stderr (prints and children's
    stdout land in the driver's stderr, which the kit shows), fd 0 reads /dev/null, and
    sys.stdout is sys.stderr. Pipes the Runner opens to its algorithm are unaffected.
    """
    sys.stdout.flush()
    replies_fd = os.dup(1)  # os.dup makes non-inheritable descriptors
    commands_fd = os.dup(0)
    os.dup2(2, 1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdout = sys.stderr
    sys.stdin = open(os.devnull, "r")
    return os.fdopen(commands_fd, "rb", buffering=0), os.fdopen(replies_fd, "wb", buffering=0)


# ---------------------------------------------------------------------------------------------
# What start and step hand the driver


class Algorithm:
    """The algorithm to start (the kit's probe), in every shape the kit offers (`start.algorithm`).

    - `argv`, `env`: a command to start as is, for Runners that start an argv.
    - `package_dir`, `zip`, `name`, `version`, `entry_point`: an algorithm package as the specs
      ship one, for Runners that install and start packages (v2: start `package_command()` with
      the cwd in the package root; v1: install the offline zip into a venv first). None when the
      kit offers no package (kits before it did).
    - `python_command(python)`: for Runners that choose their own interpreter and cwd.
    """

    def __init__(self, raw):
        self.raw = raw
        self.argv = list(raw["argv"])
        self.env = dict(raw.get("env") or {})
        pkg = raw.get("package") or {}
        self.package_dir = pkg.get("dir")
        self.zip = pkg.get("zip")
        self.name = pkg.get("name")
        self.version = pkg.get("version")
        self.entry_point = pkg.get("entryPoint")
        self.python = raw.get("python")

    def require_package(self):
        """Skip (not error) when this kit offers no package: the Runner cannot start anything else."""
        if not self.package_dir:
            raise Skip("this Runner starts only algorithm packages, and the kit's start offered none (a pv-conform older than the package launcher)")

    def package_command(self, python, deployed_dir=None):
        """(argv, cwd) as the v2 runner_spec starts a package:
        `<python> -m procvision_algorithm_sdk.adapter --entry <entry_point>` in the package root
        (`deployed_dir`, where the Runner deployed a copy, or the kit's package directory)."""
        self.require_package()
        return [python, "-m", "procvision_algorithm_sdk.adapter", "--entry", self.entry_point], deployed_dir or self.package_dir

    def python_command(self, python, base_env=None):
        """(argv, env) for a Runner with an interpreter of its own: `<python> -m <module> <args>`,
        with the launcher's directory first on PYTHONPATH. The env is `base_env` (default: this
        process's) plus the algorithm's env and that PYTHONPATH."""
        if not self.python:
            raise Skip("the kit's start offered no interpreter launcher (a pv-conform older than it)")
        env = dict(os.environ if base_env is None else base_env)
        env.update(self.env)
        env["PYTHONPATH"] = os.pathsep.join([self.python["path"]] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        return [python, "-m", self.python["module"]] + list(self.python["args"]), env


class Config:
    """`start.config`: what the Runner is configured with for the session."""

    def __init__(self, raw):
        self.raw = raw
        self.generation = raw["generation"]  # "v1" | "v2"
        self.transport = raw["transport"]  # "fs" | "posix"
        self.shm_dir = raw["shmDir"]  # PROC_SHM_DIR: set it in the algorithm's environment
        self.execute_timeout_ms = raw["executeTimeoutMs"]
        self.grace_ms = raw.get("graceMs", DEFAULT_GRACE_MS)
        self.v1_call_shape = raw.get("v1CallShape", "flat")


class Frame:
    """One camera frame of a step: `height * width * channels` bytes, row-major, interleaved
    (RGB for 3 channels, gray for 1). Treat it exactly as a frame just captured."""

    def __init__(self, raw):
        self.raw = raw
        self.role = raw["role"]  # "image" (v1), "cur" or "guide" (v2)
        self.camera_id = raw["cameraId"]
        self.width = raw["width"]
        self.height = raw["height"]
        self.channels = raw["channels"]
        self.pixels_file = raw["pixelsFile"]

    def pixels(self):
        with open(self.pixels_file, "rb") as f:
            data = f.read()
        expected = self.width * self.height * self.channels
        if len(data) != expected:
            raise ValueError("%s: %d bytes, expected %dx%dx%d = %d" % (self.pixels_file, len(data), self.width, self.height, self.channels, expected))
        return data

    def image(self):
        """A PIL Image (mode RGB or L)."""
        from PIL import Image
        return Image.frombytes("RGB" if self.channels == 3 else "L", (self.width, self.height), self.pixels())

    def array(self):
        """A numpy uint8 array, H x W x channels."""
        import numpy as np
        return np.frombuffer(self.pixels(), dtype=np.uint8).reshape(self.height, self.width, self.channels).copy()


class StepClock:
    """The step's `timing`. startedAtMs is when the step arrived (set by serve); mark the moments
    your Runner knows (call_sent when the call went to the algorithm, answered when the answer
    arrived or, for a timeout, when the Runner gave up) and leave out the ones it does not:
    the kit checks them against its own clock, and a guess that contradicts it errors the step."""

    def __init__(self, started_at_ms=None):
        self.started_at_ms = now_ms() if started_at_ms is None else started_at_ms
        self.call_sent_at_ms = None
        self.answered_at_ms = None

    def call_sent(self, at_ms=None):
        self.call_sent_at_ms = now_ms() if at_ms is None else int(at_ms)

    def answered(self, at_ms=None):
        self.answered_at_ms = now_ms() if at_ms is None else int(at_ms)

    def timing(self, ended_at_ms=None):
        t = {"startedAtMs": self.started_at_ms}
        if self.call_sent_at_ms is not None:
            t["callSentAtMs"] = self.call_sent_at_ms
        if self.answered_at_ms is not None:
            t["answeredAtMs"] = self.answered_at_ms
        t["endedAtMs"] = now_ms() if ended_at_ms is None else ended_at_ms
        return t


# ---------------------------------------------------------------------------------------------
# Replies in the schemas' shapes (schemas/runner-driver/)


def runner_info(name, version, generations, transports, language="python", v1_call_shapes=None,
                algorithm_answers=None, homepage=None, issues=None):
    """`start`'s reply value: declare exactly what the Runner runs; the kit learns it once per run
    and skips what is not declared without starting the driver. `algorithm_answers` (None: all)
    limits the algorithm answers a step may need: ok, ng, error-result, error-frame, crash, hang, junk."""
    info = {"name": name, "version": version, "language": language, "generations": list(generations), "transports": list(transports)}
    if v1_call_shapes is not None:
        info["v1CallShapes"] = list(v1_call_shapes)
    if algorithm_answers is not None:
        info["algorithmAnswers"] = list(algorithm_answers)
    if homepage:
        info["homepage"] = homepage
    if issues:
        info["issues"] = issues
    return info


def _text(v):
    return v if isinstance(v, str) else None


def _drop_none(d):
    return {k: v for k, v in d.items() if v is not None}


def result(status, result_status=None, message=None, error_code=None):
    """The algorithm's `result` frame: status OK/ERROR, result_status OK/NG when present."""
    if status not in ("OK", "ERROR"):
        raise ValueError("result status must be OK or ERROR, not %r" % (status,))
    if result_status not in (None, "OK", "NG"):
        raise ValueError("result_status must be OK or NG, not %r" % (result_status,))
    return _drop_none({"kind": "result", "status": status, "resultStatus": result_status, "message": _text(message), "errorCode": _text(error_code)})


def error_frame(message=None, error_code=None):
    """The algorithm's `error` frame."""
    return _drop_none({"kind": "error-frame", "message": _text(message), "errorCode": _text(error_code)})


def timeout():
    """No answer within executeTimeoutMs: the Runner gave up and ended the algorithm."""
    return {"kind": "timeout"}


def crash(exit_code=None, signal=None):
    """The algorithm exited mid-call; exit code or signal name when the Runner knows them."""
    return {"kind": "crash", "exitCode": exit_code if isinstance(exit_code, int) else None, "signal": signal if isinstance(signal, str) else None}


def protocol_error(message):
    """The algorithm's stdout stopped being frames, or it answered something else."""
    return {"kind": "protocol-error", "message": str(message)}


def blocked(message=None):
    """The Runner had not returned at executeTimeoutMs + graceMs (serve replies this itself)."""
    return _drop_none({"kind": "blocked", "message": message})


def outcome_from_frame(frame):
    """The outcome for the algorithm's answer frame, for Runners that return the frame (or a
    dict built from it): `result` -> result, `error` -> error-frame, anything else -> protocol-error."""
    if not isinstance(frame, dict):
        return protocol_error("the answer is not a JSON object: %r" % (frame,))
    kind = frame.get("type")
    if kind == "error":
        return error_frame(frame.get("message"), frame.get("error_code"))
    if kind == "result" and frame.get("status") in ("OK", "ERROR"):
        data = frame.get("data") if isinstance(frame.get("data"), dict) else {}
        rs = data.get("result_status")
        return result(frame["status"], rs if rs in ("OK", "NG") else None, frame.get("message"), frame.get("error_code"))
    return protocol_error("unexpected answer %s" % json.dumps(frame, default=repr)[:200])


def report(outcome, runner_result=None, clock=None):
    """A step's reply value. `runner_result`: what the Runner's code returned, verbatim (a string,
    or anything JSON/repr can show); it is never judged, failure texts quote it. Without `clock`,
    serve fills `timing` from the clock it passed to step."""
    r = {"outcome": outcome}
    if runner_result is not None:
        r["runnerResult"] = runner_result if isinstance(runner_result, str) else json.dumps(runner_result, default=repr)
    if clock is not None:
        r["timing"] = clock.timing()
    return r


_KINDS = {"result", "error-frame", "timeout", "crash", "protocol-error", "blocked"}


def _step_value(returned, clock):
    """A step's return value as the reply value: a report, or a bare outcome."""
    if not isinstance(returned, dict):
        raise TypeError("step returned %r: return pvd.report(outcome, ...) or an outcome" % (returned,))
    value = dict(returned) if "outcome" in returned else report(returned)
    if value["outcome"].get("kind") not in _KINDS:
        raise ValueError("unknown outcome kind %r (one of %s)" % (value["outcome"].get("kind"), ", ".join(sorted(_KINDS))))
    value.setdefault("timing", clock.timing())
    return value


# ---------------------------------------------------------------------------------------------
# The loop


class Driver:
    """Subclass and implement start, step and stop around the Runner's real code."""

    def start(self, algorithm, config):
        """Install/start the algorithm (`algorithm`: Algorithm), complete the handshake, return
        runner_info(...). A one-shot Runner (one algorithm process per call) may start nothing and
        keep `algorithm` for step. Raise Skip for a generation or transport the Runner does not support."""
        raise NotImplementedError

    def step(self, frames, clock):
        """Run one detection step with `frames` ([Frame]) exactly as for camera frames; return
        report(outcome, runner_result=...) or an outcome. If the algorithm is gone, start it again; a
        one-shot Runner starts it and ends it here, in every step."""
        raise NotImplementedError

    def stop(self):
        """Stop the algorithm (shutdown, then end it) and the Runner."""


def serve(driver, commands=None, replies=None):
    """Runs the driver protocol until `stop` or the end of stdin, then ends the process.
    `commands`/`replies` default to the protected stdin/stdout (protect_stdio)."""
    if commands is None or replies is None:
        commands, replies = protect_stdio()
    lock = threading.Lock()
    state = {"grace_ms": DEFAULT_GRACE_MS, "execute_timeout_ms": None, "blocked": False}

    def reply(value):
        with lock:
            write_frame(replies, value)

    def errored(seq, e):
        return {"seq": seq, "status": "errored", "message": "%s: %s" % (type(e).__name__, e), "traceback": traceback.format_exc()}

    def run(seq, fn):
        """fn's value as a `result` reply, Skip as `skipped`, anything else as `errored`."""
        try:
            return {"seq": seq, "status": "result", "value": fn()}
        except Skip as e:
            r = {"seq": seq, "status": "skipped", "message": e.message or "not supported"}
            if e.issue:
                r["issue"] = e.issue
            return r
        except Exception as e:  # the driver's or the Runner's own failure: errored, never a verdict
            return errored(seq, e)

    def do_start(cmd):
        config = Config(cmd["config"])
        state["execute_timeout_ms"] = config.execute_timeout_ms
        state["grace_ms"] = config.grace_ms
        value = driver.start(Algorithm(cmd["algorithm"]), config)
        if not isinstance(value, dict) or not {"name", "version", "language", "generations", "transports"} <= set(value):
            raise TypeError("start returned %r: return pvd.runner_info(...)" % (value,))
        return value

    def do_step(cmd):
        # The clock starts when the step arrives, so `blocked` and startedAtMs share one origin.
        clock = StepClock()
        frames = [Frame(f) for f in cmd["frames"]]
        box = {}

        def work():
            box["reply"] = run(cmd["seq"], lambda: _step_value(driver.step(frames, clock), clock))

        worker = threading.Thread(target=work, name="pv-conform-step", daemon=True)
        worker.start()
        limit_ms = (state["execute_timeout_ms"] or 0) + state["grace_ms"]
        worker.join(max(0.0, (clock.started_at_ms + limit_ms - now_ms()) / 1000.0))
        if worker.is_alive():
            # The Runner's own call stays running (a thread cannot be cancelled); stop ends it.
            state["blocked"] = True
            return {"seq": cmd["seq"], "status": "result", "value": {
                "outcome": blocked("the Runner had not returned %d ms after the step arrived (execute timeout %d ms + grace %d ms)"
                                   % (limit_ms, state["execute_timeout_ms"] or 0, state["grace_ms"])),
                "timing": {"startedAtMs": clock.started_at_ms, "endedAtMs": now_ms()}}}
        return box["reply"]

    def do_stop():
        # A Runner blocked in a step may hold its own locks: stop gets a bounded time.
        box = {}

        def stopped():
            driver.stop()
            return {}

        t = threading.Thread(target=lambda: box.setdefault("r", run(0, stopped)), daemon=True)
        t.start()
        t.join(STOP_LIMIT_S)
        return box.get("r")

    try:
        while True:
            try:
                cmd = read_frame(commands)
            except Exception as e:
                sys.stderr.write("pv_conform_driver: cannot read a command: %s\n" % e)
                cmd = None
            if cmd is None:  # stdin closed without stop: never leave an algorithm behind
                do_stop()
                return _exit(0)
            seq = cmd.get("seq", 0)
            name = cmd.get("cmd")
            if name == "start":
                reply(run(seq, lambda: do_start(cmd)))
            elif name == "step":
                if state["blocked"]:
                    reply({"seq": seq, "status": "errored", "message": "the Runner is still blocked in an earlier step"})
                else:
                    reply(do_step(cmd))
            elif name == "stop":
                r = do_stop()
                if r is None:
                    r = {"seq": seq, "status": "errored", "message": "the Runner did not stop within %d s" % STOP_LIMIT_S}
                r["seq"] = seq
                reply(r)
                return _exit(0)
            else:
                reply({"seq": seq, "status": "errored", "message": "unknown command %r" % (name,)})
    finally:
        sys.stderr.flush()


def _exit(code):
    # Threads of a blocked Runner call must not keep the process alive once the kit is done with it.
    sys.stderr.flush()
    os._exit(code)
