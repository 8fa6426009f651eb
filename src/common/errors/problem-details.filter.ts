import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** The one place where errors become HTTP answers. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Pick<Logger, 'error'>) {
  const { problem, unexpected } = toProblem(error);
  if (unexpected) {
    logger.error({ err: error, requestId: request.id, url: request.url }, 'unexpected error');
  }
  problem.instance = request.url.split('?')[0];
  problem.requestId = String(request.id);
  if (problem.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  if (reply.sent) return;
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
