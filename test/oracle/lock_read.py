"""Reads lock files with Python's own tools and prints what an install from them puts in a Linux image.

Input (stdin): a JSON list of cases {"id", "format": uv-lock|poetry-lock|pdm-lock|pipfile-lock|pylock,
"content": text, "decl": null | {"name", "prod": [{key, extras}], "dev": [{key, extras, group}]}}.
Each lock is read with tomllib (json for Pipfile.lock); markers are evaluated with pip's vendored
packaging on every Linux CPython 3.7-3.14 x86_64/aarch64 environment (a package reached only through
markers false on all of them is not in the image); wheel file names are parsed with
packaging.utils.parse_wheel_filename and matched against packaging.tags for CPython 3.12 on
musllinux_1_2 (cpython_tags + compatible_tags, platforms musllinux_1_2..1_0 and linux_<arch>).

Output (stdout): a JSON list, one entry per case: {"id", "ok": true, "packages": [{key, version, line,
group, status: {"x86_64": ..., "aarch64": ...} | null}]} or {"id", "ok": false, "error"}.
`group` is "prod", "dev" or null (not installed on Linux); `status` is wheel | pure | build |
unavailable from the files the lock lists, null when it lists none.
"""
import json
import re
import sys
import tomllib
from collections import deque

from pip._vendor.packaging import tags
from pip._vendor.packaging.markers import Marker
from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename

# Which named sets are development is slimreq's policy (src/catalog/groups.ts), not something a lock
# says: the same word lists, so the comparison is about reading, reachability, markers and tags.
DEV_WORDS = {
    "dev", "devel", "develop", "development", "devtools", "dev-tools", "dev-dependencies", "dev-packages",
    "test", "tests", "testing", "pytest", "unittest", "e2e", "integration-tests",
    "lint", "linting", "linter", "linters", "ruff", "flake8", "pylint",
    "typing", "types", "typecheck", "type-check", "typechecking", "mypy", "pyright", "stubs",
    "docs", "doc", "documentation", "sphinx", "mkdocs", "coverage", "cov",
    "ci", "qa", "check", "checks", "style", "format", "formatting", "fmt", "pre-commit", "precommit",
    "bench", "benchmark", "benchmarks", "benchmarking", "perf", "profiling", "debug", "debugging",
    "tox", "nox", "release", "publish", "build", "packaging",
}
PROD_NAMES = {"all", "full", "complete", "everything"}
RUNTIME_NAMES = {"main", "prod", "production", "runtime", "run", "deploy", "deployment", "server", "serve", "web", "app",
                 "worker", "service", "api", "default"}
PYTHONS = ["3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"]
MACHINES = ["x86_64", "aarch64"]


def extra_is_prod(name):
    key = canonicalize_name(name).strip("-")
    if key in PROD_NAMES:
        return True
    words = [w for w in key.split("-") if w]
    return not (key in DEV_WORDS or (len(words) > 1 and (words[0] in DEV_WORDS or words[-1] in DEV_WORDS)))


def group_is_prod(name):
    if not extra_is_prod(name):
        return False
    words = canonicalize_name(name).split("-")
    return canonicalize_name(name) in RUNTIME_NAMES or words[0] in RUNTIME_NAMES or words[-1] in RUNTIME_NAMES


def envs(extra=""):
    for py in PYTHONS:
        for m in MACHINES:
            yield {
                "python_version": py, "python_full_version": py + ".0", "implementation_version": py + ".0",
                "implementation_name": "cpython", "platform_python_implementation": "CPython",
                "platform_machine": m, "platform_system": "Linux", "sys_platform": "linux", "os_name": "posix",
                "platform_release": "", "platform_version": "", "extra": extra,
            }


def on_linux(marker, extras=(), groups=()):
    """True when the marker holds on some Linux image; PEP 751 set tests are substituted first."""
    if not marker:
        return True
    def sub(m):
        name, var = canonicalize_name(m.group(2)), m.group(3)
        present = name in {canonicalize_name(x) for x in (extras if var == "extras" else groups)}
        # packaging 21.3 reads the right side of "a" == "b" as a variable name: compare a real one.
        return 'os_name == "posix"' if present else 'os_name == "absent"'
    text = re.sub(r"""(['"])([^'"]+)\1\s+in\s+(extras|dependency_groups)""", sub, marker)
    m = Marker(text)
    for extra in (list(extras) or [""]):
        if any(m.evaluate(e) for e in envs(extra)):
            return True
    return False


def bfs(roots, edges):
    seen = {}
    queue = deque()
    def push(i, extras):
        have = seen.setdefault(i, set()) if i in seen else None
        if have is None:
            seen[i] = set(canonicalize_name(e) for e in extras)
            queue.append(i)
            return
        new = {canonicalize_name(e) for e in extras} - have
        if new:
            have |= new
            queue.append(i)
    for i, extras in roots:
        push(i, extras)
    while queue:
        i = queue.popleft()
        for j, extras in edges(i, seen[i]):
            push(j, extras)
    return set(seen)


def header_lines(text, array):
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == f"[[{array}]]"]


SUPPORTED = {}


def supported(arch):
    if arch not in SUPPORTED:
        plats = [f"musllinux_1_{m}_{arch}" for m in (2, 1, 0)] + [f"linux_{arch}"]
        ts = list(tags.cpython_tags((3, 12), ["cp312"], plats)) + list(tags.compatible_tags((3, 12), "cp312", plats))
        SUPPORTED[arch] = set(ts)
    return SUPPORTED[arch]


def status(files, arch):
    if files is None:
        return None
    sup = supported(arch)
    pure = False
    for f in files:
        if not f.endswith(".whl"):
            continue
        _, _, _, wtags = parse_wheel_filename(f)
        fits = [t for t in wtags if t in sup]
        if any(t.platform != "any" for t in fits):
            return "wheel"
        if fits:
            pure = True
    if pure:
        return "pure"
    return "build" if any(f.endswith((".tar.gz", ".zip")) for f in files) else "unavailable"


def fname(s):
    return s.split("#")[0].split("?")[0].rsplit("/", 1)[-1]


def read_uv(text, decl):
    doc = tomllib.loads(text)
    pkgs = doc.get("package", [])
    lines = header_lines(text, "package")
    members = {canonicalize_name(m) for m in doc.get("manifest", {}).get("members", [])}
    def local(p):
        s = p.get("source", {})
        return "editable" in s or "virtual" in s
    by = {}
    for i, p in enumerate(pkgs):
        by.setdefault(canonicalize_name(p["name"]), []).append(i)
    def resolve(d):
        c = by.get(canonicalize_name(d["name"]), [])
        if len(c) > 1 and "version" in d:
            c = [i for i in c if pkgs[i].get("version") == d["version"]]
        return c
    def follow(lst):
        return [(j, d.get("extra", [])) for d in lst if on_linux(d.get("marker")) for j in resolve(d)]
    def edges(i, extras):
        p = pkgs[i]
        out = follow(p.get("dependencies", []))
        for x, lst in p.get("optional-dependencies", {}).items():
            if canonicalize_name(x) in extras:
                out += follow(lst)
        return out
    roots = [i for i, p in enumerate(pkgs) if canonicalize_name(p["name"]) in members or (local(p) and (p["source"].get("editable") == "." or p["source"].get("virtual") == "."))]
    if not roots:
        roots = [i for i, p in enumerate(pkgs) if local(p)][:1]
    prod_roots, dev_roots = [(r, []) for r in roots], []
    for r in roots:
        for x, lst in pkgs[r].get("optional-dependencies", {}).items():
            (prod_roots if extra_is_prod(x) else dev_roots).extend(follow(lst))
        for lst in pkgs[r].get("dev-dependencies", {}).values():
            dev_roots.extend(follow(lst))
    prod, dev = bfs(prod_roots, edges), bfs(dev_roots, edges)
    out = []
    for i, p in enumerate(pkgs):
        if local(p) or i in roots:
            continue
        files = [fname(w["url"]) for w in p.get("wheels", [])]
        if "sdist" in p:
            files.append(fname(p["sdist"]["url"]))
        out.append(entry(p["name"], p.get("version", ""), lines[i], "prod" if i in prod else "dev" if i in dev else None, files or None))
    return out


def entry(name, version, line, group, files):
    return {"key": canonicalize_name(name), "version": version, "line": line, "group": group,
            "status": None if files is None or group != "prod" else {a: status(files, a) for a in MACHINES}}


def decl_reach(pkgs, by, edges, decl):
    if decl is None:
        return set(), {}
    def roots(lst):
        return [(i, d["extras"]) for d in lst for i in by.get(d["key"], [])]
    prod = bfs(roots(decl["prod"]), edges)
    dev = {}
    for g in dict.fromkeys(d["group"] for d in decl["dev"]):
        for i in bfs(roots([d for d in decl["dev"] if d["group"] == g]), edges):
            dev.setdefault(i, g)
    return prod, dev


def read_poetry(text, decl):
    doc = tomllib.loads(text)
    pkgs = doc.get("package", [])
    lines = header_lines(text, "package")
    meta = doc.get("metadata", {})
    legacy = {canonicalize_name(k): v for k, v in meta.get("files", {}).items()}
    prod_extras = [x for x in doc.get("extras", {}) if extra_is_prod(x)]
    by = {}
    for i, p in enumerate(pkgs):
        by.setdefault(canonicalize_name(p["name"]), []).append(i)
    def deps(p):
        for name, spec in p.get("dependencies", {}).items():
            for s in (spec if isinstance(spec, list) else [spec]):
                if isinstance(s, str):
                    yield canonicalize_name(name), None, False, []
                else:
                    yield canonicalize_name(name), s.get("markers"), s.get("optional", False), s.get("extras", [])
    def edges(i, extras):
        p = pkgs[i]
        ds = list(deps(p))
        out = [(j, ex) for k, mk, opt, ex in ds if not opt and on_linux(mk) for j in by.get(k, [])]
        for x, lst in p.get("extras", {}).items():
            if canonicalize_name(x) not in extras:
                continue
            for item in lst:
                name_part, _, mk = item.partition(";")
                mm = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", name_part)
                k = canonicalize_name(mm.group(1))
                if not on_linux(mk.strip() or None, extras=[x]):
                    continue
                ex = [e.strip() for e in (mm.group(2) or "").split(",") if e.strip()]
                ex += next((e for kk, _, _, e in ds if kk == k), [])
                out += [(j, ex) for j in by.get(k, [])]
        return out
    prod, dev = decl_reach(pkgs, by, edges, decl)
    out = []
    for i, p in enumerate(pkgs):
        if "groups" in p:
            mk = p.get("markers")
            mfor = (lambda g: mk.get(g) if isinstance(mk, dict) else mk)
            ok = lambda g: on_linux(mfor(g), extras=prod_extras)
            if "main" in p["groups"] and ok("main"):
                group = "prod"
            else:
                d = next((g for g in p["groups"] if g != "main" and ok(g)), None)
                group = None if d is None else ("prod" if group_is_prod(d) else "dev")
        elif "category" in p:
            if decl is None:
                group = "prod" if p["category"] == "main" else "dev"
            elif p["category"] == "main":
                group = "prod" if i in prod else "dev" if i in dev else None
            else:
                group = "dev" if (i in prod or i in dev) else None
        else:
            group = "prod" if i in prod else "dev" if i in dev else None
        files = p["files"] if "files" in p else legacy.get(canonicalize_name(p["name"]), [])
        names = [f["file"] for f in files]
        out.append(entry(p["name"], p.get("version", ""), lines[i], group, names or None))
    return out


def read_pdm(text, decl):
    doc = tomllib.loads(text)
    pkgs = doc.get("package", [])
    lines = header_lines(text, "package")
    first = {}
    for i, p in enumerate(pkgs):
        first.setdefault((canonicalize_name(p["name"]), p.get("version", "")), i)
    by = {}
    for (k, v), i in first.items():
        by.setdefault(k, []).append(i)
    def edges(i, extras):
        base = pkgs[i]
        k, v = canonicalize_name(base["name"]), base.get("version", "")
        out = []
        for q in pkgs:
            if (canonicalize_name(q["name"]), q.get("version", "")) != (k, v):
                continue
            if "extras" in q and not any(canonicalize_name(e) in extras for e in q["extras"]):
                continue
            for dep in q.get("dependencies", []):
                r = Requirement(dep)
                if r.marker is not None and not on_linux(str(r.marker)):
                    continue
                rk = canonicalize_name(r.name)
                if rk != k:
                    out += [(j, list(r.extras)) for j in by.get(rk, [])]
        return out
    prod, dev = decl_reach(pkgs, by, edges, decl)
    out = []
    for (k, v), i in first.items():
        same = [q for q in pkgs if (canonicalize_name(q["name"]), q.get("version", "")) == (k, v)]
        if any("groups" in q for q in same):
            groups = list(dict.fromkeys(g for q in same for g in q.get("groups", [])))
            if not any(on_linux(q.get("marker")) for q in same):
                group = None
            elif "default" in groups:
                group = "prod"
            else:
                dev_groups = {canonicalize_name(d["group"]) for d in (decl or {}).get("dev", [])}
                pn = next((g for g in groups if canonicalize_name(g) not in dev_groups and extra_is_prod(g)), None)
                group = "prod" if pn else ("dev" if groups else None)
        else:
            group = "prod" if i in prod else "dev" if i in dev else None
        names = [f.get("file") or fname(f.get("url", "")) for f in pkgs[i].get("files", [])]
        out.append(entry(pkgs[i]["name"], v, lines[i], group, names or None))
    out.sort(key=lambda e: e["line"])
    return out


def read_pylock(text, decl):
    doc = tomllib.loads(text)
    pkgs = doc.get("packages", [])
    lines = header_lines(text, "packages")
    extras = doc.get("extras", [])
    groups = doc.get("dependency-groups", [])
    pe = [e for e in extras if extra_is_prod(e)]
    pg = [g for g in groups if group_is_prod(g)]
    out = []
    for i, p in enumerate(pkgs):
        mk = p.get("marker")
        if on_linux(mk, pe, pg):
            group = "prod"
        elif any(on_linux(mk, pe, pg + [g]) for g in groups) or any(on_linux(mk, pe + [e], pg) for e in extras):
            group = "dev"
        else:
            group = None
        files = [w.get("name") or fname(w.get("url") or w.get("path")) for w in p.get("wheels", [])]
        if "sdist" in p:
            s = p["sdist"]
            files.append(s.get("name") or fname(s.get("url") or s.get("path")))
        out.append(entry(p["name"], p.get("version", ""), lines[i], group, files or None))
    return out


def read_pipfile_lock(text, decl):
    doc = json.loads(text)
    key_lines, section = [], None
    for n, line in enumerate(text.splitlines(), 1):
        top = re.match(r'^ {4}"([^"]+)": \{', line)
        if top:
            section = top.group(1)
        elif section in ("default", "develop") and re.match(r'^ {8}"[^"]+": \{', line):
            key_lines.append(n)
    out = []
    n = 0
    for section in ("default", "develop"):
        for name, e in doc.get(section, {}).items():
            group = None if not on_linux(e.get("markers")) else ("prod" if section == "default" else "dev")
            out.append(entry(name, e.get("version", "").removeprefix("=="), key_lines[n], group, None))
            n += 1
    return out


READERS = {"uv-lock": read_uv, "poetry-lock": read_poetry, "pdm-lock": read_pdm, "pylock": read_pylock, "pipfile-lock": read_pipfile_lock}


def main():
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            results.append({"id": case["id"], "ok": True, "packages": READERS[case["format"]](case["content"], case.get("decl"))})
        except Exception as error:  # a lock tomllib or json rejects
            results.append({"id": case["id"], "ok": False, "error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
