import { expect } from 'expect';
import { describe, it } from 'node:test';
import { accountOf } from './auth-rate-limit.guard';
import { bearerToken } from './auth.guard';

describe('bearerToken', () => {
  const token = (authorization?: string) => bearerToken({ headers: { authorization } });

  it('reads the token of a Bearer header, any case of the scheme', () => {
    expect(token('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(token('bearer abc')).toBe('abc');
  });

  it('answers nothing for other shapes', () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc']) {
      expect(token(header)).toBeUndefined();
    }
  });
});

describe('accountOf (the rate-limit key of a login-like body)', () => {
  it('is the phone or the lower-cased email', () => {
    expect(accountOf({ phone: '13812345678', password: 'x' })).toBe('phone:13812345678');
    expect(accountOf({ email: ' Li.Lei@Example.COM ' })).toBe('email:li.lei@example.com');
  });

  it('is nothing without a usable phone or email', () => {
    for (const body of [undefined, null, 'text', {}, { phone: 138 }, { email: '' }]) expect(accountOf(body)).toBeUndefined();
  });
});
