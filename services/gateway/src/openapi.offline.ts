import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config/gateway.config';
import { buildOpenApi } from './openapi';

/** Where the contract is committed, so that a change to it shows in review. */
export const OPENAPI_FILE = path.join(__dirname, '..', 'openapi.json');

/** The document as text: what is committed, and what /docs-json serves, byte for byte once parsed. */
export function openApiText(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The gateway's OpenAPI document built without the stack: the app is put together in preview mode
 * (nothing connects), with throwaway keys standing in for the deployment's.
 */
export async function offlineOpenApi(): Promise<OpenAPIObject> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jishi-openapi-'));
  try {
    const pem = (file: string, type: 'private' | 'public') => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      writeFileSync(
        path.join(dir, file),
        type === 'private'
          ? privateKey.export({ type: 'pkcs8', format: 'pem' })
          : publicKey.export({ type: 'spki', format: 'pem' }),
      );
      return path.join(dir, file);
    };
    for (const name of ['ca.pem', 'gateway.pem', 'gateway-key.pem']) writeFileSync(path.join(dir, name), '');
    const config = loadGatewayConfig({
      TEMPORAL_TLS_CA_FILE: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_CERT_FILE: path.join(dir, 'gateway.pem'),
      TEMPORAL_TLS_KEY_FILE: path.join(dir, 'gateway-key.pem'),
      GATEWAY_ENVELOPE_KEY_FILE: pem('envelope.pem', 'private'),
      GATEWAY_PERSON_ASSERTION_KEY_FILE: pem('assertion.pem', 'private'),
      GATEWAY_AUTH_PUBLIC_KEY_FILE: pem('auth.pem', 'public'),
      GATEWAY_SERVICE_TOKEN: 'openapi-'.repeat(4),
      KAFKA_SASL_USERNAME: 'jishi-gateway',
      KAFKA_SASL_PASSWORD: 'openapi-'.repeat(4),
    });
    const app = await NestFactory.create(AppModule.of(config), { logger: false, preview: true });
    return buildOpenApi(app);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
