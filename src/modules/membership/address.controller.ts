import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCustomer, CustomerAuth, CustomerPrincipal } from '../../common/auth';
import { AddressService } from './address.service';
import { AddressResponseDto, CreateAddressDto, UpdateAddressDto } from './dto/address.dto';
import { Address } from './entities/address.entity';

const toResponse = ({ customerId: _, ...address }: Address): AddressResponseDto => address;

@ApiTags('store: addresses')
@CustomerAuth()
@Controller('v1/store/addresses')
export class AddressController {
  constructor(private readonly addresses: AddressService) {}

  /** The shopper's addresses, the default first. */
  @Get()
  async list(@CurrentCustomer() customer: CustomerPrincipal): Promise<AddressResponseDto[]> {
    return (await this.addresses.list(customer.id)).map(toResponse);
  }

  @Post()
  async create(@CurrentCustomer() customer: CustomerPrincipal, @Body() dto: CreateAddressDto): Promise<AddressResponseDto> {
    return toResponse(await this.addresses.create(customer.id, dto));
  }

  @Get(':id')
  async get(@CurrentCustomer() customer: CustomerPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<AddressResponseDto> {
    return toResponse(await this.addresses.get(customer.id, id));
  }

  @Patch(':id')
  async update(
    @CurrentCustomer() customer: CustomerPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateAddressDto,
  ): Promise<AddressResponseDto> {
    return toResponse(await this.addresses.update(customer.id, id, dto));
  }

  /** Deleting the default address makes the most recently changed other address the default. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentCustomer() customer: CustomerPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.addresses.remove(customer.id, id);
  }
}
