import { DomainError } from '../../common/errors';

export enum MembershipErrorCode {
  ADDRESS_LIMIT_REACHED = 'ADDRESS_LIMIT_REACHED',
}

export class AddressLimitReachedError extends DomainError {
  constructor(limit: number) {
    super(MembershipErrorCode.ADDRESS_LIMIT_REACHED, 409, `A customer may keep at most ${limit} addresses`, { limit });
  }
}
