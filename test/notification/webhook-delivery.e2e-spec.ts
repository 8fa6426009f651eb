import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Job } from 'bullmq';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { inTransaction } from '../../src/common/database';
import { InventoryService } from '../../src/modules/inventory/inventory.service';
import { verifyWebhook } from '../../src/common/http/webhook-signature';
import { DeliveryChannel } from '../../src/modules/notification/entities/notification-delivery.entity';
import { NotificationDeliveryProcessor, SWEEP_JOB } from '../../src/modules/notification/jobs/notification-delivery.processor';
import { NotificationRepository } from '../../src/modules/notification/notification.repository';
import { NotificationService } from '../../src/modules/notification/notification.service';
import { TestApp } from '../support/app';
import { startIsolatedApp } from '../support/isolated';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

const SECRET = `whsec-${randomBytes(12).toString('hex')}`;

describe('merchant webhook deliveries', () => {
  let server: Server;
  let t: TestApp;
  const received: Received[] = [];
  // Answers by data.scriptKey or data.skuId (low-stock warnings), in order; then 200.
  const script = new Map<string, number[]>();

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const { id, data } = JSON.parse(body) as { id: string; data: { skuId?: string; scriptKey?: string } };
        const status = script.get(data.scriptKey ?? data.skuId ?? id)?.shift() ?? 200;
        received.push({ headers: req.headers, body, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try again');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await startIsolatedApp(
      {
        MERCHANT_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/commerce`,
        MERCHANT_WEBHOOK_SECRET: SECRET,
        MERCHANT_NOTIFY_EMAIL: 'owner@example.com',
        NOTIFICATION_DELIVERY_ATTEMPTS: '3',
        NOTIFICATION_DELIVERY_BACKOFF_MS: '200',
      },
      { workers: true },
    );
  });
  after(async () => {
    await t?.close();
    server?.close();
  });

  const deliveriesOf = (
    notificationId: string,
  ): Promise<{ id: string; channel: string; status: string; attempts: number; last_error: string | null }[]> =>
    t.db.query(
      'SELECT id, channel, status, attempts, last_error FROM notification_deliveries WHERE notification_id = $1 ORDER BY channel',
      [notificationId],
    );
  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const hitsFor = (notificationId: string) =>
    received.filter((r) => (JSON.parse(r.body) as { id: string }).id === notificationId);

  it('delivers a low-stock warning signed, and retries after the merchant first answers 500', async () => {
    const skuId = randomUUID();
    await inTransaction(t.db, async (em) => {
      const inventory = t.app.get(InventoryService);
      await inventory.createStockItems(em, [
        { skuId, productId: randomUUID(), skuCode: 'TEE-RED-M', onHand: 12, lowStockThreshold: 10 },
      ]);
    });
    // The merchant answers this SKU's first warning with a 500.
    script.set(skuId, [500]);
    await inTransaction(t.db, (em) => t.app.get(InventoryService).reserve(em, `order:${randomUUID()}`, [{ skuId, quantity: 3 }]));

    const [notification] = await waitFor('the low-stock notification', async () => {
      const rows: { id: string }[] = await t.db.query(`SELECT id FROM notifications WHERE data->>'skuId' = $1`, [skuId]);
      return rows.length ? rows : undefined;
    });
    const deliveries = await waitFor('the webhook delivery', async () => {
      const rows = await deliveriesOf(notification.id);
      return rows.find((d) => d.channel === 'webhook')?.status === 'delivered' ? rows : undefined;
    });

    const webhook = deliveries.find((d) => d.channel === 'webhook')!;
    expect(webhook).toMatchObject({ status: 'delivered', attempts: 2, last_error: null });
    expect(deliveries.find((d) => d.channel === 'email')).toMatchObject({ status: 'delivered', attempts: 1 });

    const hits = hitsFor(notification.id);
    expect(hits.map((h) => h.status)).toEqual([500, 200]);
    for (const hit of hits) {
      expect(hit.headers['content-type']).toBe('application/json');
      expect(hit.headers['x-commerce-event']).toBe('inventory.low-stock');
      expect(hit.headers['x-commerce-delivery']).toBe(webhook.id);
      const timestamp = hit.headers['x-commerce-timestamp'] as string;
      const signature = hit.headers['x-commerce-signature'] as string;
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifyWebhook(SECRET, timestamp, hit.body, signature)).toBe(true);
      expect(verifyWebhook('not-the-secret-0000', timestamp, hit.body, signature)).toBe(false);
    }
    expect(JSON.parse(hits[1].body)).toMatchObject({
      id: notification.id,
      type: 'inventory.low-stock',
      title: 'Low stock: TEE-RED-M',
      data: { skuId, skuCode: 'TEE-RED-M', available: 9, threshold: 10, reason: 'reserve' },
      createdAt: expect.any(String),
    });
  });

  it('marks a delivery failed with its last error after the last attempt', async () => {
    const notifications = t.app.get(NotificationService);
    // Scripted before the notification exists: its delivery may start as soon as it commits.
    const scriptKey = randomUUID();
    script.set(scriptKey, [503, 503, 503, 503]);
    const { notification } = await inTransaction(t.db, (em) =>
      notifications.notify(em, {
        type: 'test.failing',
        title: 'Failing',
        body: 'Answered 503 every time',
        data: { scriptKey },
        dedupeKey: `test:${randomUUID()}`,
      }),
    );
    const webhook = await waitFor('the failed delivery', async () => {
      const d = (await deliveriesOf(notification.id)).find((x) => x.channel === 'webhook');
      return d?.status === 'failed' ? d : undefined;
    });
    expect(webhook).toMatchObject({ status: 'failed', attempts: 3, last_error: 'merchant webhook answered 503' });
    expect(hitsFor(notification.id)).toHaveLength(3);
  });

  it('sweeps up a pending delivery whose job was lost', async () => {
    const repository = t.app.get(NotificationRepository);
    const scriptKey = randomUUID();
    // A notification whose delivery was recorded but never queued, untouched for an hour.
    const notificationId = await inTransaction(t.db, async (em) => {
      const id = (await repository.insertNotification(em, {
        type: 'test.lost',
        title: 'Lost',
        body: 'Its job vanished',
        data: { scriptKey },
        dedupeKey: `test:${randomUUID()}`,
      }))!;
      await repository.insertDeliveries(em, id, [DeliveryChannel.Webhook]);
      await em.query(`UPDATE notification_deliveries SET updated_at = now() - interval '1 hour' WHERE notification_id = $1`, [
        id,
      ]);
      return id;
    });
    const outcome = await t.app.get(NotificationDeliveryProcessor).process({ name: SWEEP_JOB } as Job);
    expect(outcome).toEqual({ requeued: expect.any(Number) });
    const [webhook] = await waitFor('the swept delivery', async () => {
      const rows = await deliveriesOf(notificationId);
      return rows[0]?.status === 'delivered' ? rows : undefined;
    });
    expect(webhook).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(hitsFor(notificationId)).toHaveLength(1);
  });

  it('sends nothing again for a replayed notification', async () => {
    const notifications = t.app.get(NotificationService);
    const dedupeKey = `test:${randomUUID()}`;
    const input = { type: 'test.replayed', title: 'Once', body: 'Only once', data: { n: 1 }, dedupeKey };
    const first = await inTransaction(t.db, (em) => notifications.notify(em, input));
    const again = await inTransaction(t.db, (em) => notifications.notify(em, input));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, notification: { id: first.notification.id } });
    await waitFor('the delivery', async () =>
      (await deliveriesOf(first.notification.id)).every((d) => d.status === 'delivered') ? true : undefined,
    );
    await sleep(500);
    expect(hitsFor(first.notification.id)).toHaveLength(1);
  });
});
