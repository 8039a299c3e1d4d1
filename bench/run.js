// `npm run bench`: every benchmark, each as a ratio against a baseline measured in the same run.
import { run as coldStart } from './cold-start.js';
import { run as monorepo } from './monorepo.js';

const results = [];
const c = coldStart();
console.log(`cold start         slimreq --version ${c.subjectMs.toFixed(1)} ms vs node -e 0 ${c.baselineMs.toFixed(1)} ms = ${c.ratio.toFixed(2)}x (target <= 1.5x); 'slimreq rules' ${c.rulesRatio.toFixed(2)}x`);
results.push(c);
const m = monorepo({ services: Number(process.env.BENCH_SERVICES ?? 1000) });
console.log(`monorepo           slimreq audit ${m.subjectMs.toFixed(0)} ms vs bare walk+read ${m.baselineMs.toFixed(0)} ms = ${m.ratio.toFixed(2)}x (target <= 3x); peak RSS ${m.peakRssMb.toFixed(0)} MB (target < 300 MB); ${m.files} files, ${m.findings} findings`);
results.push(m);
const py = (await import('./python-imports.js')).run();
console.log(`import scan        walk+scan of ${py.files} .py files ${py.subjectMs.toFixed(0)} ms vs bare walk+read ${py.baselineMs.toFixed(0)} ms = ${py.ratio.toFixed(2)}x (aim <= 2x); peak RSS ${py.peakRssMb.toFixed(0)} MB`);
results.push(py);
try {
  const { run: big } = await import('./requirements-100k.js');
  const r = await big();
  console.log(
    `100k-line file     slimreq ${r.oursMs.toFixed(0)} ms vs pip's own parser ${(r.pipMs / 1000).toFixed(1)} s on the same file = ${(r.oursMs / r.pipMs).toFixed(3)}x (pip takes ${r.ratio.toFixed(0)}x as long); ${r.requirements} requirements (pip: ${r.pipRequirements}); aim: well under 1 s`,
  );
  results.push(r);
} catch (error) {
  console.log(`100k-line file     not run: ${error.message}`);
}
