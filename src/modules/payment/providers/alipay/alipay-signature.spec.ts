import { expect } from 'expect';
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  chinaDateTime,
  orderString,
  parseChinaDateTime,
  parseForm,
  rawJsonMember,
  signContent,
  signRequest,
  verifyNotify,
} from './alipay-signature';

const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const sign = (text: string) => createSign('RSA-SHA256').update(text, 'utf8').sign(alipay.privateKey, 'base64');

describe('Alipay RSA2 signatures', () => {
  it('signs sorted k=v pairs without sign and empty values', () => {
    const params = {
      method: 'alipay.trade.query',
      app_id: '2014072300007148',
      sign_type: 'RSA2',
      empty: '',
      sign: 'old',
      charset: 'utf-8',
    };
    expect(signContent(params, ['sign'])).toBe('app_id=2014072300007148&charset=utf-8&method=alipay.trade.query&sign_type=RSA2');
    const signature = signRequest(params, app.privateKey);
    expect(
      createVerify('RSA-SHA256')
        .update('app_id=2014072300007148&charset=utf-8&method=alipay.trade.query&sign_type=RSA2')
        .verify(app.publicKey, signature, 'base64'),
    ).toBe(true);
  });

  it('verifies a notification over all parameters but sign and sign_type', () => {
    const fields = { app_id: '2014072300007148', total_amount: '0.29', subject: '订单 & 100%', out_trade_no: 'T1' };
    const params = {
      ...fields,
      sign_type: 'RSA2',
      sign: sign('app_id=2014072300007148&out_trade_no=T1&subject=订单 & 100%&total_amount=0.29'),
    };
    expect(verifyNotify(params, alipay.publicKey)).toEqual({ ok: true });
    expect(verifyNotify({ ...params, sign_type: 'RSA' }, alipay.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/sign_type/),
    });
    expect(verifyNotify({ ...params, sign_type: undefined }, alipay.publicKey)).toMatchObject({ ok: false });
    expect(verifyNotify({ ...params, total_amount: '0.30' }, alipay.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not verify/),
    });
    expect(verifyNotify({ ...params, extra: 'x' }, alipay.publicKey)).toMatchObject({ ok: false });
    expect(verifyNotify({ ...params, sign: undefined }, alipay.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/missing/),
    });
    expect(verifyNotify({ ...params, sign: '!!' }, alipay.publicKey)).toMatchObject({ ok: false });
    expect(verifyNotify(params, app.publicKey)).toMatchObject({ ok: false });
  });

  it('parses form bodies once and refuses repeated keys', () => {
    expect(parseForm('a=1+2&b=%E8%AE%A2%25')).toEqual({ a: '1 2', b: '订%' });
    expect(parseForm('a=1&a=2')).toBeUndefined();
  });

  it('builds order strings that decode back to the signed parameters', () => {
    const params = { b: 'x y&z', a: '中文', sign: 'abc+/=' };
    const text = orderString(params);
    expect(text.startsWith('a=')).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(text))).toEqual(params);
  });

  it('reads and writes China-time timestamps', () => {
    expect(chinaDateTime(new Date('2026-11-22T16:30:05Z'))).toBe('2026-11-23 00:30:05');
    expect(parseChinaDateTime('2026-11-23 00:30:05')).toEqual(new Date('2026-11-22T16:30:05Z'));
    expect(parseChinaDateTime('yesterday')).toBeUndefined();
    expect(parseChinaDateTime(undefined)).toBeUndefined();
  });

  it('finds the exact signed text of a gateway answer', () => {
    const member = '{"code":"10000","msg":"Success","subject":"a \\"}\\" {b}","nested":{"x":[1,{"y":"}"}]}}';
    const body = `{"alipay_trade_query_response":  ${member} ,"sign":"S"}`;
    expect(rawJsonMember(body, 'alipay_trade_query_response')).toBe(member);
    expect(rawJsonMember(`{"sign":"S","alipay_trade_query_response":${member}}`, 'alipay_trade_query_response')).toBe(member);
    expect(rawJsonMember(body, 'error_response')).toBeUndefined();
    expect(rawJsonMember('{"alipay_trade_query_response":"text"}', 'alipay_trade_query_response')).toBeUndefined();
    expect(rawJsonMember('{"alipay_trade_query_response":{"open":', 'alipay_trade_query_response')).toBeUndefined();
  });
});
