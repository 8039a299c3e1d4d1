// Subject: the real CLI entry, in a child process like the baseline, reporting its own peak memory.
import { main } from '../../dist/cli.js';
import { Writable } from 'node:stream';

let out = '';
const sink = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
// The default text report, as a user runs it; the summary line carries the counts.
const code = await main(['audit', process.argv[2], '--fail-on', 'never', '--no-progress'], { stdout: sink, stderr: process.stderr });
const summary = out.trim().split('\n').pop();
const findings = Number(/^(\d+) finding/.exec(summary)?.[1] ?? 0);
const files = Number(/(\d+) manifests?/.exec(summary)?.[1] ?? 0) + Number(/(\d+) Dockerfiles?/.exec(summary)?.[1] ?? 0);
process.stderr.write(JSON.stringify({ code, findings, files, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
