import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth';
import { rawBodyOf, webhookHeaders } from '../../common/http/webhook-raw-body';
import { GenericTrackingPushDto, Kuaidi100PushDto, Kuaidi100ReplyDto, TrackingReceiptResponseDto } from './dto/tracking.dto';
import { LOGISTICS_SOURCES, LogisticsWebhookService } from './logistics-webhook.service';

@ApiTags('webhooks')
@Public()
@Controller('v1/webhooks/logistics')
@ApiExtraModels(GenericTrackingPushDto, Kuaidi100PushDto, Kuaidi100ReplyDto, TrackingReceiptResponseDto)
export class LogisticsWebhooksController {
  constructor(private readonly webhooks: LogisticsWebhookService) {}

  @Post(':source')
  @ApiOperation({
    summary: 'A carrier or Kuaidi100 reports tracking events of a shipment',
    description:
      'Called by Kuaidi100 and carriers, not by clients. The raw body is verified before anything is read. ' +
      '`kuaidi100`: its subscription push (订阅推送), form-encoded `param` (JSON) and `sign` = uppercase hex ' +
      'MD5(param + KUAIDI100_SALT); answered `{ result, returnCode, message }` (result false for a refused push, ' +
      'with the HTTP status as returnCode). `generic`: the JSON shown, with `X-Logistics-Timestamp: <unix seconds>` and ' +
      '`X-Logistics-Signature: sha256=<hex HMAC-SHA256(LOGISTICS_WEBHOOK_SECRET, "<timestamp>.<raw body>")>`, ' +
      'at most 300 s old; refusals are problem+json. The shipment is found by tracking number (and carrier: ' +
      'Kuaidi100 codes such as shunfeng are matched to ours such as SF, or a number only one shipment has is taken ' +
      'whatever its carrier). Each event is stored once, so a replay or the full history pushed again stores ' +
      'nothing new; the shipment takes the state of the newest events only. A source without its secret ' +
      'configured is off (404).',
  })
  @ApiParam({ name: 'source', enum: LOGISTICS_SOURCES })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    description: 'Kuaidi100 form fields, or the generic JSON',
    schema: { oneOf: [{ $ref: getSchemaPath(Kuaidi100PushDto) }, { $ref: getSchemaPath(GenericTrackingPushDto) }] },
  })
  @ApiOkResponse({
    description: 'Stored (or a replay of what is stored)',
    schema: { oneOf: [{ $ref: getSchemaPath(Kuaidi100ReplyDto) }, { $ref: getSchemaPath(TrackingReceiptResponseDto) }] },
  })
  @ApiBadRequestResponse({ description: 'Unreadable or invalid body (generic: per-field errors); nothing stored' })
  @ApiUnauthorizedResponse({ description: 'Signature missing, wrong or too old; nothing stored' })
  @ApiNotFoundResponse({ description: 'Unknown or switched-off source, or no shipment has that tracking number' })
  @ApiConflictResponse({ description: 'Shipments of several other carriers share the tracking number' })
  async receive(@Param('source') source: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.webhooks.handle(source, webhookHeaders(request), rawBodyOf(request));
    await reply.status(answer.status).send(answer.body);
  }
}
