// docker-compose.yml: what SPEC §9 and the operating notes promise, checked on the parsed file
// (no Docker needed), then `docker-compose config` / `docker compose config` validation when a
// compose binary is installed (skipped without one, except with CI set).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { REPO } from '../helpers/service.js';
import { readDockerfile } from './dockerfile.js';

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval?: string; retries?: number };
  ports?: string[];
  volumes?: string[];
  restart?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const TEXT = readFileSync(join(REPO, 'docker-compose.yml'), 'utf8');

/** Compose's variable substitution: ${NAME:-default} and ${NAME}, with $$ for a literal $. */
function substitute(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{(\w+)(?::-([^}]*))?\}/g, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$$') return '$';
    const value = env[name!];
    if (value !== undefined && value !== '') return value;
    if (fallback === undefined) throw new Error(`\${${name}} has no default`);
    return fallback;
  });
}

const load = (env: Record<string, string> = {}) => yaml.load(substitute(TEXT, env)) as Compose;

describe('docker-compose.yml', () => {
  const compose = load();
  const mysql = compose.services.mysql!;
  const scheduler = compose.services.scheduler!;

  it('runs MySQL 8.4 with a healthcheck and a named volume', () => {
    assert.match(mysql.image ?? '', /^mysql:8\.4(\.\d+)?$/);
    assert.equal(mysql.healthcheck?.test[0], 'CMD-SHELL');
    assert.match(mysql.healthcheck!.test[1]!, /\$MYSQL_USER.*\$MYSQL_PASSWORD.*SELECT 1/, 'probes as the application user, once it exists');
    const [volume, target] = (mysql.volumes?.[0] ?? '').split(':');
    assert.equal(target, '/var/lib/mysql');
    assert.ok(compose.volumes && volume! in compose.volumes, `volume "${volume}" is declared at the top level (named, not a bind mount)`);
    assert.equal(mysql.restart, 'unless-stopped');
  });

  it('keeps MySQL binary logs for one day, not 8.4\'s default 30', () => {
    // Arguments starting with "-" are passed to mysqld by the image's entrypoint.
    assert.ok(mysql.command?.every((arg) => arg.startsWith('--')), 'mysqld options only');
    assert.ok(mysql.command?.includes('--binlog-expire-logs-seconds=86400'), `binlog retention set: ${JSON.stringify(mysql.command)}`);
  });

  it('builds the scheduler from the repository and starts it with node once MySQL is healthy', () => {
    const context = typeof scheduler.build === 'string' ? scheduler.build : scheduler.build?.context;
    assert.equal(context, '.');
    assert.deepEqual(scheduler.depends_on, { mysql: { condition: 'service_healthy' } });
    assert.equal(scheduler.restart, 'unless-stopped');
    assert.equal(scheduler.command?.[0], 'node', 'node itself receives SIGTERM (not npm)');
    assert.deepEqual(scheduler.command, readDockerfile(join(REPO, 'Dockerfile')).stages.at(-1)!.instructions.filter((i) => i.keyword === 'CMD').map((i) => JSON.parse(i.args) as string[])[0]);
  });

  it('checks the scheduler through /healthz on the port it sets with HTTP_PORT', () => {
    assert.equal(scheduler.healthcheck?.test[0], 'CMD');
    assert.equal(scheduler.healthcheck!.test[1], 'node');
    assert.match(scheduler.healthcheck!.test.join(' '), /\/healthz/);
    assert.match(scheduler.healthcheck!.test.join(' '), /process\.env\.HTTP_PORT/);
    assert.equal(String(scheduler.environment?.HTTP_PORT), '8080');
    assert.deepEqual(scheduler.ports, ['8080:8080']);
    const envYaml = readFileSync(join(REPO, 'env.yaml'), 'utf8');
    assert.match(envYaml, /^ {2}port: \$\{HTTP_PORT:-null\}/m, 'env.yaml reads http.port from HTTP_PORT');
  });

  it('has the scheduler listen on every interface of its container, where env.yaml defaults to 127.0.0.1', () => {
    assert.equal(scheduler.environment?.HTTP_HOST, '0.0.0.0', 'the published port reaches the container\'s interface, not its loopback');
    const envYaml = readFileSync(join(REPO, 'env.yaml'), 'utf8');
    assert.match(envYaml, /^ {2}host: \$\{HTTP_HOST:-127\.0\.0\.1\}/m, 'env.yaml reads http.host from HTTP_HOST');
  });

  it('passes JOBSTORE_URL built from the same credentials MySQL is created with, defaults and overrides alike', () => {
    for (const env of [{}, { MYSQL_USER: 'app', MYSQL_PASSWORD: 's3cret', MYSQL_DATABASE: 'jobs', HTTP_PORT: '9100' }] as Array<Record<string, string>>) {
      const c = load(env);
      const url = new URL(String(c.services.scheduler!.environment!.JOBSTORE_URL));
      const db = c.services.mysql!.environment!;
      assert.equal(url.protocol, 'mysql:');
      assert.equal(url.hostname, 'mysql', 'the compose service name');
      assert.equal(url.username, db.MYSQL_USER);
      assert.equal(url.password, db.MYSQL_PASSWORD);
      assert.equal(url.pathname, `/${db.MYSQL_DATABASE}`);
      assert.ok(db.MYSQL_ROOT_PASSWORD);
    }
    assert.equal(load({ HTTP_PORT: '9100' }).services.scheduler!.ports![0], '9100:9100');
  });

  it('publishes the API and dashboard only when .env enables them with a token', () => {
    const off = load().services.scheduler!.environment!;
    assert.equal(String(off.HTTP_API_ENABLED), 'false', 'off by default');
    const on = load({ HTTP_API_ENABLED: 'true', SCHEDULER_API_TOKEN: 'a-token-of-enough-length' }).services.scheduler!.environment!;
    assert.deepEqual([String(on.HTTP_API_ENABLED), on.SCHEDULER_API_TOKEN], ['true', 'a-token-of-enough-length']);
    const envYaml = readFileSync(join(REPO, 'env.yaml'), 'utf8');
    assert.match(envYaml, /enabled: \$\{HTTP_API_ENABLED:-false\}/, 'env.yaml reads http.api.enabled from HTTP_API_ENABLED');
    assert.match(envYaml, /token: "\$\{SCHEDULER_API_TOKEN:-\}"/, 'env.yaml reads the admin token from SCHEDULER_API_TOKEN');
    assert.match(readFileSync(join(REPO, '.gitignore'), 'utf8'), /^\.env$/m, 'the .env holding the token is not committed');
  });

  it('gives every variable a default and documents it in the header', () => {
    const names = [...new Set([...TEXT.matchAll(/\$\{(\w+)(:-[^}]*)?\}/g)].map((m) => {
      assert.ok(m[2], `\${${m[1]}} has a default`);
      return m[1]!;
    }))];
    const header = TEXT.split('\n').filter((l) => l.startsWith('#')).join('\n');
    for (const name of names) assert.match(header, new RegExp(`\\b${name}\\b`), `${name} documented in the header comment`);
  });
});

describe('docker-compose.yml validated by Compose itself', () => {
  const binaries = [
    { cmd: 'docker-compose', probe: ['version'], args: ['config', '-q'] },
    { cmd: 'docker', probe: ['compose', 'version'], args: ['compose', 'config', '-q'] },
  ].filter(({ cmd, probe }) => spawnSync(cmd, probe, { encoding: 'utf8' }).status === 0);
  const options = binaries.length > 0 || process.env.CI ? {} : { skip: 'neither docker-compose nor docker compose is installed' };

  it('is accepted by `config`', options, () => {
    assert.ok(binaries.length > 0, 'a compose binary is installed (required in CI)');
    for (const { cmd, args } of binaries) {
      const result = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, HTTP_PORT: '', MYSQL_PASSWORD: '' } });
      assert.equal(result.status, 0, `${cmd} ${args.join(' ')}: ${result.stderr}`);
    }
  });
});
