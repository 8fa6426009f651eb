// Mainland China mobile numbers: 11 digits, the first 1 and the second 3–9. No country code, no spaces.
export const MAINLAND_PHONE = /^1[3-9]\d{9}$/;

export function isMainlandPhone(value: unknown): value is string {
  return typeof value === 'string' && MAINLAND_PHONE.test(value);
}

/** 13812345678 -> 138****5678, for logs. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}
