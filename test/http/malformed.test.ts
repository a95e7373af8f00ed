// Request targets that are no URL at all, and Host headers that name no host, get 400, not 500,
// and the server stays up; an HTTP/1.0 probe without Host is answered. Raw requests
// over a socket: fetch() would refuse to send them.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { makeProject, ServiceProcess } from '../helpers/service.js';

/** Sends one raw request and resolves with the response's status line. */
function statusLine(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('end', () => resolve(data.split('\r\n', 1)[0]!));
    socket.on('error', reject);
    socket.write(request);
  });
}

const MALFORMED = [
  'http://[::1/healthz', // unclosed IPv6 literal
  '//%%/', // authority form without a valid host
  'http://x:99999/healthz', // port out of range
  'http://[/',
  'http://%zz/metrics',
  '//[::1/metrics',
  'https://exa mple.com/',
  'http://',
];

describe('malformed request targets', () => {
  let service: ServiceProcess;
  let port: number;

  before(async () => {
    const root = makeProject({ env: 'http:\n  port: 0\n', config: 'tasks: {}\n' });
    service = new ServiceProcess(root, { JOBSTORE_URL: 'memory:' });
    await service.waitForLine(/http: serving/);
    port = Number(service.json().find((l) => String(l.msg).startsWith('http: serving'))!.port);
  });
  after(async () => {
    await service?.stop();
  });

  it('answers 400 to every target that is no URL, for GET and HEAD alike', async () => {
    for (const target of MALFORMED) {
      for (const method of ['GET', 'HEAD']) {
        const line = await statusLine(port, `${method} ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
        assert.match(line, /^HTTP\/1\.1 400 /, `${method} ${target}`);
      }
    }
  });

  it('answers 400, not 500, to a Host header that names no host and to a backslash in the path', async () => {
    for (const host of ['a b', 'exa<mple', '[::1']) {
      const line = await statusLine(port, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      assert.match(line, /^HTTP\/1\.1 400 /, `Host: ${host}`);
    }
    assert.match(await statusLine(port, 'GET /ui/assets/..\\..\\package.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 400 /);
  });

  it('answers an HTTP/1.0 probe that sends no Host (HAProxy, keepalived)', async () => {
    assert.match(await statusLine(port, 'GET /healthz HTTP/1.0\r\n\r\n'), /^HTTP\/1\.1 (200|503) /);
    assert.match(await statusLine(port, 'GET /metrics HTTP/1.0\r\n\r\n'), /^HTTP\/1\.1 200 /);
  });

  it('still answers well-formed requests, absolute form included, and stays up', async () => {
    assert.match(await statusLine(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 (200|503) /);
    assert.match(await statusLine(port, 'GET http://localhost/metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200 /);
    assert.equal(await Promise.race([service.exited.then(() => 'exited'), Promise.resolve('running')]), 'running');
    assert.ok(!service.lines.some((l) => /internal error|TypeError/.test(l)), 'no internal error logged');
  });
});
