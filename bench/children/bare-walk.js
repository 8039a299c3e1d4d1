// Baseline: walk a tree and read every file, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let bytes = 0;
const visit = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) visit(p);
    else bytes += readFileSync(p, 'utf8').length;
  }
};
visit(process.argv[2]);
process.stderr.write(JSON.stringify({ bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
