/**
 * Attacks on Temporal, where every case lives: a client reaching its ports without a certificate, with
 * TLS but no certificate, or with a certificate from a CA of its own making (even one naming the
 * gateway) is refused before any call, on the frontend's gRPC and HTTP ports; the server's internal
 * ports take only the internode CA's certificate, so no caller's opens them. A certificate the local
 * CA issued is granted only its own process's calls: the Web UI reads, the worker runs tasks, the bridge
 * sends the signals it delivers, the gateway starts, updates and records refused attempts, and none of
 * them ends a case or forges another's signal. A case that is attacked is unchanged. The same calls with
 * the right certificate succeed, so the refusals come from the certificate alone.
 */
import { loadStackSettings } from '@jishi/testing';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

const stack = loadStackSettings();
const [host, frontendPort] = stack.temporal.address.split(':') as [string, string];
const conf = (key: string, fallback: string): number => Number(process.env[key] ?? fallback);
const ports = {
  http: conf('TEMPORAL_HTTP_PORT', '7243'),
  history: conf('TEMPORAL_HISTORY_PORT', '7234'),
  matching: conf('TEMPORAL_MATCHING_PORT', '7235'),
  worker: conf('TEMPORAL_WORKER_PORT', '7239'),
  /** The membership (ringpop) ports of the frontend, history, matching and worker services. */
  membership: [
    conf('TEMPORAL_FRONTEND_MEMBERSHIP_PORT', '6933'),
    conf('TEMPORAL_HISTORY_MEMBERSHIP_PORT', '6934'),
    conf('TEMPORAL_MATCHING_MEMBERSHIP_PORT', '6935'),
    conf('TEMPORAL_WORKER_MEMBERSHIP_PORT', '6939'),
  ],
};
const ca = readFileSync(path.join(stack.temporal.tlsDir, 'ca.pem'));
const internodeCa = readFileSync(path.join(stack.temporal.tlsDir, 'internode-ca.pem'));

/** A CA of the attacker's own and a client certificate from it that names the gateway. */
function foreignCertificate(): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'temporal-foreign-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'],
    ...['-subj', '/O=Jishi local/CN=Jishi local Temporal CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem'],
  );
  run(
    ...['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
    ...['-subj', '/O=Jishi local/CN=gateway', '-keyout', 'key.pem', '-out', 'req.csr'],
  );
  run(
    ...['x509', '-req', '-in', 'req.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial'],
    ...['-days', '2', '-out', 'cert.pem'],
  );
  return { cert: readFileSync(path.join(dir, 'cert.pem')), key: readFileSync(path.join(dir, 'key.pem')) };
}

/** Connects and makes one call (describe the namespace); resolves with the error, or undefined if it worked. */
async function tryTemporal(options: Parameters<typeof Connection.connect>[0]): Promise<Error | undefined> {
  let connection: Connection | undefined;
  try {
    const connected = await Connection.connect({
      address: stack.temporal.address,
      connectTimeout: '2s',
      ...options,
    });
    connection = connected;
    await connected.withDeadline(Date.now() + 5000, () =>
      connected.workflowService.describeNamespace({ namespace: stack.temporal.namespace }),
    );
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * Opens TLS to a port and holds it for a moment: resolves 'open' if the server kept the connection
 * (it accepted the certificate, or none was asked), 'refused' if it ended the handshake or the
 * connection.
 */
function tryTls(port: number, client?: { cert: Buffer; key: Buffer }): Promise<'open' | 'refused'> {
  return new Promise((resolve) => {
    // The client trusts both local CAs: only the server's check of the client's certificate decides.
    const socket = tls.connect({
      host,
      port,
      ca: [ca, internodeCa],
      servername: 'temporal',
      ALPNProtocols: ['h2'],
      ...client,
    });
    let settled = false;
    const settle = (result: 'open' | 'refused') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    // With TLS 1.3 a client finishes its side before the server has checked the client's certificate:
    // the refusal arrives as an alert right after. Wait for it.
    const timer = setTimeout(() => settle('open'), 1500);
    socket.on('error', () => settle('refused'));
    socket.on('close', () => settle('refused'));
  });
}

function httpStatus(client?: { cert: Buffer; key: Buffer }): Promise<number | 'refused'> {
  return new Promise((resolve) => {
    const request = https.request(
      {
        host,
        port: ports.http,
        path: `/api/v1/namespaces/${stack.temporal.namespace}`,
        ca,
        servername: 'temporal',
        timeout: 5000,
        ...client,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', () => resolve('refused'));
    request.on('timeout', () => request.destroy());
    request.end();
  });
}

describe('attacks on Temporal: a client without a certificate from the local CA gets nothing', () => {
  const operator = stack.temporal.tls();
  const operatorPair = { cert: operator.clientCertPair.crt, key: operator.clientCertPair.key };
  const foreign = foreignCertificate();
  const internode = {
    cert: readFileSync(path.join(stack.temporal.tlsDir, 'internode.pem')),
    key: readFileSync(path.join(stack.temporal.tlsDir, 'internode-key.pem')),
  };
  let admin: Connection;
  let workflowId: string;
  let eventsBefore: number;

  beforeAll(async () => {
    admin = await Connection.connect({ address: stack.temporal.address, tls: operator });
    // A case that nothing runs (no worker polls this task queue): its history changes only if someone acts on it.
    workflowId = `attack-target-${randomUUID()}`;
    await new Client({ connection: admin, namespace: stack.temporal.namespace }).workflow.start(
      'caseWorkflow',
      {
        workflowId,
        taskQueue: `temporal-attacks-${randomUUID()}`,
        args: [],
      },
    );
    eventsBefore = await historyLength();
  });

  afterAll(async () => {
    await new Client({ connection: admin, namespace: stack.temporal.namespace }).workflow
      .getHandle(workflowId)
      .terminate('the attack test is over')
      .catch(() => undefined);
    await admin.close();
  });

  async function historyLength(): Promise<number> {
    const history = await new Client({ connection: admin, namespace: stack.temporal.namespace }).workflow
      .getHandle(workflowId)
      .fetchHistory();
    return history.events?.length ?? 0;
  }

  it('with the local CA’s certificate the frontend answers (the control)', async () => {
    expect(await tryTemporal({ tls: operator })).toBeUndefined();
    expect(await tryTemporal({ tls: stack.temporal.tls('gateway') })).toBeUndefined();
    expect(await httpStatus(operatorPair)).toBe(200);
  });

  it('refuses a client without TLS', async () => {
    const error = await tryTemporal({});
    expect(error).toBeDefined();
  });

  it('refuses TLS without a client certificate', async () => {
    const error = await tryTemporal({ tls: { serverNameOverride: 'temporal', serverRootCACertificate: ca } });
    expect(error).toBeDefined();
  });

  it('refuses a certificate from another CA, even one naming the gateway', async () => {
    const error = await tryTemporal({
      tls: {
        serverNameOverride: 'temporal',
        serverRootCACertificate: ca,
        clientCertPair: { crt: foreign.cert, key: foreign.key },
      },
    });
    expect(error).toBeDefined();
  });

  it('refuses the HTTP API without the local CA’s certificate', async () => {
    expect(await httpStatus()).toBe('refused');
    expect(await httpStatus(foreign)).toBe('refused');
  });

  it('refuses the server’s internal ports (history, matching, worker, membership) and the frontend without a certificate', async () => {
    for (const port of [
      Number(frontendPort),
      ports.history,
      ports.matching,
      ports.worker,
      ...ports.membership,
    ]) {
      const internal = port !== Number(frontendPort);
      // The internal ports take the internode CA's certificate only, the frontend the callers'.
      const good = internal ? internode : operatorPair;
      expect({ port, withCertificate: await tryTls(port, good) }).toEqual({ port, withCertificate: 'open' });
      expect({ port, without: await tryTls(port) }).toEqual({ port, without: 'refused' });
      expect({ port, foreign: await tryTls(port, foreign) }).toEqual({ port, foreign: 'refused' });
      if (internal)
        expect({ port, operator: await tryTls(port, operatorPair) }).toEqual({ port, operator: 'refused' });
    }
  });

  it('grants each caller’s certificate its own calls only', async () => {
    const connections: Connection[] = [];
    const as = async (client: string) => {
      const connection = await Connection.connect({
        address: stack.temporal.address,
        tls: stack.temporal.tls(client),
      });
      connections.push(connection);
      return {
        connection,
        workflow: new Client({ connection, namespace: stack.temporal.namespace }).workflow,
      };
    };
    const refusals: string[] = [];
    const allowed: string[] = [];
    const attempt = async (what: string, call: () => Promise<unknown>) => {
      try {
        await call();
        allowed.push(what);
      } catch (error) {
        const text = `${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`;
        if (/PERMISSION_DENIED|Request unauthorized|unauthorized/i.test(text)) refusals.push(what);
        else allowed.push(`${what} (failed otherwise: ${text.slice(0, 160)})`);
      }
    };
    // A start as the gateway makes it: a new case id, never reused.
    const start = (workflow: Client['workflow'], id: string) =>
      workflow.start('caseWorkflow', {
        workflowId: id,
        taskQueue: `temporal-attacks-${randomUUID()}`,
        args: [],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    try {
      const ui = await as('ui');
      const worker = await as('worker');
      const bridge = await as('signal-bridge');
      const gateway = await as('gateway');
      const callers = [
        ['ui', ui],
        ['worker', worker],
        ['signal-bridge', bridge],
        ['gateway', gateway],
      ] as const;
      for (const [name, caller] of callers) {
        const handle = caller.workflow.getHandle(workflowId);
        await attempt(`${name} reads the case`, () => handle.describe());
        await attempt(`${name} terminates the case`, () => handle.terminate('forged'));
        await attempt(`${name} cancels the case`, () => handle.cancel());
        await attempt(`${name} lists the server's own namespace`, () =>
          caller.connection.workflowService.listWorkflowExecutions({ namespace: 'temporal-system' }),
        );
        await attempt(`${name} updates the namespace`, () =>
          caller.connection.workflowService.updateNamespace({
            namespace: stack.temporal.namespace,
            updateInfo: { description: 'forged' },
          }),
        );
      }
      for (const [name, caller] of callers.slice(0, 3))
        await attempt(`${name} starts a case`, () =>
          start(caller.workflow, `attack-start-${name}-${randomUUID()}`),
        );
      for (const [name, caller] of callers.slice(0, 2))
        await attempt(`${name} sends a service's result`, () =>
          caller.workflow.getHandle(workflowId).signal('serviceResult', {}),
        );
      await attempt('signal-bridge records a refused attempt', () =>
        bridge.workflow.getHandle(workflowId).signal('attemptRefused', {}),
      );
      await attempt('gateway sends a service’s result around the bridge', () =>
        gateway.workflow.getHandle(workflowId).signal('serviceResult', {}),
      );
      await attempt('gateway sends a consultation answer around the bridge', () =>
        gateway.workflow.getHandle(workflowId).signal('consultationAnswer', {}),
      );
      await attempt('gateway adds a search attribute', () =>
        gateway.connection.operatorService.addSearchAttributes({
          namespace: stack.temporal.namespace,
          searchAttributes: { Forged: 2 },
        }),
      );
      // The gateway's start bent: replacing the running case under its id, reusing an id, another workflow.
      await attempt('gateway replaces the running case', () =>
        gateway.workflow.start('caseWorkflow', {
          workflowId,
          taskQueue: `temporal-attacks-${randomUUID()}`,
          args: [],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'TERMINATE_EXISTING',
        }),
      );
      await attempt('gateway starts with an id that may be reused', () =>
        gateway.workflow.start('caseWorkflow', {
          workflowId: `attack-reuse-${randomUUID()}`,
          taskQueue: `temporal-attacks-${randomUUID()}`,
          args: [],
          workflowIdReusePolicy: 'TERMINATE_IF_RUNNING',
        }),
      );
      await attempt('gateway starts another workflow', () =>
        gateway.workflow.start('anythingElse', {
          workflowId: `attack-other-${randomUUID()}`,
          taskQueue: `temporal-attacks-${randomUUID()}`,
          args: [],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
      // The worker answers a real workflow task with a command that signals the attacked case.
      const taskQueue = `temporal-attacks-task-${randomUUID()}`;
      const decoy = `attack-decoy-${randomUUID()}`;
      await new Client({ connection: admin, namespace: stack.temporal.namespace }).workflow.start(
        'caseWorkflow',
        {
          workflowId: decoy,
          taskQueue,
          args: [],
        },
      );
      const task = await worker.connection.withDeadline(Date.now() + 30_000, () =>
        worker.connection.workflowService.pollWorkflowTaskQueue({
          namespace: stack.temporal.namespace,
          taskQueue: { name: taskQueue, kind: 1 },
          identity: 'attacker',
        }),
      );
      expect(task.taskToken?.length ?? 0).toBeGreaterThan(0);
      await attempt('worker signals another case from a workflow task', () =>
        worker.connection.workflowService.respondWorkflowTaskCompleted({
          namespace: stack.temporal.namespace,
          taskToken: task.taskToken,
          identity: 'attacker',
          commands: [
            {
              commandType: 12, // COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION
              signalExternalWorkflowExecutionCommandAttributes: {
                namespace: stack.temporal.namespace,
                execution: { workflowId },
                signalName: 'serviceResult',
              },
            },
          ],
        }),
      );
      await new Client({ connection: admin, namespace: stack.temporal.namespace }).workflow
        .getHandle(decoy)
        .terminate('the attack test is over')
        .catch(() => undefined);
      // What each may do, on a case of its own (the attacked one stays untouched).
      const spare = `attack-spare-${randomUUID()}`;
      await attempt('gateway starts a case', () => start(gateway.workflow, spare));
      await attempt('signal-bridge sends a service’s result', () =>
        bridge.workflow.getHandle(spare).signal('serviceResult', {}),
      );
      await attempt('gateway records a refused attempt', () =>
        gateway.workflow.getHandle(spare).signal('attemptRefused', {}),
      );
      await new Client({ connection: admin, namespace: stack.temporal.namespace }).workflow
        .getHandle(spare)
        .terminate('the attack test is over')
        .catch(() => undefined);
    } finally {
      await Promise.all(connections.map((connection) => connection.close()));
    }
    expect(allowed.sort()).toEqual(
      [
        'gateway reads the case',
        'gateway records a refused attempt',
        'gateway starts a case',
        'signal-bridge reads the case',
        'signal-bridge sends a service’s result',
        'ui reads the case',
        'worker reads the case',
      ].sort(),
    );
    expect(refusals).toHaveLength(4 * 4 + 3 + 2 + 4 + 4);
    expect(await historyLength()).toBe(eventsBefore);
  });

  it('leaves a case unchanged when such clients try to signal and terminate it', async () => {
    const attempts: Array<Parameters<typeof Connection.connect>[0]> = [
      {},
      { tls: { serverNameOverride: 'temporal', serverRootCACertificate: ca } },
      {
        tls: {
          serverNameOverride: 'temporal',
          serverRootCACertificate: ca,
          clientCertPair: { crt: foreign.cert, key: foreign.key },
        },
      },
    ];
    for (const options of attempts) {
      let refused = false;
      try {
        const connection = await Connection.connect({
          address: stack.temporal.address,
          connectTimeout: '2s',
          ...options,
        });
        try {
          const handle = new Client({ connection, namespace: stack.temporal.namespace }).workflow.getHandle(
            workflowId,
          );
          await connection.withDeadline(Date.now() + 5000, () => handle.signal('stepSubmitted', {}));
          await connection.withDeadline(Date.now() + 5000, () => handle.terminate('forged'));
        } finally {
          await connection.close();
        }
      } catch {
        refused = true;
      }
      expect(refused).toBe(true);
    }
    expect(await historyLength()).toBe(eventsBefore);
    const description = await new Client({ connection: admin, namespace: stack.temporal.namespace }).workflow
      .getHandle(workflowId)
      .describe();
    expect(description.status.name).toBe('RUNNING');
  });
});
