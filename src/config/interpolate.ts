// `${NAME}` and `${NAME:-default}` substitution, done on the raw text before YAML parsing
// (like docker compose), so any value in the files can come from the environment.
import { ConfigError } from './errors.js';

const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolate(text: string, env: NodeJS.ProcessEnv, file: string): string {
  return text.replace(PATTERN, (_match, name: string, fallback: string | undefined, offset: number) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    const line = text.slice(0, offset).split('\n').length;
    throw new ConfigError(file, '', `line ${line}: environment variable ${name} is not set (write \${${name}:-} for an empty default)`);
  });
}
