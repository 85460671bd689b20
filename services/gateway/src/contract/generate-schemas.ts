import { createGenerator } from 'ts-json-schema-generator';
import path from 'node:path';
import { SCHEMA_SOURCES } from './schema-sources';

/** Where the generated schemas are committed, beside the sources list. */
export const SCHEMAS_FILE = path.join(__dirname, 'schemas.json');
const WORKSPACE = path.join(__dirname, '..', '..', '..', '..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A component's name as OpenAPI allows it (letters, digits, `.`, `-`, `_`). */
const componentName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+$/, '');

/**
 * One JSON Schema (draft-07, as generated) as an OpenAPI 3.0 schema: references into the
 * components, `const` as a one-value `enum`, `null` as `nullable`.
 */
function toOpenApi(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toOpenApi);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === 'definitions') continue;
    if (key === '$ref' && typeof value === 'string') {
      out[key] =
        `#/components/schemas/${componentName(decodeURIComponent(value.replace('#/definitions/', '')))}`;
    } else if (key === 'const') {
      out['enum'] = [value];
    } else if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((t) => t !== 'null');
      if (types.length !== value.length) out['nullable'] = true;
      if (types.length === 1) out['type'] = types[0] as Json;
      else out['anyOf'] = types.map((type) => ({ type }));
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      const isNull = (s: Json) => !!s && typeof s === 'object' && !Array.isArray(s) && s['type'] === 'null';
      const rest = value.filter((s) => !isNull(s));
      if (rest.length !== value.length) out['nullable'] = true;
      if (rest.length === 1 && rest[0] && typeof rest[0] === 'object' && !Array.isArray(rest[0]))
        Object.assign(out, toOpenApi(rest[0]) as JsonObject);
      else out[key] = rest.map(toOpenApi);
    } else {
      out[key] = toOpenApi(value);
    }
  }
  // A nullable reference: OpenAPI 3.0 ignores a $ref's siblings, so the reference goes inside allOf.
  if (out['nullable'] === true && typeof out['$ref'] === 'string') {
    return { nullable: true, allOf: [{ $ref: out['$ref'] }] };
  }
  return out;
}

/**
 * The schemas of every type in SCHEMA_SOURCES and of the types they use, as OpenAPI components,
 * generated from the TypeScript that defines them (ts-json-schema-generator). A name that two
 * different types share is refused: the contract would say one where the API answers the other.
 */
export function generateSchemas(): Record<string, Json> {
  const files = Object.keys(SCHEMA_SOURCES).map((file) => path.join(WORKSPACE, file));
  const generator = createGenerator({
    path: `{${files.join(',')}}`,
    tsconfig: path.join(WORKSPACE, 'tsconfig.base.json'),
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: true,
    sortProps: true,
  });
  const components: Record<string, Json> = {};
  for (const name of Object.values(SCHEMA_SOURCES).flat()) {
    const { definitions } = generator.createSchema(name) as { definitions?: Record<string, Json> };
    if (!definitions?.[name]) throw new Error(`${name}: not found in its source file`);
    for (const [definition, schema] of Object.entries(definitions)) {
      const key = componentName(definition);
      const converted = toOpenApi(schema);
      const known = components[key];
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(converted))
        throw new Error(`${key}: two different types share this name; rename one`);
      components[key] = converted;
    }
  }
  return Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
}

/** The schemas as committed: sorted, two-space JSON with a final newline. */
export const schemasText = (schemas: Record<string, Json>) => `${JSON.stringify(schemas, null, 2)}\n`;
