import { expect } from 'expect';
import { describe, it } from 'node:test';
import { BillFormatError, parseWechatTradeBill } from './wechatpay-bill';

const HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,' +
  '应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,' +
  '手续费,费率,订单金额,申请退款金额,费率备注';

const row = (fields: string[]) => fields.map((f) => `\`${f}`).join(',');

const wechatBill = (lines: string[][]) =>
  [
    HEADER,
    ...lines.map(row),
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
    row([String(lines.length), '0.00', '0.00', '0.00', '0.00', '0.00', '0.00']),
  ].join('\r\n');

describe('WeChat Pay trade bill', () => {
  it('reads payments and refunds by column name, in fen', () => {
    const text = wechatBill([
      // prettier-ignore
      ['2026-11-30 10:00:00', 'wxAPP', '1900000001', '0', '', '4200001', 'PTRADE1', 'oUser', 'JSAPI', 'SUCCESS', 'CMB_DEBIT', 'CNY', '12.34', '0.00', '0', '0', '0.00', '0.00', '', '', 'Order 1', '', '0.07', '0.60%', '12.34', '0.00', ''],
      // prettier-ignore
      ['2026-11-30 11:00:00', 'wxAPP', '1900000001', '0', '', '4200002', 'PTRADE2', 'oUser', 'JSAPI', 'REFUND', 'CMB_DEBIT', 'CNY', '0.00', '0.00', '5030001', 'RREF1', '2.50', '0.00', 'ORIGINAL', 'SUCCESS', 'Order 2', '', '-0.02', '0.60%', '8.00', '2.50', ''],
      // prettier-ignore
      ['2026-11-30 12:00:00', 'wxAPP', '1900000001', '0', '', '4200003', 'PTRADE3', 'oUser', 'JSAPI', 'REVOKED', 'CMB_DEBIT', 'CNY', '0.00', '0.00', '0', '0', '0.00', '0.00', '', '', 'Order 3', '', '0.00', '0.60%', '3.00', '0.00', ''],
    ]);
    expect(parseWechatTradeBill(`\uFEFF${text}`)).toEqual([
      { kind: 'payment', outTradeNo: 'PTRADE1', transactionId: '4200001', amount: 1234 },
      {
        kind: 'refund',
        outTradeNo: 'PTRADE2',
        transactionId: '4200002',
        outRefundNo: 'RREF1',
        refundId: '5030001',
        amount: 250,
        status: 'succeeded',
      },
    ]);
  });

  it('refuses a bill without the columns it needs, or with a line of another width', () => {
    expect(() => parseWechatTradeBill('交易时间,商户号\n`a,`b')).toThrow(BillFormatError);
    expect(() => parseWechatTradeBill(`${HEADER}\n\`only,\`three,\`fields`)).toThrow(BillFormatError);
  });
});
