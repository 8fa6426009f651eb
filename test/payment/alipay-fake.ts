// A local stand-in for the Alipay open-platform gateway: it checks each request's RSA2 `sign` with the
// application's public key and answers like Alipay, each answer signed with the Alipay key.
import { createSign, createVerify, KeyObject, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { encodeGbk, writeZip } from '../support/zip-writer';
import { KeyPair, rsaKeyPair } from './wechatpay-fake';

export interface AlipayTestKeys {
  app: KeyPair;
  alipay: KeyPair;
  appId: string;
}

export function alipayTestKeys(): AlipayTestKeys {
  return { app: rsaKeyPair(), alipay: rsaKeyPair(), appId: `2021${Math.floor(Math.random() * 1e12)}` };
}

export function alipayEnv(keys: AlipayTestKeys, gateway: string): Record<string, string> {
  return {
    ALIPAY_APP_ID: keys.appId,
    // the bare base64 body, as Alipay's key tool hands it out
    ALIPAY_PRIVATE_KEY: keys.app.privatePem.replace(/-----[A-Z ]+-----|\s/g, ''),
    ALIPAY_PUBLIC_KEY: keys.alipay.publicPem,
    ALIPAY_GATEWAY: gateway,
    ALIPAY_NOTIFY_URL: 'https://shop.example.com/v1/webhooks/payments/alipay',
  };
}

/** Sorted k=v&... of the parameters but the excluded ones and empty values, as Alipay signs. */
export function content(params: Record<string, string>, exclude: string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export const rsa2 = (text: string, key: KeyObject) => createSign('RSA-SHA256').update(text, 'utf8').sign(key, 'base64');
export const rsa2Check = (text: string, sign: string, key: KeyObject) =>
  createVerify('RSA-SHA256').update(text, 'utf8').verify(key, sign, 'base64');

/** An async notify body: form-encoded, signed over everything but sign and sign_type. */
export function alipayNotify(
  keys: AlipayTestKeys,
  fields: Record<string, string>,
  options: { signWith?: KeyObject; signType?: string } = {},
): Buffer {
  const params: Record<string, string> = {
    notify_time: '2026-11-22 16:50:01',
    notify_type: 'trade_status_sync',
    notify_id: randomBytes(16).toString('hex'),
    app_id: keys.appId,
    charset: 'utf-8',
    version: '1.0',
    buyer_id: '2088102122524333',
    seller_id: '2088101106499364',
    gmt_create: '2026-11-22 16:49:50',
    gmt_payment: '2026-11-22 16:50:00',
    subject: 'Order 20261122000123',
    ...fields,
  };
  params.sign = rsa2(content(params, ['sign', 'sign_type']), options.signWith ?? keys.alipay.privateKey);
  params.sign_type = options.signType ?? 'RSA2';
  return Buffer.from(new URLSearchParams(params).toString());
}

export interface FakeTrade {
  out_trade_no: string;
  trade_no: string;
  trade_status: string;
  total_amount: string;
  refunds: Map<string, { refund_amount: string; done: boolean }>;
}

export class FakeAlipay {
  readonly trades = new Map<string, FakeTrade>();
  readonly requests: Record<string, string>[] = [];
  readonly rejected: string[] = [];
  answerKey?: KeyObject;
  /** Trade bill archives by day (yyyy-MM-dd), as Alipay serves them. */
  readonly bills = new Map<string, Buffer>();
  private server?: Server;
  gateway = '';

  constructor(readonly keys: AlipayTestKeys) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.gateway = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/gateway.do`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The buyer opened the cashier (or the trade created for them) and paid. */
  pay(outTradeNo: string, totalAmount: string): FakeTrade {
    const trade: FakeTrade = {
      out_trade_no: outTradeNo,
      trade_no: this.trades.get(outTradeNo)?.trade_no ?? `2026112222001${randomBytes(8).toString('hex')}`,
      trade_status: 'TRADE_SUCCESS',
      total_amount: totalAmount,
      refunds: new Map(),
    };
    this.trades.set(outTradeNo, trade);
    return trade;
  }

  /**
   * Writes the day's trade bill archive (业务明细 and its summary, GBK) from paid trades and refunds;
   * `amounts` overrides what the bill says a trade paid, in yuan.
   */
  writeBill(
    date: string,
    {
      paid = [],
      refunds = [],
      amounts = {},
    }: { paid?: FakeTrade[]; refunds?: { trade: FakeTrade; outRefundNo: string }[]; amounts?: Record<string, string> },
  ): void {
    const header =
      '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,' +
      '商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,' +
      '商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';
    const row = (trade: FakeTrade, kind: string, amount: string, outRefundNo: string) =>
      // prettier-ignore
      [`${trade.trade_no}\t`, `${trade.out_trade_no}\t`, `${kind}\t`, 'Order', `${date} 10:00:00`, `${date} 10:00:05`, ' ', ' ', ' ', ' ', '159****5620 ', amount, amount, '0.00', '0.00', '0.00', '0.00', '0.00', ' ', '0.00 ', '0.00', outRefundNo, '0.00', '0.00', ''].join(',');
    const detail = [
      '#支付宝业务明细查询',
      `#账号：[2088101106499364]`,
      '#-----------------------------------------业务明细列表----------------------------------------',
      header,
      ...paid.map((t) => row(t, '交易', amounts[t.out_trade_no] ?? t.total_amount, ' ')),
      ...refunds.map((r) => row(r.trade, '退款', `-${r.trade.refunds.get(r.outRefundNo)!.refund_amount}`, r.outRefundNo)),
      '#-----------------------------------------业务明细列表结束------------------------------------',
    ].join('\r\n');
    this.bills.set(
      date,
      writeZip([
        { name: encodeGbk(`2088101106499364_${date.replace(/-/g, '')}_业务明细.csv`), data: encodeGbk(detail) },
        { name: encodeGbk(`2088101106499364_${date.replace(/-/g, '')}_业务明细(汇总).csv`), data: encodeGbk('#汇总') },
      ]),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bill = /^\/bills\/(\d{4}-\d{2}-\d{2})\.zip$/.exec(req.url ?? '');
    if (req.method === 'GET' && bill && this.bills.has(bill[1])) {
      res.writeHead(200, { 'Content-Type': 'application/zip' });
      res.end(this.bills.get(bill[1]));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    this.requests.push(params);
    const method = params.method ?? '';
    const key = `${method.replace(/\./g, '_')}_response`;
    const signed =
      params.app_id === this.keys.appId &&
      params.sign_type === 'RSA2' &&
      params.charset === 'utf-8' &&
      params.version === '1.0' &&
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(params.timestamp ?? '') &&
      rsa2Check(content(params, ['sign']), params.sign ?? '', this.keys.app.publicKey);
    if (!signed) {
      this.rejected.push(method);
      // Alipay answers a bad signature with an unsigned error
      return this.send(
        res,
        `{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature","sub_msg":"验签出错"}}`,
      );
    }
    const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    const trade = this.trades.get(biz.out_trade_no);
    const notExist = { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' };
    let answer: Record<string, unknown>;
    switch (method) {
      case 'alipay.data.dataservice.bill.downloadurl.query':
        answer =
          biz.bill_type === 'trade' && this.bills.has(biz.bill_date)
            ? { code: '10000', msg: 'Success', bill_download_url: `${new URL(this.gateway).origin}/bills/${biz.bill_date}.zip` }
            : { code: '40004', msg: 'Business Failed', sub_code: 'isp.bill_not_exist', sub_msg: '账单不存在' };
        break;
      case 'alipay.trade.create': {
        // Mini-program payments: JSAPI_PAY for a buyer, in the mini-program that calls my.tradePay.
        const buyer = biz.buyer_id ?? biz.buyer_open_id;
        if (biz.product_code !== 'JSAPI_PAY' || !buyer || biz.op_app_id !== this.keys.appId || !params.notify_url) {
          answer = { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.INVALID_PARAMETER', sub_msg: '参数无效' };
          break;
        }
        if (trade) {
          answer = { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_HAS_SUCCESS', sub_msg: '交易已存在' };
          break;
        }
        const created: FakeTrade = {
          out_trade_no: biz.out_trade_no,
          trade_no: `2026112222001${randomBytes(8).toString('hex')}`,
          trade_status: 'WAIT_BUYER_PAY',
          total_amount: biz.total_amount,
          refunds: new Map(),
        };
        this.trades.set(created.out_trade_no, created);
        answer = { code: '10000', msg: 'Success', out_trade_no: created.out_trade_no, trade_no: created.trade_no };
        break;
      }
      case 'alipay.trade.query':
        answer = trade
          ? {
              code: '10000',
              msg: 'Success',
              trade_no: trade.trade_no,
              out_trade_no: trade.out_trade_no,
              buyer_logon_id: '159****5620',
              trade_status: trade.trade_status,
              total_amount: trade.total_amount,
              send_pay_date: '2026-11-22 16:50:00',
            }
          : notExist;
        break;
      case 'alipay.trade.close':
        if (trade && trade.trade_status !== 'WAIT_BUYER_PAY')
          answer = { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_STATUS_ERROR', sub_msg: '交易状态不合法' };
        else {
          if (trade) trade.trade_status = 'TRADE_CLOSED';
          answer = trade
            ? { code: '10000', msg: 'Success', trade_no: trade.trade_no, out_trade_no: trade.out_trade_no }
            : notExist;
        }
        break;
      case 'alipay.trade.refund': {
        if (!trade) {
          answer = notExist;
          break;
        }
        const again = trade.refunds.has(biz.out_request_no);
        if (!again) trade.refunds.set(biz.out_request_no, { refund_amount: biz.refund_amount, done: true });
        const refundFee = [...trade.refunds.values()].reduce((sum, r) => sum + Math.round(Number(r.refund_amount) * 100), 0);
        answer = {
          code: '10000',
          msg: 'Success',
          trade_no: trade.trade_no,
          out_trade_no: trade.out_trade_no,
          buyer_logon_id: '159****5620',
          fund_change: again ? 'N' : 'Y',
          refund_fee: (refundFee / 100).toFixed(2),
        };
        break;
      }
      case 'alipay.trade.fastpay.refund.query': {
        const refund = trade?.refunds.get(biz.out_request_no);
        answer = refund?.done
          ? {
              code: '10000',
              msg: 'Success',
              trade_no: trade!.trade_no,
              out_trade_no: trade!.out_trade_no,
              out_request_no: biz.out_request_no,
              total_amount: trade!.total_amount,
              refund_amount: refund.refund_amount,
              refund_status: 'REFUND_SUCCESS',
            }
          : { code: '10000', msg: 'Success' };
        break;
      }
      default:
        answer = { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method' };
    }
    // Signed over the member's exact text; extra spaces prove we do not re-serialise it.
    const member = JSON.stringify(answer, null, 1);
    const sign = rsa2(member, this.answerKey ?? this.keys.alipay.privateKey);
    this.send(res, `{"${key}": ${member},"sign":"${sign}"}`);
  }

  private send(res: ServerResponse, body: string): void {
    res.writeHead(200, { 'Content-Type': 'text/html;charset=utf-8' });
    res.end(body);
  }
}
