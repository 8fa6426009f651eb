import { Module } from '@nestjs/common';
import { AdminNotificationController } from './admin-notification.controller';
import { EMAIL_SENDER, LoggingEmailSender, LoggingSmsSender, SMS_SENDER } from './channels/message-senders';
import { EmailChannel, SmsChannel } from './channels/message.channels';
import { NotificationChannels } from './channels/notification-channels';
import { WebhookChannel } from './channels/webhook.channel';
import { NotificationDeliveryProcessor } from './jobs/notification-delivery.processor';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';

/** Merchant notifications: the list staff read, and deliveries to the merchant's webhook, email and SMS. */
@Module({
  controllers: [AdminNotificationController],
  providers: [
    NotificationService,
    NotificationRepository,
    NotificationChannels,
    WebhookChannel,
    EmailChannel,
    SmsChannel,
    { provide: EMAIL_SENDER, useClass: LoggingEmailSender },
    { provide: SMS_SENDER, useClass: LoggingSmsSender },
  ],
  exports: [NotificationService, NotificationRepository, NotificationChannels],
})
export class NotificationModule {}

/** The delivery worker; imported only by processes that run workers. */
@Module({
  imports: [NotificationModule],
  providers: [NotificationDeliveryProcessor],
})
export class NotificationJobsModule {}
