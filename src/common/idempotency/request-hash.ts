import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so that two bodies that mean the same thing
 * (`{"a":1,"b":2}` and `{"b":2,"a":1}`) have the same text. Arrays keep their order: it is meaning.
 * Follows JSON.stringify otherwise (toJSON, undefined members dropped, undefined in arrays as null).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return sortKeys((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" member stays a member.
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Fingerprint of what a request asks for: its body and its route params (the route itself is compared apart). */
export function requestHash(body: unknown, params: Record<string, unknown> = {}): string {
  return createHash('sha256')
    .update(canonicalJson({ body: body ?? null, params }))
    .digest('hex');
}
