import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** Largest `text/csv` body accepted, in bytes. One limit for every CSV route: Fastify has one parser per content type. */
export const CSV_MAX_BYTES = 5 * 1024 * 1024;

/** Lets CSV upload routes take their body (`text/csv`, up to CSV_MAX_BYTES) as a string. */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit() {
    // Absent in the worker-only process, which serves no HTTP.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'string', bodyLimit: CSV_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
  }
}

/** Import it in a module with a CSV upload route; the parser is registered once however many do. */
@Module({ providers: [CsvBodyParser] })
export class CsvBodyModule {}
