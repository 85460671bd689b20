import { ApiResponse } from '@nestjs/swagger';
import schemas from './schemas.json';

/** A schema of the contract: a type some service or the gateway declares (see schema-sources.ts). */
export type SchemaName = keyof typeof schemas;

/** The generated schemas, as the OpenAPI document's components. */
export const CONTRACT_SCHEMAS: Readonly<Record<string, unknown>> = schemas;

/** A reference to a schema of the contract. */
export const schemaRef = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  200: '成功 / done',
  201: '已建立 / created',
  202: '已受理，仍在办理 / accepted, still being done',
  204: '已登记，无内容 / recorded; no content',
};

/**
 * What the operation answers with `status`: a JSON `type`, a list of them (`[type]`), or nothing
 * (204). The type is the one the owning service declares, so the contract cannot drift from it.
 */
export function Answers(status: number, type?: SchemaName | readonly [SchemaName], description?: string) {
  const schema =
    type === undefined
      ? undefined
      : typeof type === 'string'
        ? schemaRef(type)
        : { type: 'array' as const, items: schemaRef(type[0]) };
  return ApiResponse({
    status,
    description: description ?? DESCRIPTIONS[status] ?? String(status),
    ...(schema ? { schema } : {}),
  });
}

/** A file answered with its own media type (one of `mediaTypes`), or as JSON of `json` when asked. */
export function AnswersFile(
  status: number,
  mediaTypes: readonly string[],
  description: string,
  json?: SchemaName,
) {
  return ApiResponse({
    status,
    description,
    content: {
      ...(json ? { 'application/json': { schema: schemaRef(json) } } : {}),
      ...Object.fromEntries(
        mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
      ),
    },
  });
}
