import { Controller, Get, Header } from '@nestjs/common';
import { z } from 'zod';
import { Endpoint } from '../common/http/endpoint.decorator.js';
import { OpenApiService } from './openapi.service.js';

// The page and its script are separate files so the docs work under a CSP without 'unsafe-inline'.
const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Beseda API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const docsScript = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

@Controller('api')
export class OpenApiController {
  constructor(private readonly openApi: OpenApiService) {}

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  @Endpoint({
    public: true,
    summary: 'This OpenAPI 3.1 document',
    tags: ['meta'],
    response: z.record(z.string(), z.unknown()),
  })
  document() {
    return this.openApi.get();
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Endpoint({
    public: true,
    summary: 'Interactive API documentation',
    tags: ['meta'],
    response: z.string(),
    responseContentType: 'text/html',
  })
  docs() {
    return docsPage;
  }

  @Get('docs/init.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Endpoint({
    public: true,
    summary: 'Start-up script of the interactive documentation',
    tags: ['meta'],
    response: z.string(),
    responseContentType: 'text/javascript',
  })
  docsScript() {
    return docsScript;
  }
}
