// The OpenAPI 3.1 description of /api/v1, written by hand. test/http/api-openapi.test.ts checks
// that it lists exactly the routes the app serves, method by method.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: `#/components/responses/Problem${s}` }]));
const query = (name: string, description: string, schema: unknown = { type: 'string' }) => ({ name, in: 'query', description, schema });
const idParam = { name: 'id', in: 'path', required: true, description: 'The job id', schema: { type: 'string' } };
const runIdParam = { name: 'id', in: 'path', required: true, description: 'The run id', schema: { type: 'integer' } };
const page = [query('limit', 'Items per page (1–500, default 50)', { type: 'integer' }), query('cursor', 'next_cursor of the previous page')];
const jobBody = { required: true, content: { 'application/json': { schema: ref('JobInput') } } };
const jobAnswer = { 200: json(ref('Job'), 'The job; ETag: its version'), ...problems(401, 403, 404, 409, 422) };
const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'missed', 'skipped', 'abandoned', 'interrupted'];
const STATUS_TITLES: Record<number, string> = {
  400: 'Bad request: malformed JSON, query parameter or header (`path` names it)',
  401: 'No token, or not one of http.api.tokens',
  403: 'A read token writing, or a write from another site',
  404: 'No such job or run',
  409: 'Conflict: the id is taken, the job is config-owned, or the run cannot be retried',
  411: 'A write without Content-Length',
  412: 'If-Match does not match the job’s version',
  413: 'The body is larger than the limit',
  415: 'A write whose body is not JSON',
  421: 'A Host this server does not answer for',
  422: 'The job spec is invalid: `detail` says why in the YAML’s words, `path` names the key',
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'mysql-scheduler API',
    version: '1',
    description:
      'The job API over HTTP: one route per library call. Authorization: Bearer <token> (http.api.tokens in env.yaml); ' +
      'a `read` token may only read. Writes send JSON with Content-Type: application/json. Errors are application/problem+json (RFC 9457). Times are ISO 8601 UTC.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    '/jobs': {
      get: {
        summary: 'List jobs (getJobs): by next run time, paused and finished last',
        parameters: [
          query('state', 'scheduled, paused, finished or broken'),
          query('task', 'Only jobs of this task'),
          query('source', 'config or api'),
          query('q', 'Text in the id, the task or the params (case-insensitive)'),
          ...page,
        ],
        responses: { 200: json({ type: 'object', properties: { jobs: { type: 'array', items: ref('Job') }, next_cursor: { type: ['string', 'null'] } } }, 'A page of jobs'), ...problems(400, 401) },
      },
      post: {
        summary: 'Add a job (addJob)',
        parameters: [query('on_conflict', 'error (default), update, keep or replace')],
        requestBody: jobBody,
        responses: { 201: json(ref('AddJobResult'), 'Added; Location and ETag'), 200: json(ref('AddJobResult'), 'The id was taken: updated, replaced or kept'), ...problems(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    '/jobs/{id}': {
      parameters: [idParam],
      get: { summary: 'One job (getJob); ETag: its version; If-None-Match → 304', responses: { 200: json(ref('Job'), 'The job'), 304: { description: 'Not modified' }, ...problems(401, 404) } },
      put: { summary: 'Add or update a job (addJob with on_conflict update)', requestBody: jobBody, responses: { 201: json(ref('AddJobResult'), 'Added'), 200: json(ref('AddJobResult'), 'Updated or unchanged'), ...problems(400, 401, 403, 409, 413, 415, 422) } },
      patch: {
        summary: 'Change settings, params or the trigger (modifyJob); If-Match: the ETag, to refuse a lost update',
        parameters: [{ name: 'If-Match', in: 'header', schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: ref('JobChanges') } } },
        responses: { ...jobAnswer, ...problems(400, 412, 413, 415) },
      },
      delete: { summary: 'Remove a job (removeJob): running runs finish, the history stays', responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) } },
    },
    '/jobs/{id}/reschedule': {
      parameters: [idParam],
      post: {
        summary: 'A new trigger, first fire time from now; a pause is kept (rescheduleJob)',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['trigger'], properties: { trigger: { enum: ['interval', 'cron', 'date'] }, args: { type: 'object' } } } } } },
        responses: jobAnswer,
      },
    },
    '/jobs/{id}/pause': { parameters: [idParam], post: { summary: 'Pause (pauseJob)', responses: jobAnswer } },
    '/jobs/{id}/resume': {
      parameters: [idParam],
      post: { summary: 'Resume (resumeJob)', parameters: [query('from', 'now (default): the next fire time from now; last: catch up under the misfire and coalesce policy')], responses: { ...jobAnswer, ...problems(400) } },
    },
    '/jobs/{id}/run': {
      parameters: [idParam, { name: 'Idempotency-Key', in: 'header', description: `The same key within 24 hours returns the same run`, schema: { type: 'string' } }],
      post: { summary: 'Queue a run now (runJob); the schedule is untouched', responses: { 202: json({ type: 'object', properties: { run: ref('Run') } }, 'Queued; Location: the run'), ...problems(400, 401, 403, 404, 409, 422) } },
    },
    '/jobs/{id}/upcoming': {
      parameters: [idParam],
      get: { summary: 'The next fire times (upcoming)', parameters: [query('count', '1–1000, default 10', { type: 'integer' })], responses: { 200: json({ type: 'object', properties: { job_id: { type: 'string' }, times: { type: 'array', items: { type: 'string', format: 'date-time' } } } }, 'Fire times'), ...problems(400, 401, 404) } },
    },
    '/upcoming': {
      get: {
        summary: 'The fire times of all jobs in the next hours, merged on one axis',
        parameters: [query('hours', '1–744, default 24', { type: 'integer' }), query('limit', 'At most this many fire times (default 500, at most 5000)', { type: 'integer' })],
        responses: { 200: json({ type: 'object', properties: { from: { type: 'string' }, until: { type: 'string' }, complete: { type: 'boolean' }, fires: { type: 'array', items: { type: 'object', properties: { job_id: { type: 'string' }, task: { type: 'string' }, at: { type: 'string', format: 'date-time' } } } } } }, 'Fire times, earliest first'), ...problems(400, 401) },
      },
    },
    '/runs': {
      get: {
        summary: 'Run history, latest fire time first',
        parameters: [query('job', 'Runs of this job'), query('status', RUN_STATUSES.join(', ')), query('since', 'Fire times at or after (ISO 8601)'), query('until', 'Fire times before (ISO 8601)'), ...page],
        responses: { 200: json({ type: 'object', properties: { runs: { type: 'array', items: ref('Run') }, next_cursor: { type: ['string', 'null'] } } }, 'A page of runs'), ...problems(400, 401) },
      },
    },
    '/runs/{id}': {
      parameters: [runIdParam],
      get: { summary: 'One run and the attempts of its fire time', responses: { 200: json({ type: 'object', properties: { run: ref('Run'), attempts: { type: 'array', items: ref('Run') } } }, 'The run'), ...problems(401, 404) } },
    },
    '/runs/{id}/retry': {
      parameters: [runIdParam],
      post: { summary: 'A new attempt of a failed, missed, skipped, abandoned or interrupted run (retryRun)', responses: { 202: json({ type: 'object', properties: { run: ref('Run') } }, 'Queued'), ...problems(401, 403, 404, 409) } },
    },
    '/instances': {
      get: { summary: 'Registered instances, heartbeat age on the database’s clock', responses: { 200: json({ type: 'object', properties: { server_time: { type: 'string' }, instances: { type: 'array', items: ref('Instance') } } }, 'Instances'), ...problems(401) } },
    },
    '/audit': {
      get: { summary: 'Changes made through the job API, newest first', parameters: [query('job', 'Entries of this job'), ...page], responses: { 200: json({ type: 'object', properties: { entries: { type: 'array', items: ref('AuditEntry') }, next_cursor: { type: ['string', 'null'] } } }, 'A page of entries'), ...problems(400, 401) } },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    responses: Object.fromEntries(
      Object.entries(STATUS_TITLES).map(([status, description]) => [`Problem${status}`, { description, content: { 'application/problem+json': { schema: ref('Problem') } } }]),
    ),
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, path: { type: 'string', description: 'The key concerned, e.g. args.hour' } },
      },
      JobInput: {
        type: 'object',
        description: 'What a YAML task says (config/<env>.yaml tasks.<id>), validated by the same code, plus `paused`.',
        required: ['trigger'],
        properties: {
          id: { type: 'string' }, task: { type: 'string' }, trigger: { enum: ['interval', 'cron', 'date'] }, args: { type: 'object' }, params: { type: 'object' },
          timezone: { type: 'string' }, executor: { enum: ['default', 'process'] }, coalesce: { type: 'boolean' }, max_instances: { type: 'integer' },
          misfire_grace_time: { type: ['number', 'null'] }, max_attempts: { type: 'integer' }, retry_delay: { type: 'number' }, retry_backoff: { enum: ['fixed', 'exponential'] },
          retry_delay_max: { type: ['number', 'null'] }, retry_jitter: { type: 'number' }, timeout: { type: ['number', 'null'] }, paused: { type: 'boolean' },
        },
      },
      JobChanges: { description: 'Any JobInput field but id; a trigger change recomputes the next run time', type: 'object' },
      Job: {
        type: 'object',
        description: 'A stored job: the JobInput fields, and',
        properties: {
          id: { type: 'string' }, next_run_time: { type: ['string', 'null'], format: 'date-time' }, paused: { type: 'boolean' }, finished: { type: 'boolean' },
          broken: { type: ['string', 'null'] }, source: { enum: ['config', 'api'] }, origin: { type: 'string' }, version: { type: 'integer' },
        },
      },
      AddJobResult: { type: 'object', properties: { job: ref('Job'), change: { enum: ['added', 'updated', 'replaced', 'unchanged'] } } },
      Run: {
        type: 'object',
        properties: {
          id: { type: 'integer' }, job_id: { type: 'string' }, scheduled_at: { type: 'string' }, attempt: { type: 'integer' }, status: { enum: RUN_STATUSES },
          due_at: { type: 'string' }, started_at: { type: ['string', 'null'] }, finished_at: { type: ['string', 'null'] }, duration_ms: { type: ['integer', 'null'] },
          error: { type: ['string', 'null'] }, instance_id: { type: ['string', 'null'] },
        },
      },
      Instance: {
        type: 'object',
        properties: {
          id: { type: 'string' }, host: { type: 'string' }, pid: { type: 'integer' }, started_at: { type: 'string' }, heartbeat_at: { type: 'string' },
          heartbeat_age_seconds: { type: 'number' }, this_instance: { type: 'boolean' }, clock_skew_seconds: { type: ['number', 'null'], description: 'Known for the answering instance only' },
        },
      },
      AuditEntry: {
        type: 'object',
        properties: {
          id: { type: 'integer' }, at: { type: 'string' }, actor: { type: 'string', description: 'The token’s name' }, action: { type: 'string' }, job_id: { type: 'string' },
          run_id: { type: ['integer', 'null'] }, before: {}, after: {},
        },
      },
    },
  },
} as const;
