// China Standard Time is UTC+8 all year (no daylight saving), so a fixed shift is exact.
const CHINA_OFFSET_MS = 8 * 3600_000;

/** "yyyy-MM-ddTHH:mm:ss" of the moment in China time, without an offset. */
export function chinaLocalIso(date: Date): string {
  return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}
