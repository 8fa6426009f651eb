import { randomBytes } from 'node:crypto';
import { mockSignature } from '../../src/modules/payment/providers/mock/mock-payment.provider';
import { createSku, idempotencyKey, Shopper, ShopApp, startShop } from '../order/shop';

export const MOCK_SECRET = 'test-mock-payment-secret-0123456789';

/** The real app with the mock provider switched on and a staff login. */
export function startPayShop(overrides: Record<string, string> = {}, options: { workers?: boolean } = {}): Promise<ShopApp> {
  return startShop({ PAYMENT_PROVIDERS: 'mock', MOCK_PAYMENT_SECRET: MOCK_SECRET, ...overrides }, options);
}

export interface PlacedOrder {
  id: string;
  number: string;
  total: number;
  skuId: string;
}

/** A pending_payment order of one fresh SKU (stock 10) for the shopper. */
export async function placeOrder(t: ShopApp, me: Shopper, { price = 1000, quantity = 1 } = {}): Promise<PlacedOrder> {
  const sku = await createSku(t, { price, stock: 10 });
  const res = await t.http
    .post('/v1/store/orders')
    .set(me.auth)
    .set('Idempotency-Key', idempotencyKey())
    .send({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity }] });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, number: res.body.number, total: res.body.total, skuId: sku.skuId };
}

export interface CreatedPayment {
  id: string;
  outTradeNo: string;
  amount: number;
}

export async function createPayment(t: ShopApp, me: Shopper, orderId: string, key = idempotencyKey()): Promise<CreatedPayment> {
  const res = await t.http
    .post(`/v1/store/orders/${orderId}/payments`)
    .set(me.auth)
    .set('Idempotency-Key', key)
    .send({ provider: 'mock' });
  if (res.status !== 201) throw new Error(`payment: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedPayment;
}

export const transactionId = () => `mock-tx-${randomBytes(8).toString('hex')}`;

/** Posts a raw body to the mock webhook, signed with `secret` unless a signature is given. */
export function postMock(
  t: ShopApp,
  raw: string,
  { secret = MOCK_SECRET, signature }: { secret?: string; signature?: string | null } = {},
) {
  const req = t.http.post('/v1/webhooks/payments/mock').set('content-type', 'application/json');
  const sig = signature === undefined ? mockSignature(secret, raw) : signature;
  if (sig !== null) req.set('x-mock-signature', sig);
  return req.send(raw);
}

/** The mock provider reports a success for the payment. */
export function notifySuccess(t: ShopApp, payment: CreatedPayment, { amount = payment.amount, tx = transactionId() } = {}) {
  return postMock(t, JSON.stringify({ outTradeNo: payment.outTradeNo, transactionId: tx, status: 'succeeded', amount }));
}

export async function orderStatus(t: ShopApp, orderId: string): Promise<string> {
  const [row] = await t.db.query('SELECT status FROM orders WHERE id = $1', [orderId]);
  return row.status as string;
}

export async function outboxCount(t: ShopApp, aggregateId: string, type: string): Promise<number> {
  const [row] = await t.db.query('SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1 AND type = $2', [
    aggregateId,
    type,
  ]);
  return row.n as number;
}

export async function paymentRow(t: ShopApp, id: string) {
  const [row] = await t.db.query('SELECT * FROM payments WHERE id = $1', [id]);
  return row as Record<string, unknown>;
}
