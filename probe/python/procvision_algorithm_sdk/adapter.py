"""`python -m procvision_algorithm_sdk.adapter [--entry "<module:Class>"]`: the pv-conform probe.

A Runner starts an algorithm this way (v2 runner_spec), from the package root or a venv it made
for the package (v1 runner_spec). The kit's probe is a Node program, so this module replaces the
Python process with it (exec): the Runner's pid, pipes and signals then reach the probe itself,
with nothing in between to buffer frames or swallow a SIGTERM. `--entry` is accepted and ignored
(the probe is the whole algorithm). The command to exec is in `pv_conform_launch.json` next to
this file, written by the kit for one session with absolute paths (the node binary, the probe
bundle and the session's files), so neither the working directory, nor PATH, nor anything
installed in the Runner's interpreter matters: only Python itself, which the Runner provides.
"""
import json
import os
import sys

LAUNCH_FILE = "pv_conform_launch.json"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, LAUNCH_FILE)
    try:
        with open(path, "r", encoding="utf-8") as f:
            launch = json.load(f)
        command = [str(a) for a in launch["argv"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        # stdout carries frames only; a Runner sees this as an algorithm that exited before its hello.
        sys.stderr.write("pv-conform probe package: cannot read %s: %s\n" % (path, e))
        return 2
    env = dict(os.environ)
    env.update({str(k): str(v) for k, v in (launch.get("env") or {}).items()})
    sys.stderr.flush()
    try:
        os.execve(command[0], command, env)
    except OSError as e:
        sys.stderr.write("pv-conform probe package: cannot start %s: %s\n" % (command[0], e))
        return 127
    return 0  # not reached: execve replaced the process


if __name__ == "__main__":
    sys.exit(main())
