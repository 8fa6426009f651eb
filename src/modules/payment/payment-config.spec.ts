import { expect } from 'expect';
import { describe, it } from 'node:test';
import { ConfigurationError, loadEnvironment } from '../../config/environment';

const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };

describe('PAYMENT_PROVIDERS', () => {
  it('switches the mock provider on by default outside production, and nothing in production', () => {
    expect(loadEnvironment({}).paymentProviders).toEqual(['mock']);
    expect(loadEnvironment({ NODE_ENV: 'test' }).paymentProviders).toEqual(['mock']);
    expect(loadEnvironment(production).paymentProviders).toEqual([]);
  });

  it('reads a comma list, trimmed and without repeats', () => {
    expect(loadEnvironment({ PAYMENT_PROVIDERS: ' mock ,mock ' }).paymentProviders).toEqual(['mock']);
    expect(loadEnvironment({ PAYMENT_PROVIDERS: '' }).paymentProviders).toEqual(['mock']);
  });

  it('refuses unknown providers, and the mock provider in production', () => {
    expect(() => loadEnvironment({ PAYMENT_PROVIDERS: 'mock,paypal' })).toThrow(/PAYMENT_PROVIDERS: unknown paypal/);
    expect(() => loadEnvironment({ ...production, PAYMENT_PROVIDERS: 'mock' })).toThrow(ConfigurationError);
    expect(() => loadEnvironment({ MOCK_PAYMENT_SECRET: 'short' })).toThrow(/MOCK_PAYMENT_SECRET/);
  });
});
