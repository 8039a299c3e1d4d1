// The modules a package's entry points name: `[project.scripts]`, `[project.gui-scripts]`,
// `[project.entry-points.GROUP]`, `[tool.poetry.scripts]`, `[tool.poetry.plugins.GROUP]` in
// pyproject.toml and `[options.entry_points]` in setup.cfg. An entry point `serve = "pkg.cli:main"`
// makes `pkg.cli` code that runs when the package is used. Line-based and pure: no TOML or INI
// parse is needed to find `name = "module:attr"` lines in those sections.

export interface EntryPointModule {
  /** Dotted module path before the ':' ('pkg.cli'). */
  module: string;
  /** The entry-point group ('console_scripts', 'pytest11', …). */
  group: string;
  line: number;
}

const PYPROJECT_SECTION = /^\s*\[\s*(project\s*\.\s*(scripts|gui-scripts)|project\s*\.\s*entry-points\s*\.\s*"?([^"\]]+)"?|tool\s*\.\s*poetry\s*\.\s*(scripts)|tool\s*\.\s*poetry\s*\.\s*plugins\s*\.\s*"?([^"\]]+)"?)\s*\]\s*(#.*)?$/;
const REFERENCE = /^\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*["']\s*([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)\s*(?::\s*[\w.]+)?\s*(?:\[[^\]]*\])?\s*["']/;
const CFG_REFERENCE = /=\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*:\s*[\w.]+/;

export function entryPointModules(kind: 'pyproject' | 'setup-cfg', content: string): EntryPointModule[] {
  const out: EntryPointModule[] = [];
  const lines = content.split(/\r?\n/);
  let group: string | null = null;
  if (kind === 'pyproject') {
    lines.forEach((text, i) => {
      if (/^\s*\[/.test(text)) {
        const m = PYPROJECT_SECTION.exec(text);
        group = m ? (m[2] === 'scripts' || m[4] === 'scripts' ? 'console_scripts' : m[2] === 'gui-scripts' ? 'gui_scripts' : (m[3] ?? m[5] ?? '').trim()) : null;
        return;
      }
      if (group === null) return;
      const m = REFERENCE.exec(text);
      if (m) out.push({ module: m[1], group, line: i + 1 });
    });
    return out;
  }
  let inSection = false;
  lines.forEach((text, i) => {
    if (/^\s*\[/.test(text)) {
      inSection = /^\s*\[options\.entry_points\]\s*$/.test(text);
      group = null;
      return;
    }
    if (!inSection || /^\s*([#;]|$)/.test(text)) return;
    // `group =` starts a group; indented `name = module:attr` lines belong to it; `group = name = m:a` inline.
    const head = /^([A-Za-z0-9_.-]+)\s*=(.*)$/.exec(text);
    let rest = text;
    if (head) {
      group = head[1];
      rest = head[2];
    }
    if (group === null) return;
    const m = CFG_REFERENCE.exec(rest);
    if (m) out.push({ module: m[1], group, line: i + 1 });
  });
  return out;
}
