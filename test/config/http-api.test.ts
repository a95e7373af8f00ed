// env.yaml `http.api` (issue 12 §3): off by default, tokens with a name and a role, and fail
// closed: enabling the API on an address other machines reach without a token stops start-up.
// No error message ever holds a token's value.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { isLoopback } from '../../src/config/loopback.js';
import { loadError, project } from './helpers.js';

const TOKEN = 'tok_4f9a8c1e2b7d6a5f3e0c9b8a';
const OTHER = 'tok_0123456789abcdef01234567';
const files = (http: string) => ({ 'env.yaml': `http:\n  port: 0\n${http}`, 'config/dev.yaml': 'tasks: {}\n' });
const load = (http: string, env: Record<string, string> = {}) => loadConfig({ root: project(files(http)), env }).settings.http.api;
const tokens = (...entries: string[]) => `  api:\n    enabled: true\n    tokens:\n${entries.map((e) => `      - ${e}\n`).join('')}`;

describe('http.api settings', () => {
  it('is off by default, with no token and no extra host', () => {
    assert.deepEqual(load(''), { enabled: false, tokens: [], emptyTokens: [], allowedHosts: [] });
  });

  it('reads tokens with their names and roles, from ${VAR} too', () => {
    const api = load(tokens('{ name: ops, token: "${OPS_TOKEN}", role: admin }', `{ name: grafana, token: ${OTHER}, role: read }`), { OPS_TOKEN: TOKEN });
    assert.equal(api.enabled, true);
    assert.deepEqual(api.tokens.map((t) => [t.name, t.token, t.role]), [['ops', TOKEN, 'admin'], ['grafana', OTHER, 'read']]);
  });

  it('keeps token values out of JSON and inspect output, so a logged Settings object cannot leak one', () => {
    const api = load(tokens(`{ name: ops, token: ${TOKEN}, role: admin }`));
    assert.equal(JSON.stringify(api).includes(TOKEN), false);
    assert.equal(inspect(api, { depth: 10 }).includes(TOKEN), false);
    assert.equal(api.tokens[0]!.token, TOKEN, 'still readable by the code that checks it');
  });

  it('leaves out an entry whose token is empty (the shipped ${SCHEDULER_API_TOKEN:-} unset), naming it', () => {
    const api = load(tokens('{ name: admin, token: "${SCHEDULER_API_TOKEN:-}", role: admin }'));
    assert.deepEqual(api.tokens, []);
    assert.deepEqual(api.emptyTokens, ['admin']);
  });

  it('reads allowed_hosts in lower case', () => {
    assert.deepEqual(load('  api:\n    allowed_hosts: [Scheduler.Example.com, "[::1]"]\n').allowedHosts, ['scheduler.example.com', '[::1]']);
  });

  it('accepts an enabled API without a token on loopback (read-only there, see the README)', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      const api = loadConfig({ root: project({ 'env.yaml': `http:\n  port: 0\n  host: "${host}"\n  api:\n    enabled: true\n`, 'config/dev.yaml': '' }), env: {} }).settings.http.api;
      assert.equal(api.enabled, true, host);
    }
  });
});

describe('http.api refusals: one line naming the key, never the token', () => {
  const REFUSED: Array<[string, string, string, RegExp]> = [
    ['enabled on 0.0.0.0 without a token', 'http:\n  port: 0\n  host: 0.0.0.0\n  api:\n    enabled: true\n', 'http.api',
      /^a token is required when http\.host is 0\.0\.0\.0 \(anyone who can reach the port could change jobs\): set http\.api\.tokens/],
    ['enabled on :: with only an empty token', 'http:\n  port: 0\n  host: "::"\n  api:\n    enabled: true\n    tokens:\n      - { name: admin, token: "", role: admin }\n', 'http.api',
      /^a token is required when http\.host is ::/],
    ['enabled without a port', 'http:\n  api:\n    enabled: true\n', 'http.api.enabled', /^the API is served on http\.port, which is not set$/],
    ['a short token', `http:\n  port: 0\n${tokens('{ name: ops, token: short-secret-1, role: admin }')}`, 'http.api.tokens.0.token',
      /^must be at least 16 characters, got 14: a short token can be guessed by trying \(make one with: openssl rand -hex 32\)$/],
    ['a token a Bearer header cannot carry', `http:\n  port: 0\n${tokens('{ name: ops, token: "has spaces in it, secret!", role: admin }')}`, 'http.api.tokens.0.token', /^may hold only letters, digits/],
    ['a token read as a number', `http:\n  port: 0\n${tokens('{ name: ops, token: 12345678901234567890, role: admin }')}`, 'http.api.tokens.0.token', /^expected a string \(quote it/],
    ['two tokens with one name', `http:\n  port: 0\n${tokens(`{ name: ops, token: ${TOKEN}, role: admin }`, `{ name: ops, token: ${OTHER}, role: read }`)}`, 'http.api.tokens.1.name',
      /^"ops" is also the name of http\.api\.tokens\.0$/],
    ['two names with one token', `http:\n  port: 0\n${tokens(`{ name: ops, token: ${TOKEN}, role: admin }`, `{ name: ci, token: ${TOKEN}, role: read }`)}`, 'http.api.tokens.1.token',
      /^is the same as the token of "ops": give each its own$/],
    ['an unknown role', `http:\n  port: 0\n${tokens(`{ name: ops, token: ${TOKEN}, role: root }`)}`, 'http.api.tokens.0.role', /^"root" is not one of: admin, read$/],
    ['a missing role', `http:\n  port: 0\n${tokens(`{ name: ops, token: ${TOKEN} }`)}`, 'http.api.tokens.0', /^missing "role"/],
    ['a name with spaces', `http:\n  port: 0\n${tokens(`{ name: "my token", token: ${TOKEN}, role: read }`)}`, 'http.api.tokens.0.name', /^expected 1 to 64 letters/],
    ['tokens not a list', 'http:\n  port: 0\n  api:\n    tokens: { name: ops }\n', 'http.api.tokens', /^expected a list, got a mapping$/],
    ['an unknown key', 'http:\n  port: 0\n  api:\n    enable: true\n', 'http.api.enable', /^unknown key \(expected one of: enabled, tokens, allowed_hosts\)$/],
    ['a host with a port', 'http:\n  port: 0\n  api:\n    allowed_hosts: ["example.com:8080"]\n', 'http.api.allowed_hosts.0', /^expected a host name without scheme or port/],
  ];
  for (const [name, envYaml, path, reason] of REFUSED) {
    it(name, () => {
      const error = loadError({ 'env.yaml': envYaml, 'config/dev.yaml': '' });
      assert.equal(error.file, 'env.yaml');
      assert.equal(error.path, path);
      assert.match(error.reason, reason);
      for (const secret of [TOKEN, OTHER, 'short-secret-1', 'has spaces in it', '12345678901234567890']) assert.equal(error.message.includes(secret), false, 'no token value in the message');
    });
  }
});

describe('isLoopback', () => {
  it('knows this machine’s addresses from every interface', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', '::ffff:10.0.0.1', 'example.com', 'localhost.example.com', '128.0.0.1']) assert.equal(isLoopback(host), false, host);
  });
});
