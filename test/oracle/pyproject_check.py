"""What a pyproject.toml installs, read with Python's tomllib and pip's packaging, and what pip makes
of exported requirements files: the reference for split and export on pyproject layouts.

Input (stdin): a JSON list of cases, each {"id", "pyproject": {label: text}, "requirements": {name: text}}.
Output (stdout): a JSON object {id: {"pyproject": {label: {...} | {"error"}}, "requirements": {name: [...] | {"error"}}}}.

For a pyproject text:
  base:   [project] dependencies that `pip install .` installs (markers evaluated here, extra = "");
  extras: {name: what `pip install .[name]` adds}: [project] dependencies whose marker holds with
          that extra but not without, plus [project.optional-dependencies][name];
  groups: {name: requirements}: PEP 735 [dependency-groups], include-group resolved as the PEP's
          reference implementation does.
Each requirement is "name[extras]specifier" with the marker already evaluated (left out when false).
For a requirements file: the same strings, for the lines pip 23 installs here, following -r/-c.
"""
import json
import os
import re
import sys
import tempfile
import tomllib

from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import parse_requirements
from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name


def ident(name, extras, specifier, url=None):
    out = canonicalize_name(name) + ("[" + ",".join(sorted(canonicalize_name(e) for e in extras)) + "]" if extras else "")
    out += ",".join(sorted(str(s) for s in specifier))
    return out + (" @ " + url if url else "")


def holds(req, extra):
    return req.marker is None or req.marker.evaluate({"extra": extra})


def read_pyproject(text):
    data = tomllib.loads(text)
    project = data.get("project", {})
    deps = [Requirement(d) for d in project.get("dependencies", [])]
    base = sorted(ident(r.name, r.extras, r.specifier, r.url) for r in deps if holds(r, ""))
    names = set(project.get("optional-dependencies", {}))
    for d in project.get("dependencies", []):
        names.update(re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", d))
    extras = {}
    for name in sorted(names):
        gated = [r for r in deps if holds(r, name) and not holds(r, "")]
        listed = [Requirement(d) for d in project.get("optional-dependencies", {}).get(name, [])]
        extras[name] = sorted(ident(r.name, r.extras, r.specifier, r.url) for r in gated + listed if holds(r, name))
    groups = {}
    table = data.get("dependency-groups", {})

    def resolve(name, seen=()):
        # PEP 735 reference: strings are requirements, {include-group} tables are expanded in place.
        if name in seen:
            raise ValueError(f"cycle at {name}")
        out = []
        for item in table[name]:
            if isinstance(item, str):
                out.append(item)
            else:
                target = next(k for k in table if canonicalize_name(k) == canonicalize_name(item["include-group"]))
                out.extend(resolve(target, seen + (name,)))
        return out

    for name in table:
        reqs = [Requirement(d) for d in resolve(name)]
        groups[name] = sorted(ident(r.name, r.extras, r.specifier, r.url) for r in reqs if holds(r, ""))
    return {"base": base, "extras": extras, "groups": groups}


def read_requirements(case_dir, name):
    out = []
    for parsed in parse_requirements(os.path.join(case_dir, name), session=PipSession()):
        ireq = install_req_from_parsed_requirement(parsed)
        if parsed.constraint or not ireq.match_markers():
            continue
        url = ireq.link.url if ireq.link and not ireq.link.is_file else None
        if ireq.link and ireq.link.is_file:
            url = "file:" + os.path.relpath(ireq.link.file_path, case_dir).replace(os.sep, "/")
        out.append(ident(ireq.name or "", ireq.extras, ireq.req.specifier if ireq.req else [], url))
    return sorted(out)


def main():
    cases = json.load(sys.stdin)
    results = {}
    for case in cases:
        res = {"pyproject": {}, "requirements": {}}
        for label, text in case.get("pyproject", {}).items():
            try:
                res["pyproject"][label] = read_pyproject(text)
            except Exception as e:
                res["pyproject"][label] = {"error": f"{type(e).__name__}: {e}"}
        with tempfile.TemporaryDirectory(prefix="slimreq-pyproject-") as case_dir:
            for name, text in case.get("requirements", {}).items():
                with open(os.path.join(case_dir, name), "w", encoding="utf-8") as f:
                    f.write(text)
            for name in case.get("requirements", {}):
                try:
                    res["requirements"][name] = read_requirements(case_dir, name)
                except Exception as e:
                    res["requirements"][name] = {"error": f"{type(e).__name__}: {e}"}
        results[case["id"]] = res
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
