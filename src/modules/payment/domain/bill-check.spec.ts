import { expect } from 'expect';
import { describe, it } from 'node:test';
import { BookedPayment, compareBill, DiscrepancyKind } from './bill-check';

const paid = (outTradeNo: string, amount: number, extra: Partial<BookedPayment> = {}): BookedPayment => ({
  id: `id-${outTradeNo}`,
  outTradeNo,
  providerTransactionId: `tx-${outTradeNo}`,
  amount,
  settled: true,
  paidThatDay: true,
  ...extra,
});

describe('comparing a trade bill with our books', () => {
  it('matches what agrees and names every disagreement', () => {
    const result = compareBill(
      [
        { kind: 'payment', outTradeNo: 'A', transactionId: 'tx-A', amount: 100 },
        { kind: 'payment', outTradeNo: 'B', transactionId: 'tx-B', amount: 250 },
        { kind: 'payment', outTradeNo: 'C', transactionId: 'tx-other', amount: 300 },
        { kind: 'payment', outTradeNo: 'D', transactionId: 'tx-D', amount: 400 },
        { kind: 'payment', outTradeNo: 'X', transactionId: 'tx-X', amount: 50 },
        { kind: 'refund', outTradeNo: 'A', outRefundNo: 'R1', amount: 40, status: 'succeeded' },
        { kind: 'refund', outTradeNo: 'A', outRefundNo: 'R2', amount: 10, status: 'succeeded' },
        { kind: 'refund', outTradeNo: 'A', outRefundNo: 'R3', amount: 5, status: 'processing' },
        { kind: 'refund', outTradeNo: 'A', outRefundNo: 'R9', amount: 1, status: 'succeeded' },
      ],
      [
        paid('A', 100),
        paid('B', 200),
        paid('C', 300),
        paid('D', 400, { settled: false }),
        paid('E', 700),
        paid('F', 800, { paidThatDay: false }),
      ],
      [
        { id: 'r1', outRefundNo: 'R1', outTradeNo: 'A', amount: 40, status: 'succeeded', completedThatDay: true },
        { id: 'r2', outRefundNo: 'R2', outTradeNo: 'A', amount: 10, status: 'processing', completedThatDay: false },
        { id: 'r3', outRefundNo: 'R3', outTradeNo: 'A', amount: 5, status: 'succeeded', completedThatDay: true },
        { id: 'r4', outRefundNo: 'R4', outTradeNo: 'B', amount: 7, status: 'succeeded', completedThatDay: true },
        { id: 'r5', outRefundNo: 'R5', outTradeNo: 'B', amount: 8, status: 'succeeded', completedThatDay: false },
      ],
    );
    expect(result.matched).toBe(3); // A, R1, R3 (still processing at the provider: not yet a disagreement)
    expect(result.billPaid).toBe(100 + 250 + 300 + 400 + 50);
    expect(result.billRefunded).toBe(40 + 10 + 1);
    expect(result.discrepancies.map((d) => [d.kind, d.outRefundNo ?? d.outTradeNo, d.bill, d.ours])).toEqual([
      [DiscrepancyKind.PaymentAmountMismatch, 'B', 250, 200],
      [DiscrepancyKind.PaymentTransactionMismatch, 'C', 'tx-other', 'tx-C'],
      [DiscrepancyKind.PaymentNotSettled, 'D', 400, undefined],
      [DiscrepancyKind.UnknownPayment, 'X', 50, undefined],
      [DiscrepancyKind.RefundStatusMismatch, 'R2', 'succeeded', 'processing'],
      [DiscrepancyKind.UnknownRefund, 'R9', 1, undefined],
      [DiscrepancyKind.PaymentMissingFromBill, 'E', undefined, 700],
      [DiscrepancyKind.RefundMissingFromBill, 'R4', undefined, 7],
    ]);
  });

  it('finds nothing to say about an empty day', () => {
    expect(compareBill([], [], [])).toEqual({ matched: 0, discrepancies: [], billPaid: 0, billRefunded: 0 });
  });
});
