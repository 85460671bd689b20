import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { PERSON_ROLES } from './auth/principal';

/** The one OpenAPI document of Jishi's HTTP API, served at /docs (and /docs-json). */
export function mountOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('纪实 Jishi')
      .setDescription(
        '干部选拔任用全程纪实 API：发起事项、办理环节、投票、征求意见答复、查询。每个请求须带访问令牌（Bearer）。/ Cadre selection-and-appointment cases with a full-process record. Every request carries a bearer access token.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT (EdDSA)' })
      .build(),
  );
  // Every role a person may hold, beside each operation's own `x-jishi-roles`.
  (document as unknown as Record<string, unknown>)['x-jishi-person-roles'] = [...PERSON_ROLES];
  SwaggerModule.setup('docs', app, document);
}
