// Placeholder until the catalog module lands: see data/dev-tools.json.
export type Certainty = 'always' | 'usually';
export interface DevTool {
  /** The catalog key (normalized name) or pattern (e.g. 'pytest-*') that matched. */
  match: string;
  category: string;
  certainty: Certainty;
  rationale: string;
  sources: string[];
}
export function lookupDevTool(_key: string): DevTool | null {
  return null;
}
