import { afterEach, describe, expect, it } from 'vitest';
import { HisError, type HisChange } from '@careloop/hospital/connector';
import { startFakeHis, type FakeHis } from '../src/fake-his.js';
import { createHttpHisAdapter } from '../src/http-his-adapter.js';

const patient = { id: 'pat_lina', name: '李娜' };
const context = () => ({ signal: new AbortController().signal });
const lockRequest = (appointmentId: string) => ({
  appointmentId,
  scheduleId: 'sch_1',
  hisScheduleRef: 'S20260603-AM-ZW',
  slotId: 'slt_1',
  startTime: '2026-06-03T00:00:00Z',
  patient,
});

let his: FakeHis | undefined;
afterEach(async () => {
  await his?.close();
  his = undefined;
});

async function openHis(capacity = 2): Promise<FakeHis> {
  his = await startFakeHis();
  his.openSession({
    id: 'S20260603-AM-ZW',
    departmentId: 'dep_qtph_endo',
    practitionerId: 'prc_zhangwei',
    date: '2026-06-03',
    period: 'am',
    registrationLevel: 'expert',
    feeFen: 5000,
    bands: [{ startTime: '2026-06-03T08:00:00+08:00', endTime: '2026-06-03T09:00:00+08:00', capacity, released: 1 }],
  });
  return his;
}

describe('the fake HIS through the HTTP adapter', () => {
  it('registers with its own numbers, finds by appointment, confirms, cancels idempotently, and refuses beyond its quota', async () => {
    const fake = await openHis(2);
    const adapter = createHttpHisAdapter({ baseUrl: fake.url });

    expect(await adapter.lockNumber(lockRequest('apt_1'), context())).toEqual({ appointmentId: 'apt_1', hisRegistrationNumber: 'GH20260603-0001', status: 'locked' });
    expect(await adapter.findRegistration('apt_1', context())).toEqual({ appointmentId: 'apt_1', hisRegistrationNumber: 'GH20260603-0001', status: 'locked' });
    expect(await adapter.findRegistration('apt_2', context())).toBeNull();
    expect(await adapter.confirmRegistration({ appointmentId: 'apt_1', hisRegistrationNumber: 'GH20260603-0001', queueNumber: 3 }, context())).toMatchObject({ status: 'confirmed' });
    await adapter.lockNumber(lockRequest('apt_2'), context());
    // The band holds two: the third is refused with the platform's code.
    const refused = await adapter.lockNumber(lockRequest('apt_3'), context()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HisError);
    expect(refused).toMatchObject({ code: 'SLOT_UNAVAILABLE' });

    await adapter.cancelRegistration({ appointmentId: 'apt_2', hisRegistrationNumber: null, reason: 'lock-abandoned' }, context());
    await adapter.cancelRegistration({ appointmentId: 'apt_2', hisRegistrationNumber: null, reason: 'lock-abandoned' }, context());
    expect(fake.activeRegistrations('apt_2')).toBe(0);
    expect(fake.activeRegistrations('apt_1')).toBe(1);
    // The HIS itself does not refuse a second lock for the same appointment: that is the connector's duty.
    await adapter.lockNumber(lockRequest('apt_1'), context());
    expect(fake.activeRegistrations('apt_1')).toBe(2);
  });

  it('files a report once per document and returns the patient’s documents', async () => {
    const fake = await openHis();
    const adapter = createHttpHisAdapter({ baseUrl: fake.url });
    const report = { documentId: 'doc_1', patientId: 'pat_lina', documentType: 'diagnostic-report' as const, title: 'Chest CT' };
    const first = await adapter.pushReport(report, context());
    expect(await adapter.pushReport(report, context())).toEqual(first);
    expect(await adapter.fetchRecords(patient, context())).toEqual([
      { hisDocumentId: 'EMR-pat_lina-0001', type: 'outpatient-record', title: 'Outpatient record, endocrinology', effectiveDate: '2026-05-20' },
    ]);
  });

  it('publishes its sessions and suspensions (停诊) through its change feed, and cancels its registrations on suspension', async () => {
    const fake = await openHis();
    const adapter = createHttpHisAdapter({ baseUrl: fake.url, changePollMs: 10 });
    await adapter.lockNumber(lockRequest('apt_1'), context());
    const changes: HisChange[] = [];
    const unsubscribe = adapter.subscribe?.((change) => changes.push(change));
    fake.suspendSession('S20260603-AM-ZW', 'Doctor called to emergency surgery');
    await expect.poll(() => changes.length).toBe(2);
    unsubscribe?.();

    expect(changes[0]).toMatchObject({
      kind: 'schedule.published',
      changeId: 'HISCHG-000001',
      schedule: { hisScheduleRef: 'S20260603-AM-ZW', fee: { amountFen: 5000, currency: 'CNY' }, slots: [{ capacity: 2, releasedCount: 1 }] },
    });
    expect(changes[1]).toEqual({ kind: 'schedule.suspended', changeId: 'HISCHG-000002', hisScheduleRef: 'S20260603-AM-ZW', reason: 'Doctor called to emergency surgery' });
    expect(fake.activeRegistrations('apt_1')).toBe(0);
    const suspendedLock = await adapter.lockNumber(lockRequest('apt_2'), context()).catch((error: unknown) => error);
    expect(suspendedLock).toMatchObject({ code: 'SCHEDULE_SUSPENDED' });
  });

  it('injects delays and hangs, and restarts on the same port with its store intact', async () => {
    const fake = await openHis();
    const adapter = createHttpHisAdapter({ baseUrl: fake.url });
    await adapter.lockNumber(lockRequest('apt_1'), context());

    fake.faults.delayMs = 80;
    const started = performance.now();
    expect(await adapter.ping(context())).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);

    fake.faults.delayMs = 0;
    fake.faults.hang = true;
    fake.faults.match = (method, path) => path === '/registrations' && method === 'POST';
    const controller = new AbortController();
    const hung = adapter.lockNumber(lockRequest('apt_2'), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('too slow')), 50);
    await expect(hung).rejects.toThrow('too slow');
    expect(await adapter.ping(context())).toBe(true);

    const url = fake.url;
    await fake.restart();
    fake.faults.hang = false;
    expect(fake.url).toBe(url);
    expect(await adapter.findRegistration('apt_1', context())).toMatchObject({ hisRegistrationNumber: 'GH20260603-0001' });
    expect(fake.requestCounts.get('POST /registrations')).toBe(2);
  });
});
