// env.yaml → Settings. Absent keys take APScheduler's defaults (SPEC §3).
import { isKnownZone } from '../triggers/zone.js';
import { ConfigError } from './errors.js';
import { ConfigNode } from './reader.js';
import type { JobDefaults, Settings } from './types.js';
import { readApiSettings } from './http-api.js';
import { checkLogFile } from './log-file.js';
import { MAX_BATCH_SIZE, MAX_INT, MAX_PORT, MAX_RETENTION_DAYS, MAX_RUN_SECONDS, MAX_SERVICE_SECONDS, MAX_THREADS } from './limits.js';
import { checkJobstoreUrl, DEFAULT_JOBSTORE_URL } from './url.js';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The top-level keys of env.yaml (createScheduler's `config` option takes these and `tasks`; its
 * TypeScript shape, library/config-shape.ts, follows the keys read here).
 */
export const SETTINGS_SECTIONS = ['scheduler', 'logging', 'http', 'runs'] as const;

export const APSCHEDULER_DEFAULTS: JobDefaults = { coalesce: true, maxInstances: 1, misfireGraceTime: 1 };

type Overrides = { jobstoreUrl?: string | undefined; logLevel?: string | undefined };

export function readSettings(doc: ConfigNode, root: string, appEnv: string, overrides: Overrides): Settings {
  const top = doc.object(SETTINGS_SECTIONS);
  const scheduler = node(doc, top, 'scheduler').object([
    'timezone', 'jobstore', 'executors', 'job_defaults', 'shutdown_timeout', 'poll_interval', 'batch_size',
    'heartbeat_interval', 'lease_timeout', 'clock_skew_warning',
  ]);
  const s = (key: string) => node(doc.child('scheduler', null), scheduler, key);
  const jobstore = s('jobstore').object(['url']);
  const executors = s('executors').object(['default_threads', 'process_pool']);
  const defaults = s('job_defaults').object(['coalesce', 'max_instances', 'misfire_grace_time']);
  const logging = node(doc, top, 'logging').object(['level', 'file']);
  const httpNode = node(doc, top, 'http');
  const http = httpNode.object(['port', 'host', 'api']);
  const runs = node(doc, top, 'runs').object(['retention_days']);

  const urlNode = jobstore.get('url');
  const rawUrl = overrides.jobstoreUrl ?? (urlNode && !urlNode.isAbsent ? urlNode.string() : '');
  const urlKey = urlSource(overrides, urlNode, doc);
  const level = overrides.logLevel ?? opt(logging.get('level'), (n) => n.string(), 'info');
  if (!(LEVELS as readonly string[]).includes(level)) {
    const reason = `"${level}" is not one of: ${LEVELS.join(', ')}`;
    if (overrides.logLevel) throw new ConfigError('environment', 'LOG_LEVEL', reason);
    logging.get('level')?.fail(reason);
  }
  return {
    root,
    appEnv,
    timezone: opt(scheduler.get('timezone'), zoneName, 'UTC'),
    // An empty URL (env.yaml's ${JOBSTORE_URL:-} habit) is the default too.
    jobstoreUrl: rawUrl ? checkJobstoreUrl(rawUrl, urlKey) : DEFAULT_JOBSTORE_URL,
    jobstoreUrlKey: { file: urlKey.file, path: urlKey.path },
    executors: {
      defaultThreads: opt(executors.get('default_threads'), (n) => n.number({ min: 1, max: MAX_THREADS, integer: true }), 10),
      processPool: opt(executors.get('process_pool'), (n) => n.number({ min: 1, max: MAX_THREADS, integer: true }), 5),
    },
    jobDefaults: readJobDefaults(defaults, APSCHEDULER_DEFAULTS),
    // Shutdown waits for runs: bounded like a run's timeout, not like the service's own periods.
    shutdownTimeout: opt(scheduler.get('shutdown_timeout'), (n) => n.number({ min: 0, max: MAX_RUN_SECONDS }), 30),
    pollInterval: seconds(scheduler.get('poll_interval'), 2, 0.05),
    batchSize: opt(scheduler.get('batch_size'), (n) => n.number({ min: 1, max: MAX_BATCH_SIZE, integer: true }), 500),
    ...leaseSettings(scheduler),
    clockSkewWarning: seconds(scheduler.get('clock_skew_warning'), 2),
    logging: { level, file: opt(logging.get('file'), (n) => checkLogFile(n, root), null) },
    http: readHttp(httpNode, http),
    runs: { retentionDays: opt(runs.get('retention_days'), (n) => n.number({ min: 1, max: MAX_RETENTION_DAYS }), 30) },
  };
}

/** Reads coalesce / max_instances / misfire_grace_time, falling back to `base` for absent keys. */
export function readJobDefaults(keys: Map<string, ConfigNode>, base: JobDefaults): JobDefaults {
  const grace = keys.get('misfire_grace_time');
  return {
    coalesce: opt(keys.get('coalesce'), (n) => n.boolean(), base.coalesce),
    maxInstances: opt(keys.get('max_instances'), (n) => n.number({ min: 1, max: MAX_INT, integer: true }), base.maxInstances),
    // Present-but-null means "no limit", unlike an absent key.
    misfireGraceTime: grace === undefined ? base.misfireGraceTime : grace.value === null ? null : grace.number({ min: 0, max: MAX_RUN_SECONDS }),
  };
}

export function opt<T, D>(n: ConfigNode | undefined, read: (n: ConfigNode) => T, fallback: D): T | D {
  return n === undefined || n.isAbsent ? fallback : read(n);
}

function readHttp(httpNode: ConfigNode, http: Map<string, ConfigNode>): Settings['http'] {
  const port = opt(http.get('port'), (n) => n.number({ min: 0, max: MAX_PORT, integer: true }), null);
  const host = opt(http.get('host'), hostName, '127.0.0.1');
  return { port, host, api: readApiSettings(node(httpNode, http, 'api'), host, port) };
}

function zoneName(n: ConfigNode): string {
  const zone = n.string();
  if (!isKnownZone(zone)) n.fail(`unknown time zone "${zone}" (expected an IANA name such as "Europe/Paris")`);
  return zone;
}

// Whether the name resolves to an address of this machine is known only when listening (see http/).
function hostName(n: ConfigNode): string {
  const host = n.string().trim();
  if (host === '') n.fail('expected a host name or IP address, such as 127.0.0.1 or 0.0.0.0');
  return host;
}

/** One of the service's own periods, in seconds (see MAX_SERVICE_SECONDS). */
function seconds(n: ConfigNode | undefined, fallback: number, min = 0): number {
  return opt(n, (x) => x.number({ min, max: MAX_SERVICE_SECONDS }), fallback);
}

// A lease is renewed every heartbeat: one at least as long as the lease would let runs expire.
function leaseSettings(scheduler: Map<string, ConfigNode>): Pick<Settings, 'heartbeatInterval' | 'leaseTimeout'> {
  const heartbeatNode = scheduler.get('heartbeat_interval');
  const leaseNode = scheduler.get('lease_timeout');
  const heartbeatInterval = seconds(heartbeatNode, 5, 0.1);
  const leaseTimeout = seconds(leaseNode, 30, 1);
  if (heartbeatInterval >= leaseTimeout) {
    if (heartbeatNode && !heartbeatNode.isAbsent) heartbeatNode.fail(`must be shorter than scheduler.lease_timeout (${leaseTimeout}s)`);
    leaseNode?.fail(`must be longer than scheduler.heartbeat_interval (${heartbeatInterval}s)`);
  }
  return { heartbeatInterval, leaseTimeout };
}

function node(parent: ConfigNode, entries: Map<string, ConfigNode>, key: string): ConfigNode {
  return entries.get(key) ?? parent.child(key, undefined);
}

// Errors in an overriding JOBSTORE_URL must name the variable, not env.yaml.
function urlSource(overrides: Overrides, fileNode: ConfigNode | undefined, doc: ConfigNode): ConfigNode {
  if (overrides.jobstoreUrl) return new ConfigNode('environment', 'JOBSTORE_URL', overrides.jobstoreUrl);
  return fileNode ?? doc.child('scheduler.jobstore.url', undefined);
}
