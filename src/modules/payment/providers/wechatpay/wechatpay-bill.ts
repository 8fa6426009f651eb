import { parseMajor } from '../../../../common/money';
import { BillEntry } from '../payment-provider';

// The WeChat Pay trade bill (交易账单, bill_type ALL): a header line of column names, one line per
// trade or refund whose every field starts with a backtick (so spreadsheets keep long numbers as
// text), then a summary header (总交易单数,...) and its line. Amounts are yuan. Columns are found by
// name, so a bill with extra or reordered columns still reads.

export class BillFormatError extends Error {}

const COLUMN = {
  outTradeNo: '商户订单号',
  transactionId: '微信订单号',
  state: '交易状态',
  orderAmount: '订单金额',
  settledAmount: '应结订单金额',
  outRefundNo: '商户退款单号',
  refundId: '微信退款单号',
  requestedRefund: '申请退款金额',
  refundAmount: '退款金额',
  refundState: '退款状态',
} as const;

const REFUND_STATUS: Record<string, BillEntry['status']> = {
  SUCCESS: 'succeeded',
  PROCESSING: 'processing',
  CHANGE: 'processing', // refund to a closed account, waiting to be rerouted
  REFUNDCLOSE: 'failed',
  FAIL: 'failed',
};

export function parseWechatTradeBill(text: string): BillEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines.shift() ?? '').split(',').map((name) => name.trim());
  const at = (name: string) => header.indexOf(name);
  for (const required of [COLUMN.outTradeNo, COLUMN.transactionId, COLUMN.state]) {
    if (at(required) < 0) throw new BillFormatError(`the bill has no ${required} column`);
  }
  const entries: BillEntry[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    if (!line.startsWith('`')) break; // the summary header: the trades are over
    const fields = line.slice(1).split(',`');
    if (fields.length !== header.length) {
      throw new BillFormatError(`line ${i + 2} has ${fields.length} fields, the header ${header.length}`);
    }
    const field = (name: string) => (at(name) < 0 ? '' : fields[at(name)].trim());
    const yuan = (...names: string[]) => {
      const value = names.map(field).find((v) => v !== '');
      if (value === undefined) throw new BillFormatError(`line ${i + 2} has no ${names.join(' or ')}`);
      try {
        return parseMajor(value);
      } catch {
        throw new BillFormatError(`line ${i + 2}: ${value} is not an amount`);
      }
    };
    const state = field(COLUMN.state);
    const outTradeNo = field(COLUMN.outTradeNo);
    const transactionId = field(COLUMN.transactionId) || undefined;
    if (state === 'SUCCESS') {
      entries.push({ kind: 'payment', outTradeNo, transactionId, amount: yuan(COLUMN.orderAmount, COLUMN.settledAmount) });
    } else if (state === 'REFUND') {
      entries.push({
        kind: 'refund',
        outTradeNo,
        transactionId,
        outRefundNo: field(COLUMN.outRefundNo),
        refundId: field(COLUMN.refundId) || undefined,
        amount: yuan(COLUMN.requestedRefund, COLUMN.refundAmount),
        status: REFUND_STATUS[field(COLUMN.refundState)] ?? 'processing',
      });
    }
    // REVOKED and other states moved no money.
  }
  return entries;
}
