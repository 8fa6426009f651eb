import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentStaff, Public, StaffAuth, StaffPrincipal } from '../../common/auth';
import { AuthRateLimit } from './auth-rate-limit.guard';
import { RefreshTokenDto } from './dto/customer-auth.dto';
import { LoginStaffDto, StaffMeResponseDto } from './dto/staff.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { StaffAuthService } from './staff-auth.service';

@ApiTags('admin: auth')
@Controller('v1/admin')
export class AdminAuthController {
  constructor(private readonly auth: StaffAuthService) {}

  /** Logs a staff member in with email and password. */
  @Post('auth/login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @AuthRateLimit()
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS: unknown email, wrong password or inactive account' })
  login(@Body() body: LoginStaffDto): Promise<TokenResponseDto> {
    return this.auth.login(body.email, body.password);
  }

  /** Trades a staff refresh token for a new pair. Reusing a spent refresh token revokes all its successors. */
  @Post('auth/refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'INVALID_REFRESH_TOKEN: unknown, expired, spent or revoked' })
  refresh(@Body() body: RefreshTokenDto): Promise<TokenResponseDto> {
    return this.auth.refresh(body.refreshToken);
  }

  /** The staff member the access token belongs to, with their roles and permissions as of now. */
  @Get('me')
  @StaffAuth()
  async me(@CurrentStaff() principal: StaffPrincipal): Promise<StaffMeResponseDto> {
    const { staff, permissions } = await this.auth.me(principal.id);
    return StaffMeResponseDto.from(staff, permissions);
  }
}
