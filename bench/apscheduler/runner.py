"""APScheduler 3.9 side of the benchmarks: one process = one BackgroundScheduler with the
SQLAlchemy job store on MariaDB (pymysql) and a thread pool of 20, as the issue asks.

Usage: /usr/bin/python3 runner.py '<json config>'   → one JSON line with the results on stdout.

Config keys:
  url            SQLAlchemy URL (mysql+pymysql://…)
  jobs           {count, interval, t0, group, step, end} — job i: IntervalTrigger(seconds=interval,
                 start_date=t0 + (i // group) * step, end_date=t0 + end if end), next run = its start
  insert         bulk-insert the jobs (same rows SQLAlchemyJobStore.add_job writes, 2,000 per statement)
  start          run the scheduler
  coalesce       job setting (misfire_grace_time is always None: no limit)
  expect_runs    stop once this many runs have executed
  duration       or: stop `duration` seconds after t0 (lateness windows)
  idle           or: stop after this many seconds without an execution (cluster)
  record         'lateness' → per-run start − scheduled (ms) for runs scheduled in [t0 + warmup, …);
                 'ids' → job id + scheduled time of every run (duplicate count across processes)
  warmup         seconds after t0 excluded from the lateness sample
  add_job        {count, interval}: instead of the above, start the scheduler paused and call
                 scheduler.add_job(benchtasks.noop, 'interval', seconds=interval, id=…) `count`
                 times, one job per call as an application would; reports add_job_s (and checks
                 the store holds `count` rows)

Measurement: `run_job` of the thread pool executor is wrapped, so the start time of a run is taken
in the worker thread right before the job function is called, with its scheduled run time(s)
(one call covers several run times when coalesce is false; each counts as one run). Completion
is counted with EVENT_JOB_EXECUTED / EVENT_JOB_ERROR / EVENT_JOB_MISSED events.
"""
import json
import os
import pickle
import resource
import sys
import threading
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import apscheduler  # noqa: E402
import apscheduler.executors.pool as pool  # noqa: E402
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED  # noqa: E402
from apscheduler.executors.pool import ThreadPoolExecutor  # noqa: E402
from apscheduler.job import Job  # noqa: E402
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore  # noqa: E402
from apscheduler.schedulers.background import BackgroundScheduler  # noqa: E402
from apscheduler.triggers.interval import IntervalTrigger  # noqa: E402
from apscheduler.util import datetime_to_utc_timestamp  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

import benchtasks  # noqa: E402

cfg = json.loads(sys.argv[1])
lock = threading.Lock()
done = threading.Event()
state = {'executed': 0, 'errors': 0, 'missed': 0, 'first': None, 'last': None}
records = []  # (job id, scheduled epoch s, start epoch s) per run
original_run_job = pool.run_job


def recording_run_job(job, jobstore_alias, run_times, logger_name):
    started = time.time()
    with lock:
        for rt in run_times:
            records.append((job.id, rt.timestamp(), started))
    return original_run_job(job, jobstore_alias, run_times, logger_name)


if cfg.get('record'):
    pool.run_job = recording_run_job


def on_event(event):
    now = time.time()
    with lock:
        if event.code == EVENT_JOB_EXECUTED:
            state['executed'] += 1
        elif event.code == EVENT_JOB_ERROR:
            state['errors'] += 1
        else:
            state['missed'] += 1
        if state['first'] is None:
            state['first'] = now
        state['last'] = now
        if cfg.get('expect_runs') and state['executed'] + state['errors'] + state['missed'] >= cfg['expect_runs']:
            done.set()


def make_scheduler():
    store = SQLAlchemyJobStore(url=cfg['url'])
    return BackgroundScheduler(
        jobstores={'default': store},
        executors={'default': ThreadPoolExecutor(cfg.get('threads', 20))},
        job_defaults={'misfire_grace_time': None, 'coalesce': cfg.get('coalesce', True), 'max_instances': 1},
        timezone=timezone.utc,
    ), store


def insert_jobs(scheduler, store):
    spec = cfg['jobs']
    utc = timezone.utc
    t0 = spec['t0']
    group, step = spec.get('group', spec['count']), spec.get('step', 0)
    end = datetime.fromtimestamp(t0 + spec['end'], utc) if spec.get('end') is not None else None
    store.start(scheduler, 'default')  # creates the table, as scheduler.start() would
    rows, triggers = [], {}
    coalesce = cfg.get('coalesce', True)
    with store.engine.begin() as conn:
        for i in range(spec['count']):
            offset = (i // group) * step
            trigger = triggers.get(offset)
            start = datetime.fromtimestamp(t0 + offset, utc)
            if trigger is None:
                trigger = triggers[offset] = IntervalTrigger(seconds=spec['interval'], start_date=start, end_date=end, timezone=utc)
            job = Job(scheduler, id='job%07d' % i, func=benchtasks.noop, trigger=trigger, executor='default', args=(),
                      kwargs={}, name='job%07d' % i, misfire_grace_time=None, coalesce=coalesce, max_instances=1,
                      next_run_time=start)
            rows.append({'id': job.id, 'next_run_time': datetime_to_utc_timestamp(start),
                         'job_state': pickle.dumps(job.__getstate__(), store.pickle_protocol)})
            if len(rows) == 2000:
                conn.execute(store.jobs_t.insert(), rows)
                rows = []
        if rows:
            conn.execute(store.jobs_t.insert(), rows)


def usage():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {'cpu_s': ru.ru_utime + ru.ru_stime, 'peak_rss_mb': ru.ru_maxrss / 1024}


def add_jobs(scheduler, store, out):
    spec = cfg['add_job']
    # Paused: the loop thread does not wake and read the store after each add (ours has no loop
    # either: the bench adds through a client), so the figure is the cost of add_job itself.
    scheduler.start(paused=True)
    t = time.time()
    for i in range(spec['count']):
        scheduler.add_job(benchtasks.noop, 'interval', seconds=spec['interval'], id='job%07d' % i,
                          misfire_grace_time=None, coalesce=True, max_instances=1)
    out['add_job_s'] = time.time() - t
    with store.engine.connect() as conn:
        out['stored'] = conn.execute(select(func.count()).select_from(store.jobs_t)).scalar()
    scheduler.shutdown(wait=False)
    print(json.dumps(out), flush=True)


def main():
    out = {'apscheduler': apscheduler.__version__, 'pid': os.getpid()}
    scheduler, store = make_scheduler()
    if cfg.get('add_job'):
        return add_jobs(scheduler, store, out)
    if cfg.get('insert'):
        t = time.time()
        insert_jobs(scheduler, store)
        out['insert_s'] = time.time() - t
    if not cfg.get('start'):
        print(json.dumps(out), flush=True)
        return
    scheduler.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    cpu0 = usage()['cpu_s']
    out['started_at'] = time.time()
    scheduler.start()
    # Tell the harness we are up (it samples our CPU and memory from /proc).
    print(json.dumps({'ready': True, 'pid': os.getpid()}), flush=True)
    t0 = cfg['jobs']['t0']
    if cfg.get('expect_runs'):
        done.wait(cfg.get('timeout', 600))
    elif cfg.get('duration'):
        # CPU over the measurement window only (from t0 + warmup), not the wait before it.
        time.sleep(max(0.0, t0 + cfg.get('warmup', 0) - time.time()))
        cpu0 = usage()['cpu_s']
        out['window_started_at'] = time.time()
        time.sleep(max(0.0, t0 + cfg['duration'] - time.time()))
    elif cfg.get('idle'):
        deadline = time.time() + cfg.get('timeout', 600)
        while time.time() < deadline:
            time.sleep(0.2)
            with lock:
                last = state['last']
            if last is not None and time.time() - last > cfg['idle']:
                break
    out['stopped_at'] = time.time()
    out['cpu_s'] = usage()['cpu_s'] - cpu0
    with lock:
        out.update(state)
        recs = list(records)
    scheduler.shutdown(wait=False)
    out['peak_rss_mb'] = usage()['peak_rss_mb']
    if cfg.get('record') == 'lateness':
        warm = t0 + cfg.get('warmup', 0)
        out['lateness_ms'] = [(s - sch) * 1000 for (_id, sch, s) in recs if sch >= warm]
    elif cfg.get('record') == 'ids':
        out['runs'] = ['%s@%.6f' % (jid, sch) for (jid, sch, _s) in recs]
    print(json.dumps(out), flush=True)
    os._exit(0)


main()
