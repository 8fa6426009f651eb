import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, NotFoundError, validationProblem } from '../../common/errors';
import { Environment } from '../../config/environment';
import { verifyWebhook } from '../../common/http/webhook-signature';
import { latestStatus, parseKuaidi100Param, TrackingPush, TrackingSource, verifyKuaidi100Sign } from './domain/tracking';
import { GenericTrackingPushDto, Kuaidi100ReplyDto, TrackingReceiptResponseDto } from './dto/tracking.dto';
import { TrackingBodyUnreadableError, TrackingSignatureInvalidError } from './shipment-tracking.errors';
import { ShipmentTrackingService } from './shipment-tracking.service';

export const LOGISTICS_SOURCES = Object.values(TrackingSource);
type Headers = Record<string, string | string[] | undefined>;

export interface LogisticsWebhookAnswer {
  status: number;
  body: Kuaidi100ReplyDto | TrackingReceiptResponseDto;
}

const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Tracking pushes from Kuaidi100 and from carriers we integrate directly: the signature is checked over the raw
 * body before anything in it is read. A source whose secret is not configured is off, as if it did not exist.
 */
@Injectable()
export class LogisticsWebhookService {
  private readonly logger = new Logger(LogisticsWebhookService.name);

  constructor(
    private readonly env: Environment,
    private readonly tracking: ShipmentTrackingService,
  ) {}

  /** Kuaidi100 gets its own answer format; the generic source's failures are thrown as problems. */
  async handle(source: string, headers: Headers, rawBody: Buffer): Promise<LogisticsWebhookAnswer> {
    if (source === TrackingSource.Kuaidi100 && this.env.KUAIDI100_SALT) return this.kuaidi100(this.env.KUAIDI100_SALT, rawBody);
    if (source === TrackingSource.Generic && this.env.LOGISTICS_WEBHOOK_SECRET) {
      return this.generic(this.env.LOGISTICS_WEBHOOK_SECRET, headers, rawBody);
    }
    throw new NotFoundError('Logistics webhook source');
  }

  private async kuaidi100(salt: string, rawBody: Buffer): Promise<LogisticsWebhookAnswer> {
    const form = new URLSearchParams(rawBody.toString('utf8'));
    const param = form.get('param');
    const sign = form.get('sign');
    if (param === null || !sign || !verifyKuaidi100Sign(param, salt, sign)) {
      this.logger.warn('kuaidi100 tracking push refused: sign missing or wrong');
      return kuaidi100Reply(401, '签名错误');
    }
    const parsed = parseKuaidi100Param(param);
    if (!parsed.ok) {
      this.logger.warn(`kuaidi100 tracking push refused: ${parsed.reason}`);
      return kuaidi100Reply(400, `param 无法读取: ${parsed.reason}`);
    }
    try {
      await this.tracking.record(TrackingSource.Kuaidi100, parsed.value);
      return kuaidi100Reply(200, '成功');
    } catch (error) {
      if (error instanceof DomainError) {
        this.logger.warn(`kuaidi100 tracking push for ${parsed.value.trackingNumber} refused: ${error.detail}`);
        return kuaidi100Reply(error.status, error.detail);
      }
      // Nothing was stored (the transaction rolled back): result false makes Kuaidi100 push again.
      this.logger.error({ err: error }, 'kuaidi100 tracking push could not be processed');
      return kuaidi100Reply(500, '服务器错误');
    }
  }

  private async generic(secret: string, headers: Headers, rawBody: Buffer): Promise<LogisticsWebhookAnswer> {
    const raw = rawBody.toString('utf8');
    const timestamp = header(headers, 'x-logistics-timestamp');
    const signature = header(headers, 'x-logistics-signature');
    if (!timestamp || !signature || !verifyWebhook(secret, timestamp, raw, signature)) throw new TrackingSignatureInvalidError();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new TrackingBodyUnreadableError();
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TrackingBodyUnreadableError();
    // The same rules the global ValidationPipe applies to request bodies.
    const dto = plainToInstance(GenericTrackingPushDto, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw validationProblem(errors);
    const events = dto.events.map((e) => ({
      occurredAt: new Date(e.occurredAt),
      status: e.status ?? null,
      description: e.description,
      location: e.location ?? null,
    }));
    const push: TrackingPush = { carrier: dto.carrier, trackingNumber: dto.trackingNumber, state: latestStatus(events), events };
    const receipt = await this.tracking.record(TrackingSource.Generic, push);
    return { status: 200, body: { shipments: receipt.shipmentIds.length, storedEvents: receipt.storedEvents } };
  }
}

function kuaidi100Reply(status: number, message: string): LogisticsWebhookAnswer {
  return { status, body: { result: status === 200, returnCode: String(status), message } };
}
