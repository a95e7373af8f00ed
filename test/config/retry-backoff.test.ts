// retry_backoff, retry_delay_max and retry_jitter in config/<env>.yaml: defaults that keep a fixed
// delay, and each bad value one ConfigError line `<file>: tasks.<id>.<key>: <reason>`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { project } from './helpers.js';

const withKeys = (extra: string) => ({
  'env.yaml': '',
  'config/dev.yaml': `tasks:\n  t:\n    trigger: interval\n    args: { seconds: 5 }\n${extra}`,
});

function retrySettings(extra: string) {
  const [task] = loadConfig({ root: project(withKeys(extra)), env: {} }).tasks;
  assert.ok(task);
  return { retryDelay: task.retryDelay, retryBackoff: task.retryBackoff, retryDelayMax: task.retryDelayMax, retryJitter: task.retryJitter };
}

function loadError(extra: string): ConfigError {
  try {
    loadConfig({ root: project(withKeys(extra)), env: {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('loadConfig accepted the bad input');
}

describe('loadConfig: retry backoff', () => {
  it('defaults to a fixed delay, no cap and no jitter', () => {
    assert.deepEqual(retrySettings(''), { retryDelay: 0, retryBackoff: 'fixed', retryDelayMax: null, retryJitter: 0 });
  });

  it('reads the three keys beside retry_delay (null retry_delay_max is no cap)', () => {
    assert.deepEqual(
      retrySettings('    retry_delay: 2\n    retry_backoff: exponential\n    retry_delay_max: 60\n    retry_jitter: 0.25\n'),
      { retryDelay: 2, retryBackoff: 'exponential', retryDelayMax: 60, retryJitter: 0.25 },
    );
    assert.deepEqual(
      retrySettings('    retry_backoff: exponential\n    retry_delay_max: null\n    retry_jitter: 1\n'),
      { retryDelay: 0, retryBackoff: 'exponential', retryDelayMax: null, retryJitter: 1 },
    );
    assert.equal(retrySettings('    retry_delay: 3\n    retry_delay_max: 3\n').retryDelayMax, 3, 'a cap equal to retry_delay');
    assert.equal(retrySettings('    retry_delay_max: 315360000\n').retryDelayMax, 315_360_000, 'the bound of retry_delay');
  });

  const BAD: [string, string, string][] = [
    ['    retry_backoff: linear\n', 'retry_backoff', '"linear" is not one of: fixed, exponential'],
    ['    retry_backoff: 2\n', 'retry_backoff', 'expected a string, got 2'],
    ['    retry_backoff: Exponential\n', 'retry_backoff', '"Exponential" is not one of: fixed, exponential'],
    ['    retry_delay_max: -1\n', 'retry_delay_max', 'must be at least 0, got -1'],
    ['    retry_delay_max: 315360001\n', 'retry_delay_max', 'must be at most 315360000, got 315360001'],
    ['    retry_delay_max: 1e300\n', 'retry_delay_max', 'must be at most 315360000, got 1e+300'],
    ['    retry_delay_max: .inf\n', 'retry_delay_max', 'expected a number, got Infinity'],
    ['    retry_delay_max: soon\n', 'retry_delay_max', 'expected a number, got "soon"'],
    ['    retry_delay: 10\n    retry_delay_max: 5\n', 'retry_delay_max', 'must be at least retry_delay (10), got 5'],
    ['    retry_jitter: -0.1\n', 'retry_jitter', 'must be at least 0, got -0.1'],
    ['    retry_jitter: 1.5\n', 'retry_jitter', 'must be at most 1, got 1.5'],
    ['    retry_jitter: 50%\n', 'retry_jitter', 'expected a number, got "50%"'],
    ['    retry_jitter: .nan\n', 'retry_jitter', 'expected a number, got NaN'],
    ['    retry_jitter: true\n', 'retry_jitter', 'expected a number, got true'],
  ];
  for (const [extra, key, reason] of BAD) {
    it(`rejects ${extra.trim().replace(/\n\s*/g, ', ')} at tasks.t.${key}`, () => {
      const error = loadError(extra);
      assert.equal(error.message, `config/dev.yaml: tasks.t.${key}: ${reason}`);
    });
  }
});
