// Helpers for the end-to-end CLI tests, on top of helpers.ts (which runs the built binary).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bin, repoRoot } from './helpers.js';

export const fixturesDir = join(repoRoot, 'fixtures');

/** A fresh temporary directory. */
export function tempDir(prefix = 'slimreq-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copies fixtures/NAME into a temporary directory (tests never write into fixtures/) and returns the copy. */
export function fixtureCopy(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(fixturesDir, name), dir, { recursive: true });
  return dir;
}

export function bytes(path: string): Buffer {
  return readFileSync(path);
}

export function text(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Every regular file under root (relative path, `/`-separated) with its bytes and mtime. */
export function snapshot(root: string): Map<string, { content: string; mtimeMs: number; mode: number }> {
  const out = new Map<string, { content: string; mtimeMs: number; mode: number }>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile()) {
        const st = statSync(abs);
        out.set(relative(root, abs).split('\\').join('/'), {
          content: readFileSync(abs).toString('base64'),
          mtimeMs: st.mtimeMs,
          mode: st.mode & 0o777,
        });
      }
    }
  };
  walk(root);
  return out;
}

/** Lines of a stream's text without the trailing empty line. */
export function lines(s: string): string[] {
  const all = s.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}

/** No stack-trace frame lines ("    at fn (file:1:2)") in the text. */
export function hasStackTrace(s: string): boolean {
  return /^\s+at\s/m.test(s);
}

export interface IndexServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/**
 * A tiny PEP 691 index on 127.0.0.1 (port chosen by the OS). `projects` maps a normalized name to the
 * JSON body served at /simple/<name>/; anything else is 404.
 */
export async function startIndexServer(projects: Record<string, unknown>): Promise<IndexServer> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push(req.url ?? '');
    const m = /^\/simple\/([^/]+)\/?$/.exec(req.url ?? '');
    const body = m ? projects[m[1]] : undefined;
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/vnd.pypi.simple.v1+json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A PEP 691 file entry. */
export function pep691File(filename: string, extra: Record<string, unknown> = {}) {
  return { filename, url: `https://files.example.invalid/${filename}`, hashes: { sha256: '0'.repeat(64) }, yanked: false, ...extra };
}

/**
 * Like slimreq() from helpers.ts but without blocking the event loop, so that a server in this
 * process (startIndexServer) can answer the binary's requests.
 */
export function slimreqAsync(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Main = (argv: string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }) => Promise<number>;
let mainFn: Main | undefined;

/** A stream stand-in that collects what is written (not a TTY: no colour, no progress). */
export function collectingStream(): { text: string; isTTY: false; columns: number; write(chunk: string | Uint8Array): boolean } {
  return {
    text: '',
    isTTY: false,
    columns: 80,
    write(chunk) {
      this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
  };
}

/**
 * Runs the built CLI's main() (dist/cli.js) in this process, with `cwd` as the working directory.
 * Much cheaper than spawning the binary; used for reference runs (the report a test compares with)
 * and for option matrices, while the behaviour under test runs through the binary.
 */
export async function runMain(argv: string[], opts: { cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  mainFn ??= ((await import(join(repoRoot, 'dist', 'cli.js'))) as { main: Main }).main;
  const stdout = collectingStream();
  const stderr = collectingStream();
  const before = process.cwd();
  if (opts.cwd) process.chdir(opts.cwd);
  try {
    const code = await mainFn(argv, { stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream });
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    process.chdir(before);
  }
}
