import { readFileSync } from 'node:fs';
import { offlineOpenApi, OPENAPI_FILE, openApiText } from './openapi.offline';

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

  it("declares the error body and the path parameters' forms on every operation", async () => {
    const document = await offlineOpenApi();
    const step = document.paths['/cases/{caseId}/steps/{stepId}']?.post;
    expect(step?.responses['403']).toEqual({
      description: expect.any(String),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
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
