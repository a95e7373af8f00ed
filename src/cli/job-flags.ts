// A job's settings as command-line flags: every key of a YAML task (config/<env>.yaml) but
// `enabled`, kebab-cased (`max_attempts` → `--max-attempts`). The flags only carry values to the
// job API: JobsService validates them with the YAML's own code, so a bad value gets the YAML's
// words (`job report: max_attempts: must be at least 1, got 0`).
import yaml from 'js-yaml';
import { UsageError } from './args.js';

// Read as text whatever it looks like: `--task 2024` names a module, `--timezone UTC` a zone.
const TEXT_KEYS = ['task', 'trigger', 'timezone', 'executor', 'retry_backoff'] as const;
// Read as YAML reads a plain value: `--max-attempts 3` is the number 3, `--coalesce false` the
// boolean, `--timeout null` no timeout; anything else stays text and the validation names it.
const SCALAR_KEYS = [
  'coalesce', 'max_instances', 'misfire_grace_time', 'max_attempts', 'retry_delay', 'retry_delay_max', 'retry_jitter', 'timeout',
] as const;
// Mappings: JSON, which a shell quotes in one word.
const JSON_KEYS = ['args', 'params'] as const;
const EXAMPLES: Record<(typeof JSON_KEYS)[number], string> = { args: `'{"hour": 9}'`, params: `'{"user": 42}'` };

type SettingKey = (typeof TEXT_KEYS)[number] | (typeof SCALAR_KEYS)[number] | (typeof JSON_KEYS)[number];

const flagOf = (key: SettingKey): string => key.replace(/_/g, '-');

/** parseArgs options for every setting flag. */
export const SETTING_FLAGS = Object.fromEntries(
  [...TEXT_KEYS, ...SCALAR_KEYS, ...JSON_KEYS].map((key) => [flagOf(key), { type: 'string' as const }]),
);

/** Where the usage lines send a reader for the setting flags. */
export const SETTINGS_HELP = 'SETTINGS: see scheduler help';

/** The setting flags given, as the YAML keys and values of a task (absent flags are left out). */
export function readSettingFlags(command: string, values: Readonly<Record<string, string | boolean | undefined>>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const given = (key: SettingKey): string | undefined => {
    const value = values[flagOf(key)];
    return typeof value === 'string' ? value : undefined;
  };
  for (const key of TEXT_KEYS) {
    const text = given(key);
    if (text !== undefined) settings[key] = text;
  }
  for (const key of SCALAR_KEYS) {
    const text = given(key);
    if (text !== undefined) settings[key] = yamlScalar(text);
  }
  for (const key of JSON_KEYS) {
    const text = given(key);
    if (text !== undefined) settings[key] = jsonFlag(command, key, text);
  }
  return settings;
}

/** What YAML (the config's core schema) reads `key: <text>` as; a mapping or a list stays text. */
function yamlScalar(text: string): unknown {
  try {
    const value: unknown = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    if (value === undefined) return null;
    return typeof value === 'object' && value !== null ? text : value;
  } catch {
    return text;
  }
}

/**
 * The flag's JSON. Not JSON: one line naming the flag, without echoing the text (params may hold
 * a credential). JSON that is not a mapping goes on, for the validation to say so at the key.
 */
function jsonFlag(command: string, key: (typeof JSON_KEYS)[number], text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // V8 quotes the text after `, "`: keep only what went wrong, and where.
    const reason = text.trim() === '' ? 'it is empty' : (error as Error).message.split(', "')[0]!.replace(' in JSON', '');
    throw new UsageError(`${command}: --${flagOf(key)} is not valid JSON (${reason}): write an object such as ${EXAMPLES[key]}`);
  }
}
