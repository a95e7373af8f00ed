// The API against what a careless or hostile client sends, on the real service and MariaDB: each
// request is refused with its status and one line naming what is wrong (never 500), and nothing
// is written.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { needsDb } from '../helpers/db.js';
import { ApiService } from './api-service.js';

const ECHO = 'export function run() {}\n';
const SPEC = { task: 'echo', trigger: 'interval', args: { hours: 1 } };

/** `{"a": {"a": … 1}}`, `levels` objects deep, written out as text (JSON.stringify would recurse). */
function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
}

describe('HTTP API against hostile input', needsDb, () => {
  const api = ApiService.start({ config: 'tasks: {}\n', tasks: { echo: ECHO } });

  before(async () => {
    assert.equal((await api.call('POST', '/jobs', { body: { id: 'steady', ...SPEC } })).status, 201);
  });

  it('tells a script that sent JSON as text/plain or a form to send application/json (415), not that it is cross-site', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await api.call('POST', '/jobs', { raw: JSON.stringify({ id: 'typed', ...SPEC }), headers: { 'Content-Type': type } });
      assert.equal(res.status, 415, `${type}: ${res.text}`);
      assert.match(res.body.detail, /^the request body must be JSON \(Content-Type: application\/json\)/);
    }
    // A browser's cross-site post says where it comes from, and is still refused as such.
    const fromBrowser = await api.call('POST', '/jobs', { raw: JSON.stringify({ id: 'typed', ...SPEC }), headers: { 'Content-Type': 'text/plain', Origin: 'https://evil.example' } });
    assert.equal(fromBrowser.status, 403);
    assert.equal(await api.store.getJob('typed'), null);
  });

  it('refuses params nested deeper than the store keeps with 422 naming params, for add and modify', async () => {
    for (const levels of [101, 5_000]) {
      const params = nestedJson(levels);
      const added = await api.call('POST', '/jobs', { raw: `{"id":"deep","task":"echo","trigger":"interval","args":{"hours":1},"params":${params}}`, headers: { 'Content-Type': 'application/json' } });
      assert.equal(added.status, 422, added.text);
      assert.equal(added.body.path, 'params');
      assert.match(added.body.detail, /^job deep: params: is nested more than 100 levels deep/);
      const patched = await api.call('PATCH', '/jobs/steady', { raw: `{"params":${params}}`, headers: { 'Content-Type': 'application/json' } });
      assert.equal(patched.status, 422, patched.text);
      assert.match(patched.body.detail, /params: is nested more than 100 levels deep/);
    }
    assert.equal(await api.store.getJob('deep'), null);
    assert.deepEqual((await api.store.getJob('steady'))?.params, {});
    assert.equal((await api.store.listAudit({ limit: 100 })).length, 1, 'only the first add is audited');
  });

  it('accepts params 100 levels deep and gives them back as sent', async () => {
    const params = nestedJson(100);
    const added = await api.call('POST', '/jobs', { raw: `{"id":"deep100","task":"echo","trigger":"interval","args":{"hours":1},"params":${params}}`, headers: { 'Content-Type': 'application/json' } });
    assert.equal(added.status, 201, added.text);
    assert.deepEqual((await api.call('GET', '/jobs/deep100')).body.params, JSON.parse(params));
  });
});
