import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_FEN, Trim } from './transforms';

export class UpdateSameCitySettingsDto {
  @IsBoolean()
  enabled: boolean;

  /** The city served; required while enabled. @example 深圳市 */
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 50)
  city?: string | null;

  /** Districts served; empty serves the whole city. @example ["南山区", "福田区"] */
  @IsArray()
  @ArrayMaxSize(200)
  @Trim()
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @ArrayUnique()
  districts: string[];

  /** Fen, flat per order. @example 800 */
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  fee: number;

  /** Fen: free when the goods total reaches it; null for never. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  freeAbove?: number | null;

  /** Fen: orders below it cannot use same-city delivery; null for no minimum. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  minimumOrder?: number | null;
}

export class SameCitySettingsResponseDto {
  enabled: boolean;
  city: string | null;
  districts: string[];
  /** Fen. */
  fee: number;
  freeAbove: number | null;
  minimumOrder: number | null;
  currency: string;
}

export class UpdateCodSettingsDto {
  @IsBoolean()
  enabled: boolean;

  /** Provinces where cash on delivery is offered; empty offers it everywhere. */
  @IsArray()
  @ArrayMaxSize(100)
  @Trim()
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  @ArrayUnique()
  allowedProvinces: string[];

  /** Fen added to the freight; 0 when omitted. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  extraFee?: number;
}

export class CodSettingsResponseDto {
  enabled: boolean;
  allowedProvinces: string[];
  /** Fen. */
  extraFee: number;
  currency: string;
}
