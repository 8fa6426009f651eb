import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MAINLAND_PHONE } from '../domain/phone';
import { SmsCodePurpose } from '../domain/sms-code';

const PHONE_MESSAGE = 'phone must be a mainland China mobile number: 11 digits starting with 13–19';

export class RegisterCustomerDto {
  /** Mainland China mobile number, 11 digits. */
  @ApiProperty({ pattern: MAINLAND_PHONE.source, example: '13812345678' })
  @Matches(MAINLAND_PHONE, { message: PHONE_MESSAGE })
  phone: string;

  /** At least 8 characters. */
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;

  /** Display name. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  nickname?: string;
}

export class LoginCustomerDto {
  /** Mainland China mobile number, 11 digits. */
  @ApiProperty({ pattern: MAINLAND_PHONE.source, example: '13812345678' })
  @Matches(MAINLAND_PHONE, { message: PHONE_MESSAGE })
  phone: string;

  @IsString()
  @MaxLength(128)
  password: string;
}

export class SendSmsCodeDto {
  /** Mainland China mobile number, 11 digits. */
  @ApiProperty({ pattern: MAINLAND_PHONE.source, example: '13812345678' })
  @Matches(MAINLAND_PHONE, { message: PHONE_MESSAGE })
  phone: string;

  /** What the code is for. */
  @IsEnum(SmsCodePurpose)
  purpose: SmsCodePurpose;
}

export class SmsLoginDto {
  /** Mainland China mobile number, 11 digits. */
  @ApiProperty({ pattern: MAINLAND_PHONE.source, example: '13812345678' })
  @Matches(MAINLAND_PHONE, { message: PHONE_MESSAGE })
  phone: string;

  /** The 6-digit code sent by SMS. */
  @ApiProperty({ pattern: '^\\d{6}$', example: '012345' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class RefreshTokenDto {
  /** The refresh token of the last login or refresh; it is used up by this call. */
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  refreshToken: string;
}
