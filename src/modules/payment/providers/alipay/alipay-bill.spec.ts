import { expect } from 'expect';
import { describe, it } from 'node:test';
import { AlipayBillFormatError, parseAlipayTradeBill } from './alipay-bill';

const HEADER =
  '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,' +
  '商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,' +
  '商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';

describe('Alipay trade bill', () => {
  it('reads trades and refunds by column name, in fen, past comments and padding', () => {
    const text = [
      '#支付宝业务明细查询',
      '#账号：[2088101106499364]',
      '#-----------------------------------------业务明细列表----------------------------------------',
      HEADER,
      '2026113022001001\t,PTRADE1\t,交易\t,Order 1,2026-11-30 10:00:00,2026-11-30 10:00:05, , , , ,159****5620 ,12.34,12.27,0.00,0.00,0.00,0.00,0.00, ,0.00 ,0.00, ,-0.07,0.00,',
      '2026113022001002\t,PTRADE2\t,退款\t,Order 2,2026-11-30 11:00:00,2026-11-30 11:00:05, , , , ,159****5620 ,-2.50,-2.50,0.00,0.00,0.00,0.00,0.00, ,0.00 ,0.00,RREF1 ,0.02,0.00,',
      '#-----------------------------------------业务明细列表结束------------------------------------',
      '#交易合计：1笔，商家实收共12.27元',
    ].join('\r\n');
    expect(parseAlipayTradeBill(text)).toEqual([
      { kind: 'payment', outTradeNo: 'PTRADE1', transactionId: '2026113022001001', amount: 1234 },
      {
        kind: 'refund',
        outTradeNo: 'PTRADE2',
        transactionId: '2026113022001002',
        amount: 250,
        outRefundNo: 'RREF1',
        status: 'succeeded',
      },
    ]);
  });

  it('refuses a bill without the columns it needs, or a line of another width', () => {
    expect(() => parseAlipayTradeBill('#x\n支付宝交易号,商户订单号\n1,2')).toThrow(AlipayBillFormatError);
    expect(() => parseAlipayTradeBill(`${HEADER}\n1,2,交易`)).toThrow(AlipayBillFormatError);
  });
});
