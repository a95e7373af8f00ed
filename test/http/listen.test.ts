// Where /healthz and /metrics listen: `http.host`, by default 127.0.0.1 (this machine only), so
// metrics are not served to the network unless asked for. The real service on the memory store.
// The whole of 127.0.0.0/8 reaches this machine on Linux, so 127.0.0.2 stands for "another
// address": a socket bound to 127.0.0.1 refuses it, one bound to 0.0.0.0 accepts it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { after, describe, it } from 'node:test';
import { makeProject, ServiceProcess } from '../helpers/service.js';

/** Resolves true when a TCP connection to host:port is accepted, false when it is refused. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve(false) : reject(error)));
  });
}

/** Local addresses listening on `port`, as `ss` reports them (the kernel's view, not the log's). */
function listeningOn(port: number): string[] {
  const out = spawnSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/)[3]!);
}

async function serve(http: string): Promise<{ service: ServiceProcess; host: string; port: number }> {
  const root = makeProject({ env: `http:\n  port: 0\n${http}`, config: 'tasks: {}\n' });
  const service = new ServiceProcess(root, { JOBSTORE_URL: 'memory:' });
  await service.waitForLine(/http: serving/);
  const line = service.json().find((l) => String(l.msg).startsWith('http: serving'))!;
  return { service, host: String(line.host), port: Number(line.port) };
}

const hasSs = spawnSync('ss', ['-V']).status === 0;

describe('http.host', () => {
  const services: ServiceProcess[] = [];
  after(async () => {
    for (const s of services) await s.stop();
  });

  it('defaults to 127.0.0.1: this machine only', async () => {
    const { service, host, port } = await serve('');
    services.push(service);
    assert.equal(host, '127.0.0.1');
    assert.match(service.lines.find((l) => l.includes('http: serving'))!, new RegExp(`on 127\\.0\\.0\\.1:${port}`));
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).headers.get('content-type'), 'application/json');
    assert.equal(await accepts('127.0.0.2', port), false, 'another address of this machine is refused');
    if (hasSs) assert.deepEqual(listeningOn(port), [`127.0.0.1:${port}`]);
  });

  it('0.0.0.0 listens on every interface', async () => {
    const { service, host, port } = await serve('  host: 0.0.0.0\n');
    services.push(service);
    assert.equal(host, '0.0.0.0');
    assert.equal(await accepts('127.0.0.1', port), true);
    assert.equal(await accepts('127.0.0.2', port), true);
    if (hasSs) assert.deepEqual(listeningOn(port), [`0.0.0.0:${port}`]);
  });

  it('an address that is not this machine\'s stops start-up with one line naming http.host', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
    const root = makeProject({ env: 'http:\n  port: 0\n  host: 192.0.2.1\n', config: 'tasks: {}\n' });
    const service = new ServiceProcess(root, { JOBSTORE_URL: 'memory:' });
    const exit = await service.exited;
    assert.equal(exit.code, 1);
    assert.deepEqual(service.stderr, ['error: env.yaml: http.host: 192.0.2.1 is not an address of this machine']);
  });
});
