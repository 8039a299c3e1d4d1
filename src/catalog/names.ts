// PEP 503 name normalization: the one key used to compare package names across manifests and catalogs.
// https://peps.python.org/pep-0503/#normalized-names

/** Lowercase `name` and collapse every run of `-`, `_` and `.` into a single `-`. */
export function normalizeName(name: string): string {
  // Most names are already normalized; skip the allocation for them (large files call this per line).
  let clean = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 95 || c === 46 || (c === 45 && name.charCodeAt(i + 1) === 45)) {
      clean = false;
      break;
    }
  }
  return clean ? name : name.replace(/[-_.]+/g, '-').toLowerCase();
}
