// Which MySQL errors mean "the database is not there" (retried with backoff) and which are real
// errors. Errors are built as mysql2 reports them; a server that sends 4031 (MySQL 8.0.24+) is not
// available here (MariaDB closes an idle connection without a word), so the classifier is
// checked on the error mysql2 would raise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUnavailable, toUnavailable } from '../../src/store/mysql/errors.js';
import { isRetryable } from '../../src/store/mysql/transaction.js';
import { StoreUnavailableError } from '../../src/store/types.js';

function mysqlError(code: string, errno: number, message: string): Error {
  return Object.assign(new Error(message), { code, errno, sqlState: 'HY000', sqlMessage: message, fatal: true });
}

describe('MySQL error classification', () => {
  it('treats MySQL 8\'s "disconnected because of inactivity" (4031) as a lost connection', () => {
    const error = mysqlError('ER_CLIENT_INTERACTION_TIMEOUT', 4031, 'The client was disconnected by the server because of inactivity. See wait_timeout and interactive_timeout for configuring this behavior.');
    assert.equal(isUnavailable(error), true);
    const wrapped = toUnavailable(error);
    assert.ok(wrapped instanceof StoreUnavailableError);
    assert.match(wrapped.message, /^database unreachable \(ER_CLIENT_INTERACTION_TIMEOUT: The client was disconnected/);
  });

  it('treats the other lost-connection errors alike', () => {
    assert.equal(isUnavailable(mysqlError('PROTOCOL_CONNECTION_LOST', 0, 'Connection lost: The server closed the connection.')), true);
    assert.equal(isUnavailable(mysqlError('ER_SERVER_SHUTDOWN', 1053, 'Server shutdown in progress')), true);
  });

  it('treats a cluster node not ready for work (Galera 1047, 1180; a read-only node, 1290) as unavailable', () => {
    const cases: Array<[string, number, string]> = [
      ['ER_UNKNOWN_COM_ERROR', 1047, 'WSREP has not yet prepared node for application use'],
      ['ER_ERROR_DURING_COMMIT', 1180, 'Got error 6 "No such device or address" during COMMIT'],
      ['ER_OPTION_PREVENTS_STATEMENT', 1290, 'The MySQL server is running with the --super-read-only option so it cannot execute this statement'],
    ];
    for (const [code, errno, message] of cases) {
      const wrapped = toUnavailable(mysqlError(code, errno, message));
      assert.ok(wrapped instanceof StoreUnavailableError, code);
      assert.equal(wrapped.message, `database not ready (${code}: ${message})`);
    }
  });

  it('retries a transaction Group Replication rolled back at certification (3101), as a deadlock', () => {
    assert.equal(isRetryable(mysqlError('ER_TRANSACTION_ROLLBACK_DURING_COMMIT', 3101, 'Plugin instructed the server to rollback the current transaction.')), true);
    assert.equal(isRetryable(mysqlError('ER_DUP_ENTRY', 1062, "Duplicate entry 'x' for key 'PRIMARY'")), false);
  });

  it('leaves real errors as they are', () => {
    const error = mysqlError('ER_DUP_ENTRY', 1062, "Duplicate entry 'x' for key 'PRIMARY'");
    assert.equal(isUnavailable(error), false);
    assert.equal(toUnavailable(error), error);
  });
});
