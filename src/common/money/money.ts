// All money is an integer number of minor units (fen for CNY). This file is the only place that
// does arithmetic on it. JS numbers are exact integers up to 2^53 - 1 fen (about 90 trillion yuan).

export type Currency = 'CNY';
export const DEFAULT_CURRENCY: Currency = 'CNY';
export const MINOR_UNITS: Record<Currency, number> = { CNY: 2 };

/** Basis points: 10000 = 100 %. Rates (discounts, commissions) are integers of these. */
export const BASIS_POINTS = 10_000;

export class MoneyError extends Error {}

export function assertMinor(amount: number, what = 'amount'): number {
  if (!Number.isSafeInteger(amount)) throw new MoneyError(`${what} must be a whole number of minor units, got ${amount}`);
  return amount;
}

export function sum(amounts: readonly number[]): number {
  return amounts.reduce((total, a) => assertMinor(total + assertMinor(a)), 0);
}

export function multiply(unit: number, quantity: number): number {
  assertMinor(quantity, 'quantity');
  return assertMinor(assertMinor(unit) * quantity);
}

/**
 * amount * bp / 10000 rounded half-up (the one rounding rule: 0.5 fen rounds away from zero),
 * computed in BigInt so that large amounts stay exact.
 */
export function applyRate(amount: number, basisPoints: number): number {
  assertMinor(amount);
  assertMinor(basisPoints, 'basisPoints');
  const product = BigInt(amount) * BigInt(basisPoints);
  const divisor = BigInt(BASIS_POINTS);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs * 2n + divisor) / (divisor * 2n);
  return Number(negative ? -rounded : rounded);
}

/**
 * Splits `total` over parts in proportion to `weights` by the largest-remainder method:
 * the parts always add up to exactly `total`, and each is within one minor unit of its exact share.
 * Ties go to the earlier part, so the result is deterministic.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinor(total, 'total');
  if (!weights.length) throw new MoneyError('allocate needs at least one weight');
  weights.forEach((w) => {
    assertMinor(w, 'weight');
    if (w < 0) throw new MoneyError('weights must not be negative');
  });
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0)
    return allocate(
      total,
      weights.map(() => 1),
    );
  const bigTotal = BigInt(total);
  const bigSum = BigInt(weightSum);
  const shares = weights.map((w, index) => {
    const exact = bigTotal * BigInt(w);
    let floor = exact / bigSum;
    let remainder = exact % bigSum;
    if (remainder < 0n) {
      floor -= 1n;
      remainder += bigSum;
    }
    return { index, floor, remainder };
  });
  let left = bigTotal - shares.reduce((a, s) => a + s.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index,
  );
  for (const share of byRemainder) {
    if (left <= 0n) break;
    share.floor += 1n;
    left -= 1n;
  }
  return shares.map((s) => Number(s.floor));
}

/** "12.30" (yuan, as providers such as Alipay send it) -> 1230 fen, exactly, or an error. */
export function parseMajor(text: string, currency: Currency = DEFAULT_CURRENCY): number {
  const digits = MINOR_UNITS[currency];
  const match = new RegExp(`^(-?)(\\d+)(?:\\.(\\d{1,${digits}}))?$`).exec(text.trim());
  if (!match) throw new MoneyError(`"${text}" is not an amount with at most ${digits} decimals`);
  const [, sign, whole, fraction = ''] = match;
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  const value = Number(sign ? -minor : minor);
  return assertMinor(value);
}

/** 1230 fen -> "12.30", the form providers expect. */
export function formatMajor(amount: number, currency: Currency = DEFAULT_CURRENCY): string {
  assertMinor(amount);
  const digits = MINOR_UNITS[currency];
  const scale = 10 ** digits;
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / scale);
  const fraction = String(abs % scale).padStart(digits, '0');
  return `${amount < 0 ? '-' : ''}${whole}.${fraction}`;
}
