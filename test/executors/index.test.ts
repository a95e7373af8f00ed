import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExecutors } from '../../src/executors/index.js';
import { FIXTURES, request } from './helpers.js';

describe('createExecutors', () => {
  it('builds both executors, sized from the settings', async () => {
    const executors = createExecutors({ tasks: { dir: FIXTURES }, defaultThreads: 3, processPool: 2 });
    assert.equal(executors.default.name, 'default');
    assert.equal(executors.process.name, 'process');
    assert.equal(executors.default.freeSlots(), 3);
    assert.equal(executors.process.freeSlots(), 2);
    assert.deepEqual(await executors.default.execute(request('echo')), { status: 'succeeded' });
    await Promise.all([executors.default.shutdown(0), executors.process.shutdown(0)]);
  });
});
