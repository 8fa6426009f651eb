// China Standard Time is UTC+8 all year (no daylight saving), so a fixed shift is exact.
const CHINA_OFFSET_MS = 8 * 3600_000;

/** "yyyy-MM-ddTHH:mm:ss" of the moment in China time, without an offset. */
export function chinaLocalIso(date: Date): string {
  return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/** The day (yyyy-MM-dd) the moment falls on in China. */
export function chinaDate(date: Date): string {
  return chinaLocalIso(date).slice(0, 10);
}

/** The moments a China-time day (yyyy-MM-dd) begins and ends, as [from, to). */
export function chinaDayBounds(day: string): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}
