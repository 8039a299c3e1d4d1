import { loadProject } from '../load.js';
import { readConfig } from '../config-load.js';
import { evaluateAlpine, type AlpineArch, type AlpineReport } from '../alpine/evaluate.js';
import { renderAlpineJson, renderAlpineText } from '../alpine/render.js';
import { shouldColor } from '../report/color.js';
import { EXIT, UsageError, resolvePath, roleConfigOf } from './shared.js';
import { emit, type Io } from './output.js';

export interface AlpineCliOptions {
  arch?: AlpineArch;
  format: 'text' | 'json';
  output?: string;
  config?: string;
  online?: boolean;
  indexUrl?: string;
  cacheDir?: string;
  timeout: string;
}

export async function runAlpine(path: string, opts: AlpineCliOptions, io: Io): Promise<number> {
  const root = resolvePath(path);
  const { config, file: configFile } = readConfig(root, opts.config ? resolvePath(opts.config) : undefined);
  const arch = opts.arch ?? config.alpine.arch;
  const project = loadProject(root, { exclude: config.exclude, roles: roleConfigOf(config, configFile, root) });
  let report: AlpineReport;
  if (opts.online) {
    const timeout = Number(opts.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got "${opts.timeout}"`);
    const { evaluateAlpineOnline } = await import('../alpine/online.js');
    const { keysMissingFromCatalog } = await import('../alpine/evaluate.js');
    // Network lookups can take a while: say what is happening on a terminal (stderr only).
    const showProgress = Boolean(io.stderr.isTTY) && opts.format === 'text' && !opts.output;
    const missing = keysMissingFromCatalog(project).length;
    report = await evaluateAlpineOnline(project, {
      arch,
      index: {
        ...(opts.indexUrl ? { indexUrl: opts.indexUrl } : {}),
        ...(opts.cacheDir ? { cacheDir: resolvePath(opts.cacheDir) } : {}),
        timeoutMs: timeout * 1000,
        // Every index is named before it is asked, on stderr, whatever the output format: the user sees
        // which hosts the repository's requirements files (or PIP_INDEX_URL) make slimreq contact.
        onIndex: (url, packages) => io.stderr.write(`slimreq: asking ${url} about ${packages} package${packages === 1 ? '' : 's'} the catalogs do not know${showProgress ? '…' : ''}\n`),
      },
    }).finally(() => {
      if (showProgress && missing > 0) io.stderr.write('\r\u001b[2K');
    });
  } else {
    report = evaluateAlpine(project, { arch });
  }
  const color = !opts.output && opts.format === 'text' && shouldColor(io.stdout);
  emit(opts.format === 'json' ? renderAlpineJson(report) : renderAlpineText(report, { color, online: Boolean(opts.online) }), opts.output, io);
  return report.verdict === 'ok' ? EXIT.clean : EXIT.findings;
}
