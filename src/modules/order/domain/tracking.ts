import { createHash, timingSafeEqual } from 'node:crypto';
import { parseChinaLocal } from '../../../common/time/china-time';

// Pure rules of parcel tracking: the statuses we show, what Kuaidi100 pushes and how it is signed.

/** Where a parcel is, in our words, whatever the carrier or aggregator calls it. */
export enum TrackingStatus {
  Collected = 'collected',
  InTransit = 'in_transit',
  OutForDelivery = 'out_for_delivery',
  Delivered = 'delivered',
  Exception = 'exception',
  Returned = 'returned',
}

export enum TrackingSource {
  Kuaidi100 = 'kuaidi100',
  Generic = 'generic',
}

export interface TrackingEventInput {
  occurredAt: Date;
  status: TrackingStatus | null;
  description: string;
  location: string | null;
}

/** One push about one parcel, whatever its source. */
export interface TrackingPush {
  /** The sender's carrier code (Kuaidi100's own, e.g. shunfeng; ours in the generic format). */
  carrier: string;
  trackingNumber: string;
  /** The parcel's state as the sender sees it now; null when it does not say or we cannot tell. */
  state: TrackingStatus | null;
  events: TrackingEventInput[];
}

export const MAX_TRACKING_EVENTS = 500;
const S = TrackingStatus;

// Kuaidi100 lastResult.state: the ten basic states and the advanced ones (resultv2), from its push and query docs.
const KUAIDI100_STATES: Record<string, TrackingStatus | null> = {
  '0': S.InTransit, // 在途
  '1001': S.InTransit, // 到达派件城市
  '1002': S.InTransit, // 干线
  '1003': S.InTransit, // 转递
  '1': S.Collected, // 揽收
  '101': null, // 已下单: not collected yet
  '102': null, // 待揽收
  '103': S.Collected, // 已揽收
  '2': S.Exception, // 疑难 (2xx: 超时未签收, 拒收, 派件异常, 滞留, 破损...)
  '3': S.Delivered, // 签收 (3xx: 本人签收, 代签, 投柜或站签收...)
  '4': S.Returned, // 退签: signed for by the sender
  '401': S.Exception, // 已销单: the waybill was cancelled
  '5': S.OutForDelivery, // 派件
  '501': S.OutForDelivery, // 投柜或驿站: waiting in a locker or parcel station
  '6': S.Returned, // 退回: on its way back
  '7': S.InTransit, // 转投: handed to another carrier
  '8': S.InTransit, // 清关
  '10': S.InTransit, // 待清关
  '11': S.InTransit, // 清关中
  '12': S.InTransit, // 已清关
  '13': S.Exception, // 清关异常
  '14': S.Exception, // 拒签: the recipient refused it
};

/** A Kuaidi100 state code as our status; an advanced code (3 digits) not listed falls back to its basic state. */
export function kuaidi100State(code: unknown): TrackingStatus | null {
  const text = typeof code === 'number' ? String(code) : typeof code === 'string' ? code.trim() : '';
  if (text in KUAIDI100_STATES) return KUAIDI100_STATES[text];
  if (/^[1-9]\d\d$/.test(text)) return KUAIDI100_STATES[text[0]] ?? null;
  return null;
}

// data[].status carries a state's name (resultv2=1) rather than its code.
const KUAIDI100_STATE_NAMES: Record<string, TrackingStatus> = {
  在途: S.InTransit,
  干线: S.InTransit,
  转递: S.InTransit,
  到达派件城市: S.InTransit,
  揽收: S.Collected,
  已揽收: S.Collected,
  疑难: S.Exception,
  派件异常: S.Exception,
  拒收: S.Exception,
  签收: S.Delivered,
  本人签收: S.Delivered,
  代签: S.Delivered,
  投柜或站签收: S.Delivered,
  退签: S.Returned,
  派件: S.OutForDelivery,
  投柜或驿站: S.OutForDelivery,
  退回: S.Returned,
  转投: S.InTransit,
  转单: S.InTransit,
  清关: S.InTransit,
  待清关: S.InTransit,
  清关中: S.InTransit,
  已清关: S.InTransit,
  清关异常: S.Exception,
  拒签: S.Exception,
};

function kuaidi100EventStatus(item: Record<string, unknown>): TrackingStatus | null {
  if (item.statusCode !== undefined && item.statusCode !== '') return kuaidi100State(item.statusCode);
  if (typeof item.status !== 'string') return null;
  return KUAIDI100_STATE_NAMES[item.status.trim()] ?? kuaidi100State(item.status);
}

/** Kuaidi100's push signature: uppercase hex MD5 of the param text followed by the salt. */
export function kuaidi100Sign(param: string, salt: string): string {
  return createHash('md5')
    .update(param + salt, 'utf8')
    .digest('hex')
    .toUpperCase();
}

export function verifyKuaidi100Sign(param: string, salt: string, sign: string): boolean {
  const expected = Buffer.from(kuaidi100Sign(param, salt));
  const given = Buffer.from(sign.trim().toUpperCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * The `param` of a Kuaidi100 subscription push (订阅推送) as a push: lastResult carries the whole history, newest
 * first, each entry's time in China time without an offset. Read only after its sign checked out.
 */
export function parseKuaidi100Param(param: string): Parsed<TrackingPush> {
  let body: unknown;
  try {
    body = JSON.parse(param);
  } catch {
    return { ok: false, reason: 'param is not JSON' };
  }
  if (!isObject(body) || !isObject(body.lastResult)) return { ok: false, reason: 'param has no lastResult' };
  const last = body.lastResult;
  const trackingNumber = text(last.nu);
  if (!trackingNumber) return { ok: false, reason: 'lastResult.nu is missing' };
  const data = last.data ?? [];
  if (!Array.isArray(data)) return { ok: false, reason: 'lastResult.data is not a list' };
  if (data.length > MAX_TRACKING_EVENTS)
    return { ok: false, reason: `lastResult.data has more than ${MAX_TRACKING_EVENTS} entries` };
  const events: TrackingEventInput[] = [];
  for (const [i, item] of data.entries()) {
    if (!isObject(item)) return { ok: false, reason: `lastResult.data[${i}] is not an object` };
    const description = text(item.context);
    if (!description) return { ok: false, reason: `lastResult.data[${i}].context is missing` };
    // ftime is Kuaidi100's formatted time; time is the carrier's own and may be less regular.
    const occurredAt = parseChinaLocal(String(item.ftime ?? '')) ?? parseChinaLocal(String(item.time ?? ''));
    if (!occurredAt) return { ok: false, reason: `lastResult.data[${i}] has no readable time` };
    events.push({ occurredAt, status: kuaidi100EventStatus(item), description, location: text(item.areaName) });
  }
  const state = kuaidi100State(last.state) ?? (String(last.ischeck) === '1' ? S.Delivered : latestStatus(events));
  return { ok: true, value: { carrier: text(last.com) ?? '', trackingNumber, state, events } };
}

/** The newest event's time: how far in time a push goes. */
export function latestAt(events: readonly TrackingEventInput[]): Date | null {
  return events.reduce<Date | null>((max, e) => (max === null || e.occurredAt > max ? e.occurredAt : max), null);
}

/** The status of the newest event that has one. */
export function latestStatus(events: readonly TrackingEventInput[]): TrackingStatus | null {
  const withStatus = events.filter((e) => e.status !== null).sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
  return withStatus[0]?.status ?? null;
}

/** When a delivered parcel was signed for: its newest delivered event, else its newest event. */
export function deliveredAt(push: TrackingPush): Date | null {
  if (push.state !== S.Delivered) return null;
  return latestAt(push.events.filter((e) => e.status === S.Delivered)) ?? latestAt(push.events);
}

/** What makes two pushes of one event the same event (Kuaidi100 re-pushes the whole history each time). */
export function descriptionHash(description: string): string {
  return createHash('md5').update(description, 'utf8').digest('hex');
}

// Kuaidi100's codes (and common names) of the carriers our staff write as SF, ZTO...
const CARRIER_ALIASES: Record<string, string[]> = {
  shunfeng: ['sf', 'sfexpress', '顺丰', '顺丰速运'],
  zhongtong: ['zto', '中通', '中通快递'],
  yuantong: ['yto', '圆通', '圆通速递'],
  yunda: ['yd', '韵达', '韵达快递'],
  shentong: ['sto', '申通', '申通快递'],
  ems: ['ems', '邮政ems', '中国邮政'],
  youzhengguonei: ['chinapost', '邮政', '中国邮政', '邮政快递包裹'],
  jd: ['jd', 'jdl', '京东', '京东物流'],
  jtexpress: ['jt', 'j&t', 'jtexpress', '极兔', '极兔速递'],
  debangkuaidi: ['db', 'dbl', 'deppon', '德邦', '德邦快递'],
  debangwuliu: ['db', 'dbl', 'deppon', '德邦', '德邦物流'],
};

const norm = (code: string) => code.trim().toLowerCase().replace(/\s+/g, '');

/** Whether a carrier code the sender uses names the carrier a shipment was recorded with. */
export function sameCarrier(recorded: string, sent: string): boolean {
  const a = norm(recorded);
  const b = norm(sent);
  if (!a || !b) return false;
  return a === b || (CARRIER_ALIASES[b] ?? []).includes(a) || (CARRIER_ALIASES[a] ?? []).includes(b);
}

/**
 * Which of the shipments with a push's tracking number it is about. Those whose carrier matches (one waybill may
 * carry several shipments, or orders shipped together); failing that, the only one there is, whatever its carrier
 * code says (Kuaidi100's codes are its own, and it corrects wrong ones). `strict` (our own format, which sends our
 * codes) takes matching carriers only. Several that do not match are ambiguous: another carrier's parcel may share
 * the number, and its history must not reach the wrong customer.
 */
export function pickShipments<T extends { carrier: string }>(
  candidates: readonly T[],
  carrier: string,
  { strict }: { strict: boolean },
): { shipments: T[]; ambiguous: boolean } {
  const matching = candidates.filter((s) => sameCarrier(s.carrier, carrier));
  if (matching.length || strict) return { shipments: matching, ambiguous: false };
  if (candidates.length === 1) return { shipments: [...candidates], ambiguous: false };
  return { shipments: [], ambiguous: candidates.length > 1 };
}

/** Kuaidi100's company code for a carrier as staff recorded it (SF -> shunfeng); null when we do not know it. */
export function kuaidi100Company(carrier: string): string | null {
  const code = norm(carrier);
  if (code in CARRIER_ALIASES) return code;
  return Object.entries(CARRIER_ALIASES).find(([, aliases]) => aliases.includes(code))?.[0] ?? null;
}

export interface Kuaidi100Subscription {
  key: string;
  callbackUrl: string;
  salt: string;
  carrier: string;
  trackingNumber: string;
  /** The recipient's phone: SF and a few others track only with it. */
  phone: string | null;
}

/** The form of a subscription (订阅) to https://poll.kuaidi100.com/poll. */
export function kuaidi100SubscribeForm(s: Kuaidi100Subscription): URLSearchParams {
  const company = kuaidi100Company(s.carrier);
  const param = {
    company: company ?? '',
    number: s.trackingNumber,
    key: s.key,
    parameters: {
      callbackurl: s.callbackUrl,
      salt: s.salt,
      // Area names and a status per event in the pushes.
      resultv2: '1',
      // A carrier we have no code for: Kuaidi100 tells it from the number.
      ...(company ? {} : { autoCom: '1' }),
      ...(s.phone ? { phone: s.phone } : {}),
    },
  };
  return new URLSearchParams({ schema: 'json', param: JSON.stringify(param) });
}

/**
 * What a subscription's returnCode means for us: 200 subscribed, 501 subscribed already (both done); 500 a
 * passing failure of theirs (try again); anything else (700 bad data or carrier, 600/601 bad or expired key...)
 * will not change by trying again.
 */
export function kuaidi100SubscribeOutcome(returnCode: unknown): 'subscribed' | 'retry' | 'refused' {
  const code = String(returnCode);
  if (code === '200' || code === '501') return 'subscribed';
  return code === '500' ? 'retry' : 'refused';
}
