import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
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
import { MockPaymentNotificationDto } from './dto/payment.dto';
import { PaymentWebhookService } from './payment-webhook.service';

@ApiTags('webhooks')
@Public()
@Controller('v1/webhooks/payments')
@ApiExtraModels(MockPaymentNotificationDto)
export class PaymentWebhooksController {
  constructor(private readonly webhooks: PaymentWebhookService) {}

  @Post(':provider')
  @ApiOperation({
    summary: 'A payment provider reports a payment or refund',
    description:
      'Called by the providers, not by clients. The body is read as raw bytes and its signature checked before ' +
      'anything else: `mock` signs with `X-Mock-Signature: sha256=<hex HMAC-SHA256 of the body with MOCK_PAYMENT_SECRET>`; ' +
      '`wechatpay` sends API v3 notifications (`Wechatpay-Signature`, `-Serial`, `-Timestamp`, `-Nonce`; AES-256-GCM ' +
      'encrypted `resource`); `alipay` sends its form-encoded async notify signed RSA2. Every message is recorded. ' +
      'A success is applied once per provider transaction, only when its amount and currency match the payment; ' +
      "a replay answers success and changes nothing. The answer is in the provider's own format.",
  })
  @ApiParam({ name: 'provider', enum: ['mock', 'wechatpay', 'alipay'] })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({
    description: "The provider's notification exactly as it sends it (the mock provider's format shown).",
    schema: { $ref: getSchemaPath(MockPaymentNotificationDto) },
  })
  @ApiOkResponse({ description: "Processed (or a replay of a processed message), in the provider's format" })
  @ApiBadRequestResponse({ description: 'Malformed or refused message; nothing changed' })
  @ApiUnauthorizedResponse({ description: 'Signature missing or wrong; nothing changed' })
  @ApiNotFoundResponse({ description: 'Unknown provider, or a message about a payment that is not ours' })
  async receive(@Param('provider') provider: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.webhooks.handle(provider, webhookHeaders(request), rawBodyOf(request));
    reply.status(answer.status);
    if (answer.contentType) reply.header('content-type', answer.contentType);
    await reply.send(answer.body ?? '');
  }
}
