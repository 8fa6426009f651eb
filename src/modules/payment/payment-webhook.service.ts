import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors';
import { PaymentEventType } from './entities/payment-event.entity';
import { PaymentRepository } from './payment.repository';
import { PaymentSettlementService } from './payment-settlement.service';
import { ProviderReport, WebhookRejectedError, WebhookReply } from './providers/payment-provider';
import { PaymentProviders } from './providers/payment-providers';
import { RefundService } from './refund.service';

// Headers worth keeping with a message: what verification used, and what support asks about.
const AUDITED_HEADER = /^(content-type|user-agent|request-id|x-request-id|x-mock-signature|wechatpay-[a-z-]+)$/;

function auditedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name, value]) => AUDITED_HEADER.test(name.toLowerCase()) && value !== undefined)
      .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)]),
  );
}

/**
 * The one webhook path of every provider: verify (before reading anything), record, apply through
 * the same function reconciliation uses, and answer in the provider's format.
 */
@Injectable()
export class PaymentWebhookService {
  private readonly logger = new Logger(PaymentWebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PaymentRepository,
    private readonly providers: PaymentProviders,
    private readonly settlement: PaymentSettlementService,
    private readonly refunds: RefundService,
  ) {}

  async handle(
    providerName: string,
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
  ): Promise<WebhookReply> {
    const provider = this.providers.find(providerName);
    if (!provider) throw new NotFoundError('Payment provider');
    const audit = { rawBody: rawBody.toString('utf8'), headers: auditedHeaders(headers) };

    let report: ProviderReport;
    try {
      report = await provider.verifyNotification({ headers, rawBody });
    } catch (error) {
      const rejected = error instanceof WebhookRejectedError;
      const reason = rejected ? error.reason : 'the notification could not be verified';
      if (!rejected) this.logger.error({ err: error }, `${provider.name} notification: verification failed unexpectedly`);
      await this.repository.recordEvent(this.dataSource.manager, {
        provider: provider.name,
        type: PaymentEventType.Notification,
        verified: false,
        outcome: 'rejected',
        error: reason,
        ...audit,
      });
      return { ...provider.reply(false, reason), status: rejected ? error.status : 500 };
    }

    const source = { type: PaymentEventType.Notification, verified: true, ...audit };
    try {
      const result =
        report.kind === 'payment'
          ? await this.settlement.apply(provider.name, report, source)
          : await this.refunds.applyReport(provider.name, report, source);
      if (result.ok) return provider.reply(true);
      const refused = provider.reply(false, result.outcome);
      return { ...refused, status: refused.status < 400 ? 404 : refused.status };
    } catch (error) {
      // Nothing was applied (the transaction rolled back): keep the message, let the provider retry.
      this.logger.error({ err: error }, `${provider.name} notification could not be processed`);
      await this.repository.recordEvent(this.dataSource.manager, {
        provider: provider.name,
        ...source,
        outcome: 'error',
        error: error instanceof Error ? error.message : String(error),
      });
      return { ...provider.reply(false, 'processing failed'), status: 500 };
    }
  }
}
