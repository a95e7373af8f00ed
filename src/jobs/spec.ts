// A job spec from the API (addJob's JobInput, modifyJob's merge) read by the YAML's own code
// (config/tasks.ts readTask) over `new ConfigNode('job <id>', '', spec)`: the same checks, the same
// reasons, `job report: args.hour: …` where YAML says `config/dev.yaml: tasks.report.args.hour: …`.
import { randomUUID } from 'node:crypto';
import { ConfigError } from '../config/errors.js';
import { ConfigNode, describe } from '../config/reader.js';
import { opt } from '../config/settings.js';
import { checkJobId, isJobId, readTask, TASK_KEYS, type TaskSettings } from '../config/tasks.js';
import type { JobRecord, JobSpec } from '../store/types.js';
import { JobSpecError } from './errors.js';
import type { JobInput } from './types.js';
import { definitionOf } from './views.js';

/** The API's keys: the YAML task's (without `enabled`), the id, and (addJob only) the pause. */
const ADD_KEYS = ['id', ...TASK_KEYS, 'paused'] as const;
const MODIFY_KEYS = ['id', ...TASK_KEYS] as const;
// An id that breaks the rule is shown cut, so the one line stays short.
const SHOWN_ID_LENGTH = 40;

export interface ReadSpec {
  spec: JobSpec;
  /** `paused` as given; undefined when absent. */
  paused: boolean | undefined;
}

/**
 * Validates a spec (an unknown value: callers may be JavaScript or JSON); throws JobSpecError.
 * `for: 'modify'`: a stored spec with changes merged over it, where `paused` has no place.
 */
export function readSpec(input: unknown, settings: TaskSettings, now: Date, { for: use = 'add' }: { for?: 'add' | 'modify' } = {}): ReadSpec {
  if (!isMapping(input)) return asSpecError(() => new ConfigNode('job', '', input).fail(`expected a mapping, got ${describe(input)}`));
  const id = input.id === undefined || input.id === null ? randomUUID().replaceAll('-', '') : input.id;
  const node = new ConfigNode(`job${typeof id === 'string' ? ` ${shownId(id)}` : ''}`, '', input);
  return asSpecError(() => {
    const idNode = node.child('id', id);
    checkJobId(idNode.string(), idNode);
    const keys = node.object(use === 'add' ? ADD_KEYS : MODIFY_KEYS);
    const paused = opt(keys.get('paused'), (n) => n.boolean(), undefined);
    const spec = readTask(id as string, node, keys, settings, now, []);
    // Stored as JSON by the SQL stores: the memory store keeps what they would read back (a Date
    // in args becomes its ISO text, which the trigger reads as the same instant).
    return { spec: { ...spec, triggerArgs: jsonCopy(spec.triggerArgs), params: jsonCopy(spec.params) }, paused };
  });
}

/**
 * `changes` over the stored spec, as YAML keys, for readSpec(…, { for: 'modify' }) to validate
 * whole. The changes themselves must be a mapping of known keys, and the id cannot change.
 */
export function mergedSpec(job: JobRecord, changes: unknown): Record<string, unknown> {
  const node = new ConfigNode(`job ${job.id}`, '', changes);
  const keys = asSpecError(() => node.object(MODIFY_KEYS));
  const id = keys.get('id');
  if (id !== undefined && id.value !== job.id) throw new JobSpecError(node.file, 'id', 'the id cannot change (add the job under the new id and remove this one)');
  // A key given as undefined changes nothing (`{ timeout: options.timeout }`); null is a value.
  const given = Object.entries((changes ?? {}) as Record<string, unknown>).filter(([, value]) => value !== undefined);
  return { ...specInput(job), ...Object.fromEntries(given), id: job.id };
}

/** A stored job as the spec that would define it. */
export function specInput(job: JobRecord): JobInput {
  const { args, ...definition } = definitionOf(job);
  // Stored args passed the trigger's checks: values the YAML gave (numbers, strings, dates).
  return { ...definition, args: args as JobInput['args'] };
}

/** Runs `read`, turning a ConfigError into the JobSpecError with the same file, path and reason. */
export function asSpecError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError && !(error instanceof JobSpecError)) throw new JobSpecError(error.file, error.path, error.reason);
    throw error;
  }
}

function shownId(id: string): string {
  if (isJobId(id)) return id;
  return JSON.stringify(id.length > SHOWN_ID_LENGTH ? `${id.slice(0, SHOWN_ID_LENGTH)}…` : id);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonCopy(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
