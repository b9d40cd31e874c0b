/**
 * The AI assistance rules (PLATFORM.md §12): the triage table `rules-v1`, the diabetes thresholds
 * and BR-AI-1. Each rule is decided here and only here; the service applies the effects. Everything
 * is deterministic: the same inputs always give the same answer.
 */
import { DomainError } from '../../engine/problem.js';
import type { AiCard, AiSuggestionRecord, DiabetesInputs, Disposition, KnownDiagnosis, TriageSymptom } from './model.js';

// ── Triage (导诊), rules-v1 ──

interface TriageRule {
  departmentId: string;
  symptoms: readonly TriageSymptom[];
  why: string;
}

/** Each department with the symptoms that point to it. */
export const TRIAGE_RULES: readonly TriageRule[] = [
  { departmentId: 'dep_qtph_endo', symptoms: ['thirst', 'polyuria', 'weight-loss', 'blurred-vision'], why: 'symptoms of high blood glucose (diabetes)' },
  { departmentId: 'dep_qtph_cardio', symptoms: ['chest-pain', 'shortness-of-breath', 'palpitations', 'dizziness'], why: 'symptoms of heart disease' },
  { departmentId: 'dep_qtph_resp', symptoms: ['cough', 'wheeze', 'shortness-of-breath', 'sore-throat', 'fever'], why: 'symptoms of the airways and lungs' },
  {
    departmentId: 'dep_qtph_gim',
    symptoms: ['fever', 'headache', 'dizziness', 'abdominal-pain', 'diarrhoea', 'rash', 'joint-pain', 'weight-loss'],
    why: 'general symptoms for internal medicine to sort out',
  },
];

/** Children under this age go to paediatrics whatever their symptoms. */
export const PAEDIATRIC_AGE_LIMIT = 14;
export const PAEDIATRICS_DEPARTMENT_ID = 'dep_qtph_paed';

/** Combinations that mean "go to the emergency department now". */
export const RED_FLAGS: readonly (readonly TriageSymptom[])[] = [['chest-pain', 'shortness-of-breath']];

export const URGENT_ADVICE = 'Chest pain with shortness of breath can be a heart attack: go to the emergency department now or call 120.';

export interface TriageMatch {
  departmentId: string;
  confidence: number;
  reason: string;
}

/** Confidence is matched symptoms × 90 / all symptoms, whole percent: a table never claims certainty. */
function confidenceOf(matched: number, total: number): number {
  return Math.round((matched * 90) / total);
}

/** The departments the symptoms point to, best first (by confidence, then department id). */
export function triage(symptoms: readonly TriageSymptom[], age: number | undefined): { urgent: boolean; matches: TriageMatch[] } {
  const urgent = RED_FLAGS.some((flag) => flag.every((symptom) => symptoms.includes(symptom)));
  if (age !== undefined && age < PAEDIATRIC_AGE_LIMIT) {
    const reason = `${symptoms.join(', ')}: children under ${PAEDIATRIC_AGE_LIMIT} are seen in paediatrics.`;
    return { urgent, matches: [{ departmentId: PAEDIATRICS_DEPARTMENT_ID, confidence: 90, reason }] };
  }
  const matches = TRIAGE_RULES.flatMap((rule) => {
    const matched = symptoms.filter((symptom) => rule.symptoms.includes(symptom));
    if (matched.length === 0) return [];
    return [{ departmentId: rule.departmentId, confidence: confidenceOf(matched.length, symptoms.length), reason: `${matched.join(', ')}: ${rule.why}.` }];
  });
  matches.sort((a, b) => b.confidence - a.confidence || a.departmentId.localeCompare(b.departmentId));
  return { urgent, matches };
}

// ── Diabetes decision support, rules-v1 ──

const WHO_1999 = 'WHO (1999) and Chinese Diabetes Society (2020) diagnostic criteria for diabetes';
const WHO_2011 = 'WHO (2011) use of HbA1c in the diagnosis of diabetes; Chinese Diabetes Society (2020)';
const ADA_IFG = 'ADA Standards of Care in Diabetes (2024), section 2: prediabetes';
const ADA_HYPO = 'ADA Standards of Care in Diabetes (2024), section 6: level 1 hypoglycaemia';
const CDS_TARGETS = 'Chinese Diabetes Society guideline for type 2 diabetes (2020): glycaemic targets';

/** Classic symptoms of hyperglycaemia: with a random glucose ≥ 11.1 they suggest diabetes. */
export const CLASSIC_SYMPTOMS: readonly TriageSymptom[] = ['thirst', 'polyuria', 'weight-loss', 'blurred-vision'];

const METFORMIN_ID = 'drg_metformin_500';

/** ICD-10 E10–E14: diabetes mellitus. */
export function isDiabetesCode(icd10: string): boolean {
  return /^E1[0-4]/.test(icd10);
}

function card(severity: AiCard['severity'], summary: string, detail: string, source: string, threshold: string, suggestedActions: string[]): AiCard {
  return { severity, summary, detail, evidence: [{ source, threshold }], suggestedActions };
}

const CONFIRM = 'Confirm with a second test on another day unless the symptoms are unequivocal';

/** Cards for a patient with no diabetes on record: the diagnostic thresholds. */
function diagnosticCards(inputs: DiabetesInputs): AiCard[] {
  const { fastingGlucoseMmolL: fpg, hba1cPercent: hba1c, randomGlucoseMmolL: random } = inputs;
  const cards: AiCard[] = [];
  if (fpg !== null && fpg >= 7.0) {
    cards.push(card('warning', 'Fasting glucose in the diabetes range', `Fasting plasma glucose ${fpg} mmol/L is at or above 7.0 mmol/L.`, WHO_1999, 'fasting plasma glucose ≥ 7.0 mmol/L', [CONFIRM, 'Assess for type 2 diabetes and its complications']));
  } else if (fpg !== null && fpg >= 5.6) {
    cards.push(card('info', 'Impaired fasting glucose', `Fasting plasma glucose ${fpg} mmol/L is within 5.6–6.9 mmol/L.`, ADA_IFG, 'fasting plasma glucose 5.6–6.9 mmol/L', ['Lifestyle advice: diet, activity, weight', 'Repeat fasting glucose or an oral glucose tolerance test within a year']));
  }
  if (hba1c !== null && hba1c >= 6.5) {
    cards.push(card('warning', 'HbA1c in the diabetes range', `HbA1c ${hba1c} % is at or above 6.5 %.`, WHO_2011, 'HbA1c ≥ 6.5 %', [CONFIRM, 'Assess for type 2 diabetes and its complications']));
  }
  if (random !== null && random >= 11.1) {
    const classic = inputs.symptoms.filter((symptom) => CLASSIC_SYMPTOMS.includes(symptom));
    cards.push(
      classic.length > 0
        ? card('warning', 'Random glucose ≥ 11.1 mmol/L with symptoms', `Random plasma glucose ${random} mmol/L with ${classic.join(', ')}.`, WHO_1999, 'random plasma glucose ≥ 11.1 mmol/L with classic symptoms', ['Diabetes is likely: assess and start management'])
        : card('info', 'High random glucose without classic symptoms', `Random plasma glucose ${random} mmol/L, no classic symptoms reported.`, WHO_1999, 'random plasma glucose ≥ 11.1 mmol/L needs classic symptoms', ['Confirm with fasting glucose or HbA1c']),
    );
  }
  return cards;
}

/** Cards for a patient with diabetes on record: the treatment targets. */
function targetCards(inputs: DiabetesInputs, known: readonly KnownDiagnosis[]): AiCard[] {
  const { fastingGlucoseMmolL: fpg, hba1cPercent: hba1c } = inputs;
  const onRecord = known.map((d) => `${d.icd10} ${d.display} (${d.documentId})`).join('; ');
  const cards: AiCard[] = [];
  if (fpg !== null && fpg > 7.0) {
    cards.push(card('warning', 'Fasting glucose above the treatment target', `Fasting plasma glucose ${fpg} mmol/L; the target is 4.4–7.0 mmol/L.`, CDS_TARGETS, 'fasting plasma glucose target 4.4–7.0 mmol/L', ['Review adherence, diet and the current regimen']));
  }
  if (hba1c !== null && hba1c >= 7.0) {
    cards.push(card('warning', 'HbA1c above the treatment target', `HbA1c ${hba1c} %; the target for most adults is below 7.0 %.`, CDS_TARGETS, 'HbA1c target < 7.0 %', ['Intensify treatment stepwise', 'Recheck HbA1c in 3 months']));
  }
  cards.push({ severity: 'info', summary: 'Known diabetes on record', detail: onRecord, evidence: [], suggestedActions: [] });
  return cards;
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

/** The cards of a diabetes decision-support request, most severe first, and a medication idea as text. */
export function diabetesSuggestion(inputs: DiabetesInputs, known: readonly KnownDiagnosis[]): Pick<AiSuggestionRecord, 'cards' | 'medicationSuggestion'> {
  const cards: AiCard[] = [];
  const fpg = inputs.fastingGlucoseMmolL;
  if (fpg !== null && fpg < 3.9) {
    cards.push(card('critical', 'Hypoglycaemia', `Fasting plasma glucose ${fpg} mmol/L is below 3.9 mmol/L.`, ADA_HYPO, 'plasma glucose < 3.9 mmol/L', ['Give 15–20 g of fast-acting glucose now and recheck in 15 minutes', 'Review insulin and sulfonylurea doses']));
  }
  cards.push(...(known.length > 0 ? targetCards(inputs, known) : diagnosticCards(inputs)));
  if (cards.length === 0) {
    cards.push({ severity: 'info', summary: 'No threshold met', detail: 'None of the values meets a diagnostic threshold.', evidence: [], suggestedActions: ['Rescreen adults at risk every 3 years'] });
  }
  cards.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const hyperglycaemic = cards.some((c) => c.severity === 'warning');
  const hypoglycaemic = cards.some((c) => c.severity === 'critical');
  const medicationSuggestion =
    hyperglycaemic && !hypoglycaemic
      ? {
          drugId: METFORMIN_ID,
          text: 'Metformin 500 mg twice daily with meals, if not already taken and eGFR ≥ 45 mL/min/1.73 m²: a draft for the doctor to decide, not a prescription.',
        }
      : null;
  return { cards, medicationSuggestion };
}

// ── BR-AI-1: a suggestion never becomes a prescription or an order without the doctor's signature ──

/** BR-AI-1: accepting a suggestion needs the signature of the doctor who decides. */
export function assertAcceptanceSigned(suggestionId: string, practitionerId: string, disposition: Disposition, signedBy: string | undefined): void {
  if (disposition === 'accepted' && signedBy !== practitionerId) {
    throw new DomainError(422, 'AI_SUGGESTION_NOT_SIGNED', `Accepting ${suggestionId} needs the signature of ${practitionerId}, the doctor deciding (BR-AI-1).`);
  }
}

/**
 * BR-AI-1 at prescribing: a prescription may cite a suggestion only when its latest disposition is
 * `accepted`, signed by the prescribing doctor, for the prescription's patient.
 */
export function assertAiSuggestionSigned(suggestion: AiSuggestionRecord | undefined, suggestionId: string, patientId: string, practitionerId: string): void {
  const latest = suggestion?.dispositions[suggestion.dispositions.length - 1];
  if (suggestion?.patientId === patientId && latest?.disposition === 'accepted' && latest.signedBy === practitionerId) return;
  throw new DomainError(422, 'AI_SUGGESTION_NOT_SIGNED', `${suggestionId} is not a suggestion for this patient accepted and signed by ${practitionerId}; AI output reaches a prescription only through the prescribing doctor's signature (BR-AI-1).`);
}
