// ConfigError: bad configuration, reported as one line naming the file and key path.

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
