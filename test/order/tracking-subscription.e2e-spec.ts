import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSku, idempotencyKey, markOrderPaid, shopper, ShopApp, startShop } from './shop';

const SALT = 'test-kuaidi100-salt-0123456789';
const CALLBACK = 'https://shop.example.com/v1/webhooks/logistics/kuaidi100';

interface Subscription {
  schema: string | null;
  param: { company: string; number: string; key: string; parameters: Record<string, string> };
}

describe('Kuaidi100 subscriptions when an order ships', () => {
  let server: Server;
  let t: ShopApp;
  const received: Subscription[] = [];
  // returnCodes to answer per waybill, in order; then 200.
  const script = new Map<string, string[]>();

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const param = JSON.parse(form.get('param') ?? '{}') as Subscription['param'];
        received.push({ schema: form.get('schema'), param });
        const returnCode = script.get(param.number)?.shift() ?? '200';
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            result: returnCode === '200',
            returnCode,
            message: returnCode === '200' ? '提交成功' : '服务器错误',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await startShop(
      {
        KUAIDI100_KEY: 'test-kuaidi100-key',
        KUAIDI100_SALT: SALT,
        KUAIDI100_CALLBACK_URL: CALLBACK,
        KUAIDI100_POLL_URL: `http://127.0.0.1:${port}/poll`,
      },
      { workers: true, isolated: true },
    );
  });
  after(async () => {
    await t?.close();
    server?.close();
  });

  const waitFor = async (what: string, done: () => boolean) => {
    for (let i = 0; i < 200; i++) {
      if (done()) return;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it("subscribes each of the order's waybills once it ships, trying again after Kuaidi100's 500", async () => {
    const me = await shopper(t, '13900139000');
    const sku = await createSku(t, { stock: 10 });
    const placed = await t.http
      .post('/v1/store/orders')
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 2 }] })
      .expect(201);
    const orderId = placed.body.id as string;
    const lineId = placed.body.items[0].id as string;
    await markOrderPaid(t, orderId);

    const sf = `SF${randomBytes(5).toString('hex')}`;
    const local = `LC${randomBytes(5).toString('hex')}`;
    script.set(sf, ['500']);
    const ship = (carrier: string, trackingNumber: string) =>
      t.http
        .post(`/v1/admin/orders/${orderId}/shipments`)
        .set(t.admin)
        .send({ carrier, trackingNumber, items: [{ orderLineId: lineId, quantity: 1 }] })
        .expect(201);
    await ship('SF', sf);
    // A partial shipment does not ship the order: nothing is subscribed yet.
    await sleep(500);
    expect(received.filter((r) => r.param.number === sf)).toEqual([]);
    await ship('Some local courier', local);

    const hits = (n: string) => received.filter((r) => r.param.number === n);
    await waitFor('both subscriptions', () => hits(sf).length === 2 && hits(local).length === 1);
    expect(hits(sf)[1]).toEqual({
      schema: 'json',
      param: {
        company: 'shunfeng',
        number: sf,
        key: 'test-kuaidi100-key',
        parameters: { callbackurl: CALLBACK, salt: SALT, resultv2: '1', phone: '13900139000' },
      },
    });
    expect(hits(local)[0].param).toMatchObject({ company: '', number: local, parameters: { autoCom: '1' } });

    // Done: nothing more is sent for this order.
    await sleep(1500);
    expect([hits(sf).length, hits(local).length]).toEqual([2, 1]);
  });
});
