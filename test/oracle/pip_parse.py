"""Reads requirements files with pip's own parser and prints what pip makes of them, as JSON.

Input (stdin): a JSON list of cases, each {"id": str, "files": {relative path: text}, "main": path}.
Every case is written into a fresh empty directory (text written verbatim, so CR, CRLF and a BOM
survive) and read there with pip._internal.req.req_file.parse_requirements, each parsed line turned
into an InstallRequirement with install_req_from_parsed_requirement, exactly as `pip install -r`
does before resolving. Includes (-r/-c) are followed by pip itself.

Output (stdout): a JSON list, one entry per case, in order:
  {"id", "ok": true, "requirements": [{name, key, extras, specifier, marker, url, file_url,
    editable, hashes, constraint}]}  or  {"id", "ok": false, "error": "..."}.
`specifier` is the list of str(clause); `marker` is str(Marker); `hashes` are "algo:digest".
The environment is emptied of ${VAR}-style names first, so `${VAR}` references stay unexpanded.
"""
import json
import logging
import os
import re
import sys
import tempfile
import warnings

logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")

for name in list(os.environ):
    if re.fullmatch(r"[A-Z0-9_]+", name) and name not in ("PATH", "HOME", "TMPDIR"):
        del os.environ[name]

from pip._internal.network.session import PipSession  # noqa: E402
from pip._internal.req.constructors import install_req_from_parsed_requirement  # noqa: E402
from pip._internal.req.req_file import parse_requirements  # noqa: E402
from pip._vendor.packaging.utils import canonicalize_name  # noqa: E402


def describe(ireq):
    req = ireq.req
    hashes = []
    for algo, digests in sorted((ireq.hash_options or {}).items()):
        hashes.extend(f"{algo}:{d}" for d in digests)
    link = ireq.link
    return {
        "name": req.name if req is not None else None,
        "key": canonicalize_name(req.name) if req is not None else None,
        "extras": sorted(ireq.extras),
        "specifier": sorted(str(s) for s in req.specifier) if req is not None else [],
        "marker": str(ireq.markers) if ireq.markers is not None else None,
        "url": link.url if link is not None else None,
        "file_url": link is not None and link.scheme == "file",
        "editable": bool(ireq.editable),
        "hashes": hashes,
        "constraint": bool(ireq.constraint),
    }


def run_case(case, session):
    with tempfile.TemporaryDirectory(prefix="slimreq-oracle-") as root:
        for rel, text in case["files"].items():
            path = os.path.join(root, rel)
            if rel.endswith("/"):
                os.makedirs(path, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        here = os.getcwd()
        os.chdir(root)
        stderr, sys.stderr = sys.stderr, open(os.devnull, "w")  # optparse prints usage there
        try:
            out = []
            for parsed in parse_requirements(case["main"], session=session):
                out.append(describe(install_req_from_parsed_requirement(parsed)))
            return {"id": case["id"], "ok": True, "requirements": out}
        except BaseException as error:  # noqa: BLE001 - any failure means pip refuses the file
            if isinstance(error, KeyboardInterrupt):
                raise
            return {"id": case["id"], "ok": False, "error": f"{type(error).__name__}: {error}"}
        finally:
            sys.stderr.close()
            sys.stderr = stderr
            os.chdir(here)


def main():
    cases = json.load(sys.stdin)
    session = PipSession()
    json.dump([run_case(case, session) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
