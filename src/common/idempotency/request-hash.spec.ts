import { expect } from 'expect';
import { describe, it } from 'node:test';
import { canonicalJson, requestHash } from './request-hash';

describe('canonicalJson', () => {
  it('sorts object keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('keeps array order, which is meaning', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('follows JSON.stringify for undefined, toJSON and scalars', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.000Z') })).toBe('{"at":"2026-01-02T03:04:05.000Z"}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('x')).toBe('"x"');
  });

  it('keeps a "__proto__" member as a member', () => {
    const parsed = JSON.parse('{"__proto__":{"admin":true},"a":1}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"admin":true},"a":1}');
  });
});

describe('requestHash', () => {
  const body = { items: [{ skuId: 's1', quantity: 2 }], note: 'gift', addressId: 'a1' };

  it('is a sha256 hex digest', () => {
    expect(requestHash(body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order', () => {
    const reordered = { addressId: 'a1', note: 'gift', items: [{ quantity: 2, skuId: 's1' }] };
    expect(requestHash(reordered, { id: 'o1' })).toBe(requestHash(body, { id: 'o1' }));
  });

  it('changes with any value, type, member or route param', () => {
    const base = requestHash(body, { id: 'o1' });
    expect(requestHash({ ...body, note: 'gifts' }, { id: 'o1' })).not.toBe(base);
    expect(requestHash({ ...body, items: [{ skuId: 's1', quantity: '2' }] }, { id: 'o1' })).not.toBe(base);
    expect(requestHash({ ...body, extra: null }, { id: 'o1' })).not.toBe(base);
    expect(requestHash(body, { id: 'o2' })).not.toBe(base);
    expect(requestHash(body)).not.toBe(base);
  });

  it('does not confuse the body with the route params', () => {
    expect(requestHash({ id: 'o1' }, {})).not.toBe(requestHash({}, { id: 'o1' }));
  });

  it('treats a missing body as null, distinct from an empty object', () => {
    expect(requestHash(undefined)).toBe(requestHash(null));
    expect(requestHash(undefined)).not.toBe(requestHash({}));
  });
});
