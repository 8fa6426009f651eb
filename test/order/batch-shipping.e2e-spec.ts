import { randomBytes, randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { QueueName } from '../../src/common/queue/queue-names';
import { ShipmentImport } from '../../src/modules/order/entities/shipment-import.entity';
import {
  IMPORT_SHIPMENTS_JOB,
  shipmentImportJobId,
  ShipmentImportService,
} from '../../src/modules/order/shipment-import.service';
import { createStaff } from '../identity/helpers';
import { createSku, idempotencyKey, markOrderPaid, shopper, Shopper, ShopApp, startShop, stockOf } from './shop';
import { until } from '../support/eventually';

interface PlacedOrder {
  id: string;
  number: string;
}

interface ReportRow {
  line: number;
  status: string;
  orderId: string | null;
  shipmentId: string | null;
  code: string | null;
  message: string | null;
}

describe('batch shipping from a CSV upload', () => {
  let t: ShopApp;
  before(async () => {
    // Workers run the import job; a store of its own keeps other suites' workers off its queue.
    t = await startShop({}, { workers: true, isolated: true });
  });
  after(() => t.close());

  const k = () => randomBytes(3).toString('hex').toUpperCase();
  const place = async (me: Shopper, items: { skuId: string; quantity: number }[]): Promise<PlacedOrder> => {
    const res = await t.http
      .post('/v1/store/orders')
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ addressId: me.addressId, deliveryMethod: 'express', items });
    if (res.status !== 201) throw new Error(`order: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as PlacedOrder;
  };
  const pay = (orderId: string) => markOrderPaid(t, orderId);
  const upload = (csv: string) =>
    t.http.post('/v1/admin/orders/shipments/imports').set(t.admin).set('content-type', 'text/csv').send(csv);
  const report = (id: string) => t.http.get(`/v1/admin/orders/shipments/imports/${id}`).set(t.admin).expect(200);
  const finished = (id: string) =>
    until('the batch to finish', async () => {
      const res = await report(id);
      return res.body.status === 'completed' ? res.body : undefined;
    });
  const detail = async (orderId: string) => (await t.http.get(`/v1/admin/orders/${orderId}`).set(t.admin).expect(200)).body;
  const shipmentCount = async (orderIds: string[]) =>
    (
      (await t.db.query(`SELECT count(*)::int AS n FROM order_shipments WHERE order_id = ANY($1)`, [orderIds])) as { n: number }[]
    )[0].n;
  const batches = async () => ((await t.db.query(`SELECT count(*)::int AS n FROM shipment_imports`)) as { n: number }[])[0].n;

  it('ships the good parcels and reports the bad ones by line and code, leaving nothing half-written; a rerun ships nothing twice', async () => {
    const me = await shopper(t);
    const a = await createSku(t, { stock: 20 });
    const b = await createSku(t, { stock: 20 });
    const c = await createSku(t, { stock: 20 });
    const partial = await place(me, [
      { skuId: a.skuId, quantity: 3 },
      { skuId: b.skuId, quantity: 2 },
    ]);
    const whole = await place(me, [{ skuId: a.skuId, quantity: 1 }]);
    const unpaid = await place(me, [{ skuId: a.skuId, quantity: 1 }]);
    const exceeding = await place(me, [
      { skuId: c.skuId, quantity: 1 },
      { skuId: a.skuId, quantity: 1 },
    ]);
    const otherSku = await place(me, [{ skuId: b.skuId, quantity: 1 }]);
    for (const o of [partial, whole, exceeding, otherSku]) await pay(o.id);
    const gone = await place(me, [{ skuId: a.skuId, quantity: 1 }]);
    await t.http.post(`/v1/store/orders/${gone.id}/cancel`).set(me.auth).send({}).expect(200);

    const tag = k();
    const csv = [
      'order_number,carrier,tracking_number,sku_code,quantity',
      `${partial.number},SF,SF${tag}1,${a.code},2`, // 2
      `${whole.number},ZTO,ZTO${tag},,`, // 3
      `20990101999999,SF,SF${tag}X,,`, // 4: no such order
      `${gone.number},SF,SF${tag}C,,`, // 5: cancelled
      `${unpaid.number},SF,SF${tag}U,,`, // 6: unpaid express order
      `${exceeding.number},YTO,YTO${tag}1,${c.code},1`, // 7: fine alone, but its parcel...
      `${exceeding.number},YTO,YTO${tag}1,${a.code},5`, // 8: ...asks too much of a
      `${otherSku.number},YTO,YTO${tag}2,${a.code},1`, // 9: not a SKU of that order
      `${partial.number},SF,SF${tag}1,${b.code},2`, // 10: same parcel as line 2
      `${whole.number},SF,,,`, // 11: no tracking number
    ].join('\r\n');

    const stockBefore = await stockOf(t, c.skuId);
    const started = await upload(csv).expect(202);
    expect(started.body).toMatchObject({
      id: expect.any(String),
      totalRows: 10,
      status: expect.stringMatching(/queued|processing|completed/),
    });
    const done = await finished(started.body.id);
    expect(done).toMatchObject({
      totalRows: 10,
      shippedParcels: 2,
      shippedRows: 3,
      failedRows: 7,
      error: null,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    const byLine = Object.fromEntries((done.rows as ReportRow[]).map((r) => [r.line, r]));
    expect(Object.keys(byLine).map(Number)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(byLine[2]).toMatchObject({
      status: 'shipped',
      orderNumber: partial.number,
      carrier: 'SF',
      trackingNumber: `SF${tag}1`,
      skuCode: a.code,
      quantity: 2,
      orderId: partial.id,
      shipmentId: expect.any(String),
      code: null,
    });
    expect(byLine[10]).toMatchObject({ status: 'shipped', skuCode: b.code, shipmentId: byLine[2].shipmentId });
    expect(byLine[3]).toMatchObject({ status: 'shipped', orderId: whole.id, skuCode: null, quantity: null });
    const failed = (line: number) => [byLine[line].status, byLine[line].code, byLine[line].orderId];
    expect(failed(4)).toEqual(['failed', 'ORDER_NUMBER_UNKNOWN', null]);
    expect(failed(5)).toEqual(['failed', 'ILLEGAL_ORDER_TRANSITION', gone.id]);
    expect(byLine[5].message).toContain('cancelled');
    expect(failed(6)).toEqual(['failed', 'ILLEGAL_ORDER_TRANSITION', unpaid.id]);
    expect(byLine[6].message).toContain('pending_payment');
    expect(failed(7)).toEqual(['failed', 'SHIPMENT_EXCEEDS_ORDER', exceeding.id]);
    expect(failed(8)).toEqual(['failed', 'SHIPMENT_EXCEEDS_ORDER', exceeding.id]);
    expect(byLine[8].message).toContain(a.code);
    expect(failed(9)).toEqual(['failed', 'SKU_NOT_ON_ORDER', otherSku.id]);
    expect(byLine[9].message).toContain(a.code);
    expect(failed(11)).toEqual(['failed', 'INVALID_SHIPMENT_ROW', null]);
    expect(byLine[11].message).toBe('tracking_number is required');

    // The good parcels are shipments of their orders, with their tracking numbers.
    const partialNow = await detail(partial.id);
    expect(partialNow).toMatchObject({ status: 'paid', partiallyShipped: true });
    expect(partialNow.shipments).toEqual([
      expect.objectContaining({
        id: byLine[2].shipmentId,
        carrier: 'SF',
        trackingNumber: `SF${tag}1`,
        items: expect.arrayContaining([
          expect.objectContaining({ skuCode: a.code, quantity: 2 }),
          expect.objectContaining({ skuCode: b.code, quantity: 2 }),
        ]),
      }),
    ]);
    const wholeNow = await detail(whole.id);
    expect(wholeNow).toMatchObject({ status: 'shipped', partiallyShipped: false });
    expect(wholeNow.shipments).toMatchObject([{ carrier: 'ZTO', trackingNumber: `ZTO${tag}` }]);
    // The failed parcels left nothing: no shipment (not even of the acceptable line 7), stock untouched.
    expect(await shipmentCount([exceeding.id, otherSku.id, gone.id, unpaid.id])).toBe(0);
    expect((await detail(exceeding.id)).status).toBe('paid');
    expect(await stockOf(t, c.skuId)).toEqual(stockBefore);

    // Running the job again (finished, or as if it had crashed and lost its failures) ships nothing twice.
    const imports = t.app.get(ShipmentImportService);
    await imports.process(started.body.id);
    await t.app
      .get<Queue>(getQueueToken(QueueName.OrderShipmentImports))
      .add(IMPORT_SHIPMENTS_JOB, { importId: started.body.id }, { jobId: shipmentImportJobId(started.body.id) });
    await t.db.query(`DELETE FROM shipment_import_rows WHERE import_id = $1 AND status = 'failed'`, [started.body.id]);
    await t.db.query(`UPDATE shipment_imports SET status = 'processing' WHERE id = $1`, [started.body.id]);
    await imports.process(started.body.id);
    const again = (await report(started.body.id)).body;
    expect(again).toMatchObject({ status: 'completed', shippedParcels: 2, shippedRows: 3, failedRows: 7 });
    expect(again.rows).toEqual(done.rows);
    expect(await shipmentCount([partial.id, whole.id])).toBe(2);
  });

  it('ships each parcel once when two runs of one batch race; reads the Chinese header of carrier exports', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 50 });
    const orders: PlacedOrder[] = [];
    for (let i = 0; i < 6; i++) orders.push(await place(me, [{ skuId: sku.skuId, quantity: 2 }]));
    for (const o of orders) await pay(o.id);
    const tag = k();
    // A parcel of one unit each, then the rest: the second parcel of an order must see the first.
    const csv = [
      '订单号,快递公司,快递单号,商品编码,数量',
      ...orders.map((o, i) => `="${o.number}",顺丰,SF${tag}${i}A,${sku.code},1`),
      ...orders.map((o, i) => `${o.number},顺丰,SF${tag}${i}B,,`),
    ].join('\n');
    // Stored without a queued job, so only the two racing calls run it.
    const { identifiers } = await t.db
      .getRepository(ShipmentImport)
      .insert({ csv, totalRows: 12, createdBy: (await t.http.get('/v1/admin/me').set(t.admin)).body.id });
    const id = identifiers[0].id as string;
    const imports = t.app.get(ShipmentImportService);
    await Promise.all([imports.process(id), imports.process(id)]);
    const done = (await report(id)).body;
    expect(done).toMatchObject({ status: 'completed', shippedParcels: 12, shippedRows: 12, failedRows: 0 });
    expect(await shipmentCount(orders.map((o) => o.id))).toBe(12);
    for (const o of orders) expect((await detail(o.id)).status).toBe('shipped');
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 38, reserved: 0 });
  });

  it('refuses an unusable CSV at once and stores nothing', async () => {
    const before = await batches();
    const refused = async (body: string, detail: string) => {
      const res = await upload(body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, code: 'SHIPMENT_IMPORT_UNREADABLE' });
      expect(res.body.detail).toContain(detail);
    };
    await refused('order_number,carrier\n1,SF', 'missing column "tracking_number"');
    await refused('order_number,carrier,tracking_number,qty\n1,SF,X,2', 'unknown column "qty"');
    await refused('order_number,carrier,tracking_number\n"1,SF,X', 'line 2');
    await refused('', 'empty');
    await refused('order_number,carrier,tracking_number\n', 'no rows');
    const many = ['order_number,carrier,tracking_number', ...Array.from({ length: 5001 }, (_, i) => `${i},SF,X${i}`)].join('\n');
    await refused(many, 'at most 5000');
    await t.http.post('/v1/admin/orders/shipments/imports').set(t.admin).send({ csv: 'x' }).expect(400);
    expect(await batches()).toBe(before);
    await t.http.get(`/v1/admin/orders/shipments/imports/${randomUUID()}`).set(t.admin).expect(404);
  });

  it('asks for orders.manage to upload and orders.read to read the report', async () => {
    const csv = 'order_number,carrier,tracking_number\n20990101000000,SF,X';
    const me = await shopper(t);
    await t.http.post('/v1/admin/orders/shipments/imports').set('content-type', 'text/csv').send(csv).expect(401);
    await t.http.post('/v1/admin/orders/shipments/imports').set(me.auth).set('content-type', 'text/csv').send(csv).expect(403);
    const owner = t.admin.Authorization.slice('Bearer '.length);
    const reader = await createStaff(t, owner, ['orders.read']);
    await t.http
      .post('/v1/admin/orders/shipments/imports')
      .set({ Authorization: `Bearer ${reader.accessToken}` })
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(403);
    const started = await upload(csv).expect(202);
    await t.http.get(`/v1/admin/orders/shipments/imports/${started.body.id}`).expect(401);
    await t.http.get(`/v1/admin/orders/shipments/imports/${started.body.id}`).set(me.auth).expect(403);
    const read = await t.http
      .get(`/v1/admin/orders/shipments/imports/${started.body.id}`)
      .set({ Authorization: `Bearer ${reader.accessToken}` })
      .expect(200);
    expect(read.body.id).toBe(started.body.id);
    const done = await finished(started.body.id);
    expect(done.rows).toMatchObject([{ line: 2, status: 'failed', code: 'ORDER_NUMBER_UNKNOWN' }]);
  });
});
