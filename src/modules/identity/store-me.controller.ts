import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentCustomer, CustomerAuth, CustomerPrincipal } from '../../common/auth';
import { CustomerAuthService } from './customer-auth.service';
import { CustomerResponseDto } from './dto/customer-response.dto';

@ApiTags('store: me')
@Controller('v1/store/me')
@CustomerAuth()
export class StoreMeController {
  constructor(private readonly auth: CustomerAuthService) {}

  /** The customer the access token belongs to. */
  @Get()
  async me(@CurrentCustomer() customer: CustomerPrincipal): Promise<CustomerResponseDto> {
    return CustomerResponseDto.from(await this.auth.me(customer.id));
  }
}
