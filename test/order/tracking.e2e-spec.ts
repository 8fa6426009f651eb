import { createHash, createHmac, randomBytes } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { startApp } from '../support/app';
import { countQueries } from '../catalog/support';
import { createSku, idempotencyKey, markOrderPaid, shopper, Shopper, ShopApp, startShop } from './shop';

const SALT = 'test-kuaidi100-salt-0123456789';
const SECRET = 'test-logistics-webhook-secret-0123';
const K100 = '/v1/webhooks/logistics/kuaidi100';
const GENERIC = '/v1/webhooks/logistics/generic';

const md5Upper = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
const trackingNumber = () => `SF${randomBytes(6).toString('hex').toUpperCase()}`;

interface K100Entry {
  context: string;
  ftime: string;
  status?: string;
  areaName?: string;
}

/** A Kuaidi100 push param: the whole history, newest first, times in China time. */
function k100Param(nu: string, state: string, data: K100Entry[], com = 'shunfeng'): string {
  return JSON.stringify({
    status: state === '3' ? 'shutdown' : 'polling',
    billstatus: 'got',
    message: '',
    lastResult: {
      message: 'ok',
      nu,
      ischeck: state === '3' ? '1' : '0',
      condition: 'F00',
      com,
      status: '200',
      state,
      data: data.map((d) => ({ ...d, time: d.ftime })),
    },
  });
}

const COLLECTED: K100Entry = { context: '【深圳市】顺丰速运 已收取快件', ftime: '2026-11-22 18:00:00', areaName: '广东,深圳市' };
const IN_TRANSIT: K100Entry = { context: '快件已发车，发往北京', ftime: '2026-11-23 02:10:00' };
const OUT_FOR_DELIVERY: K100Entry = { context: '快递员正在派件', ftime: '2026-11-24 08:30:00', status: '派件' };
const SIGNED: K100Entry = { context: '已签收，签收人：本人', ftime: '2026-11-24 11:05:30', status: '签收' };

describe('shipment tracking pushes', () => {
  let t: ShopApp;
  before(async () => {
    t = await startShop({ KUAIDI100_SALT: SALT, LOGISTICS_WEBHOOK_SECRET: SECRET });
  });
  after(() => t.close());

  async function shippedOrder(me: Shopper, shipments: { carrier: string; trackingNumber: string }[]) {
    const sku = await createSku(t, { stock: 10 });
    const placed = await t.http
      .post('/v1/store/orders')
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: shipments.length }] })
      .expect(201);
    const orderId = placed.body.id as string;
    const lineId = placed.body.items[0].id as string;
    await markOrderPaid(t, orderId);
    const ids: string[] = [];
    for (const s of shipments) {
      const res = await t.http
        .post(`/v1/admin/orders/${orderId}/shipments`)
        .set(t.admin)
        .send({ ...s, items: [{ orderLineId: lineId, quantity: 1 }] })
        .expect(201);
      ids.push(res.body.shipments.at(-1).id as string);
    }
    return { orderId, shipmentIds: ids };
  }

  const pushK100 = (param: string, sign: string | null = md5Upper(param + SALT)) => {
    const form = new URLSearchParams({ param, ...(sign === null ? {} : { sign }) });
    return t.http.post(K100).type('form').send(form.toString());
  };

  const pushGeneric = (body: unknown, { timestamp = Math.floor(Date.now() / 1000), secret = SECRET } = {}) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const signature = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex');
    return t.http
      .post(GENERIC)
      .set('content-type', 'application/json')
      .set('X-Logistics-Timestamp', String(timestamp))
      .set('X-Logistics-Signature', signature)
      .send(raw);
  };

  const detail = (me: Shopper, orderId: string) => t.http.get(`/v1/store/orders/${orderId}`).set(me.auth).expect(200);

  const stored = async (shipmentId: string) =>
    (
      (await t.db.query(`SELECT count(*)::int AS n FROM shipment_tracking_events WHERE shipment_id = $1`, [shipmentId])) as {
        n: number;
      }[]
    )[0].n;

  const stateOf = async (shipmentId: string) =>
    (
      (await t.db.query(
        `SELECT tracking_state AS "state", tracking_updated_at AS "updatedAt", delivered_at AS "deliveredAt" FROM order_shipments WHERE id = $1`,
        [shipmentId],
      )) as { state: string | null; updatedAt: Date | null; deliveredAt: Date | null }[]
    )[0];

  it("shows a signed Kuaidi100 push in the customer's and the staff's order detail, newest first", async () => {
    const me = await shopper(t);
    const nu = trackingNumber();
    const { orderId, shipmentIds } = await shippedOrder(me, [{ carrier: 'SF', trackingNumber: nu }]);

    const res = await pushK100(k100Param(nu, '0', [IN_TRANSIT, COLLECTED])).expect(200);
    expect(res.body).toEqual({ result: true, returnCode: '200', message: '成功' });

    const { body } = await detail(me, orderId);
    const tracking = [
      { occurredAt: '2026-11-22T18:10:00.000Z', status: null, description: IN_TRANSIT.context, location: null },
      { occurredAt: '2026-11-22T10:00:00.000Z', status: null, description: COLLECTED.context, location: '广东,深圳市' },
    ];
    expect(body.shipments).toEqual([
      expect.objectContaining({
        id: shipmentIds[0],
        trackingNumber: nu,
        trackingState: 'in_transit',
        trackingUpdatedAt: '2026-11-22T18:10:00.000Z',
        deliveredAt: null,
        tracking,
      }),
    ]);
    const admin = await t.http.get(`/v1/admin/orders/${orderId}`).set(t.admin).expect(200);
    expect(admin.body.shipments[0]).toMatchObject({ trackingState: 'in_transit', tracking });

    // Someone else's order stays someone else's.
    const stranger = await shopper(t);
    await t.http.get(`/v1/store/orders/${orderId}`).set(stranger.auth).expect(404);
  });

  it("reads all of an order's tracking in one query however many shipments it has", async () => {
    const me = await shopper(t);
    const one = await shippedOrder(me, [{ carrier: 'SF', trackingNumber: trackingNumber() }]);
    const [a, b] = [trackingNumber(), trackingNumber()];
    const two = await shippedOrder(me, [
      { carrier: 'SF', trackingNumber: a },
      { carrier: 'ZTO', trackingNumber: b },
    ]);
    await pushK100(k100Param(a, '5', [OUT_FOR_DELIVERY, IN_TRANSIT, COLLECTED])).expect(200);
    await pushK100(k100Param(b, '1', [COLLECTED], 'zhongtong')).expect(200);

    const bare = await countQueries(t, () => detail(me, one.orderId));
    const tracked = await countQueries(t, () => detail(me, two.orderId));
    expect(tracked.count).toBe(bare.count);

    const { body } = await detail(me, two.orderId);
    const byId = new Map((body.shipments as { id: string; trackingState: string; tracking: unknown[] }[]).map((s) => [s.id, s]));
    expect(byId.get(two.shipmentIds[0])).toMatchObject({ trackingState: 'out_for_delivery' });
    expect(byId.get(two.shipmentIds[0])!.tracking).toHaveLength(3);
    expect(byId.get(two.shipmentIds[0])!.tracking[0]).toMatchObject({
      status: 'out_for_delivery',
      description: OUT_FOR_DELIVERY.context,
    });
    expect(byId.get(two.shipmentIds[1])).toMatchObject({
      trackingState: 'collected',
      tracking: [expect.objectContaining({ description: COLLECTED.context })],
    });
  });

  it('sets deliveredAt when signed for; the full history pushed again stores nothing new', async () => {
    const me = await shopper(t);
    const nu = trackingNumber();
    const { orderId, shipmentIds } = await shippedOrder(me, [{ carrier: 'SF', trackingNumber: nu }]);
    await pushK100(k100Param(nu, '0', [IN_TRANSIT, COLLECTED])).expect(200);
    expect(await stored(shipmentIds[0])).toBe(2);

    const delivered = k100Param(nu, '3', [SIGNED, OUT_FOR_DELIVERY, IN_TRANSIT, COLLECTED]);
    await pushK100(delivered).expect(200);
    expect(await stored(shipmentIds[0])).toBe(4);
    const { body } = await detail(me, orderId);
    expect(body.shipments[0]).toMatchObject({
      trackingState: 'delivered',
      deliveredAt: '2026-11-24T03:05:30.000Z',
      trackingUpdatedAt: '2026-11-24T03:05:30.000Z',
    });
    expect(body.shipments[0].tracking.map((e: { description: string }) => e.description)).toEqual(
      [SIGNED, OUT_FOR_DELIVERY, IN_TRANSIT, COLLECTED].map((e) => e.context),
    );

    const before = await stateOf(shipmentIds[0]);
    expect((await pushK100(delivered).expect(200)).body).toMatchObject({ result: true });
    expect(await stored(shipmentIds[0])).toBe(4);
    expect(await stateOf(shipmentIds[0])).toEqual(before);
  });

  it('refuses a forged, missing or stale sign, a tampered or unreadable param and an unknown number, storing nothing', async () => {
    const me = await shopper(t);
    const nu = trackingNumber();
    const { shipmentIds } = await shippedOrder(me, [{ carrier: 'SF', trackingNumber: nu }]);
    const param = k100Param(nu, '3', [SIGNED, COLLECTED]);
    const refused = (returnCode: string) => ({ result: false, returnCode, message: expect.any(String) });

    expect((await pushK100(param, md5Upper(param + 'another-salt')).expect(401)).body).toEqual(refused('401'));
    expect((await pushK100(param, null).expect(401)).body).toEqual(refused('401'));
    expect((await pushK100(param, '').expect(401)).body).toEqual(refused('401'));
    // Signed for one param, sent with another.
    const tampered = param.replace('"state":"3"', '"state":"0"');
    expect((await pushK100(tampered, md5Upper(param + SALT)).expect(401)).body).toEqual(refused('401'));
    // Validly signed, but not JSON, or not a push.
    expect((await pushK100('{"lastResult": {"nu": ').expect(400)).body).toEqual(refused('400'));
    expect(
      (await pushK100(JSON.stringify({ lastResult: { nu, data: [{ context: 'x', ftime: 'soon' }] } })).expect(400)).body,
    ).toEqual(refused('400'));
    expect((await pushK100(k100Param(trackingNumber(), '0', [COLLECTED])).expect(404)).body).toEqual(refused('404'));
    // A form with nothing in it.
    expect((await t.http.post(K100).type('form').send('').expect(401)).body).toEqual(refused('401'));

    expect(await stored(shipmentIds[0])).toBe(0);
    expect(await stateOf(shipmentIds[0])).toEqual({ state: null, updatedAt: null, deliveredAt: null });
  });

  it('stores each event once and leaves one state when the same push arrives 10 times at once', async () => {
    const me = await shopper(t);
    const nu = trackingNumber();
    const { shipmentIds } = await shippedOrder(me, [{ carrier: 'SF', trackingNumber: nu }]);
    const param = k100Param(nu, '3', [SIGNED, OUT_FOR_DELIVERY, IN_TRANSIT, COLLECTED]);

    const answers = await Promise.all(Array.from({ length: 10 }, () => pushK100(param)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(await stored(shipmentIds[0])).toBe(4);
    expect(await stateOf(shipmentIds[0])).toEqual({
      state: 'delivered',
      updatedAt: new Date('2026-11-24T03:05:30Z'),
      deliveredAt: new Date('2026-11-24T03:05:30Z'),
    });
  });

  it('keeps the newer state when an older push arrives late, and still adds its events', async () => {
    const me = await shopper(t);
    const nu = trackingNumber();
    const { shipmentIds } = await shippedOrder(me, [{ carrier: 'SF', trackingNumber: nu }]);
    await pushK100(k100Param(nu, '5', [OUT_FOR_DELIVERY, IN_TRANSIT])).expect(200);
    // Older, and with an event the newer one lacked.
    await pushK100(k100Param(nu, '1', [COLLECTED])).expect(200);

    expect(await stored(shipmentIds[0])).toBe(3);
    expect(await stateOf(shipmentIds[0])).toEqual({
      state: 'out_for_delivery',
      updatedAt: new Date('2026-11-24T00:30:00Z'),
      deliveredAt: null,
    });
  });

  it("matches Kuaidi100's carrier code only when several shipments share a number, and refuses to guess", async () => {
    const me = await shopper(t);
    const nu = trackingNumber();
    // One waybill, three shipments: two by SF (orders shipped together), one by a carrier that reuses the number.
    const sf = await shippedOrder(me, [{ carrier: 'SF', trackingNumber: nu }]);
    const sfToo = await shippedOrder(me, [{ carrier: '顺丰', trackingNumber: nu }]);
    const other = await shippedOrder(me, [{ carrier: 'YTO', trackingNumber: nu }]);

    await pushK100(k100Param(nu, '0', [IN_TRANSIT, COLLECTED], 'shunfeng')).expect(200);
    expect([await stored(sf.shipmentIds[0]), await stored(sfToo.shipmentIds[0]), await stored(other.shipmentIds[0])]).toEqual([
      2, 2, 0,
    ]);

    // A code that names none of them: whose parcel it is cannot be told.
    const res = await pushK100(k100Param(nu, '0', [OUT_FOR_DELIVERY], 'zhongtong')).expect(409);
    expect(res.body).toEqual({ result: false, returnCode: '409', message: expect.any(String) });
    expect(await stored(other.shipmentIds[0])).toBe(0);

    // A number only one shipment has is taken whatever the code says (Kuaidi100 corrects wrong codes).
    const lone = trackingNumber();
    const local = await shippedOrder(me, [{ carrier: '同城快送', trackingNumber: lone }]);
    await pushK100(k100Param(lone, '1', [COLLECTED], 'tongchengkuaisong')).expect(200);
    expect(await stateOf(local.shipmentIds[0])).toMatchObject({ state: 'collected' });
  });

  describe('the generic source', () => {
    const events = [
      { occurredAt: '2026-11-22T09:00:00Z', status: 'collected', description: 'Picked up', location: 'Shenzhen' },
      { occurredAt: '2026-11-23T10:00:00+08:00', status: 'in_transit', description: 'Left the hub' },
      { occurredAt: '2026-11-23T03:00:00Z', description: 'Arrived at the hub' },
    ];

    it('stores signed events once and shows them', async () => {
      const me = await shopper(t);
      const nu = trackingNumber();
      const { orderId, shipmentIds } = await shippedOrder(me, [{ carrier: 'YTO', trackingNumber: nu }]);

      const res = await pushGeneric({ carrier: 'yto', trackingNumber: nu, events }).expect(200);
      expect(res.body).toEqual({ shipments: 1, storedEvents: 3 });
      const { body } = await detail(me, orderId);
      expect(body.shipments[0]).toMatchObject({
        trackingState: 'in_transit',
        trackingUpdatedAt: '2026-11-23T03:00:00.000Z',
        deliveredAt: null,
        tracking: [
          { occurredAt: '2026-11-23T03:00:00.000Z', status: null, description: 'Arrived at the hub', location: null },
          { occurredAt: '2026-11-23T02:00:00.000Z', status: 'in_transit', description: 'Left the hub', location: null },
          { occurredAt: '2026-11-22T09:00:00.000Z', status: 'collected', description: 'Picked up', location: 'Shenzhen' },
        ],
      });

      // A replay, a moment later, stores nothing new.
      expect((await pushGeneric({ carrier: 'YTO', trackingNumber: nu, events }).expect(200)).body).toEqual({
        shipments: 1,
        storedEvents: 0,
      });
      const delivered = [{ occurredAt: '2026-11-24T01:00:00Z', status: 'delivered', description: 'Delivered' }];
      await pushGeneric({ carrier: 'YTO', trackingNumber: nu, events: delivered }).expect(200);
      expect(await stateOf(shipmentIds[0])).toEqual({
        state: 'delivered',
        updatedAt: new Date('2026-11-24T01:00:00Z'),
        deliveredAt: new Date('2026-11-24T01:00:00Z'),
      });
      expect(await stored(shipmentIds[0])).toBe(4);
    });

    it('refuses a bad, stale or missing signature, an invalid body and an unknown shipment, storing nothing', async () => {
      const me = await shopper(t);
      const nu = trackingNumber();
      const { shipmentIds } = await shippedOrder(me, [{ carrier: 'YTO', trackingNumber: nu }]);
      const body = { carrier: 'YTO', trackingNumber: nu, events };
      const problem = (status: number, code: string) => ({ status, code });

      const forged = await pushGeneric(body, { secret: 'not-our-secret-at-all' }).expect(401);
      expect(forged.headers['content-type']).toContain('application/problem+json');
      expect(forged.body).toMatchObject(problem(401, 'TRACKING_SIGNATURE_INVALID'));
      const stale = await pushGeneric(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }).expect(401);
      expect(stale.body).toMatchObject(problem(401, 'TRACKING_SIGNATURE_INVALID'));
      await t.http.post(GENERIC).set('content-type', 'application/json').send(JSON.stringify(body)).expect(401);

      const invalid = await pushGeneric({
        carrier: 'YTO',
        trackingNumber: nu,
        events: [{ occurredAt: '2026-11-23 10:00:00', status: 'teleported', description: '' }],
        extra: true,
      }).expect(400);
      expect(invalid.body).toMatchObject(problem(400, 'VALIDATION_FAILED'));
      expect((invalid.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'events[0].description',
        'events[0].occurredAt',
        'events[0].status',
        'extra',
      ]);
      expect((await pushGeneric('{"carrier": "YTO",').expect(400)).body).toMatchObject(problem(400, 'MALFORMED_REQUEST'));

      expect((await pushGeneric({ ...body, trackingNumber: trackingNumber() }).expect(404)).body).toMatchObject(
        problem(404, 'NOT_FOUND'),
      );
      // Our own format names our carrier: the same number with another carrier is not this shipment.
      await pushGeneric({ ...body, carrier: 'SF' }).expect(404);

      expect(await stored(shipmentIds[0])).toBe(0);
      expect(await stateOf(shipmentIds[0])).toEqual({ state: null, updatedAt: null, deliveredAt: null });
    });
  });

  it('answers 404 for an unknown source', async () => {
    const res = await t.http.post('/v1/webhooks/logistics/sto').type('form').send('param=x&sign=y').expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('shipment tracking pushes without their secrets', () => {
  it('switches both sources off', async () => {
    const t = await startApp({ KUAIDI100_SALT: '', LOGISTICS_WEBHOOK_SECRET: '' });
    try {
      const param = k100Param('SF1', '0', [COLLECTED]);
      await t.http
        .post(K100)
        .type('form')
        .send(new URLSearchParams({ param, sign: md5Upper(param) }).toString())
        .expect(404);
      await t.http.post(GENERIC).set('content-type', 'application/json').send('{}').expect(404);
    } finally {
      await t.close();
    }
  });
});
