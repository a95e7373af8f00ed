// createScheduler's `config` option: env.yaml's and config/<env>.yaml's keys in one object, read by
// the same code as the files, so a mistake reads as it would in a file, with `options.config` for
// the file name: `options.config: scheduler.timezone: unknown time zone "Mars/Base" …`,
// `options.config: tasks.report.args.hour: …`. No environment variable is consulted: the object is
// the whole configuration (the caller reads process.env itself if it wants to).
import { ConfigNode } from './reader.js';
import { readSettings, SETTINGS_SECTIONS } from './settings.js';
import { readTasks } from './tasks.js';
import type { Config } from './types.js';

/** The "file" that errors about the `config` option name. */
export const OPTIONS_FILE = 'options.config';

export interface ConfigObjectOptions {
  /** Directory that relative paths (logging.file, a sqlite: file, tasks/) are read against. */
  root: string;
  /** The instant "never fires from now on" is judged at. */
  now: Date;
}

export function configFromObject(value: unknown, { root, now }: ConfigObjectOptions): Config {
  const doc = new ConfigNode(OPTIONS_FILE, '', value);
  const sections = doc.object([...SETTINGS_SECTIONS, 'tasks']);
  const settingsPart = Object.fromEntries([...sections].filter(([key]) => key !== 'tasks').map(([key, node]) => [key, node.value]));
  const settings = readSettings(new ConfigNode(OPTIONS_FILE, '', settingsPart), root, '', {});
  const { tasks, warnings } = readTasks(new ConfigNode(OPTIONS_FILE, '', { tasks: sections.get('tasks')?.value }), settings, now);
  return { settings, tasks, warnings, files: { env: OPTIONS_FILE, tasks: OPTIONS_FILE } };
}
