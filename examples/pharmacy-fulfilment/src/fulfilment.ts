import { createPharmacyClient, type InventoryItem, type Prescription } from '@careloop/pharmacy';

export interface FulfilmentOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** The pharmacy's sandbox client credentials (printed by `npm start`). */
  clientId: string;
  clientSecret: string;
  /** The licensed pharmacist who dispenses (a pharmacist of this pharmacy). */
  pharmacistId: string;
  log?: (line: string) => void;
}

export interface FulfilmentResult {
  accepted: Prescription;
  dispensed: Prescription;
  delivered: Prescription;
  /** Stock of each prescribed drug: before accepting, after accepting, after dispensing. */
  stock: { drugId: string; before: InventoryItem; reserved: InventoryItem; after: InventoryItem }[];
}

async function stockOf(pharmacy: ReturnType<typeof createPharmacyClient>, drugIds: string[]): Promise<Map<string, InventoryItem>> {
  const items = new Map<string, InventoryItem>();
  for await (const item of pharmacy.inventory.list()) if (drugIds.includes(item.drugId)) items.set(item.drugId, item);
  return items;
}

/**
 * A pharmacy's day with its prescription inbox: the first prescription routed to it for delivery is
 * accepted (its drugs are reserved), dispensed in full (the prescription is now used: BR-RX-8),
 * shipped and tracked until delivered.
 */
export async function fulfilNextDelivery({ baseUrl, fetch, clientId, clientSecret, pharmacistId, log = () => {} }: FulfilmentOptions): Promise<FulfilmentResult> {
  const transport = fetch ? { fetch } : {};
  const pharmacy = createPharmacyClient({ baseUrl, ...transport, auth: { clientId, clientSecret } });

  let next: Prescription | undefined;
  for await (const prescription of pharmacy.prescriptions.list({ routingStatus: 'requested' })) {
    log(`Inbox: ${prescription.id} for ${prescription.patientId}, ${prescription.routing?.method ?? '—'}`);
    if (!next && prescription.routing?.method === 'delivery') next = prescription;
  }
  if (!next) throw new Error('No prescription waiting for delivery in the inbox');
  const drugIds = next.items.map((item) => item.drugId);
  const before = await stockOf(pharmacy, drugIds);

  const accepted = await pharmacy.prescriptions.accept(next.id, { pharmacistId }).unwrap();
  const reserved = await stockOf(pharmacy, drugIds);
  log(`Accepted ${accepted.id}: ${drugIds.map((id) => `${id} reserved ${reserved.get(id)?.reserved ?? 0}`).join(', ')}`);

  const dispensed = await pharmacy.prescriptions
    .dispense(accepted.id, { pharmacistId, lines: accepted.items.map((item) => ({ drugId: item.drugId, quantity: item.quantity })) })
    .unwrap();
  const after = await stockOf(pharmacy, drugIds);
  log(`Dispensed ${dispensed.id} by ${pharmacistId}${dispensed.dispense?.partial ? ' (partial)' : ''}`);

  await pharmacy.prescriptions.ship(dispensed.id, { carrier: 'SF Express', trackingNumber: 'SF1234567890' }).unwrap();
  await pharmacy.prescriptions.updateDelivery(dispensed.id, { status: 'in-transit' }).unwrap();
  const delivered = await pharmacy.prescriptions.updateDelivery(dispensed.id, { status: 'delivered', note: 'Signed for by the patient' }).unwrap();
  log(`Delivered ${delivered.id}: ${delivered.delivery?.history.map((step) => step.status).join(' → ') ?? ''}; prescription ${delivered.status}`);

  const stock = drugIds.map((drugId) => {
    const pick = (items: Map<string, InventoryItem>) => {
      const item = items.get(drugId);
      if (!item) throw new Error(`No stock item for ${drugId}`);
      return item;
    };
    return { drugId, before: pick(before), reserved: pick(reserved), after: pick(after) };
  });
  return { accepted, dispensed, delivered, stock };
}
