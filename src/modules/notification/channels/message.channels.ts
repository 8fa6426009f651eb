import { Inject, Injectable } from '@nestjs/common';
import { Environment } from '../../../config/environment';
import { DeliveryChannel } from '../entities/notification-delivery.entity';
import { EMAIL_SENDER, EmailSender, SMS_SENDER, SmsSender } from './message-senders';
import { NotificationChannel, OutgoingNotification } from './notification-channel';

/** Email to MERCHANT_NOTIFY_EMAIL through the configured EmailSender. */
@Injectable()
export class EmailChannel implements NotificationChannel {
  readonly name = DeliveryChannel.Email;

  constructor(
    private readonly env: Environment,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
  ) {}

  isConfigured(): boolean {
    return Boolean(this.env.MERCHANT_NOTIFY_EMAIL);
  }

  send(n: OutgoingNotification): Promise<void> {
    return this.sender.send(this.env.MERCHANT_NOTIFY_EMAIL!, n.title, n.body);
  }
}

/** SMS to MERCHANT_NOTIFY_PHONE through the configured SmsSender: the title and body, as one short text. */
@Injectable()
export class SmsChannel implements NotificationChannel {
  readonly name = DeliveryChannel.Sms;

  constructor(
    private readonly env: Environment,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
  ) {}

  isConfigured(): boolean {
    return Boolean(this.env.MERCHANT_NOTIFY_PHONE);
  }

  send(n: OutgoingNotification): Promise<void> {
    return this.sender.send(this.env.MERCHANT_NOTIFY_PHONE!, `${n.title}: ${n.body}`);
  }
}
