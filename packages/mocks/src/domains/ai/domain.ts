/** The AI assistance domain: triage, decision support and dispositions, on the platform's services. */
import type { Domain, PlatformServices } from '../../services.js';
import { aiRoutes } from './routes.js';
import { seedAiSuggestions } from './seed.js';
import { AiService } from './service.js';

export function createAiDomain(services: PlatformServices): Domain {
  seedAiSuggestions(services.aiSuggestions);
  return { routes: aiRoutes(new AiService(services)), snapshot: () => ({ aiSuggestions: services.aiSuggestions.suggestions }) };
}
