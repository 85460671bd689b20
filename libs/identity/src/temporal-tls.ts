import { readFileSync } from 'node:fs';

/**
 * The certificate a process presents to Temporal. The Temporal server takes mutual TLS only: a
 * client without a certificate from the CA it trusts is refused before any call. Each process that
 * calls Temporal (the gateway, the signal bridge, the worker) has its own certificate and key.
 */
export interface TemporalTls {
  /** The name the server's certificate is checked against (not the address's host). */
  readonly serverName: string;
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** The `tls` option of the Temporal SDK's `Connection.connect` and `NativeConnection.connect`. */
export interface TemporalTlsOption {
  readonly serverNameOverride: string;
  readonly serverRootCACertificate: Buffer;
  readonly clientCertPair: { readonly crt: Buffer; readonly key: Buffer };
}

const SERVER_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/;

/**
 * Reads TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_CERT_FILE, TEMPORAL_TLS_KEY_FILE and TEMPORAL_TLS_SERVER_NAME
 * (default `temporal`); each missing or unreadable one is a problem named for the operator.
 */
export function temporalTlsFromEnv(env: NodeJS.ProcessEnv, problems: string[]): TemporalTls {
  const read = (name: string, what: string): Buffer => {
    const file = env[name] ?? '';
    if (file === '') {
      problems.push(`${name} is required: the file holding ${what} (Temporal takes mutual TLS only)`);
      return Buffer.alloc(0);
    }
    try {
      return readFileSync(file);
    } catch (error) {
      problems.push(
        `${name} names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
      return Buffer.alloc(0);
    }
  };
  const serverName = env['TEMPORAL_TLS_SERVER_NAME'] ?? 'temporal';
  if (!SERVER_NAME.test(serverName))
    problems.push(`TEMPORAL_TLS_SERVER_NAME must be a host name, not "${serverName}"`);
  return {
    serverName,
    ca: read('TEMPORAL_TLS_CA_FILE', "the CA that signed the Temporal server's certificate (PEM)"),
    cert: read('TEMPORAL_TLS_CERT_FILE', "this process's client certificate (PEM)"),
    key: read('TEMPORAL_TLS_KEY_FILE', "this process's client certificate's private key (PEM)"),
  };
}

export function temporalTlsOption(tls: TemporalTls): TemporalTlsOption {
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: tls.ca,
    clientCertPair: { crt: tls.cert, key: tls.key },
  };
}
