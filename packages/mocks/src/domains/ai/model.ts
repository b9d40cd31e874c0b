/** AI assistance records as stored (PLATFORM.md §12). Views (views.ts) turn them into the spec's shapes. */
export const TRIAGE_SYMPTOMS = [
  'thirst',
  'polyuria',
  'weight-loss',
  'blurred-vision',
  'chest-pain',
  'shortness-of-breath',
  'palpitations',
  'cough',
  'wheeze',
  'sore-throat',
  'fever',
  'headache',
  'dizziness',
  'abdominal-pain',
  'diarrhoea',
  'rash',
  'joint-pain',
] as const;

export type TriageSymptom = (typeof TRIAGE_SYMPTOMS)[number];

export type CardSeverity = 'info' | 'warning' | 'critical';

export interface AiCard {
  severity: CardSeverity;
  summary: string;
  detail: string;
  evidence: { source: string; threshold: string }[];
  suggestedActions: string[];
}

export interface DiabetesInputs {
  fastingGlucoseMmolL: number | null;
  hba1cPercent: number | null;
  randomGlucoseMmolL: number | null;
  symptoms: TriageSymptom[];
}

export interface KnownDiagnosis {
  icd10: string;
  display: string;
  documentId: string;
}

export type Disposition = 'accepted' | 'overridden' | 'ignored';
export type SuggestionStatus = 'open' | Disposition;

export interface DispositionRecord {
  practitionerId: string;
  disposition: Disposition;
  note: string;
  /** The signing doctor (BR-AI-1), or null when unsigned. */
  signedBy: string | null;
  recordedAtMs: number;
}

export interface AiSuggestionRecord {
  id: string;
  kind: 'diabetes';
  status: SuggestionStatus;
  patientId: string;
  organizationId: string;
  encounterId: string | null;
  practitionerId: string;
  inputs: DiabetesInputs;
  knownDiagnoses: KnownDiagnosis[];
  cards: AiCard[];
  medicationSuggestion: { drugId: string; text: string } | null;
  dispositions: DispositionRecord[];
  createdAtMs: number;
  updatedAtMs: number;
}
