// Issues an access token with the local identity key, for trying the API by hand:
//   npm run token -- <role> <unit> [person-id]
// A deployment uses its organization's identity provider instead; the gateway holds only its public key.
import { signAccessToken } from '@jishi/service-kit';
import { readFileSync } from 'node:fs';
import { PERSON_ROLES } from './auth/principal';

const [role, unit, sub] = process.argv.slice(2);
if (!role || !unit || !(PERSON_ROLES as readonly string[]).includes(role)) {
  console.error(`usage: npm run token -- <role> <unit> [person-id]\n  roles: ${PERSON_ROLES.join(', ')}`);
  process.exit(2);
}
const keyFile = process.env['JISHI_AUTH_PRIVATE_KEY_FILE'];
if (!keyFile) {
  console.error('JISHI_AUTH_PRIVATE_KEY_FILE is not set (npm run token at the workspace root sets it)');
  process.exit(2);
}
console.log(
  signAccessToken(
    readFileSync(keyFile, 'utf8'),
    { sub: sub ?? `${role}-1`, role, unit },
    {
      issuer: process.env['GATEWAY_AUTH_ISSUER'] ?? 'jishi-local',
      audience: process.env['GATEWAY_AUTH_AUDIENCE'] ?? 'jishi-gateway',
    },
  ),
);
