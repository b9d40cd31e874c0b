/** AI assistance operations, keyed by operationId: read the request, call the service, shape the answer. */
import { organizationOnly, pathParam, requireCaller, type RouteTable } from '../../engine/context.js';
import type { DiabetesInput, DispositionInput, TriageInput, AiService } from './service.js';
import { URGENT_ADVICE } from './rules.js';
import { TRIAGE_DISCLAIMER, aiSuggestionView } from './views.js';

export function aiRoutes(service: AiService): RouteTable {
  return {
    triageSymptoms(context) {
      const { urgent, suggestions } = service.triage(context.body as TriageInput);
      return { status: 200, body: { engine: 'rules-v1', urgent, urgentAdvice: urgent ? URGENT_ADVICE : null, suggestions, disclaimer: TRIAGE_DISCLAIMER } };
    },

    createDiabetesDecisionSupport(context) {
      const suggestion = service.diabetes(requireCaller(context), organizationOnly(context), context.body as DiabetesInput, context.nowMs);
      return { status: 201, body: aiSuggestionView(suggestion) };
    },

    getAiSuggestion(context) {
      return { status: 200, body: aiSuggestionView(service.visible(organizationOnly(context), pathParam(context, 'suggestionId'))) };
    },

    recordAiSuggestionDisposition(context) {
      const suggestion = service.recordDisposition(organizationOnly(context), pathParam(context, 'suggestionId'), context.body as DispositionInput, context.nowMs);
      return { status: 200, body: aiSuggestionView(suggestion) };
    },
  };
}
