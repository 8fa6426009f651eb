import type { BillEntry } from '../providers/payment-provider';

// Comparing a provider's daily trade bill (对账单) with our books. The bill is the provider's account
// of money that moved; each line must match a payment or refund of ours, and each payment we
// settled that day must be on the bill. What does not agree is a discrepancy for staff to look at.

export enum DiscrepancyKind {
  /** Money was paid for a trade number we never issued. */
  UnknownPayment = 'unknown_payment',
  /** The bill says paid; we do not (and asking the provider did not settle it). */
  PaymentNotSettled = 'payment_not_settled',
  PaymentAmountMismatch = 'payment_amount_mismatch',
  PaymentTransactionMismatch = 'payment_transaction_mismatch',
  /** We settled a payment that day that the bill does not list. */
  PaymentMissingFromBill = 'payment_missing_from_bill',
  /** A refund on the bill that we never asked for. */
  UnknownRefund = 'unknown_refund',
  /** The bill and we disagree on whether the refund went through. */
  RefundStatusMismatch = 'refund_status_mismatch',
  RefundAmountMismatch = 'refund_amount_mismatch',
  /** A refund we saw succeed that day that the bill does not list. */
  RefundMissingFromBill = 'refund_missing_from_bill',
}

export interface BookedPayment {
  id: string;
  outTradeNo: string;
  providerTransactionId: string | null;
  amount: number;
  /** Whether our books say the money arrived (succeeded, refunded or partially refunded). */
  settled: boolean;
  /** Settled within the bill's day. */
  paidThatDay: boolean;
}

export interface BookedRefund {
  id: string;
  outRefundNo: string;
  /** The trade it gives money back from. */
  outTradeNo: string;
  amount: number;
  status: 'pending' | 'processing' | 'succeeded' | 'failed';
  /** Seen succeeded within the bill's day. */
  completedThatDay: boolean;
}

export interface Discrepancy {
  kind: DiscrepancyKind;
  outTradeNo: string;
  outRefundNo?: string;
  paymentId?: string;
  refundId?: string;
  /** What the bill says, and what our books say. */
  bill?: string | number;
  ours?: string | number;
}

export interface BillComparison {
  /** Bill lines that agree with our books. */
  matched: number;
  discrepancies: Discrepancy[];
  /** Minor units: what the bill says was paid, and refunded, that day. */
  billPaid: number;
  billRefunded: number;
}

export function compareBill(
  entries: readonly BillEntry[],
  payments: readonly BookedPayment[],
  refunds: readonly BookedRefund[],
): BillComparison {
  const byTrade = new Map(payments.map((p) => [p.outTradeNo, p]));
  const byRefund = new Map(refunds.map((r) => [r.outRefundNo, r]));
  const discrepancies: Discrepancy[] = [];
  const onBill = new Set<string>();
  const refundsOnBill = new Set<string>();
  let matched = 0;
  let billPaid = 0;
  let billRefunded = 0;

  for (const entry of entries) {
    if (entry.kind === 'payment') {
      billPaid += entry.amount;
      onBill.add(entry.outTradeNo);
      const ours = byTrade.get(entry.outTradeNo);
      const found = checkPayment(entry, ours);
      if (found) discrepancies.push(found);
      else matched++;
    } else {
      if (entry.status === 'succeeded') billRefunded += entry.amount;
      if (entry.outRefundNo) refundsOnBill.add(entry.outRefundNo);
      const found = checkRefund(entry, entry.outRefundNo ? byRefund.get(entry.outRefundNo) : undefined);
      if (found) discrepancies.push(found);
      else matched++;
    }
  }
  for (const payment of payments) {
    if (payment.settled && payment.paidThatDay && !onBill.has(payment.outTradeNo)) {
      discrepancies.push({
        kind: DiscrepancyKind.PaymentMissingFromBill,
        outTradeNo: payment.outTradeNo,
        paymentId: payment.id,
        ours: payment.amount,
      });
    }
  }
  for (const refund of refunds) {
    if (refund.status === 'succeeded' && refund.completedThatDay && !refundsOnBill.has(refund.outRefundNo)) {
      discrepancies.push({
        kind: DiscrepancyKind.RefundMissingFromBill,
        outTradeNo: refund.outTradeNo,
        outRefundNo: refund.outRefundNo,
        refundId: refund.id,
        ours: refund.amount,
      });
    }
  }
  return { matched, discrepancies, billPaid, billRefunded };
}

function checkPayment(entry: BillEntry, ours: BookedPayment | undefined): Discrepancy | null {
  const base = { outTradeNo: entry.outTradeNo, paymentId: ours?.id };
  if (!ours) return { kind: DiscrepancyKind.UnknownPayment, outTradeNo: entry.outTradeNo, bill: entry.amount };
  if (!ours.settled) return { ...base, kind: DiscrepancyKind.PaymentNotSettled, bill: entry.amount };
  if (entry.amount !== ours.amount) {
    return { ...base, kind: DiscrepancyKind.PaymentAmountMismatch, bill: entry.amount, ours: ours.amount };
  }
  if (entry.transactionId && ours.providerTransactionId && entry.transactionId !== ours.providerTransactionId) {
    return {
      ...base,
      kind: DiscrepancyKind.PaymentTransactionMismatch,
      bill: entry.transactionId,
      ours: ours.providerTransactionId,
    };
  }
  return null;
}

function checkRefund(entry: BillEntry, ours: BookedRefund | undefined): Discrepancy | null {
  const base = { outTradeNo: entry.outTradeNo, outRefundNo: entry.outRefundNo, refundId: ours?.id };
  if (!ours) return { ...base, kind: DiscrepancyKind.UnknownRefund, bill: entry.amount };
  // A refund still processing on either side is not yet a disagreement.
  const settled = (status: string | undefined) => (status === 'succeeded' || status === 'failed' ? status : null);
  const bill = settled(entry.status);
  const mine = settled(ours.status);
  if (bill && mine && bill !== mine) return { ...base, kind: DiscrepancyKind.RefundStatusMismatch, bill, ours: mine };
  if (bill === 'succeeded' && !mine) return { ...base, kind: DiscrepancyKind.RefundStatusMismatch, bill, ours: ours.status };
  if (entry.amount !== ours.amount) {
    return { ...base, kind: DiscrepancyKind.RefundAmountMismatch, bill: entry.amount, ours: ours.amount };
  }
  return null;
}
