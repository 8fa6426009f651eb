import { Body, Controller, HttpCode, HttpStatus, Post, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../../common/auth';
import { AuthRateLimit } from './auth-rate-limit.guard';
import { CustomerAuthService } from './customer-auth.service';
import { LoginCustomerDto, RefreshTokenDto, RegisterCustomerDto, SendSmsCodeDto, SmsLoginDto } from './dto/customer-auth.dto';
import { SmsCodeSentResponseDto, TokenResponseDto } from './dto/token-response.dto';
import { RetryAfterInterceptor } from './retry-after.interceptor';

@ApiTags('store: auth')
@Controller('v1/store/auth')
@Public()
@UseInterceptors(RetryAfterInterceptor)
export class StoreAuthController {
  constructor(private readonly auth: CustomerAuthService) {}

  /** Creates a customer with phone and password and logs them in. */
  @Post('register')
  @AuthRateLimit()
  @ApiConflictResponse({ description: 'PHONE_TAKEN: a customer with this phone exists' })
  register(@Body() body: RegisterCustomerDto): Promise<TokenResponseDto> {
    return this.auth.register(body);
  }

  /** Logs in with phone and password. */
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS: unknown phone or wrong password' })
  login(@Body() body: LoginCustomerDto): Promise<TokenResponseDto> {
    return this.auth.login(body.phone, body.password);
  }

  /** Sends a 6-digit code by SMS (at most one per phone per minute). */
  @Post('sms-codes')
  @HttpCode(HttpStatus.ACCEPTED)
  @AuthRateLimit()
  @ApiServiceUnavailableResponse({ description: 'The SMS provider did not accept the message' })
  sendSmsCode(@Body() body: SendSmsCodeDto): Promise<SmsCodeSentResponseDto> {
    return this.auth.sendSmsCode(body.phone, body.purpose);
  }

  /** Logs in with an SMS code; a new phone number becomes a customer without a password. */
  @Post('sms-login')
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @ApiUnauthorizedResponse({
    description: 'INVALID_SMS_CODE: wrong, expired or used up (attemptsLeft says how many tries remain)',
  })
  smsLogin(@Body() body: SmsLoginDto): Promise<TokenResponseDto> {
    return this.auth.smsLogin(body.phone, body.code);
  }

  /** Trades a refresh token for a new pair. Reusing a spent refresh token revokes all its successors. */
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'INVALID_REFRESH_TOKEN: unknown, expired, spent or revoked' })
  refresh(@Body() body: RefreshTokenDto): Promise<TokenResponseDto> {
    return this.auth.refresh(body.refreshToken);
  }
}
