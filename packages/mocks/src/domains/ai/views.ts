/** Records → the spec's AiSuggestion shape, with keys in the spec's order. */
import { formatLocal } from '../../engine/clock.js';
import type { AiSuggestionRecord } from './model.js';

export const TRIAGE_DISCLAIMER = 'Guidance for choosing a department from a deterministic rules table, not a diagnosis. In an emergency call 120.';

export function aiSuggestionView(suggestion: AiSuggestionRecord) {
  return {
    id: suggestion.id,
    kind: suggestion.kind,
    engine: 'rules-v1',
    status: suggestion.status,
    patientId: suggestion.patientId,
    organizationId: suggestion.organizationId,
    encounterId: suggestion.encounterId,
    practitionerId: suggestion.practitionerId,
    inputs: {
      fastingGlucoseMmolL: suggestion.inputs.fastingGlucoseMmolL,
      hba1cPercent: suggestion.inputs.hba1cPercent,
      randomGlucoseMmolL: suggestion.inputs.randomGlucoseMmolL,
      symptoms: [...suggestion.inputs.symptoms],
    },
    knownDiagnoses: suggestion.knownDiagnoses.map((d) => ({ icd10: d.icd10, display: d.display, documentId: d.documentId })),
    cards: suggestion.cards.map((card) => ({
      severity: card.severity,
      summary: card.summary,
      detail: card.detail,
      evidence: card.evidence.map((e) => ({ source: e.source, threshold: e.threshold })),
      suggestedActions: [...card.suggestedActions],
    })),
    medicationSuggestion: suggestion.medicationSuggestion === null ? null : { drugId: suggestion.medicationSuggestion.drugId, text: suggestion.medicationSuggestion.text },
    dispositions: suggestion.dispositions.map((d) => ({
      practitionerId: d.practitionerId,
      disposition: d.disposition,
      note: d.note,
      signedBy: d.signedBy,
      recordedAt: formatLocal(d.recordedAtMs),
    })),
    createdAt: formatLocal(suggestion.createdAtMs),
    updatedAt: formatLocal(suggestion.updatedAtMs),
  };
}
