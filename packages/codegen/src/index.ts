export { bundleSpec } from './bundle.js';
export { filterForAudience } from './audience.js';
export { describeOperations, emitClient, emitModels, type OperationModel } from './emit-client.js';
export { emitPii, isPiiCategory, PII_CATEGORIES, piiNames, specFields, type PiiCategory, type SpecField } from './emit-pii.js';
export { emitSchema } from './emit-schema.js';
export { describeWebhooks, emitWebhooks, type WebhookModel } from './emit-webhooks.js';
export { generateAll, staleFiles, writeAll } from './generate.js';
export { AUDIENCES, REPO_ROOT, type Audience } from './layout.js';
export { operationsOf, type Document, type Operation, type PathItem } from './openapi.js';
