import { expect } from 'expect';
import { describe, it } from 'node:test';
import { hashRefreshToken, hashSmsCode, newRefreshToken, newSmsCode } from './tokens';

describe('refresh tokens', () => {
  it('are long, URL-safe and distinct', () => {
    const a = newRefreshToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newRefreshToken()).not.toBe(a);
  });

  it('hash to the sha256 hex digest', () => {
    expect(hashRefreshToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashRefreshToken('abd')).not.toBe(hashRefreshToken('abc'));
  });
});

describe('SMS codes', () => {
  it('are six digits, zero-padded', () => {
    for (let i = 0; i < 200; i++) expect(newSmsCode()).toMatch(/^\d{6}$/);
  });

  it('hash with the secret, the purpose and the phone', () => {
    const h = hashSmsCode('secret', 'login', '13812345678', '012345');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSmsCode('secret', 'login', '13812345678', '012345')).toBe(h);
    expect(hashSmsCode('other', 'login', '13812345678', '012345')).not.toBe(h);
    expect(hashSmsCode('secret', 'login', '13812345679', '012345')).not.toBe(h);
    expect(hashSmsCode('secret', 'login', '13812345678', '012346')).not.toBe(h);
  });
});
