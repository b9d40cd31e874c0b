/**
 * Seeded suggestions of Li Na's online follow-up with Dr Qian Hui (org_qtih), built by the same
 * rules as a live request: ais_lina_open (no disposition yet) and ais_lina_accepted (accepted and
 * signed by prc_qianhui, so a prescription may cite it, BR-AI-1). Times are on the seeded clock.
 */
import type { AiSuggestionRecord, DiabetesInputs, KnownDiagnosis } from './model.js';
import { diabetesSuggestion } from './rules.js';
import type { AiSuggestionStore } from './store.js';

const NOW = Date.parse('2026-06-01T08:00:00+08:00');
const MINUTE = 60_000;

const LINA_INPUTS: DiabetesInputs = { fastingGlucoseMmolL: 8.2, hba1cPercent: 7.6, randomGlucoseMmolL: null, symptoms: [] };
const LINA_DIAGNOSES: KnownDiagnosis[] = [{ icd10: 'E11.9', display: 'Type 2 diabetes mellitus without complications', documentId: 'doc_lina_20251118' }];

function linaSuggestion(id: string, createdAtMs: number): AiSuggestionRecord {
  return {
    id,
    kind: 'diabetes',
    status: 'open',
    patientId: 'pat_lina',
    organizationId: 'org_qtih',
    encounterId: 'enc_lina_followup',
    practitionerId: 'prc_qianhui',
    inputs: structuredClone(LINA_INPUTS),
    knownDiagnoses: structuredClone(LINA_DIAGNOSES),
    ...diabetesSuggestion(LINA_INPUTS, LINA_DIAGNOSES),
    dispositions: [],
    createdAtMs,
    updatedAtMs: createdAtMs,
  };
}

export function seedAiSuggestions(store: AiSuggestionStore): void {
  store.add(linaSuggestion('ais_lina_open', NOW - 5 * MINUTE));
  const accepted = linaSuggestion('ais_lina_accepted', NOW - 8 * MINUTE);
  accepted.status = 'accepted';
  accepted.updatedAtMs = NOW - 6 * MINUTE;
  accepted.dispositions.push({
    practitionerId: 'prc_qianhui',
    disposition: 'accepted',
    note: 'Agree; continue metformin and recheck HbA1c in 3 months.',
    signedBy: 'prc_qianhui',
    recordedAtMs: NOW - 6 * MINUTE,
  });
  store.add(accepted);
}
