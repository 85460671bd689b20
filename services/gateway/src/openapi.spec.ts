import { readFileSync } from 'node:fs';
import { offlineOpenApi, OPENAPI_FILE, openApiText } from './openapi.offline';
import { generateSchemas, SCHEMAS_FILE, schemasText } from './contract/generate-schemas';

/**
 * The committed contract is the one the gateway builds: a change to the API changes
 * services/gateway/openapi.json in the same commit (npm run openapi writes it), so it shows in review.
 * (The faults suite checks the running gateway serves this same document.)
 */
describe('the OpenAPI contract', () => {
  it('is committed as the gateway builds it', async () => {
    const built = openApiText(await offlineOpenApi());
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    if (built !== committed)
      throw new Error(
        "services/gateway/openapi.json differs from the gateway's document: run npm run openapi and commit it",
      );
    expect(JSON.parse(committed)).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
  });

  it('holds the schemas of the types the services and the gateway declare, as generated from them', () => {
    const generated = schemasText(generateSchemas());
    if (generated !== readFileSync(SCHEMAS_FILE, 'utf8'))
      throw new Error(
        'services/gateway/src/contract/schemas.json differs from the types it is generated from: run npm run openapi and commit it',
      );
    // A form the gateway passes on is the owning service's, with what the gateway adds left out.
    const schemas = JSON.parse(generated) as Record<string, { properties?: Record<string, unknown> }>;
    expect(Object.keys(schemas['SignedNominationForm']?.properties ?? {})).toEqual(
      expect.arrayContaining(['nominatorId', 'candidateId', 'signature']),
    );
    expect(Object.keys(schemas['SignedNominationForm']?.properties ?? {})).not.toContain('signatureKeyId');
  }, 60_000);

  it("declares every answer's schema, and the forms the services take", async () => {
    const document = await offlineOpenApi();
    const json = (status: string, path: string, method: 'get' | 'post' | 'put') =>
      (document.paths[path]?.[method]?.responses[status] as { content?: Record<string, { schema: unknown }> })
        ?.content?.['application/json']?.schema;
    expect(json('200', '/cases/{caseId}', 'get')).toEqual({ $ref: '#/components/schemas/CaseStatus' });
    expect(json('202', '/cases/{caseId}/steps/{stepId}', 'post')).toEqual({
      $ref: '#/components/schemas/PendingStep',
    });
    expect(json('200', '/cases/{caseId}/record', 'get')).toEqual({
      $ref: '#/components/schemas/RecordAnswer',
    });
    expect(document.paths['/cases/{caseId}/decision/ballots']?.post?.responses['204']).toBeDefined();
    const body = document.paths['/cases/{caseId}/nomination/forms']?.post?.requestBody as {
      content: Record<string, { schema: unknown }>;
    };
    expect(body.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/SignedNominationForm',
    });
    expect(document.components?.schemas?.['RoundView']).toMatchObject({ type: 'object' });
  });

  it("declares the error body and the path parameters' forms on every operation", async () => {
    const document = await offlineOpenApi();
    const step = document.paths['/cases/{caseId}/steps/{stepId}']?.post;
    expect(step?.responses['403']).toEqual({
      description: expect.any(String),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
      headers: {
        'X-Request-Id': expect.objectContaining({ required: true }),
        'X-Trace-Id': expect.objectContaining({
          required: true,
          schema: expect.objectContaining({ pattern: expect.any(String) }),
        }),
      },
    });
    const headers = (step?.parameters ?? []).filter((p) => 'in' in p && p.in === 'header');
    expect(headers.map((p) => ('name' in p ? p.name : ''))).toEqual(['Idempotency-Key']);
    expect((step?.parameters ?? []).find((p) => 'name' in p && p.name === 'caseId')).toMatchObject({
      schema: { pattern: expect.any(String) },
    });
    // The public health answers no 401 or 403.
    expect(Object.keys(document.paths['/health']?.get?.responses ?? {})).not.toContain('401');
  });
});
