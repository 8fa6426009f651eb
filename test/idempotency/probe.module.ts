import {
  Body,
  CanActivate,
  Controller,
  DynamicModule,
  ExecutionContext,
  Headers,
  Injectable,
  Module,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Public } from '../../src/common/auth';
import { DomainError } from '../../src/common/errors';
import { Idempotent } from '../../src/common/idempotency';

// A test-only controller mounted into the real app: each call inserts one row into a table the
// test creates, so that the number of rows is the number of times the handler ran.

export class CreateProbeDto {
  @IsString()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsInt()
  quantity?: number;
}

export interface ProbeRow {
  id: string;
  name: string;
  quantity: number | null;
  grp: string | null;
}

// Stands in for the auth guard: `x-test-customer: <id>` makes the request a customer's.
@Injectable()
class TestPrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const customer = request.headers['x-test-customer'];
    if (typeof customer === 'string') request.principal = { kind: 'customer', id: customer };
    return true;
  }
}

export function probeModule(table: string): DynamicModule {
  @Public()
  @UseGuards(TestPrincipalGuard)
  @Controller('test/idempotency')
  class ProbeController {
    constructor(private readonly db: DataSource) {}

    @Post('probes')
    @Idempotent()
    create(@Body() dto: CreateProbeDto, @Headers('x-probe-delay-ms') delay?: string, @Headers('x-probe-fail') fail?: string) {
      return this.insert(dto, null, delay, fail);
    }

    @Post('required-probes')
    @Idempotent({ required: true })
    createRequired(@Body() dto: CreateProbeDto) {
      return this.insert(dto, null);
    }

    @Post('groups/:group/probes')
    @Idempotent()
    createInGroup(@Param('group') group: string, @Body() dto: CreateProbeDto) {
      return this.insert(dto, group);
    }

    private async insert(dto: CreateProbeDto, group: string | null, delay?: string, fail?: string): Promise<ProbeRow> {
      if (delay) await new Promise((resolve) => setTimeout(resolve, Number(delay)));
      if (fail === '500') throw new Error('probe failure');
      if (fail) throw new DomainError('PROBE_FAILED', Number(fail), 'The probe was told to fail');
      const rows: ProbeRow[] = await this.db.query(
        `INSERT INTO ${table} (name, quantity, grp) VALUES ($1, $2, $3) RETURNING id, name, quantity, grp`,
        [dto.name, dto.quantity ?? null, group],
      );
      return rows[0];
    }
  }

  @Module({ controllers: [ProbeController], providers: [TestPrincipalGuard] })
  class ProbeModule {}

  return { module: ProbeModule };
}
