/**
 * Medical-alliance recipes: Lin'an county hospital asks Qiantang People's Hospital cardiology for
 * a remote consultation; Qiantang refers a new patient down to Xixi community health centre.
 */
import { openVisit } from './care.js';
import type { RecipeContext } from './context.js';
import { DEPARTMENT as LINAN_DEPARTMENT, DOCTOR as LINAN_DOCTOR, HOSPITAL as LINAN } from './scheduling.js';

const EXPERTS = 'qtph';
const EXPERT_DOCTOR = 'prc_chenjing';
const COMMUNITY = 'xixi';
const HYPERTENSION = { icd10: 'I10', display: 'Essential (primary) hypertension' };

/** consultation.created (and consultation_task.requested): one invitation to Qiantang cardiology. */
export async function requestConsultation(ctx: RecipeContext) {
  const patient = await ctx.newPatient();
  const linan = ctx.hospital(LINAN);
  const encounter = await linan.encounters
    .create({ type: 'outpatient', mode: 'in-person', patientId: patient.patientId, departmentId: LINAN_DEPARTMENT, practitionerId: LINAN_DOCTOR, condition: HYPERTENSION })
    .unwrap();
  const consultation = await linan.consultations
    .create({
      kind: 'remote-consultation',
      patientId: patient.patientId,
      encounterId: encounter.id,
      requestingPractitionerId: LINAN_DOCTOR,
      question: 'Blood pressure still 165/100 on two agents: screen for secondary hypertension first?',
      experts: [{ organizationId: 'org_qtph', departmentId: 'dep_qtph_cardio' }],
    })
    .unwrap();
  const taskId = consultation.taskIds[0];
  if (taskId === undefined) throw new Error(`Consultation ${consultation.id} has no task`);
  return { consultation, taskId };
}

async function acceptTask(ctx: RecipeContext) {
  const requested = await requestConsultation(ctx);
  await ctx.hospital(EXPERTS).consultationTasks.accept(requested.taskId, { practitionerId: EXPERT_DOCTOR }).unwrap();
  return requested;
}

async function startTask(ctx: RecipeContext) {
  const accepted = await acceptTask(ctx);
  await ctx.hospital(EXPERTS).consultationTasks.start(accepted.taskId).unwrap();
  return accepted;
}

async function completeTask(ctx: RecipeContext) {
  const started = await startTask(ctx);
  await ctx
    .hospital(EXPERTS)
    .consultationTasks.complete(started.taskId, {
      text: 'Resistant hypertension: screen for primary aldosteronism and renal artery stenosis before a third agent.',
      conclusion: 'Screen for secondary hypertension before escalating treatment.',
      signature: { practitionerId: EXPERT_DOCTOR },
    })
    .unwrap();
  return started;
}

async function cancelConsultation(ctx: RecipeContext) {
  const requested = await requestConsultation(ctx);
  await ctx.hospital(LINAN).consultations.cancel(requested.consultation.id).unwrap();
}

/** referral.requested: Qiantang refers a new patient with stable diabetes down to Xixi. */
export async function requestReferral(ctx: RecipeContext) {
  const visit = await openVisit(ctx);
  const referral = await ctx
    .hospital('qtph')
    .referrals.create({
      patientId: visit.patient.patientId,
      toOrganizationId: 'org_xixi',
      direction: 'down',
      fromEncounterId: visit.encounter.id,
      toDepartmentId: 'dep_xixi_gp',
      reason: 'Stable type 2 diabetes: continue management and HbA1c follow-up in the community.',
      condition: { icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
    })
    .unwrap();
  return { ...visit, referral };
}

async function receiveReferral(ctx: RecipeContext) {
  const requested = await requestReferral(ctx);
  await ctx.hospital(COMMUNITY).referrals.receive(requested.referral.id).unwrap();
  return requested;
}

async function acceptReferral(ctx: RecipeContext) {
  const received = await receiveReferral(ctx);
  await ctx.hospital(COMMUNITY).referrals.accept(received.referral.id, {}).unwrap();
  return received;
}

async function startReferral(ctx: RecipeContext) {
  const accepted = await acceptReferral(ctx);
  await ctx.hospital(COMMUNITY).referrals.start(accepted.referral.id).unwrap();
  return accepted;
}

export const networkRecipes = {
  'consultation.created': requestConsultation,
  'consultation.completed': completeTask,
  'consultation.cancelled': cancelConsultation,
  'consultation_task.requested': requestConsultation,
  'consultation_task.accepted': acceptTask,
  'consultation_task.rejected': async (ctx: RecipeContext) => {
    const requested = await requestConsultation(ctx);
    await ctx.hospital(EXPERTS).consultationTasks.reject(requested.taskId, { reason: 'No cardiologist on duty this week; please ask the county hospital.' }).unwrap();
  },
  'consultation_task.started': startTask,
  'consultation_task.completed': completeTask,
  'consultation_task.cancelled': cancelConsultation,
  'referral.requested': requestReferral,
  'referral.received': receiveReferral,
  'referral.accepted': acceptReferral,
  'referral.rejected': async (ctx: RecipeContext) => {
    const received = await receiveReferral(ctx);
    await ctx.hospital(COMMUNITY).referrals.reject(received.referral.id, { reason: 'No GP capacity this month; please refer to Gongshu.' }).unwrap();
  },
  'referral.started': startReferral,
  'referral.completed': async (ctx: RecipeContext) => {
    // BR-REF-1: the loop closes with a feedback document from the receiving centre.
    const started = await startReferral(ctx);
    const feedback = await ctx
      .hospital(COMMUNITY)
      .documents.create({
        type: 'outpatient-record',
        title: 'Referral feedback',
        patientId: started.patient.patientId,
        authorPractitionerId: 'prc_fengyan',
        effectiveDate: (await ctx.now()).toISOString().slice(0, 10),
        diagnoses: [{ icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }],
        attachment: { fileName: 'feedback.pdf', contentType: 'application/pdf', sizeBytes: 1024, sha256: '0d4c7e2a9b1f3e5d6c8a0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d1f3a5c7e9b0d2f' },
      })
      .unwrap();
    await ctx.hospital(COMMUNITY).referrals.complete(started.referral.id, { feedbackDocumentId: feedback.id }).unwrap();
  },
  'referral.cancelled': async (ctx: RecipeContext) => {
    const requested = await requestReferral(ctx);
    await ctx.hospital('qtph').referrals.cancel(requested.referral.id).unwrap();
  },
};
