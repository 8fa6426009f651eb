import { PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { Trim } from './transforms';

export class CreatePickupStoreDto {
  /** @example 南山旗舰店 */
  @Trim()
  @IsString()
  @Length(1, 64)
  name: string;

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

  /** Street, building and unit. @example 科技园路 1 号 */
  @Trim()
  @IsString()
  @Length(1, 200)
  detail: string;

  /** @example 0755-12345678 */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 32)
  phone?: string | null;

  /** Opening hours as shown to shoppers. @example 周一至周日 09:00-21:00 */
  @Trim()
  @IsString()
  @Length(1, 200)
  hours: string;

  /** Whether shoppers can choose it now (default true). */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdatePickupStoreDto extends PartialType(CreatePickupStoreDto) {}

export class ListPickupStoresQueryDto extends PageQueryDto {}

export class PickupStoreResponseDto {
  id: string;
  name: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  /** Province, city, district and street in one line. */
  address: string;
  phone: string | null;
  hours: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class StorePickupStoreResponseDto {
  id: string;
  name: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  address: string;
  phone: string | null;
  hours: string;
}
