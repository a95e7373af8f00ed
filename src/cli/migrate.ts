// `scheduler migrate`: apply pending schema migrations and exit.
import { parse } from './args.js';
import { withStore, type CliContext } from './context.js';

export async function migrateCommand(argv: string[], ctx: CliContext): Promise<number> {
  parse('migrate', argv, {}, { min: 0, max: 0, usage: 'migrate' });
  await withStore(ctx, 'migrate', (store) => store.migrate());
  ctx.out('schema is up to date');
  return 0;
}
