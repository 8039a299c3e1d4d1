// The run-time import scan on a synthetic tree of 10,000 Python files (100 packages of 100 modules:
// imports of every form, docstrings, f-strings, comments, continuations, classes and functions):
// walk + scan against a bare Node walk that reads the same files, both as child processes, same run.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, timeCommand } from './lib.js';

const here = fileURLToPath(new URL('.', import.meta.url));

function moduleSource(p, m) {
  const lines = [
    `"""Module ${m} of package ${p}.`,
    '',
    'import this_is_documentation',
    '"""',
    'from __future__ import annotations',
    '',
    'import os',
    'import sys, json',
    `from typing import TYPE_CHECKING, Any`,
    `from pkg${p}.helpers import helper_${m % 7} as helper`,
    'from . import sibling',
    'from requests import (',
    '    Session,',
    '    adapters,',
    ')',
    'if TYPE_CHECKING:',
    '    from mypy_boto3_s3 import S3Client',
    'try:',
    '    import ujson as fastjson',
    'except ImportError:  # pragma: no cover',
    '    fastjson = None',
    '',
  ];
  for (let k = 0; k < 12; k++) {
    lines.push(
      `class Handler${k}:`,
      `    """Handles case ${k}; 'import nothing' here."""`,
      `    retries = ${k} + \\`,
      `        1  # continuation`,
      '',
      `    def run(self, value: dict[str, Any]) -> str:`,
      `        path = os.path.join("/srv", f"{value['name']}-{self.retries:>{k + 2}}")`,
      `        data = json.dumps({"k": ${k}, "s": 'it\\'s'})  # a comment with import words`,
      `        if value.get("debug"):`,
      `            import pdb  # noqa`,
      `        return f"""{path}`,
      `        {data}"""`,
      '',
    );
  }
  if (m === 0) lines.push('INSTALLED_APPS = [', '    "django.contrib.admin",', '    "django_extensions",', ']');
  return lines.join('\n') + '\n';
}

export function generate(dir, packages = 100, modules = 100) {
  rmSync(dir, { recursive: true, force: true });
  for (let p = 0; p < packages; p++) {
    const pkg = join(dir, 'src', `pkg${p}`);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, '__init__.py'), `"""Package ${p}."""\n`);
    for (let m = 0; m < modules - 1; m++) writeFileSync(join(pkg, `mod_${m}.py`), moduleSource(p, m));
  }
}

export function run({ rounds = 5 } = {}) {
  const dir = join(tmpdir(), `slimreq-bench-imports-${process.pid}`);
  generate(dir);
  try {
    const walker = join(here, 'children', 'bare-walk.js');
    const scanner = join(here, 'children', 'import-scan.js');
    timeCommand(process.execPath, [walker, dir]);
    const warm = timeCommand(process.execPath, [scanner, dir]);
    const r = compare(
      rounds,
      () => timeCommand(process.execPath, [walker, dir]).ms,
      () => timeCommand(process.execPath, [scanner, dir]).ms,
    );
    const stats = JSON.parse(warm.stderr.trim().split('\n').pop());
    return { name: 'import scan (10,000 .py files)', ...r, target: 2, files: stats.files, hits: stats.hits, peakRssMb: stats.maxRssMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = run();
  console.log(`import scan: ${r.subjectMs.toFixed(0)} ms vs bare walk+read ${r.baselineMs.toFixed(0)} ms = ${r.ratio.toFixed(2)}x (aim <= 2x); ${r.files} files, ${r.hits} third-party hits; peak RSS ${r.peakRssMb.toFixed(0)} MB`);
}
