// Subject: what `slimreq audit` adds for run-time evidence: list the run-time Python files (the same
// walk audit does) and scan every one for imports.
import { walk } from '../../dist/discover/walk.js';
import { collectRuntimeEvidence } from '../../dist/resolve/runtime-evidence.js';

const root = process.argv[2];
const { files, pythonFiles } = walk(root);
const evidence = collectRuntimeEvidence(root, pythonFiles, files);
let hits = 0;
for (const list of evidence.byTopLevel.values()) hits += list.length;
process.stderr.write(JSON.stringify({ files: evidence.scannedFiles, hits, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
