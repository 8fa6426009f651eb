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

const CHINA_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The moment a "yyyy-MM-dd HH:mm[:ss]" China wall-clock time names (carriers and Kuaidi100 write times so, without
 * an offset); null when the text is not such a time or names no real one (2026-02-30, 24:00).
 */
export function parseChinaLocal(text: string): Date | null {
  const m = CHINA_LOCAL.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(utc - CHINA_OFFSET_MS);
  // Date.UTC rolls over (Feb 30 -> Mar 2): a round trip catches a time that does not exist.
  return chinaLocalIso(date) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}` ? date : null;
}
