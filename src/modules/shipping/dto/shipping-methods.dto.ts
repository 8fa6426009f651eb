import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { DELIVERY_METHODS, type DeliveryMethod } from '../shipping.types';
import { Trim } from './transforms';

export class ShippingMethodsQueryDto {
  /** @example 广东省 */
  @Trim()
  @IsString()
  @Length(1, 50)
  province: string;

  /** @example 深圳市 */
  @Trim()
  @IsString()
  @Length(1, 50)
  city: string;

  /** @example 南山区 */
  @Trim()
  @IsString()
  @Length(1, 50)
  district: string;
}

export class ShippingMethodResponseDto {
  @ApiProperty({ enum: DELIVERY_METHODS })
  method: DeliveryMethod;

  available: boolean;

  /** Why the method cannot serve the address, when it cannot. */
  reason?: string;

  /** Fen: a flat fee known before the cart is (same-city fee, cash-on-delivery extra fee). */
  fee?: number;

  /** Fen: same-city delivery is free from this goods total. */
  freeAbove?: number | null;

  /** Fen: same-city delivery needs at least this goods total. */
  minimumOrder?: number | null;
}

export class ShippingMethodsResponseDto {
  /** Every method, available or not, so that a frontend can explain what it hides. */
  methods: ShippingMethodResponseDto[];
  currency: string;
}
