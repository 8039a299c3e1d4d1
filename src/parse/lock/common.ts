// Shared pieces of the TOML lock readers: package entries with their lines, and the last step that
// turns reachability into groups. Pure.
import type { Group } from '../../model.js';
import { normalizeName } from '../../catalog/names.js';
import { isTable, parseTomlDocument, type TomlDocument, type TomlTable } from '../toml.js';
import type { LockResult, LockedFile, LockedPackage } from './types.js';

export interface TomlPackage {
  index: number;
  table: TomlTable;
  name: string;
  key: string;
  version: string;
  line: number;
  column: number;
  endLine: number;
}

/** Parses the TOML and lists `[[<array>]]` entries with their header lines; errors go to `out`. */
export function tomlPackages(content: string, array: string, out: LockResult): { doc: TomlDocument; packages: TomlPackage[] } | null {
  const parsed = parseTomlDocument(content);
  if (!parsed.ok) {
    out.diagnostics.push(parsed.diagnostic);
    return null;
  }
  const doc = parsed.doc;
  const list = doc.value[array];
  const packages: TomlPackage[] = [];
  if (list === undefined) return { doc, packages };
  if (!Array.isArray(list)) {
    const entry = doc.entries.get(JSON.stringify([array]));
    const line = entry?.node.loc.start.line ?? 1;
    out.diagnostics.push({ rule: 'manifest-parse-error', message: `"${array}" must be an array of tables ([[${array}]])`, line, column: 1 });
    return { doc, packages };
  }
  list.forEach((table, index) => {
    const entry = doc.entries.get(JSON.stringify([array, index]));
    const line = entry?.node.loc.start.line ?? 1;
    const column = (entry?.node.loc.start.column ?? 0) + 1;
    const endLine = entry?.node.loc.end.line ?? line;
    if (!isTable(table) || typeof table.name !== 'string' || table.name.trim() === '') {
      out.diagnostics.push({ rule: 'manifest-parse-error', message: `[[${array}]] entry ${index + 1} has no name`, line, column });
      return;
    }
    const version = typeof table.version === 'string' ? table.version : '';
    packages.push({ index, table, name: table.name, key: normalizeName(table.name), version, line, column, endLine });
  });
  return { doc, packages };
}

/** The last path segment of a URL or path: a wheel's or sdist's file name. */
export function fileNameOf(urlOrPath: string): string {
  const clean = urlOrPath.split('#')[0].split('?')[0];
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1));
}

/** `{ name?, url?, path?, filename?, file?, size? }` entries as files. */
export function lockedFiles(list: unknown): LockedFile[] {
  if (!Array.isArray(list)) return [];
  const out: LockedFile[] = [];
  for (const f of list) {
    if (!isTable(f)) continue;
    const raw = [f.filename, f.name, f.file, f.url, f.path].find((v) => typeof v === 'string') as string | undefined;
    if (!raw) continue;
    out.push({ name: fileNameOf(raw), size: typeof f.size === 'number' ? f.size : null });
  }
  return out;
}

export interface Placement {
  group: Group | null;
  groupName: string | null;
  chain: string[];
}

export function toLocked(
  p: TomlPackage,
  place: Placement,
  extra: { url: string | null; files: LockedFile[] | null; direct: boolean; parents?: string[] },
): LockedPackage {
  return {
    name: p.name,
    key: p.key,
    version: p.version,
    line: p.line,
    column: p.column,
    endLine: p.endLine,
    group: place.group,
    groupName: place.groupName,
    url: extra.url,
    files: extra.files,
    chain: place.group === 'prod' ? place.chain : [],
    direct: extra.direct,
    ...(extra.parents && place.group === 'prod' ? { parents: extra.parents } : {}),
  };
}

/** A string's value, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
