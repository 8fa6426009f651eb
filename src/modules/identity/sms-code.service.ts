import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { DomainError, ErrorCode } from '../../common/errors';
import { InjectRedis, RedisKeys } from '../../common/redis/redis.module';
import { Environment } from '../../config/environment';
import { maskPhone } from './domain/phone';
import { SMS_CODE_MAX_ATTEMPTS, SMS_CODE_TTL_SECONDS, SMS_RESEND_SECONDS, SmsCodePurpose } from './domain/sms-code';
import { hashSmsCode, newSmsCode } from './domain/tokens';
import { InvalidSmsCodeError, RateLimitedError, SmsUnavailableError } from './identity.errors';
import { SMS_SENDER, SmsSender } from './sms/sms-sender';

// Checks a code and counts the try in one step, so parallel guesses cannot get past the attempt limit.
// KEYS: the code's hash. ARGV: presented hash, max attempts.
// Returns: -1 when the code matched (and is now consumed), otherwise the tries left (0: none, or burned).
const CHECK = `
local stored = redis.call('HGET', KEYS[1], 'hash')
if not stored then return 0 end
if stored == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return -1
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
local left = tonumber(ARGV[2]) - attempts
if left <= 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
return left
`;

export interface SentCode {
  expiresIn: number;
  resendAfter: number;
}

/** One-time SMS codes: stored hashed in Redis, limited in tries and in how often they are sent. */
@Injectable()
export class SmsCodeService {
  private readonly logger = new Logger('SmsCodes');

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly env: Environment,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
  ) {}

  async send(phone: string, purpose: SmsCodePurpose): Promise<SentCode> {
    const cooldownKey = this.keys.key('sms', purpose, 'cooldown', phone);
    const codeKey = this.keys.key('sms', purpose, 'code', phone);
    const started = await this.redisCall(() => this.redis.set(cooldownKey, '1', 'EX', SMS_RESEND_SECONDS, 'NX'));
    if (started !== 'OK') {
      const left = await this.redisCall(() => this.redis.pttl(cooldownKey));
      throw new RateLimitedError(
        Math.max(1, Math.ceil(left / 1000)),
        'A code was sent to this phone moments ago; wait before asking again',
      );
    }
    const code = newSmsCode();
    // A new code replaces any earlier one, and with it the count of wrong tries.
    await this.redisCall(() =>
      this.redis
        .multi()
        .del(codeKey)
        .hset(codeKey, 'hash', hashSmsCode(this.env.JWT_SECRET, purpose, phone, code), 'attempts', 0)
        .expire(codeKey, SMS_CODE_TTL_SECONDS)
        .exec(),
    );
    try {
      await this.sender.sendCode({ phone, purpose, code, ttlSeconds: SMS_CODE_TTL_SECONDS });
    } catch (error) {
      this.logger.error({ err: error, phone: maskPhone(phone) }, 'sending an SMS code failed');
      await this.redis.del(codeKey, cooldownKey).catch(() => undefined);
      throw new SmsUnavailableError();
    }
    return { expiresIn: SMS_CODE_TTL_SECONDS, resendAfter: SMS_RESEND_SECONDS };
  }

  /** Consumes the code when it matches; otherwise counts the try and throws. */
  async verify(phone: string, purpose: SmsCodePurpose, code: string): Promise<void> {
    const codeKey = this.keys.key('sms', purpose, 'code', phone);
    const presented = hashSmsCode(this.env.JWT_SECRET, purpose, phone, code);
    const result = Number(await this.redisCall(() => this.redis.eval(CHECK, 1, codeKey, presented, SMS_CODE_MAX_ATTEMPTS)));
    if (result !== -1) throw new InvalidSmsCodeError(result);
  }

  // Codes live only in Redis: without it they can be neither sent nor checked.
  private async redisCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.logger.error({ err: error }, 'Redis unavailable for SMS codes');
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 503, 'SMS codes are unavailable right now; retry in a moment');
    }
  }
}
