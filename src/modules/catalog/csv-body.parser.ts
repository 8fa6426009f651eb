import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { IMPORT_MAX_BYTES } from './product-import.service';

/** Lets the import route take its CSV as a `text/csv` body (up to IMPORT_MAX_BYTES) as a string. */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit() {
    // Absent in the worker-only process, which serves no HTTP.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'string', bodyLimit: IMPORT_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
  }
}
