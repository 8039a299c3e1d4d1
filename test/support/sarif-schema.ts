// The official OASIS SARIF 2.1.0 schema is not copied into this repository: it is read from
// ../shared/schemas beside the checkout, where CI always has it. Elsewhere (a clone on its own) the
// schema tests are skipped with this reason; in CI a missing schema is a failure.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

export const SARIF_SCHEMA_PATH = fileURLToPath(new URL('../../../shared/schemas/sarif-schema-2.1.0.json', import.meta.url));

export const sarifSchemaMissing: string | null = existsSync(SARIF_SCHEMA_PATH)
  ? null
  : `the SARIF 2.1.0 schema is not at ${SARIF_SCHEMA_PATH} (../shared/schemas beside the checkout, as in CI)`;

if (sarifSchemaMissing && process.env.CI) throw new Error(sarifSchemaMissing);

/** A validator for the official schema, or null when it is missing (tests then skip). */
export function sarifValidator(): ValidateFunction | null {
  if (sarifSchemaMissing) return null;
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // Written for draft-04; no keyword whose meaning changed since is used, so only the draft marker
  // and `id` -> `$id` need translating.
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // strictRequired is about how a schema is written, not about validation; the official schema has
  // `anyOf` branches naming properties declared elsewhere.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  const addFormats = ((ajvFormats as unknown as { default?: typeof ajvFormats }).default ?? ajvFormats) as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  return ajv.compile(schema);
}
