/**
 * Alliance recipes: group procurement led by Qiantang People's Hospital with Huadong as the
 * manufacturer, Jiuzhou pharmacy's membership and chronic-care programme, diabetes decision
 * support, and the alliance's training courses.
 */
import { ApiError } from '@careloop/core';
import type { RecipeContext } from './context.js';
import { PHARMACY } from './care.js';

const LEAD = 'qtph';
const MANUFACTURER = 'huadong';
const DOCTOR = 'prc_zhangwei';
const DAY_SECONDS = 86_400;

/** procurement_campaign.opened: a week-long amlodipine campaign. */
async function openCampaign(ctx: RecipeContext) {
  const closesAt = new Date((await ctx.now()).getTime() + 7 * DAY_SECONDS * 1000).toISOString();
  return ctx
    .hospital(LEAD)
    .procurementCampaigns.create({
      allianceId: 'all_qiantang',
      manufacturerId: 'org_huadong',
      drugId: 'drg_amlodipine_5',
      tiers: [
        { minQuantity: 1, unitPrice: { amountFen: 100, currency: 'CNY' } },
        { minQuantity: 2000, unitPrice: { amountFen: 90, currency: 'CNY' } },
      ],
      closesAt,
    })
    .unwrap();
}

async function commit(ctx: RecipeContext) {
  const campaign = await openCampaign(ctx);
  await ctx.pharmacy(PHARMACY).procurementCampaigns.commit(campaign.id, { quantity: 600 }).unwrap();
  return campaign;
}

async function closeCampaign(ctx: RecipeContext) {
  const campaign = await commit(ctx);
  await ctx.hospital(LEAD).procurementCampaigns.close(campaign.id).unwrap();
  return campaign;
}

/** procurement_campaign.ordered and purchase_order.created: Jiuzhou's draft purchase order. */
async function draftPurchaseOrder(ctx: RecipeContext): Promise<string> {
  const campaign = await closeCampaign(ctx);
  await ctx.hospital(LEAD).procurementCampaigns.order(campaign.id).unwrap();
  const [order] = (await ctx.pharmacy(PHARMACY).purchaseOrders.list({ campaignId: campaign.id }).unwrap()).data;
  if (!order) throw new Error(`Campaign ${campaign.id} drafted no purchase order for ${PHARMACY}`);
  return order.id;
}

async function submitPurchaseOrder(ctx: RecipeContext) {
  const id = await draftPurchaseOrder(ctx);
  await ctx.pharmacy(PHARMACY).purchaseOrders.submit(id).unwrap();
  return id;
}

async function confirmPurchaseOrder(ctx: RecipeContext) {
  const id = await submitPurchaseOrder(ctx);
  await ctx.manufacturer(MANUFACTURER).purchaseOrders.confirm(id).unwrap();
  return id;
}

async function shipPurchaseOrder(ctx: RecipeContext) {
  const id = await confirmPurchaseOrder(ctx);
  await ctx.manufacturer(MANUFACTURER).purchaseOrders.ship(id, { lotNumber: `AM${ctx.unique().toUpperCase()}`, expiryDate: '2028-04-30' }).unwrap();
  return id;
}

/** membership.enrolled: a new patient joins Jiuzhou's membership. */
async function enrolMember(ctx: RecipeContext) {
  const patient = await ctx.newPatient();
  return ctx.pharmacy(PHARMACY).pharmacyMembers.enrol({ patientId: patient.patientId }).unwrap();
}

/** membership.points_earned: 1 point per whole yuan; ¥1,200 also lifts the member to silver. */
async function earnPoints(ctx: RecipeContext) {
  const member = await enrolMember(ctx);
  await ctx
    .pharmacy(PHARMACY)
    .pharmacyMembers.recordPurchase(member.id, { amount: { amountFen: 120_000, currency: 'CNY' }, reference: `CLI-${ctx.unique()}` })
    .unwrap();
  return member;
}

/** care_programme_enrolment.created: a new patient joins Jiuzhou's diabetes care. */
async function enrolInProgramme(ctx: RecipeContext) {
  const patient = await ctx.newPatient();
  return ctx.pharmacy(PHARMACY).careProgrammeEnrolments.create({ programmeId: 'prg_jiuzhou_diabetes', patientId: patient.patientId }).unwrap();
}

/** measurement.recorded: a fasting glucose of 11.6 mmol/L, out of range, which opens a follow-up task at once (BR-CHR-1). */
async function recordHighGlucose(ctx: RecipeContext) {
  const enrolment = await enrolInProgramme(ctx);
  await ctx
    .pharmacy(PHARMACY)
    .measurements.record(enrolment.id, { type: 'glucose', value: 11.6, measuredAt: (await ctx.now()).toISOString() })
    .unwrap();
  const tasks = (await ctx.pharmacy(PHARMACY).followUpTasks.list({ enrolmentId: enrolment.id, status: 'open' }).unwrap()).data;
  return { enrolment, tasks };
}

async function suggest(ctx: RecipeContext) {
  const patient = await ctx.newPatient();
  return ctx
    .hospital(LEAD)
    .decisionSupport.diabetes({ patientId: patient.patientId, practitionerId: DOCTOR, fastingGlucoseMmolL: 8.2, hba1cPercent: 7.6 })
    .unwrap();
}

/**
 * training_enrolment.created: the first alliance doctor not yet on a course. A doctor takes a
 * course once, so these recipes run as often as the seeded alliance has doctors and places.
 */
async function enrolInCourse(ctx: RecipeContext) {
  const lead = ctx.hospital(LEAD);
  const courses = (await lead.trainingCourses.list().unwrap()).data;
  for await (const practitioner of lead.practitioners.list()) {
    for (const course of courses) {
      const enrolled = await lead.trainingCourses.enrol(course.id, { practitionerId: practitioner.id });
      if (enrolled.error instanceof ApiError && ['ALREADY_ENROLLED', 'NOT_IN_ALLIANCE', 'COURSE_FULL'].includes(enrolled.error.code ?? '')) continue;
      if (enrolled.error) throw enrolled.error;
      return { enrolment: enrolled.data, course };
    }
  }
  throw new Error('Every alliance doctor is already on every training course: restart the mock platform (POST /_mock/reset).');
}

/** training_enrolment.attendance_recorded: attendance at each required session that has started. */
async function attendSessions(ctx: RecipeContext) {
  const enrolled = await enrolInCourse(ctx);
  const nowMs = (await ctx.now()).getTime();
  const held = enrolled.course.sessions.filter((session) => Date.parse(session.scheduledAt) <= nowMs);
  if (held.length === 0) throw new Error(`No session of ${enrolled.course.id} has started yet`);
  for (const session of held) {
    await ctx.hospital(LEAD).trainingEnrolments.recordAttendance(enrolled.enrolment.id, { sessionId: session.id }).unwrap();
  }
  return enrolled;
}

export const allianceRecipes = {
  'procurement_campaign.opened': openCampaign,
  'procurement_campaign.closed': closeCampaign,
  'procurement_campaign.ordered': draftPurchaseOrder,
  'procurement_commitment.created': commit,
  'purchase_order.created': draftPurchaseOrder,
  'purchase_order.submitted': submitPurchaseOrder,
  'purchase_order.confirmed': confirmPurchaseOrder,
  'purchase_order.shipped': shipPurchaseOrder,
  'purchase_order.received': async (ctx: RecipeContext) => {
    const id = await shipPurchaseOrder(ctx);
    await ctx.pharmacy(PHARMACY).purchaseOrders.receive(id).unwrap();
  },
  'membership.enrolled': enrolMember,
  'membership.points_earned': earnPoints,
  'membership.points_redeemed': async (ctx: RecipeContext) => {
    const member = await earnPoints(ctx);
    await ctx.pharmacy(PHARMACY).pharmacyMembers.redeem(member.id, { points: 500 }).unwrap();
  },
  'membership.tier_changed': earnPoints,
  'care_programme_enrolment.created': enrolInProgramme,
  'care_programme_enrolment.withdrawn': async (ctx: RecipeContext) => {
    const enrolment = await enrolInProgramme(ctx);
    await ctx.pharmacy(PHARMACY).careProgrammeEnrolments.withdraw(enrolment.id).unwrap();
  },
  'measurement.recorded': recordHighGlucose,
  'follow_up_task.created': recordHighGlucose,
  'follow_up_task.completed': async (ctx: RecipeContext) => {
    const { tasks } = await recordHighGlucose(ctx);
    const [task] = tasks;
    if (!task) throw new Error('The out-of-range measurement opened no follow-up task');
    await ctx.pharmacy(PHARMACY).followUpTasks.complete(task.id, { note: 'Phoned: glucose back to 7.1 after adjusting the evening dose.' }).unwrap();
  },
  'follow_up_task.reminder_due': async (ctx: RecipeContext) => {
    // The reminder fires when an open task falls due: the clock moves to its due time.
    const { tasks } = await recordHighGlucose(ctx);
    const dueMs = Math.min(...tasks.map((task) => Date.parse(task.dueAt)));
    if (!Number.isFinite(dueMs)) throw new Error('The out-of-range measurement opened no follow-up task');
    await ctx.advanceClock(Math.max(Math.ceil((dueMs - (await ctx.now()).getTime()) / 1000), 0) + 1);
  },
  'ai_suggestion.created': suggest,
  'ai_suggestion.disposition_recorded': async (ctx: RecipeContext) => {
    const suggestion = await suggest(ctx);
    await ctx
      .hospital(LEAD)
      .aiSuggestions.recordDisposition(suggestion.id, { practitionerId: DOCTOR, disposition: 'overridden', note: 'Lifestyle changes first; recheck HbA1c in 3 months.' })
      .unwrap();
  },
  'training_enrolment.created': enrolInCourse,
  'training_enrolment.attendance_recorded': attendSessions,
  'training_enrolment.completed': async (ctx: RecipeContext) => {
    const attended = await attendSessions(ctx);
    await ctx.hospital(LEAD).trainingEnrolments.complete(attended.enrolment.id).unwrap();
  },
};
