import { expect } from 'expect';
import { describe, it } from 'node:test';
import { isMainlandPhone, maskPhone } from './phone';

describe('mainland phone rule', () => {
  it('accepts 11 digits starting with 13–19', () => {
    for (const phone of ['13000000000', '13812345678', '15912345678', '19999999999']) {
      expect(isMainlandPhone(phone)).toBe(true);
    }
  });

  it('refuses other shapes', () => {
    for (const phone of ['12812345678', '1381234567', '138123456789', '+8613812345678', '138 1234 5678', '2381234567a', '']) {
      expect(isMainlandPhone(phone)).toBe(false);
    }
    expect(isMainlandPhone(13812345678)).toBe(false);
    expect(isMainlandPhone(undefined)).toBe(false);
  });

  it('masks the middle digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
