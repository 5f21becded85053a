import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.ts';
import { UPSTREAM_BUCKETS } from './route-meter.ts';

const line = (body: string, start: string) => body.split('\n').find((l) => l.startsWith(start));

describe('metrics of one app', () => {
  it('keeps apart the counts of two apps in one process (no global registry)', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.route('boweb').status(200);
    a.signIn('success');
    const bodyA = (await a.render()).body;
    const bodyB = (await b.render()).body;
    expect(line(bodyA, 'dwaar_http_requests_total{resource="boweb",status="200"}')).toMatch(/ 1$/);
    expect(line(bodyB, 'dwaar_http_requests_total{')).toBeUndefined();
    expect(line(bodyA, 'dwaar_sign_ins_total{result="success"}')).toMatch(/ 1$/);
    expect(line(bodyB, 'dwaar_sign_ins_total{result="success"}')).toMatch(/ 0$/);
    a.close();
    b.close();
  });

  it('gives one meter per resource, kept across lookups (a policy reload keeps the counts)', () => {
    const m = createMetrics();
    expect(m.route('boweb')).toBe(m.route('boweb'));
    expect(m.route('boweb')).not.toBe(m.route('dms'));
    m.close();
  });

  it('puts each upstream time in the first bucket that holds it, in seconds', async () => {
    const m = createMetrics();
    const meter = m.route('r');
    meter.upstream(0.2); // 0.0002 s: the first bucket
    meter.upstream(1); // exactly 0.001 s: le="0.001" (upper bounds are inclusive)
    meter.upstream(20_000); // 20 s: only +Inf
    const body = (await m.render()).body;
    const bucket = (le: string) =>
      Number(line(body, `dwaar_upstream_duration_seconds_bucket{resource="r",le="${le}"}`)?.split(' ')[1]);
    expect(bucket(String(UPSTREAM_BUCKETS[0]))).toBe(1);
    expect(bucket('0.0005')).toBe(1);
    expect(bucket('0.001')).toBe(2);
    expect(bucket('10')).toBe(2);
    expect(bucket('+Inf')).toBe(3);
    expect(
      Number(line(body, 'dwaar_upstream_duration_seconds_sum{resource="r"}')?.split(' ')[1]),
    ).toBeCloseTo(20.0012, 6);
    m.close();
  });

  it('reads a probed gauge as NaN when its store cannot answer', async () => {
    const m = createMetrics();
    m.setProbes({
      activeSessions: () => Promise.reject(new Error('database down')),
      outbox: () => Promise.resolve({ depth: 3, oldestAgeS: 12.5 }),
    });
    const body = (await m.render()).body;
    expect(line(body, 'dwaar_active_sessions ')).toBe('dwaar_active_sessions Nan');
    expect(line(body, 'dwaar_outbox_depth ')).toBe('dwaar_outbox_depth 3');
    expect(line(body, 'dwaar_outbox_oldest_age_seconds ')).toBe('dwaar_outbox_oldest_age_seconds 12.5');
    m.close();
  });
});
