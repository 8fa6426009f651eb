import { Injectable } from '@nestjs/common';
import { Environment } from '../../../config/environment';
import { signWebhook } from '../../../common/http/webhook-signature';
import { DeliveryChannel } from '../entities/notification-delivery.entity';
import { NotificationChannel, OutgoingNotification } from './notification-channel';

const TIMEOUT_MS = 10_000;

/** POSTs the notification as signed JSON to MERCHANT_WEBHOOK_URL; anything but a 2xx answer is a failed attempt. */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = DeliveryChannel.Webhook;

  constructor(private readonly env: Environment) {}

  isConfigured(): boolean {
    return Boolean(this.env.MERCHANT_WEBHOOK_URL && this.env.MERCHANT_WEBHOOK_SECRET);
  }

  async send(n: OutgoingNotification): Promise<void> {
    const body = JSON.stringify({
      id: n.notificationId,
      type: n.type,
      title: n.title,
      body: n.body,
      data: n.data,
      createdAt: n.createdAt.toISOString(),
    });
    // Signed per attempt: a retry carries a fresh timestamp, so receivers can keep a short tolerance.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(this.env.MERCHANT_WEBHOOK_URL!, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'commerce-api-webhooks/1',
        'x-commerce-event': n.type,
        'x-commerce-delivery': n.deliveryId,
        'x-commerce-timestamp': timestamp,
        'x-commerce-signature': signWebhook(this.env.MERCHANT_WEBHOOK_SECRET!, timestamp, body),
      },
    });
    // The answer's body is not used; reading it frees the connection for reuse.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`merchant webhook answered ${response.status}`);
  }
}
