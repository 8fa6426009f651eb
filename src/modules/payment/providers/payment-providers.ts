import { Inject, Injectable } from '@nestjs/common';
import { PaymentProviderNotAvailableError } from '../payment.errors';
import { PAYMENT_PROVIDERS, PaymentProvider } from './payment-provider';

/** The providers switched on by PAYMENT_PROVIDERS, by name. */
@Injectable()
export class PaymentProviders {
  private readonly byName: Map<string, PaymentProvider>;

  constructor(@Inject(PAYMENT_PROVIDERS) providers: PaymentProvider[]) {
    this.byName = new Map(providers.map((p) => [p.name, p]));
  }

  /** The provider, or 400 PAYMENT_PROVIDER_NOT_AVAILABLE when it is unknown or switched off. */
  get(name: string): PaymentProvider {
    const provider = this.byName.get(name);
    if (!provider) throw new PaymentProviderNotAvailableError(name, this.names());
    return provider;
  }

  find(name: string): PaymentProvider | undefined {
    return this.byName.get(name);
  }

  all(): PaymentProvider[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
