import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

const DESCRIPTION = `Headless commerce API for mini-program, web and app stores.

- \`/v1/store/...\`: shoppers and any frontend; \`/v1/admin/...\`: staff (each route names the permission it needs);
  \`/v1/webhooks/...\`: payment providers and carriers.
- Money is an integer number of minor units (fen for CNY) with a \`currency\` beside it.
- Errors are \`application/problem+json\` (RFC 9457) with a stable \`code\`; validation errors list \`errors\` per field.
- Writes that create orders, payments or refunds take an \`Idempotency-Key\` header.`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Commerce API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  document.tags = collectTags(document);
  return document;
}

// Store tags first, then admin, then the rest, each group sorted: Swagger UI shows them in this order.
function collectTags(document: OpenAPIObject) {
  const names = new Set<string>();
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      for (const tag of (operation as { tags?: string[] }).tags ?? []) names.add(tag);
    }
  }
  const rank = (t: string) => (t.startsWith('store') ? 0 : t.startsWith('admin') ? 1 : 2);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((name) => ({ name }));
}

/** Deterministic JSON (keys sorted) so that the committed spec diffs cleanly in review. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true, tagsSorter: undefined, docExpansion: 'none' },
  });
}
