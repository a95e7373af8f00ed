// The dashboard's session cookie: names a token without containing it, cannot be forged or
// moved to another token, expires, and ends when the token changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiToken } from '../../src/config/types.js';
import { SESSION_SECONDS, sessionPrincipal, sessionValue } from '../../src/http/ui/session.js';

const admin: ApiToken = { name: 'ops', token: 'admin-token-0123456789', role: 'admin' };
const reader: ApiToken = { name: 'viewer', token: 'read-token-0123456789', role: 'read' };
const tokens = [admin, reader];
const now = new Date('2026-01-01T00:00:00Z');

describe('dashboard session cookie', () => {
  it('stands for the token it was made for, with the role env.yaml gives it now', () => {
    const value = sessionValue(admin, now);
    assert.ok(!value.includes(admin.token), 'the token is in the cookie');
    assert.ok(!Buffer.from(value.split('.')[0]!, 'base64url').toString().includes(admin.token));
    assert.deepEqual(sessionPrincipal(tokens, value, now), { name: 'ops', role: 'admin' });
    assert.deepEqual(sessionPrincipal([{ ...admin, role: 'read' }], value, now), { name: 'ops', role: 'read' });
  });

  it('refuses a cookie that is tampered with, signed by another token, expired, or whose token changed', () => {
    const value = sessionValue(reader, now);
    const [payload, signature] = value.split('.') as [string, string];
    const claimed = Buffer.from(JSON.stringify({ n: 'ops', e: now.getTime() + 1000 })).toString('base64url');
    assert.equal(sessionPrincipal(tokens, `${claimed}.${signature}`, now), null, 'a reader renamed itself ops');
    assert.equal(sessionPrincipal(tokens, `${payload}.${signature.slice(0, -2)}AA`, now), null);
    assert.equal(sessionPrincipal(tokens, `${payload}`, now), null);
    assert.equal(sessionPrincipal(tokens, 'garbage', now), null);
    assert.equal(sessionPrincipal(tokens, undefined, now), null);
    assert.equal(sessionPrincipal(tokens, value, new Date(now.getTime() + SESSION_SECONDS * 1000)), null, 'expired');
    assert.equal(sessionPrincipal([admin, { ...reader, token: 'a-new-read-token-42424242' }], value, now), null, 'token rotated');
    assert.equal(sessionPrincipal([admin], value, now), null, 'token removed');
  });
});
