// Loads env.yaml and config/<APP_ENV>.yaml: parse, substitute ${VARS} into the values, validate → Config.
// Every problem becomes a ConfigError naming the file and key path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { checkAliases } from './aliases.js';
import { ConfigError } from './errors.js';
import { Interpolation } from './interpolate.js';
import { ConfigNode } from './reader.js';
import { readSettings } from './settings.js';
import { readTasks } from './tasks.js';
import type { Config } from './types.js';

export { ConfigError } from './errors.js';
export { redactUrl } from './url.js';
export type { Config, ConfigWarning, JobDefaults, Settings, TaskDef } from './types.js';

export interface LoadOptions {
  /** Directory holding env.yaml, config/ and tasks/ (default: the working directory). */
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** The instant "never fires from now on" is judged at (default: the clock). */
  now?: Date;
}

export function loadConfig({ root = process.cwd(), env = process.env, now = new Date() }: LoadOptions = {}): Config {
  const appEnv = env.APP_ENV || 'dev';
  if (!/^[A-Za-z0-9_-]+$/.test(appEnv)) throw new ConfigError('APP_ENV', '', `"${appEnv}" is not a valid environment name`);
  const envFile = 'env.yaml';
  const tasksFile = `config/${appEnv}.yaml`;
  const settings = readSettings(parseFile(root, envFile, env, true), root, appEnv, {
    jobstoreUrl: env.JOBSTORE_URL || undefined,
    logLevel: env.LOG_LEVEL || undefined,
  });
  const { tasks, warnings } = readTasks(parseFile(root, tasksFile, env, false), settings, now);
  return { settings, tasks, warnings, files: { env: envFile, tasks: tasksFile } };
}

// CORE_SCHEMA (via the interpolation's schema): no implicit timestamps, so `start_date: 2030-01-01
// 09:00` stays a string and is read in the trigger's timezone, not silently as UTC. Aliases are
// measured before anything (the substitution included) could expand them.
function parseFile(root: string, file: string, env: NodeJS.ProcessEnv, optional: boolean): ConfigNode {
  const text = readText(join(root, file), file, optional);
  try {
    const interpolation = new Interpolation(text, env, file);
    const doc: unknown = yaml.load(interpolation.text, { filename: file, schema: interpolation.schema });
    checkAliases(doc, file);
    return new ConfigNode(file, '', interpolation.apply(doc));
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const { line, column } = error.mark;
      throw new ConfigError(file, '', `YAML syntax error at line ${line + 1}, column ${column + 1}: ${error.reason}`);
    }
    throw error;
  }
}

function readText(path: string, file: string, optional: boolean): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && optional) return '';
    if (code === 'ENOENT') throw new ConfigError(file, '', 'file not found (APP_ENV selects config/<APP_ENV>.yaml)');
    throw new ConfigError(file, '', `cannot read: ${(error as Error).message}`);
  }
}
