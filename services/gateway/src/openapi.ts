import { GATE_KEYS } from '@jishi/domain';
import { ID_PATTERN } from '@jishi/service-kit';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PERSON_ROLES } from './auth/principal';
import { CONTRACT_SCHEMAS } from './contract/answers';

/** The body of every error the gateway answers: the rule's code, both languages, the field at fault. */
const ERROR_BODY = {
  type: 'object',
  required: ['code', 'zh', 'en'],
  properties: {
    code: {
      type: 'string',
      description: '规则或错误编号 / the rule’s or error’s code',
      example: 'CASE.ROLE_NOT_ALLOWED',
    },
    zh: { type: 'string', description: '中文说明 / the reason in Chinese' },
    en: { type: 'string', description: '英文说明 / the reason in English' },
    field: { type: 'string', description: '出错的字段，如有 / the field at fault, if one is' },
    details: { type: 'object', additionalProperties: true, description: '规则的细节 / the rule’s details' },
  },
} as const;

/** The errors any operation may answer, by status, beside those it declares itself. */
const COMMON_ERRORS: Readonly<Record<string, string>> = {
  '400': '请求不合规：见 field 与说明 / the request breaks a rule: see field and the reason',
  '401': '未带有效访问令牌 / no valid access token',
  '403': '角色或单位无权办理 / the role or unit may not do this',
  '409':
    '与事项当前状态不符（如环节未到、已办理、未记入纪实）/ not in the state this needs (e.g. the gate not open, already done, not on the record yet)',
  '422': '内容不合规则：见 code 与说明 / the content breaks a rule: see code and the reason',
  '429': '请求过于频繁，稍后重试（Retry-After）/ too many requests: try again after Retry-After',
  '502': '所属服务暂不可用，稍后重试 / the owning service is away: try again later',
  '503': '依赖服务暂不可用，稍后重试 / a part of the system is away: try again later',
};

/** What every answer carries: the request's id (the caller's, or one given) and its trace's id. */
const ANSWER_HEADERS = {
  'X-Request-Id': {
    required: true,
    description:
      '请求编号：调用方所给，或网关所给 / the request’s id: the caller’s X-Request-Id, or one given',
    schema: { type: 'string' },
  },
  'X-Trace-Id': {
    required: true,
    description:
      '追踪编号（W3C trace id），用于查找该请求的全链路追踪 / the trace id, to find the request’s trace',
    schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
  },
} as const;

/** Path parameters' forms: ids, digests, years, gates. */
const PATH_PARAMETERS: Readonly<Record<string, Record<string, unknown>>> = {
  caseId: { type: 'string', pattern: ID_PATTERN.source },
  candidateId: { type: 'string', pattern: ID_PATTERN.source },
  keyId: { type: 'string', pattern: ID_PATTERN.source },
  organization: { type: 'string', pattern: ID_PATTERN.source },
  sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  year: { type: 'integer', minimum: 2000, maximum: 2200 },
  gate: { type: 'string', enum: [...GATE_KEYS] },
};

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: unknown;
  responses: Record<
    string,
    { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }
  >;
  security?: unknown[];
}

/**
 * The one OpenAPI document of Jishi's HTTP API, as the gateway serves it at /docs-json and as
 * services/gateway/openapi.json holds it (a test fails when the two differ): the controllers'
 * declarations, then what every operation shares — the error body for the errors any may answer, the
 * forms of path parameters, one `Idempotency-Key` header where a step takes it.
 */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('纪实 Jishi')
      .setDescription(
        '干部选拔任用全程纪实 API：发起事项、办理环节、投票、征求意见答复、查询。每个请求须带访问令牌（Bearer）。/ Cadre selection-and-appointment cases with a full-process record. Every request carries a bearer access token.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT (EdDSA)' })
      .build(),
  );
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...(CONTRACT_SCHEMAS as Record<string, never>),
      ErrorBody: ERROR_BODY as never,
    },
  };
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const params = operation.parameters ?? [];
      // One Idempotency-Key header: the declared one, not a second from the handler's @Headers().
      const declared = new Set(
        params
          .filter((p) => p.in === 'header' && p.name !== p.name.toLowerCase())
          .map((p) => p.name.toLowerCase()),
      );
      operation.parameters = params.filter(
        (p) => !(p.in === 'header' && p.name === p.name.toLowerCase() && declared.has(p.name)),
      );
      for (const parameter of operation.parameters)
        if (parameter.in === 'path' && PATH_PARAMETERS[parameter.name])
          parameter.schema = { ...PATH_PARAMETERS[parameter.name] };
      const isPublic = !operation.security || operation.security.length === 0;
      const errors = Object.entries(COMMON_ERRORS).filter(
        ([status]) => !(isPublic && ['401', '403'].includes(status)),
      );
      if (path.includes('{') || path.startsWith('/ledger/'))
        errors.push([
          '404',
          '没有该事项或对象，或无权查看 / no such case or object, or not one this person may see',
        ]);
      for (const [status, description] of errors)
        operation.responses[status] ??= { description, content: errorContent };
      for (const [status, response] of Object.entries(operation.responses)) {
        response.headers = { ...ANSWER_HEADERS, ...response.headers };
        if (Number(status) >= 400) response.content ??= errorContent;
        // Every answer with a body says what the body is: a new endpoint cannot leave it out.
        else if (status !== '204' && !response.content)
          throw new Error(`${path} answers ${status} without a schema: declare it with @Answers`);
      }
    }
  }
  // Every schema named is one the document holds.
  const names = new Set(Object.keys(document.components.schemas ?? {}));
  for (const [, name] of JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g))
    if (name && !names.has(name)) throw new Error(`the contract names a schema it does not hold: ${name}`);
  // Every role a person may hold, beside each operation's own `x-jishi-roles`.
  (document as unknown as Record<string, unknown>)['x-jishi-person-roles'] = [...PERSON_ROLES];
  return document;
}

/** Serves the document at /docs (and /docs-json). */
export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApi(app));
}
