import { expect } from 'expect';
import { describe, it } from 'node:test';
import {
  deliveredAt,
  kuaidi100Company,
  kuaidi100SubscribeForm,
  kuaidi100SubscribeOutcome,
  kuaidi100Sign,
  kuaidi100State,
  parseKuaidi100Param,
  pickShipments,
  sameCarrier,
  TrackingStatus as S,
  verifyKuaidi100Sign,
} from './tracking';

const param = (lastResult: object, extra: object = {}) =>
  JSON.stringify({
    status: 'polling',
    message: '',
    lastResult: { message: 'ok', state: '0', ischeck: '0', com: 'shunfeng', nu: 'SF100', ...lastResult },
    ...extra,
  });

describe('Kuaidi100 sign', () => {
  it('is the uppercase MD5 of param then salt', () => {
    // md5("abc") = 900150983cd24fb0d6963f7d28e17f72
    expect(kuaidi100Sign('a', 'bc')).toBe('900150983CD24FB0D6963F7D28E17F72');
  });

  it('verifies the sign of the exact param and salt only', () => {
    const p = param({});
    const sign = kuaidi100Sign(p, 'salt-1');
    expect(verifyKuaidi100Sign(p, 'salt-1', sign)).toBe(true);
    expect(verifyKuaidi100Sign(p, 'salt-1', sign.toLowerCase())).toBe(true);
    expect(verifyKuaidi100Sign(p, 'salt-2', sign)).toBe(false);
    expect(verifyKuaidi100Sign(p.replace('SF100', 'SF101'), 'salt-1', sign)).toBe(false);
    expect(verifyKuaidi100Sign(p, 'salt-1', '')).toBe(false);
    expect(verifyKuaidi100Sign(p, 'salt-1', sign.slice(1))).toBe(false);
  });
});

describe('kuaidi100State', () => {
  it('maps the basic states', () => {
    const cases: [string | number, S | null][] = [
      ['0', S.InTransit],
      ['1', S.Collected],
      ['2', S.Exception],
      [3, S.Delivered],
      ['4', S.Returned],
      ['5', S.OutForDelivery],
      ['6', S.Returned],
      ['7', S.InTransit],
      ['8', S.InTransit],
      ['13', S.Exception],
      ['14', S.Exception],
    ];
    for (const [code, status] of cases) expect([code, kuaidi100State(code)]).toEqual([code, status]);
  });

  it('maps advanced states, falling back to their basic state', () => {
    expect(kuaidi100State('101')).toBeNull();
    expect(kuaidi100State('103')).toBe(S.Collected);
    expect(kuaidi100State('1002')).toBe(S.InTransit);
    expect(kuaidi100State('204')).toBe(S.Exception);
    expect(kuaidi100State('304')).toBe(S.Delivered);
    expect(kuaidi100State('401')).toBe(S.Exception);
    expect(kuaidi100State('501')).toBe(S.OutForDelivery);
  });

  it('knows nothing of other codes', () => {
    for (const code of ['99', '', 'x', undefined, null, '9999']) expect(kuaidi100State(code)).toBeNull();
  });
});

describe('parseKuaidi100Param', () => {
  it('reads the history in China time, with statuses and places', () => {
    const parsed = parseKuaidi100Param(
      param({
        state: '3',
        ischeck: '1',
        data: [
          {
            context: '已签收',
            time: '2026-11-23 09:05:00',
            ftime: '2026-11-23 09:05:00',
            status: '签收',
            areaName: '广东,深圳市',
          },
          { context: '已揽收', time: '2026-11-22 18:00:00', ftime: '2026-11-22 18:00:00' },
        ],
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        carrier: 'shunfeng',
        trackingNumber: 'SF100',
        state: S.Delivered,
        events: [
          { occurredAt: new Date('2026-11-23T01:05:00Z'), status: S.Delivered, description: '已签收', location: '广东,深圳市' },
          { occurredAt: new Date('2026-11-22T10:00:00Z'), status: null, description: '已揽收', location: null },
        ],
      },
    });
    if (parsed.ok) expect(deliveredAt(parsed.value)).toEqual(new Date('2026-11-23T01:05:00Z'));
  });

  it('refuses what is not a push', () => {
    for (const bad of [
      '{not json',
      '[]',
      JSON.stringify({ status: 'polling' }),
      param({ nu: '' }),
      param({ data: 'x' }),
      param({ data: [{ time: '2026-11-23 09:05:00' }] }),
      param({ data: [{ context: 'x', time: 'yesterday' }] }),
    ]) {
      expect(parseKuaidi100Param(bad).ok).toBe(false);
    }
  });
});

describe('matching shipments', () => {
  it('knows Kuaidi100 codes by the names staff write', () => {
    expect(sameCarrier('SF', 'shunfeng')).toBe(true);
    expect(sameCarrier('顺丰', 'shunfeng')).toBe(true);
    expect(sameCarrier('zto', 'ZTO')).toBe(true);
    expect(sameCarrier('YTO', 'shunfeng')).toBe(false);
  });

  it('takes carriers that match, else the only candidate, else nothing (ambiguous)', () => {
    const sf = { id: 'a', carrier: 'SF' };
    const sf2 = { id: 'b', carrier: 'SF' };
    const yto = { id: 'c', carrier: 'YTO' };
    const other = { id: 'd', carrier: 'Some local courier' };
    expect(pickShipments([sf, sf2, yto], 'shunfeng', { strict: false })).toEqual({ shipments: [sf, sf2], ambiguous: false });
    expect(pickShipments([other], 'shunfeng', { strict: false })).toEqual({ shipments: [other], ambiguous: false });
    expect(pickShipments([other, yto], 'shunfeng', { strict: false })).toEqual({ shipments: [], ambiguous: true });
    expect(pickShipments([other], 'shunfeng', { strict: true })).toEqual({ shipments: [], ambiguous: false });
  });
});

describe('Kuaidi100 subscriptions', () => {
  it('name the carrier by its Kuaidi100 code, or let Kuaidi100 tell it from the number', () => {
    expect(kuaidi100Company('SF')).toBe('shunfeng');
    expect(kuaidi100Company('中通')).toBe('zhongtong');
    expect(kuaidi100Company('yunda')).toBe('yunda');
    expect(kuaidi100Company('Some local courier')).toBeNull();

    const base = {
      key: 'k',
      callbackUrl: 'https://shop.example.com/v1/webhooks/logistics/kuaidi100',
      salt: 's',
      trackingNumber: 'SF1',
    };
    const sf = kuaidi100SubscribeForm({ ...base, carrier: 'SF', phone: '13800138000' });
    expect(sf.get('schema')).toBe('json');
    expect(JSON.parse(sf.get('param')!)).toEqual({
      company: 'shunfeng',
      number: 'SF1',
      key: 'k',
      parameters: { callbackurl: base.callbackUrl, salt: 's', resultv2: '1', phone: '13800138000' },
    });
    const unknown = JSON.parse(kuaidi100SubscribeForm({ ...base, carrier: 'Some local courier', phone: null }).get('param')!);
    expect(unknown).toMatchObject({ company: '', parameters: { autoCom: '1' } });
    expect(unknown.parameters.phone).toBeUndefined();
  });

  it('are done when subscribed (again), retried on 500 and given up otherwise', () => {
    expect(['200', '501', '500', '700', '600', 'x'].map(kuaidi100SubscribeOutcome)).toEqual([
      'subscribed',
      'subscribed',
      'retry',
      'refused',
      'refused',
      'refused',
    ]);
  });
});
