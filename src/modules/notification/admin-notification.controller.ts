import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, page, PageOf } from '../../common/pagination';
import { ListNotificationsQueryDto, NotificationResponseDto, toNotificationResponse } from './dto/notification.dto';
import { NotificationService } from './notification.service';

@ApiTags('admin: notifications')
@Controller('v1/admin/notifications')
export class AdminNotificationController {
  constructor(private readonly notifications: NotificationService) {}

  /** The merchant's notifications (low stock, new orders), newest first, with how each delivery went. */
  @Get()
  @StaffAuth(Permission.NotificationsRead)
  @ApiOkResponse({ type: PageOf(NotificationResponseDto) })
  async list(@Query() query: ListNotificationsQueryDto): Promise<Page<NotificationResponseDto>> {
    const [items, total] = await this.notifications.list(query.unread, query.offset, query.pageSize);
    return page(items.map(toNotificationResponse), total, query);
  }

  /** Marks a notification read; marking it again keeps the first time. */
  @Post(':id/read')
  @HttpCode(200)
  @StaffAuth(Permission.NotificationsRead)
  async markRead(@Param('id', ParseUUIDPipe) id: string): Promise<NotificationResponseDto> {
    return toNotificationResponse(await this.notifications.markRead(id));
  }
}
