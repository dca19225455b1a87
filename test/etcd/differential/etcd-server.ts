// A throwaway etcd for the differential test: our own process on loopback, on free ports derived
// from the test process's pid (never etcd's default 2379/2380, which a packaged etcd service may
// hold), with its data in a temporary directory that is removed when it stops.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EtcdServer {
  readonly url: string;
  readonly version: string;
  /** The server's log so far (stderr and stdout), for a failure report. */
  log(): string;
  stop(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Two free ports, client and peer, in 20000–29999, starting from a pid-derived pair. */
async function pickPorts(): Promise<[number, number]> {
  const slots = 5000;
  const first = (process.pid * 7919) % slots;
  for (let i = 0; i < slots; i++) {
    const slot = (first + i) % slots;
    const p1 = 20000 + slot * 2;
    const p2 = p1 + 1;
    if ((await portIsFree(p1)) && (await portIsFree(p2))) return [p1, p2];
  }
  throw new Error('no free pair of ports in 20000–29999');
}

export async function startEtcd(binary = 'etcd', readyTimeoutMs = 10_000): Promise<EtcdServer> {
  // tmpfs when there is one: etcd fsyncs every write, and the test makes thousands.
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dataDir = await mkdtemp(join(base, 'kyb-etcd-diff-'));
  const [clientPort, peerPort] = await pickPorts();
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  // No ETCD_* variable from the environment may reconfigure it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ETCD_')));
  let output = '';
  let exited: string | undefined;
  const child: ChildProcess = spawn(
    binary,
    [
      '--name', 'default',
      '--data-dir', dataDir,
      '--listen-client-urls', client,
      '--advertise-client-urls', client,
      '--listen-peer-urls', peer,
      '--initial-advertise-peer-urls', peer,
      '--initial-cluster', `default=${peer}`,
      '--initial-cluster-state', 'new',
      '--log-level', 'warn',
      // Progress reports tell the test when a real watch has caught up (watch-pairs.ts); the
      // default of ten minutes would never come within a test. 3.4.23 is seen to send them about
      // every 100 ms however short the interval asked.
      '--experimental-watch-progress-notify-interval', '10ms',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      resolve();
    });
    child.once('error', (e) => {
      exited = `failed to start: ${e.message}`;
      resolve();
    });
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([gone.then(() => false), sleep(5000).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await gone;
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = performance.now() + readyTimeoutMs;
  let version = '';
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`etcd ${exited} before it was ready:\n${output}`);
    }
    try {
      const r = await fetch(`${client}/v3/kv/range`, {
        method: 'POST',
        body: JSON.stringify({ key: Buffer.from('ready?').toString('base64') }),
        signal: AbortSignal.timeout(1000),
      });
      const body = (await r.json()) as { header?: unknown };
      if (r.ok && body.header) {
        const v = (await (await fetch(`${client}/version`)).json()) as { etcdserver?: string };
        version = v.etcdserver ?? '?';
        break;
      }
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`etcd did not answer on ${client} within ${readyTimeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
  return { url: client, version, log: () => output, stop };
}
