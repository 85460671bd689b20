// Writes services/gateway/src/contract/schemas.json from the types it names (run by npm run openapi).
import { writeFileSync } from 'node:fs';
import { generateSchemas, SCHEMAS_FILE, schemasText } from './generate-schemas';

const schemas = generateSchemas();
writeFileSync(SCHEMAS_FILE, schemasText(schemas));
console.log(`wrote ${SCHEMAS_FILE}: ${Object.keys(schemas).length} schemas`);
