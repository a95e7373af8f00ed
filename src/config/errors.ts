// ConfigError: bad configuration, reported as one line naming the file and key path.

/**
 * Bad configuration: one line naming the file (or `job <id>`, `options.config`) and the key path,
 * `config/dev.yaml: tasks.report.args.hour: 25 is out of range for hour (0-23)`.
 */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  constructor(
    readonly file: string,
    /** Dotted key path, e.g. `tasks.report.args.hour`; '' for the file as a whole. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${file}: ${path}: ${reason}` : `${file}: ${reason}`);
  }
}
