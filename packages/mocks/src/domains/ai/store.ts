/** Decision-support suggestions by id. Shared through the platform services: prescribing checks BR-AI-1 against it. */
import type { AiSuggestionRecord } from './model.js';

export class AiSuggestionStore {
  readonly suggestions = new Map<string, AiSuggestionRecord>();

  add(suggestion: AiSuggestionRecord): void {
    this.suggestions.set(suggestion.id, suggestion);
  }

  get(id: string): AiSuggestionRecord | undefined {
    return this.suggestions.get(id);
  }
}
