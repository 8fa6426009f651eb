import { Injectable, Logger } from '@nestjs/common';
import { Environment } from '../../config/environment';
import { kuaidi100SubscribeForm, kuaidi100SubscribeOutcome } from './domain/tracking';

const TIMEOUT_MS = 5_000;

/** Kuaidi100's subscription API (订阅): after it, Kuaidi100 pushes the waybill's tracking to our webhook. */
@Injectable()
export class Kuaidi100Client {
  private readonly logger = new Logger(Kuaidi100Client.name);

  constructor(private readonly env: Environment) {}

  isConfigured(): boolean {
    return Boolean(this.env.KUAIDI100_KEY && this.env.KUAIDI100_SALT && this.env.KUAIDI100_CALLBACK_URL);
  }

  /**
   * Subscribes one waybill. Throws when trying again may help (a network failure, their 500); a refusal that
   * will not change (unknown carrier, bad key) is logged for staff and given up.
   */
  async subscribe(shipment: { carrier: string; trackingNumber: string; phone: string | null }): Promise<boolean> {
    const form = kuaidi100SubscribeForm({
      key: this.env.KUAIDI100_KEY!,
      salt: this.env.KUAIDI100_SALT!,
      callbackUrl: this.env.KUAIDI100_CALLBACK_URL!,
      ...shipment,
    });
    const response = await fetch(this.env.KUAIDI100_POLL_URL, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const text = await response.text();
    let answer: { returnCode?: unknown; message?: unknown } = {};
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      // Not their JSON (a proxy's error page): treated as their server error.
    }
    const outcome = kuaidi100SubscribeOutcome(answer.returnCode ?? (response.status >= 500 ? 500 : response.status));
    if (outcome === 'retry')
      throw new Error(`kuaidi100 subscription of ${shipment.trackingNumber} failed: ${response.status} ${text.slice(0, 200)}`);
    if (outcome === 'refused') {
      this.logger.error(
        {
          trackingNumber: shipment.trackingNumber,
          carrier: shipment.carrier,
          returnCode: answer.returnCode,
          message: answer.message,
        },
        'kuaidi100 refused the subscription; its tracking will not be pushed',
      );
    }
    return outcome === 'subscribed';
  }
}
