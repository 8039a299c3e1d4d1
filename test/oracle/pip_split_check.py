"""pip's own reading of requirements files, for the split oracle tests.

Reads one JSON document on stdin:
    {"cases": [{"id": "...", "files": {"requirements.txt": "...", ...}, "roots": ["requirements.txt", ...]}]}
writes each case's files into a fresh temporary directory, and parses every root with pip 23.2.1's
parse_requirements (following -r and -c, exactly as `pip install -r ROOT` would), with a real
PackageFinder so the global options (--index-url, --find-links, --pre, ...) are applied by pip itself.

Writes one JSON document on stdout:
    {"results": {"<id>": {"<root>": {"requirements": [...], "options": {...}} | {"error": "..."}}}}
"""

import json
import optparse
import os
import sys
import tempfile

from pip._internal.index.collector import LinkCollector
from pip._internal.index.package_finder import PackageFinder
from pip._internal.models.search_scope import SearchScope
from pip._internal.models.selection_prefs import SelectionPreferences
from pip._internal.network.session import PipSession
from pip._internal.req.req_file import parse_requirements
from pip._vendor.packaging.requirements import InvalidRequirement, Requirement
from pip._vendor.packaging.utils import canonicalize_name

DEFAULT_INDEX = "https://pypi.org/simple"

# pip has no guard against -r/-c loops: it recurses until Python raises RecursionError. Each level
# rebuilds an option parser per line, so reaching the default limit of 1000 frames takes seconds; a
# lower limit gives the same verdict sooner (the cases nest includes a few levels deep, not 40).
sys.setrecursionlimit(120)


def describe_requirement(parsed, root_dir):
    hashes = []
    for alg, values in ((parsed.options or {}).get("hashes") or {}).items():
        hashes.extend(f"{alg}:{v}" for v in values)
    comes_from = parsed.comes_from.split(" ", 1)[1].rsplit(" (line", 1)[0]
    out = {
        "file": os.path.relpath(comes_from, root_dir).replace(os.sep, "/"),
        "constraint": bool(parsed.constraint),
        "editable": bool(parsed.is_editable),
        "hashes": sorted(hashes),
        "name": None,
        "specifier": None,
        "extras": [],
        "marker": None,
        "url": None,
        "raw": None,
    }
    other = {k: v for k, v in (parsed.options or {}).items() if k != "hashes" and v}
    if other:
        out["options"] = {k: sorted(map(str, v)) if isinstance(v, list) else str(v) for k, v in other.items()}
    text = parsed.requirement
    try:
        if parsed.is_editable:
            raise InvalidRequirement(text)
        req = Requirement(text)
    except InvalidRequirement:
        out["raw"] = text
        return out
    out["name"] = canonicalize_name(req.name)
    out["specifier"] = ",".join(sorted(str(s) for s in req.specifier))
    out["extras"] = sorted(canonicalize_name(e) for e in req.extras)
    out["marker"] = str(req.marker) if req.marker else None
    out["url"] = req.url
    return out


_SESSION = None


def shared_session():
    """One PipSession for every file (building one costs a good part of a second); the trusted hosts
    a file adds are forgotten before the next file is read."""
    global _SESSION
    if _SESSION is None:
        _SESSION = PipSession()
        _SESSION.slimreq_clean_origins = list(_SESSION.pip_trusted_origins)
    _SESSION.pip_trusted_origins = list(_SESSION.slimreq_clean_origins)
    return _SESSION


def read_root(root_path, root_dir):
    session = shared_session()
    collector = LinkCollector(
        session=session,
        search_scope=SearchScope.create(find_links=[], index_urls=[DEFAULT_INDEX], no_index=False),
    )
    finder = PackageFinder.create(
        link_collector=collector,
        selection_prefs=SelectionPreferences(allow_yanked=False),
    )
    options = optparse.Values({"require_hashes": False, "features_enabled": []})
    requirements = [
        describe_requirement(r, root_dir)
        for r in parse_requirements(root_path, session, finder=finder, options=options)
    ]

    def local(value):
        return os.path.relpath(value, root_dir).replace(os.sep, "/") if os.path.isabs(value) else value

    prefs = finder._candidate_prefs
    fmt = finder.format_control
    return {
        "requirements": requirements,
        "options": {
            "index_urls": list(finder.index_urls),
            "no_index": bool(finder.search_scope.no_index),
            "find_links": [local(f) for f in finder.find_links],
            "trusted_hosts": sorted({str(h) for h in finder.trusted_hosts}),
            "pre": bool(prefs.allow_all_prereleases),
            "prefer_binary": bool(prefs.prefer_binary),
            "require_hashes": bool(options.require_hashes),
            "no_binary": sorted(fmt.no_binary),
            "only_binary": sorted(fmt.only_binary),
        },
    }


def main():
    request = json.load(sys.stdin)
    results = {}
    for case in request["cases"]:
        with tempfile.TemporaryDirectory(prefix="slimreq-split-") as root_dir:
            for name, content in case["files"].items():
                path = os.path.join(root_dir, name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(content.encode("utf-8"))
            out = {}
            for root in case["roots"]:
                try:
                    out[root] = read_root(os.path.join(root_dir, root), root_dir)
                except Exception as e:  # pip's verdict on a broken file is a result too
                    out[root] = {"error": f"{type(e).__name__}: {e}"}
            results[case["id"]] = out
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
