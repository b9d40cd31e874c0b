/**
 * Settlement statements: per payee organization and calendar month (hospital-local), computed from
 * the append-only ledger on every read, so a statement always reconciles with what happened — its
 * totals are sums of its own lines.
 */
import { formatLocal } from '../../engine/clock.js';
import type { LedgerEntry, LedgerSource } from '../../engine/ledger.js';
import { notFound } from '../../engine/problem.js';
import type { Ledger } from '../../engine/ledger.js';

export interface SettlementStatement {
  id: string;
  organizationId: string;
  /** `YYYY-MM`. */
  period: string;
  lines: LedgerEntry[];
  totals: { source: LedgerSource; amountFen: number }[];
  netFen: number;
}

const SOURCES: readonly LedgerSource[] = ['patient', 'national-insurance-fund', 'personal-account', 'commercial-insurance'];
const STATEMENT_ID = /^stm_([a-z0-9]+)_(\d{4})(\d{2})$/;

export function periodOf(atMs: number): string {
  return formatLocal(atMs).slice(0, 7);
}

export function statementId(organizationId: string, period: string): string {
  return `stm_${organizationId.replace(/^org_/, '')}_${period.replace('-', '')}`;
}

export function statementOf(organizationId: string, period: string, entries: readonly LedgerEntry[]): SettlementStatement {
  const lines = entries.filter((entry) => periodOf(entry.atMs) === period);
  const totals = SOURCES.flatMap((source) => {
    const ofSource = lines.filter((line) => line.source === source);
    return ofSource.length === 0 ? [] : [{ source, amountFen: ofSource.reduce((sum, line) => sum + line.amountFen, 0) }];
  });
  return {
    id: statementId(organizationId, period),
    organizationId,
    period,
    lines,
    totals,
    netFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
  };
}

/** The organization's statements: one per month with movements (or only `period`). */
export function statementsOf(ledger: Ledger, organizationId: string, period: string | undefined): SettlementStatement[] {
  const entries = ledger.ofPayee(organizationId);
  const periods = period === undefined ? [...new Set(entries.map((entry) => periodOf(entry.atMs)))] : [period];
  return periods.map((each) => statementOf(organizationId, each, entries));
}

/** A statement of the calling organization by id; any other organization's is 404. */
export function visibleStatement(ledger: Ledger, organizationId: string, id: string): SettlementStatement {
  const match = STATEMENT_ID.exec(id);
  const month = Number(match?.[3]);
  if (!match || `org_${match[1] ?? ''}` !== organizationId || month < 1 || month > 12) throw notFound('settlement statement', id);
  return statementOf(organizationId, `${match[2] ?? ''}-${match[3] ?? ''}`, ledger.ofPayee(organizationId));
}
