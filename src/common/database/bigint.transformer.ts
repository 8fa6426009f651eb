import type { ValueTransformer } from 'typeorm';

/** bigint columns hold minor units of money; they stay exact as JS numbers up to 2^53 fen. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
