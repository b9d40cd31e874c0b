/** The spec's Money shape. Amounts are integer fen; the platform only deals in CNY. */
export interface Money {
  amountFen: number;
  currency: 'CNY';
}

/** Integer fen as the spec's Money. */
export function money(amountFen: number): Money {
  return { amountFen, currency: 'CNY' };
}
