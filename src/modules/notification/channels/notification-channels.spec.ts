import { expect } from 'expect';
import { describe, it } from 'node:test';
import { ConfigurationError, loadEnvironment } from '../../../config/environment';
import { LoggingEmailSender, LoggingSmsSender } from './message-senders';
import { EmailChannel, SmsChannel } from './message.channels';
import { NotificationChannels } from './notification-channels';
import { WebhookChannel } from './webhook.channel';

const channelsFor = (vars: Record<string, string>) => {
  const env = loadEnvironment(vars);
  return new NotificationChannels(
    new WebhookChannel(env),
    new EmailChannel(env, new LoggingEmailSender()),
    new SmsChannel(env, new LoggingSmsSender()),
  );
};

describe('notification channel configuration', () => {
  it('enables exactly the channels that name a recipient', () => {
    expect(channelsFor({}).configured()).toEqual([]);
    expect(
      channelsFor({
        MERCHANT_WEBHOOK_URL: 'https://merchant.example.com/hooks/commerce',
        MERCHANT_WEBHOOK_SECRET: 'a-secret-of-16-chars',
        MERCHANT_NOTIFY_EMAIL: 'owner@example.com',
        MERCHANT_NOTIFY_PHONE: '13812345678',
      }).configured(),
    ).toEqual(['webhook', 'email', 'sms']);
    expect(channelsFor({ MERCHANT_NOTIFY_PHONE: '+8613812345678' }).configured()).toEqual(['sms']);
  });

  it('refuses to start with a webhook URL and no secret, a short secret, or a URL that is not http(s)', () => {
    expect(() => loadEnvironment({ MERCHANT_WEBHOOK_URL: 'https://merchant.example.com/hook' })).toThrow(ConfigurationError);
    expect(() =>
      loadEnvironment({ MERCHANT_WEBHOOK_URL: 'https://merchant.example.com/hook', MERCHANT_WEBHOOK_SECRET: 'short' }),
    ).toThrow(/MERCHANT_WEBHOOK_SECRET/);
    expect(() =>
      loadEnvironment({ MERCHANT_WEBHOOK_URL: 'ftp://merchant.example.com', MERCHANT_WEBHOOK_SECRET: 'a-secret-of-16-chars' }),
    ).toThrow(/MERCHANT_WEBHOOK_URL/);
    expect(() => loadEnvironment({ LOW_STOCK_DEFAULT_THRESHOLD: '-1' })).toThrow(/LOW_STOCK_DEFAULT_THRESHOLD/);
    expect(loadEnvironment({ LOW_STOCK_DEFAULT_THRESHOLD: '0' }).LOW_STOCK_DEFAULT_THRESHOLD).toBe(0);
  });
});
