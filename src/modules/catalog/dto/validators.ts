import { registerDecorator, ValidationOptions } from 'class-validator';

/** An object whose values are all non-empty strings of at most `maxLength` (a SKU's `{ specName: value }`). */
export function IsStringRecord(maxLength = 64, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName,
      options: { message: `$property must map names to non-empty strings of at most ${maxLength} characters`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(
            ([k, v]) => k.trim().length > 0 && typeof v === 'string' && v.trim().length > 0 && v.length <= maxLength,
          ),
      },
    });
}

/** Money in fen: a non-negative safe integer. */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;
