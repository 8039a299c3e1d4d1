// Shared helpers for benchmarks: run a command repeatedly, report medians. Benchmarks print ratios
// against a baseline measured in the same run, because machines are noisy.
import { spawnSync } from 'node:child_process';

export function timeCommand(cmd, args, opts = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !opts.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return { ms, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs baseline and subject alternately `rounds` times; returns medians and the ratio. */
export function compare(rounds, baseline, subject) {
  const b = [];
  const s = [];
  for (let i = 0; i < rounds; i++) {
    b.push(baseline());
    s.push(subject());
  }
  const bm = median(b);
  const sm = median(s);
  return { baselineMs: bm, subjectMs: sm, ratio: sm / bm };
}

export const fmt = (ms) => `${ms.toFixed(1)} ms`;
