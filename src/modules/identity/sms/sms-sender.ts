import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../domain/phone';
import { SmsCodePurpose } from '../domain/sms-code';

/** Delivers verification codes. A provider (Aliyun, Tencent Cloud...) implements this and is bound to SMS_SENDER. */
export interface SmsSender {
  /** Resolves once the provider accepted the message; rejects when it did not. */
  sendCode(message: SmsCodeMessage): Promise<void>;
}

export interface SmsCodeMessage {
  phone: string;
  purpose: SmsCodePurpose;
  code: string;
  ttlSeconds: number;
}

export const SMS_SENDER = Symbol('SMS_SENDER');

const REMEMBERED_PHONES = 10_000;

/**
 * SMS_SENDER=log: writes each code to the log instead of sending it, for development and tests.
 * It also remembers the last code per phone, so a test can read it with `app.get(SMS_SENDER)`.
 */
@Injectable()
export class LoggingSmsSender implements SmsSender {
  private readonly logger = new Logger('SmsSender');
  private readonly lastCodes = new Map<string, string>();

  async sendCode({ phone, purpose, code, ttlSeconds }: SmsCodeMessage): Promise<void> {
    this.logger.log(`${purpose} code for ${maskPhone(phone)}: ${code} (valid ${ttlSeconds} s)`);
    this.lastCodes.delete(phone);
    this.lastCodes.set(phone, code);
    // A long-running development server should not grow without bound.
    if (this.lastCodes.size > REMEMBERED_PHONES) this.lastCodes.delete(this.lastCodes.keys().next().value!);
  }

  lastCodeFor(phone: string): string | undefined {
    return this.lastCodes.get(phone);
  }
}
