// A private MariaDB server for tests that stop and restart the database (outages), on its own
// port, data directory and socket, so the shared server other suites use is never touched.
// Needs mariadb-install-db and mariadbd (Debian's mariadb-server); without them the suite is
// skipped, except with CI set, where that is a failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { waitFor } from './wait.js';

const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p) => existsSync(p)) ?? null;
const INSTALL_DB = ['mariadb-install-db', 'mysql_install_db'].find((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0) ?? null;

export const privateMariaDbAvailable = MARIADBD !== null && INSTALL_DB !== null;
if (!privateMariaDbAvailable && process.env.CI) throw new Error('CI is set but mariadbd / mariadb-install-db are not installed');
/** node:test options: skip when the server binaries are missing (never in CI). */
export const needsPrivateMariaDb = privateMariaDbAvailable ? {} : { skip: 'mariadbd / mariadb-install-db not installed' };

export class PrivateMariaDb {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Initialises a data directory on a free port and starts the server. */
  static async create(): Promise<PrivateMariaDb> {
    if (!MARIADBD || !INSTALL_DB) throw new Error('mariadbd / mariadb-install-db not installed');
    // Short path: the socket path must fit in 108 bytes.
    const dir = mkdtempSync(join(tmpdir(), 'pmdb-'));
    const install = spawnSync(INSTALL_DB, [
      '--no-defaults', `--datadir=${join(dir, 'data')}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db',
    ], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`${INSTALL_DB} failed: ${install.stderr || install.stdout}`);
    const server = new PrivateMariaDb(dir, await freePort());
    await server.start();
    return server;
  }

  /** mysql:// URL of `database` on this server (root, no password). */
  url(database = ''): string {
    return `mysql://root@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server (again) on the same port and data, and waits until it answers. */
  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(MARIADBD!, [
      '--no-defaults', `--datadir=${join(this.dir, 'data')}`, `--port=${this.port}`, `--socket=${join(this.dir, 'sock')}`,
      `--pid-file=${join(this.dir, 'pid')}`, '--bind-address=127.0.0.1', '--user=root', '--skip-name-resolve',
      '--innodb-buffer-pool-size=32M', `--log-error=${join(this.dir, 'error.log')}`,
    ], { stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor(`private MariaDB on port ${this.port} (log: ${join(this.dir, 'error.log')})`, async () => {
      if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}: ${this.log().slice(-500)}`);
      const conn = await createConnection({ uri: this.url(), connectTimeout: 1000 });
      await conn.end();
      return true;
    }, 60_000, 200);
  }

  /** Stops the server: SIGTERM is a clean shutdown, SIGKILL a crash. Resolves when it has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child) return;
    this.child.kill(signal);
    await this.exited;
    this.child = null;
  }

  /** Stops the server and deletes its data directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs one statement as root. */
  async query(text: string, database = ''): Promise<unknown> {
    const conn = await createConnection({ uri: this.url(database) });
    try {
      const [rows] = await conn.query(text);
      return rows;
    } finally {
      await conn.end();
    }
  }

  private log(): string {
    try {
      return readFileSync(join(this.dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  }
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
