import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Permission, StaffAuth, StaffPrincipal } from '../../common/auth';
import { BillCheckService } from './bill-check.service';
import { BillCheckListResponseDto, BillCheckResponseDto, CreateBillCheckDto, ListBillChecksQueryDto } from './dto/bill-check.dto';

@ApiTags('admin: payments')
@Controller('v1/admin/payments/bill-checks')
export class AdminBillChecksController {
  constructor(private readonly checks: BillCheckService) {}

  /**
   * Checks a provider's trade bill (对账单) of a past day against our payments and refunds now (a job
   * does it every morning for yesterday). Payments or refunds the bill lists that we still have open
   * are settled through the provider's verified query; what still disagrees is listed and notified.
   * Checking a day again replaces its earlier check. A bill that cannot be had answers status `failed`.
   */
  @Post()
  @HttpCode(200)
  @StaffAuth(Permission.PaymentsRefund)
  @ApiOkResponse({ type: BillCheckResponseDto })
  check(@CurrentStaff() staff: StaffPrincipal, @Body() dto: CreateBillCheckDto): Promise<BillCheckResponseDto> {
    return this.checks.check(dto.provider, dto.date, staff.id);
  }

  /** Bill checks, newest day first. */
  @Get()
  @StaffAuth(Permission.PaymentsRead)
  @ApiOkResponse({ type: BillCheckListResponseDto })
  list(@Query() query: ListBillChecksQueryDto): Promise<BillCheckListResponseDto> {
    return this.checks.list(query);
  }

  @Get(':id')
  @StaffAuth(Permission.PaymentsRead)
  @ApiOkResponse({ type: BillCheckResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<BillCheckResponseDto> {
    return this.checks.get(id);
  }
}
