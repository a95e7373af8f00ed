// Error responses of the API: `application/problem+json` (RFC 9457). Each kind of refusal has a
// stable `type` a client can branch on, the status's `title`, and a one-line `detail`; a job spec
// error adds `path`, the key it is about, in the words the YAML errors use.
import { ConfigError } from '../config/errors.js';
import { JobSpecError } from '../jobs/errors.js';
import { StoreUnavailableError } from '../store/types.js';

export const PROBLEM_TYPES = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  411: 'length-required',
  412: 'version-mismatch',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  421: 'misdirected-request',
  422: 'invalid-job-spec',
  428: 'precondition-required',
  500: 'internal-error',
  503: 'unavailable',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_TYPES;

const TITLES: Record<ProblemStatus, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: ProblemStatus;
  detail: string;
  /** The key the problem is about: `args.hour`, `query.limit`. */
  path?: string;
}

/** The `type` URI of a status: a URN, since the service publishes no pages to point at. */
export function problemType(status: ProblemStatus): string {
  return `urn:mysql-scheduler:problem:${PROBLEM_TYPES[status]}`;
}

export function problem(status: ProblemStatus, detail: string, path?: string): Problem {
  return { type: problemType(status), title: TITLES[status], status, detail, ...(path === undefined ? {} : { path }) };
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(p)}\n`, {
    status: p.status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers },
  });
}

/** A refusal raised inside a handler or middleware, turned into its problem response by the app. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.detail);
  }
}

export function refuse(status: ProblemStatus, detail: string, path?: string): never {
  throw new ProblemError(problem(status, detail, path));
}

/**
 * The problem an error stands for, or null for an unexpected one (a bug: the caller logs it and
 * answers 500 without its text). The job API's errors carry their HTTP status.
 */
export function problemOf(error: unknown): Problem | null {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof JobSpecError) return problem(422, error.message, error.path || undefined);
  if (error instanceof StoreUnavailableError) return problem(503, error.message);
  // Other ConfigErrors from the job API (a task that cannot be loaded) are the caller's to fix.
  if (error instanceof ConfigError) return problem(422, error.message, error.path || undefined);
  const status = (error as { status?: unknown } | null)?.status;
  if (error instanceof Error && typeof status === 'number' && status in TITLES) return problem(status as ProblemStatus, error.message);
  return null;
}
