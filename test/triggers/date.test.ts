import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TriggerArgError } from '../../src/triggers/index.js';
import { ANCHOR, make } from './helpers.js';

test('date fires once at run_date, read in the trigger zone', () => {
  const trigger = make('date', { run_date: '2025-06-01 09:30:00', timezone: 'Europe/Paris' });
  const first = trigger.next(null, new Date('2030-01-01T00:00:00Z'));
  assert.equal(first?.toISOString(), '2025-06-01T07:30:00.000Z');
  assert.equal(trigger.next(first, new Date('2030-01-01T00:00:00Z')), null);
});

test('date honours an explicit offset or Z in run_date', () => {
  assert.equal(make('date', { run_date: '2025-06-01T09:30:00+02:00' }).next(null, ANCHOR)?.toISOString(), '2025-06-01T07:30:00.000Z');
  assert.equal(make('date', { run_date: '2025-06-01 09:30:00Z', timezone: 'Asia/Tokyo' }).next(null, ANCHOR)?.toISOString(), '2025-06-01T09:30:00.000Z');
});

test('date without run_date fires at the anchor', () => {
  assert.equal(make('date', {}).next(null, ANCHOR)?.toISOString(), ANCHOR.toISOString());
});

test('date accepts a Date already parsed by YAML', () => {
  assert.equal(make('date', { run_date: new Date('2025-06-01T00:00:00Z') }).next(null, ANCHOR)?.toISOString(), '2025-06-01T00:00:00.000Z');
});

test('date rejects unknown keys and bad dates', () => {
  assert.throws(() => make('date', { run_date: '2025-13-01' }), (e: unknown) => e instanceof TriggerArgError && e.key === 'run_date');
  assert.throws(() => make('date', { hours: 1 }), (e: unknown) => e instanceof TriggerArgError && e.key === 'hours');
});
