import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { ALL_QUEUES, QueueName } from '../../src/common/queue/queue-names';
import { startApp, TestApp } from '../support/app';
import { domainEventsQueue, publishMany, waitFor } from '../outbox/support/helpers';
import { isolated, Isolated } from '../outbox/support/isolated';

/** The value of one sample line, e.g. `http_requests_total{method="GET",route="/metrics",status="200"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let iso: Isolated;
  let t: TestApp;
  let other: TestApp;

  before(async () => {
    // Its own database and queues, so that the outbox and queue gauges count only this test's rows and jobs.
    iso = await isolated('ops_metrics');
    [t, other] = [await startApp(iso.overrides), await startApp(iso.overrides)];
  });
  after(async () => {
    await t?.close();
    await other?.close();
    await iso?.drop();
  });

  const scrape = async (app = t) => {
    const res = await app.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('counts requests per method, route pattern and status, with their duration', async () => {
    for (let i = 0; i < 3; i++) await t.http.get(`/v1/store/nothing-here/${i}`).expect(404);
    await t.http.get('/docs-json').expect(200);
    await t.http.get('/docs-json').expect(200);

    // The counters move in Fastify's onResponse hook, just after the client has its answer.
    const text = await waitFor(
      () => scrape(),
      (body) => sample(body, 'http_requests_total{method="GET",route="/docs-json",status="200"}') === 2,
      { what: 'request counters' },
    );
    // Unknown paths share one label instead of one series per URL.
    expect(sample(text, 'http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(3);
    expect(text).not.toContain('nothing-here');
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/docs-json",status="200"}')).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/docs-json",status="200"}')).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_sum{method="GET",route="/docs-json",status="200"}')).toBeGreaterThan(0);
    // Default process metrics.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('reports queue depth per queue and state, and the unpublished outbox events', async () => {
    const queue = domainEventsQueue(t.app);
    await queue.add(
      'test.metrics-probe',
      { id: 'x', type: 'test.metrics-probe', occurredAt: '', aggregateId: null, payload: {} },
      { delay: 3_600_000 },
    );
    await publishMany(t.app, 'test.metrics', 2);

    const text = await scrape();
    for (const name of ALL_QUEUES) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(text, `queue_jobs{queue="${name}",state="${state}"}`)).toEqual(expect.any(Number));
      }
    }
    expect(sample(text, `queue_jobs{queue="${QueueName.DomainEvents}",state="delayed"}`)).toBe(1);
    expect(sample(text, `queue_jobs{queue="${QueueName.DomainEvents}",state="waiting"}`)).toBe(0);
    // No relay runs in these API-only apps.
    expect(sample(text, 'outbox_unpublished_events')).toBe(2);
  });

  it('keeps one registry per app instance and stays out of the OpenAPI document', async () => {
    const text = await scrape(other);
    expect(sample(text, 'http_requests_total{method="GET",route="/docs-json",status="200"}')).toBeUndefined();
    expect(sample(text, 'outbox_unpublished_events')).toBe(2);

    const spec = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(spec.body.paths)).not.toContain('/metrics');
  });
});
