// Renders the Alpine report: a table for people, a stable JSON document for tools.
import { palette } from '../report/color.js';
import type { AlpinePackage, AlpineReport, AlpineStatus } from './evaluate.js';

const STATUS_LABEL: Record<AlpineStatus, string> = {
  pure: 'pure',
  wheel: 'wheel',
  build: 'build',
  unavailable: 'unavailable',
  unknown: 'unknown',
};

const VERDICT_TEXT: Record<AlpineReport['verdict'], string> = {
  ok: 'ok: every production requirement installs on Alpine without compiling',
  risky: 'risky: some requirements compile from source on Alpine (slower builds, build tools in the image)',
  avoid: 'avoid: requirements cannot install on Alpine or need long, heavy source builds',
};

/**
 * The verdict line (without "Verdict: ") and, when some packages are unknown and the verdict does not
 * already say so, a line about them. An `ok` that rests on part of the packages says which part.
 */
function verdictLines(report: AlpineReport, online: boolean): { verdict: string; note: string | null } {
  const unknown = report.packages.filter((p) => p.status === 'unknown').length;
  const fromDebian = report.packages.filter((p) => p.evidence === 'debian').length;
  const known = report.packages.length - unknown;
  // What the verdict rests on: "58 known (12 from Debian's archive)".
  const knownText = `${known} known${fromDebian > 0 ? ` (${fromDebian} from Debian's archive)` : ''}`;
  if (unknown === 0) {
    return { verdict: VERDICT_TEXT[report.verdict], note: fromDebian > 0 ? `${knownText}: Debian-derived answers are marked (Debian).` : null };
  }
  const where = online ? 'not in the catalog nor found on the package index' : 'not in the catalog (run with --online to ask the index)';
  if (report.verdict === 'ok') {
    const verdict =
      known === 0
        ? `unknown: ${unknown === 1 ? 'slimreq does not know the package; it is' : `slimreq knows none of the ${unknown} packages; they are`} ${where}`
        : `ok: ${knownText}, ${unknown} unknown; the unknown ${unknown === 1 ? 'one is' : 'ones are'} ${where}`;
    return { verdict, note: null };
  }
  return { verdict: VERDICT_TEXT[report.verdict], note: `${knownText}, ${unknown} unknown: ${unknown === 1 ? 'it is' : 'they are'} ${where}.` };
}

function nameCell(p: AlpinePackage): string {
  return p.via ? `${p.name} (via ${p.via})` : p.name;
}

/** Pads to a display width; the table holds ASCII and package names only. */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

export function renderAlpineText(report: AlpineReport, opts: { color: boolean; online?: boolean }): string {
  const c = palette(opts.color);
  const paint = (status: AlpineStatus, text: string): string => {
    switch (status) {
      case 'pure':
      case 'wheel':
        return c.green(text);
      case 'build':
        return c.yellow(text);
      case 'unavailable':
        return c.red(text);
      case 'unknown':
        return c.dim(text);
    }
  };
  const header = ['package', 'specifier', 'status', 'musl wheels since', 'apk packages', 'advice'];
  const rows = report.packages.map((p) => [
    nameCell(p),
    p.specifier || '(any)',
    p.evidence === 'debian' ? `${STATUS_LABEL[p.status]} (Debian)` : STATUS_LABEL[p.status],
    p.musllinuxSince ?? '-',
    p.apk.length > 0 ? p.apk.join(' ') : '-',
    p.advice,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[], style?: (col: number, text: string) => string): string =>
    cells
      .map((cell, i) => {
        // The last column is not padded: no trailing spaces.
        const text = i === cells.length - 1 ? cell : pad(cell, widths[i]);
        return style ? style(i, text) : text;
      })
      .join('  ');

  const out: string[] = [];
  const archText = report.arch === 'all' ? 'x86_64 and aarch64' : report.arch;
  const py = report.pythonVersion ? `Python ${report.pythonVersion}` : 'Python version unknown';
  out.push(c.bold(`Alpine (musl) check for ${archText}, ${py}`));
  out.push('');
  if (rows.length === 0) {
    out.push('No production requirements found.');
  } else {
    out.push(c.bold(line(header)));
    report.packages.forEach((p, k) => {
      out.push(line(rows[k], (col, text) => (col === 2 ? paint(p.status, text) : text)));
    });
  }
  out.push('');
  const { verdict, note } = verdictLines(report, Boolean(opts.online));
  const partial = report.verdict === 'ok' && report.packages.some((p) => p.status === 'unknown');
  const verdictPaint = partial ? c.yellow : report.verdict === 'ok' ? c.green : report.verdict === 'risky' ? c.yellow : c.red;
  out.push(`Verdict: ${verdictPaint(verdict)}`);
  if (note) out.push(note);
  out.push(
    report.verdict === 'ok' && report.unknown === 0
      ? `Recommended base image: ${c.bold(report.recommendedBase)} (Alpine also works for these packages; -slim avoids musl surprises as the requirements grow)`
      : `Recommended base image: ${c.bold(report.recommendedBase)}`,
  );
  return `${out.join('\n')}\n`;
}

/** The documented JSON shape; keys in a fixed order. */
export function renderAlpineJson(report: AlpineReport): string {
  const doc = {
    verdict: report.verdict,
    unknown: report.packages.filter((p) => p.status === 'unknown').length,
    arch: report.arch,
    pythonVersion: report.pythonVersion,
    recommendedBase: report.recommendedBase,
    packages: report.packages.map((p) => ({
      name: p.name,
      specifier: p.specifier,
      file: p.file,
      line: p.line,
      status: p.status,
      musllinuxSince: p.musllinuxSince,
      apk: p.apk,
      apt: p.apt,
      advice: p.advice,
      evidence: p.evidence ?? null,
      ...(p.debian ? { debian: p.debian } : {}),
      ...(p.olderWithoutWheels ? { olderWithoutWheels: true } : {}),
      ...(p.via ? { via: p.via } : {}),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
