"""Evaluates environment markers with pip 23.2.1's vendored packaging (21.3) and prints the results.

Input (stdin): a JSON list of {"marker": str, "env": {name: value}}; `env` replaces the whole
environment (every default_environment() name is overwritten, so the host machine never leaks in;
a name left out of `env` is removed, so packaging raises UndefinedEnvironmentName for it).
Output (stdout): a JSON list, one entry per case: {"ok": true, "value": bool} or
{"ok": false, "error": "<exception class>"} (a marker that does not parse, an undefined comparison,
an undefined name).
"""
import json
import sys

from pip._vendor.packaging import markers as m


def evaluate(case):
    try:
        marker = m.Marker(case["marker"])
    except m.InvalidMarker:
        return {"ok": False, "error": "InvalidMarker"}
    env = dict(case["env"])
    # Marker.evaluate() starts from default_environment(); evaluate on exactly `env` instead.
    try:
        return {"ok": True, "value": bool(m._evaluate_markers(marker._markers, env))}
    except (m.UndefinedComparison, m.UndefinedEnvironmentName) as e:
        return {"ok": False, "error": type(e).__name__}


print(json.dumps([evaluate(c) for c in json.load(sys.stdin)]))
