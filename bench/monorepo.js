// A synthetic monorepo of N services (requirements.txt with hashes and markers,
// requirements-dev.txt, pyproject.toml, Dockerfile, .dockerignore each): `slimreq audit` against a
// bare Node walk that reads the same files, both as child processes, same run. Also peak memory.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, fmt, timeCommand } from './lib.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const hash = (i, j) => ((i * 7919 + j * 104729) >>> 0).toString(16).padStart(8, '0').repeat(8);

export function generate(dir, services = 1000) {
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < services; i++) {
    const svc = join(dir, 'services', `svc-${String(i).padStart(4, '0')}`);
    mkdirSync(svc, { recursive: true });
    const reqs = [];
    for (let j = 0; j < 25; j++) {
      const marker = j % 7 === 0 ? ' ; python_version >= "3.9"' : '';
      reqs.push(`package-${j}==${1 + (j % 5)}.${i % 10}.${j}${marker} \\\n    --hash=sha256:${hash(i, j)} \\\n    --hash=sha256:${hash(j, i)}`);
    }
    if (i % 10 === 0) reqs.push(`pytest==8.3.${i % 4} \\\n    --hash=sha256:${hash(i, 99)}`);
    writeFileSync(join(svc, 'requirements.txt'), `# service ${i}\n${reqs.join('\n')}\n`);
    writeFileSync(join(svc, 'requirements-dev.txt'), '-r requirements.txt\npytest==8.3.3\nruff==0.7.1\nmypy==1.13.0\n');
    writeFileSync(
      join(svc, 'pyproject.toml'),
      `[project]\nname = "svc-${i}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = [\n  "fastapi>=0.110",\n  "uvicorn[standard]>=0.30",\n  "pydantic>=2",\n]\n\n[dependency-groups]\ndev = ["pytest>=8", "ruff"]\n\n[tool.ruff]\nline-length = 100\n`,
    );
    writeFileSync(
      join(svc, 'Dockerfile'),
      `FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "-m", "svc"]\n`,
    );
    writeFileSync(join(svc, '.dockerignore'), '.git\n.venv\n__pycache__\n*.pyc\n.env\n');
  }
}

export function run({ services = 1000, rounds = 5 } = {}) {
  const dir = join(tmpdir(), `slimreq-bench-monorepo-${process.pid}`);
  generate(dir, services);
  try {
    const walker = join(here, 'children', 'bare-walk.js');
    const auditor = join(here, 'children', 'audit.js');
    timeCommand(process.execPath, [walker, dir]);
    const warm = timeCommand(process.execPath, [auditor, dir]);
    const r = compare(
      rounds,
      () => timeCommand(process.execPath, [walker, dir]).ms,
      () => timeCommand(process.execPath, [auditor, dir]).ms,
    );
    const stats = JSON.parse(warm.stderr.trim().split('\n').pop());
    return { name: `monorepo (${services} services)`, ...r, target: 3, peakRssMb: stats.maxRssMb, findings: stats.findings, files: stats.files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const services = Number(process.argv[2] ?? 1000);
  const r = run({ services });
  console.log(
    `${r.name}: bare walk+read ${fmt(r.baselineMs)}, slimreq audit ${fmt(r.subjectMs)}: ${r.ratio.toFixed(2)}x (target <= ${r.target}x); peak RSS ${r.peakRssMb.toFixed(0)} MB (target < 300 MB); ${r.files} files, ${r.findings} findings`,
  );
}
