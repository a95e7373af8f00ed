// The setting flags of add/modify: values reach the job API as YAML would read them, so its
// validation (the YAML's own code) words every mistake; JSON flags that are not JSON stop at the
// flag, in one line that does not echo the text. And describeError: the job API's refusals are
// one line, without a stack.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/cli/args.js';
import { describeError } from '../../src/cli/index.js';
import { readSettingFlags } from '../../src/cli/job-flags.js';
import {
  JobConflictError, JobNotFoundError, JobSpecError, RunNotFoundError, RunNotRetryableError, VersionConflictError,
} from '../../src/jobs/errors.js';

describe('setting flags', () => {
  it('reads numbers, booleans and null as YAML does, and keeps the rest as text', () => {
    assert.deepEqual(readSettingFlags('add', {
      'max-attempts': '3', 'retry-jitter': '0.5', coalesce: 'false', timeout: 'null', 'misfire-grace-time': '~', 'retry-delay': '-1',
      'max-instances': 'three', 'retry-delay-max': 'a: b',
    }), {
      max_attempts: 3, retry_jitter: 0.5, coalesce: false, timeout: null, misfire_grace_time: null, retry_delay: -1,
      max_instances: 'three', retry_delay_max: 'a: b',
    });
  });

  it('keeps names as text whatever they look like', () => {
    assert.deepEqual(readSettingFlags('add', { task: '2024', timezone: 'UTC', trigger: 'true', executor: 'null', 'retry-backoff': '1' }), {
      task: '2024', timezone: 'UTC', trigger: 'true', executor: 'null', retry_backoff: '1',
    });
  });

  it('leaves out the flags not given', () => {
    assert.deepEqual(readSettingFlags('modify', { json: true, 'if-version': '2' }), {});
  });

  it('parses --args and --params as JSON, and passes JSON that is not a mapping on to the validation', () => {
    assert.deepEqual(readSettingFlags('add', { args: '{"hour": 9}', params: '[1]' }), { args: { hour: 9 }, params: [1] });
  });

  it('stops at a flag that is not JSON, naming it, without the text', () => {
    const refuse = (params: string) => assert.throws(() => readSettingFlags('add', { params }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /^add: --params is not valid JSON \(.+\): write an object such as '\{"user": 42\}'$/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
    refuse('{"password": "hunter2",]');
    refuse('{"password": "hunter2"');
    refuse('{password: "hunter2"}');
    assert.throws(() => readSettingFlags('modify', { args: ' ' }), /^UsageError: modify: --args is not valid JSON \(it is empty\)/);
  });
});

describe('describeError', () => {
  it('prints the job API\'s refusals and a bad spec as their one line, without a stack', () => {
    const cases: Array<[Error, string]> = [
      [new JobSpecError('job report', 'args.hour', 'must be at most 23, got 25'), 'job report: args.hour: must be at most 23, got 25'],
      [new JobNotFoundError('report'), 'no job "report" in the store'],
      [new RunNotFoundError(7), 'no run 7 in the store'],
      [new JobConflictError('job "report" already exists'), 'job "report" already exists'],
      [new VersionConflictError('report', 2, 3), 'job "report" is at version 3, not 2: it was changed meanwhile; read it again and retry'],
      [new RunNotRetryableError('run 7 is running'), 'run 7 is running'],
    ];
    for (const [error, line] of cases) assert.equal(describeError(error), line);
  });

  it('still gives a stack for what no user caused', () => {
    assert.match(describeError(new TypeError('x is undefined')), /^TypeError: x is undefined\n\s+at /);
  });
});
