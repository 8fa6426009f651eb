import { Injectable, Logger } from '@nestjs/common';

// Email and SMS providers plug in here: bind EMAIL_SENDER / SMS_SENDER to another implementation in
// NotificationModule. The default ones write the message to the log.

export const EMAIL_SENDER = Symbol('EMAIL_SENDER');
export const SMS_SENDER = Symbol('SMS_SENDER');

export interface EmailSender {
  /** Throws when the provider refused or could not be reached, so that the delivery is retried. */
  send(to: string, subject: string, text: string): Promise<void>;
}

export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}

@Injectable()
export class LoggingEmailSender implements EmailSender {
  private readonly logger = new Logger('EmailSender');

  async send(to: string, subject: string, text: string): Promise<void> {
    this.logger.log({ to, subject, text }, 'email (log sender)');
  }
}

@Injectable()
export class LoggingSmsSender implements SmsSender {
  private readonly logger = new Logger('SmsSender');

  async send(to: string, text: string): Promise<void> {
    this.logger.log({ to, text }, 'sms (log sender)');
  }
}
