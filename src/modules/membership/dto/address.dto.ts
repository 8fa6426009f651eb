import { PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateAddressDto {
  /** Recipient's name. */
  @IsString()
  @Length(1, 50)
  name: string;

  /** Recipient's mainland mobile number: 11 digits starting with 1. */
  // A literal, so that the Swagger plugin documents the pattern.
  @Matches(/^1[3-9]\d{9}$/, { message: 'phone must be a mainland mobile number (11 digits starting with 1)' })
  phone: string;

  /** @example 广东省 */
  @IsString()
  @Length(1, 50)
  province: string;

  /** @example 深圳市 */
  @IsString()
  @Length(1, 50)
  city: string;

  /** @example 南山区 */
  @IsString()
  @Length(1, 50)
  district: string;

  /** Street, building and room. */
  @IsString()
  @Length(1, 200)
  detail: string;

  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'postalCode must be 6 digits' })
  postalCode?: string;

  /** Make this the default address (the first address always is). */
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateAddressDto extends PartialType(CreateAddressDto) {}

export class AddressResponseDto {
  id: string;
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string | null;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}
