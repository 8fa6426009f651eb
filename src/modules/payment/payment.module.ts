import { Module } from '@nestjs/common';
import { WebhookRawBody } from '../../common/http/webhook-raw-body';
import { Environment } from '../../config/environment';
import { NotificationModule } from '../notification/notification.module';
import { OrderModule } from '../order/order.module';
import { AdminBillChecksController } from './admin-bill-checks.controller';
import { AdminPaymentsController } from './admin-payments.controller';
import { BillCheckService } from './bill-check.service';
import { PaymentReconcileProcessor } from './jobs/payment-reconcile.processor';
import { PaymentReconciliationService } from './payment-reconciliation.service';
import { PaymentRepository } from './payment.repository';
import { PaymentService } from './payment.service';
import { PaymentSettlementService } from './payment-settlement.service';
import { PaymentWebhookService } from './payment-webhook.service';
import { PaymentWebhooksController } from './payment-webhooks.controller';
import { AlipayProvider } from './providers/alipay/alipay.provider';
import { MockPaymentProvider } from './providers/mock/mock-payment.provider';
import { PAYMENT_PROVIDERS, PaymentProvider } from './providers/payment-provider';
import { PaymentProviders } from './providers/payment-providers';
import { WechatPayProvider } from './providers/wechatpay/wechatpay.provider';
import { RefundService } from './refund.service';
import { StorePaymentsController } from './store-payments.controller';

// Every provider implementation: one line each. PAYMENT_PROVIDERS (env) picks which are switched on;
// constructing one must not need its configuration (that is checked when it is switched on).
const PROVIDER_CLASSES = [MockPaymentProvider, WechatPayProvider, AlipayProvider];

/** Payments of orders through providers, their webhooks, refunds and reconciliation. */
@Module({
  imports: [OrderModule, NotificationModule],
  controllers: [StorePaymentsController, AdminBillChecksController, AdminPaymentsController, PaymentWebhooksController],
  providers: [
    ...PROVIDER_CLASSES,
    {
      provide: PAYMENT_PROVIDERS,
      inject: [Environment, ...PROVIDER_CLASSES],
      useFactory: (env: Environment, ...all: PaymentProvider[]) => {
        const on = env.paymentProviders;
        return all.filter((p) => on.includes(p.name));
      },
    },
    PaymentProviders,
    PaymentRepository,
    PaymentService,
    PaymentSettlementService,
    PaymentWebhookService,
    PaymentReconciliationService,
    RefundService,
    BillCheckService,
    WebhookRawBody,
  ],
  exports: [PaymentService, RefundService, PaymentProviders, PaymentReconciliationService, BillCheckService],
})
export class PaymentModule {}

/** The payment module's queue processors (reconciliation); imported only where workers run. */
@Module({
  imports: [PaymentModule],
  providers: [PaymentReconcileProcessor],
})
export class PaymentJobsModule {}
