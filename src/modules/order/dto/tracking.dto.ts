import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_TRACKING_EVENTS, TrackingStatus } from '../domain/tracking';

export class GenericTrackingEventDto {
  /** When it happened: ISO 8601 with its offset (Z or ±hh:mm). */
  @IsISO8601({ strict: true })
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: 'occurredAt must carry its offset (Z or ±hh:mm)' })
  occurredAt: string;

  @ApiProperty({ enum: TrackingStatus, enumName: 'TrackingStatus', required: false })
  @IsOptional()
  @IsEnum(TrackingStatus)
  status?: TrackingStatus;

  /** What happened, as the customer will read it. */
  @IsString()
  @Length(1, 1000)
  description: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  location?: string;
}

/** Our own tracking push, for carriers and middleware we integrate directly. */
export class GenericTrackingPushDto {
  /** The carrier as recorded on the shipment, e.g. SF. */
  @IsString()
  @Length(1, 50)
  carrier: string;

  @IsString()
  @Length(1, 100)
  trackingNumber: string;

  /** Any events, in any order; ones we already have are skipped. */
  @IsArray()
  @ArrayMaxSize(MAX_TRACKING_EVENTS)
  @ValidateNested({ each: true })
  @Type(() => GenericTrackingEventDto)
  events: GenericTrackingEventDto[];
}

/** A Kuaidi100 subscription push, form-encoded. */
export class Kuaidi100PushDto {
  /** JSON text: `{ status, message, lastResult: { state, ischeck, com, nu, data: [{ context, time, ftime, areaName?, status? }] } }`. */
  param: string;
  /** Uppercase hex MD5 of param followed by our salt. */
  sign: string;
}

/** The answer Kuaidi100 expects; result false makes it push again later. */
export class Kuaidi100ReplyDto {
  result: boolean;
  /** 200 on success, 500 for our failures; 400, 401, 404, 409 for refused pushes. */
  returnCode: string;
  message: string;
}

export class TrackingReceiptResponseDto {
  /** Shipments the push was applied to. */
  shipments: number;
  /** Events stored now (a replay stores none). */
  storedEvents: number;
}
