import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const WEBHOOK_PREFIX = '/v1/webhooks/';
const RAW_CONTENT_TYPE = 'application/vnd.commerce.webhook-raw';
const WEBHOOK_BODY_LIMIT = 256 * 1024;
const originalContentType = new WeakMap<object, string>();

/**
 * Webhooks (payment providers, carriers) get their body as the exact bytes received, unparsed, whatever
 * its content type: signatures are over those bytes, nothing may read the body before the signature
 * checks out, and a malformed body must still reach the handler to be recorded and refused in the
 * sender's format. Only routes under /v1/webhooks/: their content type is swapped for a private one in
 * onRequest (the original is kept for the audit trail), and that type's parser hands the buffer through.
 * Every other route keeps Nest's parsers and their error handling. Each module with webhooks provides
 * this; the first to start registers the hook.
 */
@Injectable()
export class WebhookRawBody implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit() {
    // Absent in the worker-only process, which serves no HTTP.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser(RAW_CONTENT_TYPE)) return;
    fastify.addContentTypeParser(RAW_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    fastify.addHook('onRequest', async (request) => {
      if (request.method !== 'POST' || !request.url.startsWith(WEBHOOK_PREFIX)) return;
      originalContentType.set(request, request.headers['content-type'] ?? '');
      request.headers['content-type'] = RAW_CONTENT_TYPE;
    });
  }
}

/** The webhook's body as received (empty when there was none). */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** The headers as the provider sent them (the content type as it was before the swap). */
export function webhookHeaders(request: FastifyRequest): Record<string, string | string[] | undefined> {
  const contentType = originalContentType.get(request);
  return {
    ...request.headers,
    'content-type': contentType === '' ? undefined : (contentType ?? request.headers['content-type']),
  };
}
