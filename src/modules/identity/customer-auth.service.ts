import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnauthorizedError } from '../../common/errors';
import { inTransaction } from '../../common/database';
import { SmsCodePurpose } from './domain/sms-code';
import { Customer } from './entities/customer.entity';
import { InvalidCredentialsError } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { CustomerRepository } from './repositories/customer.repository';
import { SentCode, SmsCodeService } from './sms-code.service';
import { TokenPair, TokenService } from './token.service';

/** Shoppers: registration, password and SMS-code login, token refresh, who am I. */
@Injectable()
export class CustomerAuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomerRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly smsCodes: SmsCodeService,
  ) {}

  async register(input: { phone: string; password: string; nickname?: string }): Promise<TokenPair> {
    const passwordHash = await this.passwords.hash(input.password);
    return inTransaction(this.dataSource, async (em) => {
      const id = await this.customers.insert(em, { phone: input.phone, passwordHash, nickname: input.nickname ?? null });
      return this.tokens.issue(em, 'customer', id);
    });
  }

  async login(phone: string, password: string): Promise<TokenPair> {
    const customer = await this.customers.findByPhone(this.dataSource.manager, phone);
    // Verified even when the customer is unknown or has no password, so that timing tells nothing.
    if (!(await this.passwords.verify(customer?.passwordHash, password)) || !customer) {
      throw new InvalidCredentialsError();
    }
    return inTransaction(this.dataSource, (em) => this.tokens.issue(em, 'customer', customer.id));
  }

  sendSmsCode(phone: string, purpose: SmsCodePurpose): Promise<SentCode> {
    return this.smsCodes.send(phone, purpose);
  }

  /** Logs in with a code sent to the phone; a new phone becomes a customer without a password. */
  async smsLogin(phone: string, code: string): Promise<TokenPair> {
    await this.smsCodes.verify(phone, SmsCodePurpose.Login, code);
    return inTransaction(this.dataSource, async (em) => {
      const customer = await this.customers.findOrCreateByPhone(em, phone);
      return this.tokens.issue(em, 'customer', customer.id);
    });
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken, 'customer', async (em, id) => Boolean(await this.customers.findById(em, id)));
  }

  async me(customerId: string): Promise<Customer> {
    const customer = await this.customers.findById(this.dataSource.manager, customerId);
    if (!customer) throw new UnauthorizedError('The account of this token no longer exists');
    return customer;
  }
}
