import { parseMajor } from '../../../../common/money';
import { BillEntry } from '../payment-provider';

// The Alipay trade bill (业务明细, bill_type trade): comment lines start with '#', then a header line and
// one line per trade or refund, each field padded with spaces or tabs; amounts in yuan, a refund's
// negative. Columns are found by name (the "（元）" unit dropped), so reordered columns still read.

export class AlipayBillFormatError extends Error {}

const COLUMN = {
  tradeNo: '支付宝交易号',
  outTradeNo: '商户订单号',
  kind: '业务类型',
  amount: '订单金额',
  outRefundNo: '退款批次号/请求号',
} as const;

const columnName = (text: string) => text.replace(/[（(]元[）)]/, '').trim();

export function parseAlipayTradeBill(text: string): BillEntry[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() && !line.startsWith('#'));
  const header = (lines.shift()?.line ?? '').split(',').map(columnName);
  const at = (name: string) => header.indexOf(name);
  for (const name of Object.values(COLUMN)) {
    if (at(name) < 0) throw new AlipayBillFormatError(`the bill has no ${name} column`);
  }
  return lines.flatMap(({ line, number }): BillEntry[] => {
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== header.length) {
      throw new AlipayBillFormatError(`line ${number} has ${fields.length} fields, the header ${header.length}`);
    }
    const field = (name: string) => fields[at(name)];
    let amount: number;
    try {
      amount = Math.abs(parseMajor(field(COLUMN.amount).replace(/^-/, '')));
    } catch {
      throw new AlipayBillFormatError(`line ${number}: ${field(COLUMN.amount)} is not an amount`);
    }
    const base = { outTradeNo: field(COLUMN.outTradeNo), transactionId: field(COLUMN.tradeNo) || undefined, amount };
    if (field(COLUMN.kind) === '交易') return [{ kind: 'payment', ...base }];
    // The bill lists refunds once they are done.
    if (field(COLUMN.kind) === '退款') {
      return [{ kind: 'refund', ...base, outRefundNo: field(COLUMN.outRefundNo), status: 'succeeded' }];
    }
    return [];
  });
}
