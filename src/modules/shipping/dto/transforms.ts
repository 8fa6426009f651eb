import { Transform } from 'class-transformer';

/** Trims a string, or each string of an array; anything else is left for the validators to reject. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value.trim()
      : Array.isArray(value)
        ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v))
        : value,
  );

/** Fen: a non-negative safe integer. */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;
/** Pieces or grams in one freight block. */
export const MAX_UNITS = 1_000_000_000;
