import { DomainError } from '../../../common/errors';

export const PAYMENT_PROVIDER_ERROR = 'PAYMENT_PROVIDER_ERROR';

/** A provider API call failed or answered something we cannot trust; nothing was decided from it. */
export class ProviderCallError extends DomainError {
  constructor(
    readonly provider: string,
    detail: string,
    /** The provider's own error code (WeChat `code`, Alipay `sub_code`), when it sent one. */
    readonly providerCode?: string,
  ) {
    super(PAYMENT_PROVIDER_ERROR, 502, `${provider}: ${detail}`, providerCode ? { providerCode } : {});
  }
}
