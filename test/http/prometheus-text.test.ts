// The test parser itself: it must reject what Prometheus rejects, or the /metrics test proves little.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchedulerMetrics } from '../../src/metrics/scheduler-metrics.js';
import { parsePrometheusText, valueOf } from './prometheus-text.js';

const GOOD = `# HELP jobs_total Jobs, with a \\\\ backslash
# TYPE jobs_total counter
jobs_total{job="a \\"quoted\\"",status="ok"} 3
jobs_total{job="b",status="ok"} 1.5e1 1700000000000
# TYPE lat histogram
lat_bucket{le="0.1"} 1
lat_bucket{le="+Inf"} 2
lat_sum 0.35
lat_count 2
`;

describe('Prometheus text parser (test helper)', () => {
  it('parses families, labels with escapes, exponents and timestamps', () => {
    const families = parsePrometheusText(GOOD);
    assert.equal(families.get('jobs_total')!.help, 'Jobs, with a \\ backslash');
    assert.deepEqual(families.get('jobs_total')!.samples[0]!.labels, { job: 'a "quoted"', status: 'ok' });
    assert.equal(valueOf(families, 'jobs_total', 'jobs_total'), 18);
    assert.equal(valueOf(families, 'lat', 'lat_count'), 2);
  });

  const bad: Record<string, string> = {
    'no trailing newline': GOOD.trimEnd(),
    'sample before TYPE': 'x 1\n# TYPE x counter\n',
    'unquoted label': '# TYPE x counter\nx{a=b} 1\n',
    'bad value': '# TYPE x gauge\nx 1,5\n',
    'duplicate series': '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n',
    'split family': '# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx{a="2"} 1\n',
    'negative counter': '# TYPE x counter\nx -1\n',
    'non-cumulative buckets': '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    'histogram without +Inf': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    'unknown type': '# TYPE x gauges\n',
    'bad escape': '# TYPE x gauge\nx{a="\\t"} 1\n',
  };
  for (const [name, text] of Object.entries(bad)) {
    it(`rejects ${name}`, () => assert.throws(() => parsePrometheusText(text)));
  }

  it('accepts what SchedulerMetrics renders', async () => {
    const metrics = new SchedulerMetrics();
    const run = { jobId: 'odd "job"\\name', runId: 1, attempt: 1, scheduledAt: new Date() };
    metrics.runStarted(run, 15);
    metrics.runEnded(run, 'succeeded', 1234);
    metrics.runEnded({ ...run, jobId: 'other' }, 'missed', null);
    metrics.cycle(new Date(), 2);
    metrics.storeError(new Error('boom'));
    const families = parsePrometheusText((await metrics.render()).body);
    assert.equal(valueOf(families, 'scheduler_runs_total', 'scheduler_runs_total', { job: 'odd "job"\\name', status: 'succeeded' }), 1);
    assert.equal(valueOf(families, 'scheduler_run_duration_seconds', 'scheduler_run_duration_seconds_sum'), 1.234);
    assert.equal(valueOf(families, 'scheduler_run_duration_seconds', 'scheduler_run_duration_seconds_count', { job: 'other' }), 0, 'missed runs have no duration');
    assert.equal(valueOf(families, 'scheduler_due_backlog', 'scheduler_due_backlog'), 2);
    assert.equal(valueOf(families, 'scheduler_store_errors_total', 'scheduler_store_errors_total', { kind: 'other' }), 1);
  });
});
