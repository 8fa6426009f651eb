import { Injectable } from '@nestjs/common';
import { DeliveryChannel } from '../entities/notification-delivery.entity';
import { EmailChannel, SmsChannel } from './message.channels';
import { NotificationChannel } from './notification-channel';
import { WebhookChannel } from './webhook.channel';

/** The channels a notification can go out through, and which of them the configuration enables. */
@Injectable()
export class NotificationChannels {
  private readonly all: NotificationChannel[];

  constructor(webhook: WebhookChannel, email: EmailChannel, sms: SmsChannel) {
    this.all = [webhook, email, sms];
  }

  configured(): DeliveryChannel[] {
    return this.all.filter((c) => c.isConfigured()).map((c) => c.name);
  }

  get(name: DeliveryChannel): NotificationChannel | undefined {
    return this.all.find((c) => c.name === name);
  }
}
