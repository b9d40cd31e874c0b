import { describe, expect, it } from 'vitest';
import { call, orgToken, testPlatform } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';

async function world() {
  const platform = testPlatform();
  return {
    platform,
    qtph: await orgToken(platform, 'qtph'),
    qtih: await orgToken(platform, 'qtih'),
    xixi: await orgToken(platform, 'xixi'),
    gongshu: await orgToken(platform, 'gongshu'),
  };
}

const post = (platform: MockPlatform, path: string, token: string, body?: unknown) => call(platform, 'POST', path, { token, ...(body === undefined ? {} : { body }) });
const get = (platform: MockPlatform, path: string, token: string) => call(platform, 'GET', path, { token });
const enrol = (platform: MockPlatform, token: string, practitionerId: string, courseId = 'trc_diabetes_management') =>
  post(platform, `/v1/training/courses/${courseId}/enrolments`, token, { practitionerId });
const attend = (platform: MockPlatform, token: string, enrolmentId: string, sessionId: string) =>
  post(platform, `/v1/training/enrolments/${enrolmentId}/attendance`, token, { sessionId });
const complete = (platform: MockPlatform, token: string, enrolmentId: string) => post(platform, `/v1/training/enrolments/${enrolmentId}/complete`, token);
const trainingEvents = async (platform: MockPlatform, token: string) =>
  ((await get(platform, '/v1/events?limit=100', token)).body.data as { type: string; data: { id: string; status: string } }[])
    .filter((event) => event.type.startsWith('training_enrolment.'))
    .map((event) => `${event.type} ${event.data.id} ${event.data.status}`);

describe('courses', () => {
  it('lists the alliance lead’s courses to every member, with sessions and places taken', async () => {
    const { platform, xixi } = await world();
    const list = await get(platform, '/v1/training/courses', xixi);
    expect(list.status).toBe(200);
    expect(list.body.data.map((c: { id: string; capacity: number; enrolled: number }) => [c.id, c.capacity, c.enrolled])).toEqual([
      ['trc_diabetes_management', 30, 2],
      ['trc_insulin_workshop', 2, 2],
    ]);
    const course = await get(platform, '/v1/training/courses/trc_diabetes_management', xixi);
    expect(course.body).toMatchObject({ organizationId: 'org_qtph', allianceId: 'all_qiantang' });
    expect(course.body.sessions.map((s: { id: string; required: boolean }) => [s.id, s.required])).toEqual([
      ['trs_diabetes_1', true],
      ['trs_diabetes_2', true],
      ['trs_diabetes_qa', false],
    ]);
  });
});

describe('enrolment, attendance and completion', () => {
  it('a member enrols its doctor; the course’s organization records attendance and completion with a certificate; both see the events', async () => {
    const { platform, qtph, xixi } = await world();
    const enrolled = await enrol(platform, xixi, 'prc_caoning');
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ status: 'enrolled', practitionerId: 'prc_caoning', organizationId: 'org_xixi', courseOrganizationId: 'org_qtph', attendance: [], certificateNumber: null });
    const id = enrolled.body.id as string;
    expect((await attend(platform, qtph, id, 'trs_diabetes_1')).body.attendance.map((a: { sessionId: string }) => a.sessionId)).toEqual(['trs_diabetes_1']);
    // Recording the same session again changes nothing.
    expect((await attend(platform, qtph, id, 'trs_diabetes_1')).body.attendance).toHaveLength(1);
    await attend(platform, qtph, id, 'trs_diabetes_2');
    const done = await complete(platform, qtph, id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', certificateNumber: 'QTMA-DM-2026-0001', completedAt: '2026-06-01T08:00:00+08:00' });
    expect((await get(platform, `/v1/training/enrolments/${id}`, xixi)).body.status).toBe('completed');
    const expected = [
      `training_enrolment.created ${id} enrolled`,
      `training_enrolment.attendance_recorded ${id} enrolled`,
      `training_enrolment.attendance_recorded ${id} enrolled`,
      `training_enrolment.completed ${id} completed`,
    ];
    expect(await trainingEvents(platform, xixi)).toEqual(expected);
    expect(await trainingEvents(platform, qtph)).toEqual(expected);
  });

  it('the course’s organization may enrol any member’s practitioner, a pharmacist of the member pharmacy too', async () => {
    const { platform, qtph } = await world();
    const result = await enrol(platform, qtph, 'prc_jiangtao');
    expect([result.status, result.body.organizationId]).toEqual([201, 'org_jiuzhou']);
  });

  it('refuses a practitioner outside the alliance with NOT_IN_ALLIANCE', async () => {
    const { platform, qtph } = await world();
    const result = await enrol(platform, qtph, 'prc_songqi');
    expect([result.status, result.body.code]).toEqual([422, 'NOT_IN_ALLIANCE']);
  });

  it('refuses a second enrolment with ALREADY_ENROLLED and a full course with COURSE_FULL', async () => {
    const { platform, qtph, xixi } = await world();
    const again = await enrol(platform, qtph, 'prc_fengyan');
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_ENROLLED']);
    const full = await enrol(platform, xixi, 'prc_caoning', 'trc_insulin_workshop');
    expect([full.status, full.body.code]).toEqual([409, 'COURSE_FULL']);
  });

  it('records attendance only for a session of the course that has started', async () => {
    const { platform, qtph } = await world();
    expect((await attend(platform, qtph, 'tre_fengyan_diabetes', 'trs_diabetes_qa')).status).toBe(400);
    expect((await attend(platform, qtph, 'tre_fengyan_diabetes', 'trs_insulin_1')).status).toBe(400);
  });

  it('BR-TRN-1: completing before every required session was attended is refused with TRAINING_REQUIREMENTS_NOT_MET', async () => {
    const { platform, qtph } = await world();
    const early = await complete(platform, qtph, 'tre_fengyan_diabetes');
    expect([early.status, early.body.code]).toEqual([422, 'TRAINING_REQUIREMENTS_NOT_MET']);
    expect(early.body.detail).toContain('trs_diabetes_2');
    // The optional Q&A is not needed.
    expect((await complete(platform, qtph, 'tre_dengyu_diabetes')).body.status).toBe('completed');
  });

  it('refuses to complete or record attendance on a completed enrolment with INVALID_STATE_TRANSITION', async () => {
    const { platform, qtph } = await world();
    await complete(platform, qtph, 'tre_dengyu_diabetes');
    for (const result of [await complete(platform, qtph, 'tre_dengyu_diabetes'), await attend(platform, qtph, 'tre_dengyu_diabetes', 'trs_diabetes_1')]) {
      expect([result.status, result.body.code, result.body.currentState]).toEqual([409, 'INVALID_STATE_TRANSITION', 'completed']);
    }
  });
});

describe('tenancy', () => {
  it('answers 404 to organizations that are no party of an enrolment, and to the practitioner’s organization for the course’s actions', async () => {
    const { platform, qtih, gongshu } = await world();
    const foreign = await get(platform, '/v1/training/enrolments/tre_fengyan_diabetes', qtih);
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
    const ownCompletion = await complete(platform, gongshu, 'tre_dengyu_diabetes');
    expect([ownCompletion.status, ownCompletion.body.code]).toEqual([404, 'NOT_FOUND']);
    const otherDoctor = await enrol(platform, qtih, 'prc_caoning');
    expect([otherDoctor.status, otherDoctor.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});
