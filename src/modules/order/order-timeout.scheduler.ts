import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EventBus } from '../../common/outbox';
import { QueueName } from '../../common/queue/queue-names';
import { OrderEvent, OrderStatusChangedPayload } from './order.events';

export const CANCEL_UNPAID_JOB = 'order.cancel-unpaid';
export const SWEEP_EXPIRED_JOB = 'order.sweep-expired';
export const AUTO_COMPLETE_JOB = 'order.complete-shipped';

/** Days after shipping when an order the shopper did not confirm is completed. */
export const AUTO_COMPLETE_AFTER_DAYS = 10;

export interface CancelUnpaidJob {
  orderId: string;
}

// BullMQ refuses ':' in custom job ids, so the deterministic id uses a dash.
export const timeoutJobId = (orderId: string) => `order-timeout-${orderId}`;

/**
 * Schedules the payment timeout of new orders, and drops it once the order is paid (it would find
 * nothing to do, but a busy shop would keep a delayed job per paid order for the whole timeout). The
 * processor runs only in worker processes.
 */
@Injectable()
export class OrderTimeoutScheduler implements OnModuleInit {
  private readonly logger = new Logger(OrderTimeoutScheduler.name);

  constructor(
    @InjectQueue(QueueName.OrderTimeouts) private readonly queue: Queue<CancelUnpaidJob>,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<OrderStatusChangedPayload>(OrderEvent.Paid, 'order.drop-payment-timeout', (event) =>
      this.drop(event.payload.orderId),
    );
  }

  private async drop(orderId: string): Promise<void> {
    try {
      await this.queue.remove(timeoutJobId(orderId));
    } catch (error) {
      // Running right now, or Redis away: the job re-checks the order and leaves a paid one alone.
      this.logger.warn({ err: error, orderId }, 'could not drop the payment timeout of a paid order');
    }
  }

  /**
   * Called after the order committed. A failure (Redis away) is logged, not thrown: the order
   * exists, and the sweep cancels it once it is past its expiry.
   */
  async schedule(orderId: string, expiresAt: Date): Promise<void> {
    try {
      await this.queue.add(
        CANCEL_UNPAID_JOB,
        { orderId },
        { jobId: timeoutJobId(orderId), delay: Math.max(0, expiresAt.getTime() - Date.now()) },
      );
    } catch (error) {
      this.logger.warn({ err: error, orderId }, 'could not schedule the payment timeout; the sweep will catch the order');
    }
  }
}
