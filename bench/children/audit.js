// Subject: the real CLI entry, in a child process like the baseline, reporting its own peak memory.
import { main } from '../../dist/cli.js';
import { Writable } from 'node:stream';

let out = '';
const sink = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
const code = await main(['audit', process.argv[2], '--format', 'json', '--fail-on', 'never'], { stdout: sink, stderr: process.stderr });
const doc = JSON.parse(out);
process.stderr.write(JSON.stringify({ code, findings: doc.findings.length, files: doc.files.length, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
