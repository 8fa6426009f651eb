import { createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Permission, StaffPrincipal } from '../../common/auth';
import { problem, PROBLEM_CONTENT_TYPE } from '../../common/errors';
import { ALL_QUEUES } from '../../common/queue/queue-names';
import { StaffAuthenticator } from '../identity/staff-authenticator';

export const QUEUE_BOARD_PATH = '/admin/queues';
const SESSION_TTL_MS = 60_000;
const MAX_FAILURES_PER_MINUTE = 10;

/**
 * Bull Board for ops at /admin/queues. A browser gets the Basic-auth prompt (staff email and
 * password); scripts may send a staff bearer token. Either way the staff member needs
 * `queues.manage`. A verified Basic header is remembered for a minute, since the board polls
 * and every argon2 check costs tens of milliseconds.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  private readonly sessions = new Map<string, { principal: StaffPrincipal; until: number }>();
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly authenticator: StaffAuthenticator,
  ) {}

  async onModuleInit() {
    // A worker-only process serves no HTTP.
    if (!this.adapterHost.httpAdapter) return;
    const board = new BoardAdapter();
    board.setBasePath(QUEUE_BOARD_PATH);
    const queues = ALL_QUEUES.map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })));
    createBullBoard({ queues, serverAdapter: board, options: { uiConfig: { boardTitle: 'Commerce queues' } } });

    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.authenticate(request, reply));
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_BOARD_PATH },
    );
  }

  private async authenticate(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers.authorization ?? '';
    const principal = await this.principal(header, request.ip);
    if (!principal) {
      return this.deny(reply, 401, 'UNAUTHORIZED', 'Sign in with a staff email and password, or a staff bearer token');
    }
    if (!principal.permissions.has(Permission.QueuesManage)) {
      return this.deny(reply, 403, 'FORBIDDEN', `Requires staff permission: ${Permission.QueuesManage}`);
    }
  }

  private async principal(header: string, ip: string): Promise<StaffPrincipal | null> {
    const [scheme, value] = header.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer' && value) return this.authenticator.verifyAccessToken(value);
    if (scheme?.toLowerCase() !== 'basic' || !value) return null;

    const key = createHash('sha256').update(header).digest('hex');
    const session = this.sessions.get(key);
    if (session && session.until > Date.now()) return session.principal;

    if (this.tooManyFailures(ip)) return null;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const principal =
      colon > 0 ? await this.authenticator.verifyPassword(decoded.slice(0, colon), decoded.slice(colon + 1)) : null;
    if (principal) {
      this.sessions.set(key, { principal, until: Date.now() + SESSION_TTL_MS });
    } else {
      this.recordFailure(ip);
    }
    return principal;
  }

  private tooManyFailures(ip: string): boolean {
    const entry = this.failures.get(ip);
    return !!entry && Date.now() - entry.since < 60_000 && entry.count >= MAX_FAILURES_PER_MINUTE;
  }

  private recordFailure(ip: string) {
    const entry = this.failures.get(ip);
    if (!entry || Date.now() - entry.since >= 60_000) this.failures.set(ip, { count: 1, since: Date.now() });
    else entry.count++;
  }

  private deny(reply: FastifyReply, status: number, code: string, detail: string) {
    if (status === 401) reply.header('www-authenticate', 'Basic realm="queues", charset="UTF-8"');
    return reply
      .status(status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem(status, code, detail));
  }
}
