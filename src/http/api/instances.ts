// GET /api/v1/instances: the registered instances with their heartbeat age, judged on the
// database's clock (the one every instance shares); and this instance's own clock skew against it
// (another instance's skew is known to that instance only: its log warns about it).
import { Hono } from 'hono';
import { measureSkew } from '../../scheduler/clock-skew.js';
import type { ApiEnv } from './index.js';

export function instanceRoutes(): Hono<ApiEnv> {
  const instances = new Hono<ApiEnv>();
  instances.get('/instances', async (c) => {
    const { store, clock, instanceId } = c.var.deps;
    const [list, serverTime, skewMs] = await Promise.all([store.listInstances(), store.serverTime(), measureSkew(store, clock)]);
    return c.json({
      server_time: serverTime,
      instances: list.map((i) => ({
        id: i.id,
        host: i.host,
        pid: i.pid,
        started_at: i.startedAt,
        heartbeat_at: i.heartbeatAt,
        heartbeat_age_seconds: (serverTime.getTime() - i.heartbeatAt.getTime()) / 1000,
        this_instance: i.id === instanceId,
        clock_skew_seconds: i.id === instanceId ? Math.round(skewMs) / 1000 : null,
      })),
    });
  });
  return instances;
}
