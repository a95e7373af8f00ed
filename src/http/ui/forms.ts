// Dashboard forms → the job API's inputs, and the API's refusals → messages by form field.
// Values are converted as YAML would read them (a number-looking text is a number, true/false a
// boolean) and otherwise passed on as they are, so the job API's validation, the same code as
// the YAML's, answers with the YAML's words ("expected a number, got "abc"").
import { ConfigError } from '../../config/errors.js';
import type { JobChanges, JobInput, TriggerArgValue } from '../../jobs/types.js';
import type { TriggerType } from '../../triggers/types.js';
import type { FormState } from './model.js';
import { SETTING_FIELDS } from './pages/job.js';
import { TRIGGER_FIELDS, TRIGGER_TYPES } from './trigger-editor.js';

export type FormValues = Readonly<Record<string, string>>;

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** A form text as YAML would read it: a number, a boolean, or the text. */
function scalar(text: string): string | number | boolean {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
}

/** A field the form left for the API to reject: the text itself when it is no known trigger type. */
export function triggerType(values: FormValues): TriggerType {
  return (values.trigger ?? '') as TriggerType;
}

/** The selected type's `<type>.<arg>` fields that are filled in, as trigger args. */
export function triggerArgs(values: FormValues): Record<string, TriggerArgValue> {
  const type = triggerType(values);
  const args: Record<string, TriggerArgValue> = {};
  if (!TRIGGER_TYPES.includes(type)) return args;
  for (const { name } of TRIGGER_FIELDS[type]) {
    const text = values[`${type}.${name}`]?.trim();
    if (!text) continue;
    const value = scalar(text);
    args[name] = typeof value === 'number' ? value : text;
  }
  return args;
}

/** A refusal the form makes before the API is asked: params that are not JSON. */
export class FormFieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Params as JSON text → the value (the API says when it is no object); absent when empty. */
function params(values: FormValues): Record<string, unknown> | undefined {
  const text = values.params?.trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new FormFieldError('params', `not valid JSON: ${(error as Error).message}`);
  }
}

/** Settings fields: empty means "absent" (a default) for a new job and "no limit" (null) for an edit. */
function settings(values: FormValues, empty: 'absent' | 'null'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    const text = values[field]?.trim();
    if (text === undefined) continue;
    if (text === '') {
      if (empty === 'null') out[field] = null;
      continue;
    }
    out[field] = scalar(text);
  }
  return out;
}

export function newJobInput(values: FormValues): JobInput {
  const input: Record<string, unknown> = { trigger: triggerType(values), args: triggerArgs(values), ...settings(values, 'absent') };
  if (values.id?.trim()) input.id = values.id.trim();
  if (values.task?.trim()) input.task = values.task.trim();
  if (values.timezone?.trim()) input.timezone = values.timezone.trim();
  const p = params(values);
  if (p !== undefined) input.params = p;
  if (values.paused === 'true') input.paused = true;
  // Unvalidated on purpose: the job API checks every key and type with the YAML's rules.
  return input as unknown as JobInput;
}

/** The edit form: settings, task and params. A cleared nullable setting is null ("no limit"). */
export function editChanges(values: FormValues): JobChanges {
  const changes: Record<string, unknown> = settings(values, 'null');
  // A cleared non-nullable setting is a mistake the API names (e.g. max_attempts: expected a number).
  if (values.task?.trim()) changes.task = values.task.trim();
  const p = params(values);
  changes.params = p ?? {};
  return changes as JobChanges;
}

export function formVersion(values: FormValues): number | undefined {
  const v = Number(values.version);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/**
 * Where an API refusal belongs on the form: a JobSpecError's key path names the field (`args.hour`
 * is the selected trigger's `hour` input); anything else, or a field the form lacks, goes on top.
 */
export function formErrorsOf(error: unknown, values: FormValues, fields: ReadonlySet<string>): Record<string, string> {
  if (error instanceof FormFieldError) return { [error.field]: error.message };
  if (error instanceof ConfigError && error.path) {
    const field = fieldOf(error.path, values);
    if (fields.has(field)) return { [field]: error.reason };
  }
  return { '': (error as Error).message };
}

function fieldOf(path: string, values: FormValues): string {
  const [head, ...rest] = path.split('.');
  if (head === 'args') return rest.length ? `${triggerType(values)}.${rest.join('.')}` : 'trigger';
  // params.x: the params textarea as a whole.
  return head!;
}

/** Every field name a trigger editor holds. */
export const TRIGGER_FORM_FIELDS: ReadonlySet<string> = new Set(['trigger', 'timezone', ...TRIGGER_TYPES.flatMap((t) => TRIGGER_FIELDS[t].map((f) => `${t}.${f.name}`))]);

export function formState(name: string, values: FormValues, errors: Record<string, string> = {}, preview?: FormState['preview']): FormState {
  return { name, values, errors, ...(preview ? { preview } : {}) };
}
