// A small reader and replayer of our Dockerfile, so a test can run the image's build steps
// outside Docker: each stage gets a directory standing in for its WORKDIR, COPY copies from the
// repository (or from an earlier stage's directory), RUN runs the command there with the stage's
// ENV. Only the instructions our Dockerfile uses are supported; anything else is an error, so
// the replay never silently diverges from what Docker would do.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, posix, relative } from 'node:path';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const start = i + 1;
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.endsWith('\\')) line = `${line.slice(0, -1)} ${lines[++i] ?? ''}`;
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot read "${line}"`);
    const keyword = m[1]!.toUpperCase();
    const rest = m[2]!.trim();
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=');
      args[name!] = value;
      continue;
    }
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`Dockerfile line ${start}: bad FROM`);
      const image = from[1]!.replace(/\$\{(\w+)\}/g, (_x, name: string) => args[name] ?? '');
      stages.push({ name: from[2] ?? `stage${stages.length}`, image, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${start}: ${keyword} before FROM`);
    stage.instructions.push({ keyword, args: rest, line: start });
  }
  return { args, stages };
}

export interface StageResult {
  /** Directory standing in for the stage's WORKDIR. */
  dir: string;
  workdir: string;
  env: Record<string, string>;
  user: string | null;
  cmd: string[] | null;
  expose: string[];
}

/**
 * Replays every stage in `out/<stage name>`. `context` is the build context (the repository);
 * `runEnv` is added to the environment of RUN commands (e.g. npm cache settings).
 */
export function replay(dockerfile: Dockerfile, context: string, out: string, runEnv: NodeJS.ProcessEnv = {}): Map<string, StageResult> {
  const results = new Map<string, StageResult>();
  for (const stage of dockerfile.stages) {
    const result: StageResult = { dir: join(out, stage.name), workdir: '/', env: {}, user: null, cmd: null, expose: [] };
    mkdirSync(result.dir, { recursive: true });
    results.set(stage.name, result);
    for (const ins of stage.instructions) apply(ins, result, results, context, runEnv);
  }
  return results;
}

function apply(ins: Instruction, stage: StageResult, stages: Map<string, StageResult>, context: string, runEnv: NodeJS.ProcessEnv): void {
  const where = `Dockerfile line ${ins.line}`;
  switch (ins.keyword) {
    case 'WORKDIR':
      if (!isAbsolute(ins.args) || stage.workdir !== '/') throw new Error(`${where}: the replay supports one absolute WORKDIR per stage`);
      stage.workdir = ins.args;
      return;
    case 'ENV': {
      const m = /^(\w+)=(\S+)$/.exec(ins.args);
      if (!m) throw new Error(`${where}: use ENV NAME=value`);
      stage.env[m[1]!] = m[2]!;
      return;
    }
    case 'COPY':
      return copy(ins, stage, stages, context);
    case 'RUN':
      execFileSync('sh', ['-ec', ins.args], { cwd: stage.dir, env: { ...process.env, ...runEnv, ...stage.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      return;
    case 'USER':
      stage.user = ins.args;
      return;
    case 'EXPOSE':
      stage.expose.push(...ins.args.split(/\s+/));
      return;
    case 'CMD':
      stage.cmd = JSON.parse(ins.args) as string[];
      if (!Array.isArray(stage.cmd)) throw new Error(`${where}: CMD must be in exec form`);
      return;
    default:
      throw new Error(`${where}: ${ins.keyword} is not supported by the replay`);
  }
}

function copy(ins: Instruction, stage: StageResult, stages: Map<string, StageResult>, context: string): void {
  const words = ins.args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const fromFlag = flags.find((f) => f.startsWith('--from='));
  const unknown = flags.filter((f) => f !== fromFlag && !f.startsWith('--chown=') && f !== '--link');
  if (unknown.length > 0 || paths.length < 2) throw new Error(`Dockerfile line ${ins.line}: unsupported COPY ${ins.args}`);
  const dest = paths.pop()!;
  const target = inStage(stage, dest);
  for (const src of paths) {
    let from: string;
    if (fromFlag) {
      const source = stages.get(fromFlag.slice('--from='.length));
      if (!source) throw new Error(`Dockerfile line ${ins.line}: no stage ${fromFlag}`);
      from = inStage(source, src);
    } else {
      from = join(context, src);
    }
    const isDir = statSync(from).isDirectory();
    // Docker: a directory's contents go to dest; a file goes into dest/ when dest ends with '/'.
    const to = !isDir && dest.endsWith('/') ? join(target, basename(src)) : target;
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

/** A path of the stage's filesystem (absolute, or relative to its WORKDIR) in its directory. */
function inStage(stage: StageResult, path: string): string {
  const absolute = posix.resolve(stage.workdir, path);
  const rel = relative(stage.workdir, absolute);
  if (rel.startsWith('..')) throw new Error(`the replay only maps paths under WORKDIR ${stage.workdir}, not ${path}`);
  return join(stage.dir, rel);
}

export function readDockerfile(path: string): Dockerfile {
  return parseDockerfile(readFileSync(path, 'utf8'));
}
