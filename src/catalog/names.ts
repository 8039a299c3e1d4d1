// PEP 503 name normalization: the one key used to compare package names across manifests and catalogs.
// https://peps.python.org/pep-0503/#normalized-names

/** Lowercase `name` and collapse every run of `-`, `_` and `.` into a single `-`. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
