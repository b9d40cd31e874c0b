/**
 * The money ledger: every fen that moves for an order, append-only, integer fen only. Payments,
 * refunds, national-insurance fund and personal-account shares and commercial-insurance benefits
 * each append entries; settlement statements are sums over it, so a statement always reconciles
 * line by line with what happened (PLATFORM.md §9: every fen of every order is accounted for).
 */
import { MultiIndex } from './multi-index.js';

/** Who paid (or, for a refund, got back) the money. */
export type LedgerSource = 'patient' | 'national-insurance-fund' | 'personal-account' | 'commercial-insurance';

export interface LedgerEntry {
  id: string;
  /** The organization the money is owed to: the hospital or pharmacy of the order. */
  payeeOrganizationId: string;
  orderId: string;
  /** The order line the money is for, when it is for one line. */
  orderLineId: string | null;
  source: LedgerSource;
  /** What kind of movement: a payment in, a refund out (negative), an insurance share. */
  kind: 'payment' | 'refund' | 'insurance-share' | 'insurance-reversal';
  /** Signed integer fen: refunds and reversals are negative. */
  amountFen: number;
  /** The record behind the entry: a payment, refund, national-insurance settlement or claim id. */
  reference: string;
  atMs: number;
}

export class Ledger {
  private readonly entries: LedgerEntry[] = [];
  readonly byPayee = new MultiIndex();
  readonly byOrder = new MultiIndex();
  private readonly byId = new Map<string, LedgerEntry>();

  /** Appends an entry; ids are sequential (`led_00000001`). Amounts must be safe integers. */
  append(entry: Omit<LedgerEntry, 'id'>): LedgerEntry {
    if (!Number.isSafeInteger(entry.amountFen)) throw new Error(`Ledger amounts are integer fen, got ${entry.amountFen}`);
    const recorded: LedgerEntry = { id: `led_${String(this.entries.length + 1).padStart(8, '0')}`, ...entry };
    this.entries.push(recorded);
    this.byId.set(recorded.id, recorded);
    this.byPayee.add(recorded.payeeOrganizationId, recorded.id);
    this.byOrder.add(recorded.orderId, recorded.id);
    return recorded;
  }

  ofOrder(orderId: string): LedgerEntry[] {
    return [...this.byOrder.get(orderId)].flatMap((id) => this.byId.get(id) ?? []);
  }

  ofPayee(organizationId: string): LedgerEntry[] {
    return [...this.byPayee.get(organizationId)].flatMap((id) => this.byId.get(id) ?? []);
  }

  all(): readonly LedgerEntry[] {
    return this.entries;
  }
}
