// npm run openapi: writes the gateway's OpenAPI document to services/gateway/openapi.json (commit it).
import { writeFileSync } from 'node:fs';
import { offlineOpenApi, OPENAPI_FILE, openApiText } from './openapi.offline';

offlineOpenApi()
  .then((document) => {
    writeFileSync(OPENAPI_FILE, openApiText(document));
    console.log(`wrote ${OPENAPI_FILE}: ${Object.keys(document.paths).length} paths`);
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
