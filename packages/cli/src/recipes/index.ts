/**
 * One recipe per event type: the real API calls that make the platform emit it. Recipes build on
 * each other (`prescription.dispensed` is the `prescription.accepted` recipe plus a dispense) and
 * work again and again against the same running platform: new patients, new sessions, new stock.
 */
import { allianceRecipes } from './alliance.js';
import { careRecipes } from './care.js';
import { connectorRecipes } from './connectors.js';
import type { RecipeContext } from './context.js';
import { moneyRecipes } from './money.js';
import { networkRecipes } from './network.js';
import { schedulingRecipes } from './scheduling.js';
import { webhookRecipes } from './webhooks.js';

export type Recipe = (ctx: RecipeContext) => Promise<unknown>;

export const RECIPES: Readonly<Record<string, Recipe>> = {
  ...schedulingRecipes,
  ...careRecipes,
  ...networkRecipes,
  ...moneyRecipes,
  ...allianceRecipes,
  ...connectorRecipes,
  ...webhookRecipes,
};
