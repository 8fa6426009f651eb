import { expect } from 'expect';
import { describe, it } from 'node:test';
import { encodeGbk, writeZip } from '../../../test/support/zip-writer';
import { readZip, ZipError } from './zip';

describe('readZip', () => {
  it('reads deflated entries with UTF-8 or GBK names', () => {
    const zip = writeZip([
      { name: 'a.txt', data: Buffer.from('hello '.repeat(100)) },
      { name: encodeGbk('2088_20261130_业务明细.csv'), data: encodeGbk('支付宝交易号,商户订单号') },
    ]);
    const [a, bill] = readZip(zip);
    expect(a).toEqual({ name: 'a.txt', data: Buffer.from('hello '.repeat(100)) });
    expect(bill.name).toBe('2088_20261130_业务明细.csv');
    expect(new TextDecoder('gbk').decode(bill.data)).toBe('支付宝交易号,商户订单号');
  });

  it('refuses what is not an archive, and an entry whose bytes changed', () => {
    expect(() => readZip(Buffer.from('not a zip at all, not at all'))).toThrow(ZipError);
    const zip = writeZip([{ name: 'a.txt', data: Buffer.alloc(200, 0x61) }]);
    const stored = Buffer.from(zip);
    // Flip a bit of the deflated data: it no longer inflates, or fails its CRC.
    stored[40] ^= 0x01;
    expect(() => readZip(stored)).toThrow(ZipError);
  });
});
