import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { FREIGHT_MODES, type FreightMode } from '../domain/freight';
import { MAX_FEN, MAX_UNITS, Trim } from './transforms';

/** First `first` pieces (or grams) for `firstFee`, then each started `additional` pieces (or grams) for `additionalFee`. */
export class FreightChargeDto {
  /** Pieces or grams covered by the first fee. @example 1 */
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  first: number;

  /** Fen. @example 1000 */
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  firstFee: number;

  /** Pieces or grams per additional block; a started block counts whole. @example 1 */
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  additional: number;

  /** Fen per additional block. @example 500 */
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  additionalFee: number;
}

export class FreightRegionRuleDto extends FreightChargeDto {
  /** Provinces this charge applies to, as free text (trimmed). @example ["新疆维吾尔自治区", "西藏自治区"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Trim()
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @ArrayUnique()
  provinces: string[];
}

export class CreateFreightTemplateDto {
  /** @example Standard parcel */
  @Trim()
  @IsString()
  @Length(1, 64)
  name: string;

  /** Charge by the number of pieces or by total weight in grams. */
  @IsIn(FREIGHT_MODES)
  mode: FreightMode;

  /** Region rules; the first rule naming the delivery province applies. */
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FreightRegionRuleDto)
  rules: FreightRegionRuleDto[];

  /** The charge everywhere no region rule names. */
  @IsDefined()
  @ValidateNested()
  @Type(() => FreightChargeDto)
  defaultRule: FreightChargeDto;

  /** Fen: free shipping when the goods total under this template reaches it; null for never. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  freeAbove?: number | null;

  /** Provinces this template does not deliver to. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Trim()
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @ArrayUnique()
  excludedProvinces?: string[];

  /** Make this the store default, used for every product without a template of its own. */
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}

export class UpdateFreightTemplateDto extends PartialType(CreateFreightTemplateDto) {}

export class AssignFreightTemplateProductsDto {
  /** Exactly the products that use this template afterwards; a product on another template moves here. */
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  @ArrayUnique()
  productIds: string[];
}

export class FreightChargeResponseDto {
  first: number;
  firstFee: number;
  additional: number;
  additionalFee: number;
}

export class FreightRegionRuleResponseDto extends FreightChargeResponseDto {
  provinces: string[];
}

export class FreightTemplateResponseDto {
  id: string;
  name: string;
  @ApiProperty({ enum: FREIGHT_MODES })
  mode: FreightMode;
  rules: FreightRegionRuleResponseDto[];
  defaultRule: FreightChargeResponseDto;
  /** Fen. */
  freeAbove: number | null;
  excludedProvinces: string[];
  isDefault: boolean;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
}

export class FreightTemplateProductsResponseDto {
  templateId: string;
  productIds: string[];
}

export class ProductFreightTemplateResponseDto {
  productId: string;
  /** The template assigned to the product; null when it has none. */
  assignedTemplateId: string | null;
  /** The template that prices it: the assigned one, else the store default, else null (free shipping). */
  effectiveTemplateId: string | null;
}
