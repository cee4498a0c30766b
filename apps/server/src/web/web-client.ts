import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** Paths that belong to the server, never to the single-page app's client-side router. */
const serverPathPrefixes = ['/api/', '/api?', '/health', '/metrics'];

const notBuiltPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Beseda</title>
<p>The web client has not been built. Run <code>npm run build</code> (or <code>npm start</code>), then reload.</p></html>`;

/**
 * Serves the built web client. Vite names assets by content hash, so they are cached for a year;
 * everything else (index.html, the service worker, the manifest) is revalidated on every load so
 * a deploy reaches users on their next visit.
 */
export class WebClient {
  private readonly indexPath: string;
  private indexHtml: Buffer | undefined;
  private indexModified = 0;

  constructor(readonly dir: string) {
    this.indexPath = path.join(dir, 'index.html');
    this.loadIndex();
  }

  get built(): boolean {
    return this.indexHtml !== undefined;
  }

  /**
   * Re-reads index.html when the build changed under a running server; otherwise it would keep
   * pointing at hashed scripts that no longer exist.
   */
  private loadIndex() {
    if (!existsSync(this.indexPath)) return;
    const modified = statSync(this.indexPath).mtimeMs;
    if (modified !== this.indexModified) {
      this.indexHtml = readFileSync(this.indexPath);
      this.indexModified = modified;
    }
  }

  async register(fastify: FastifyInstance): Promise<void> {
    if (!this.built) return;
    await fastify.register(fastifyStatic, {
      root: this.dir,
      prefix: '/',
      // Routes for the files that exist now, instead of a catch-all route: unknown paths then
      // fall through to the not-found handling, which serves the app or a JSON 404.
      wildcard: false,
      index: false,
      redirect: false,
      setHeaders: (res, filePath) => {
        const immutable = path.relative(this.dir, filePath).startsWith(`assets${path.sep}`);
        res.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  /**
   * Answers a request no route matched with the app's index.html when it is a page navigation
   * (client-side routes like /chats/123). Returns false for API paths and non-GET requests,
   * which get the JSON 404 instead.
   */
  serveFallback(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const url = request.url;
    if (serverPathPrefixes.some((prefix) => url === prefix.replace(/[/?]$/, '') || url.startsWith(prefix))) {
      return false;
    }
    // A missing /assets/x.js must be a 404, not HTML the browser would try to run as a script.
    if (url.startsWith('/assets/') || /\.[a-z0-9]+(\?|$)/i.test(url.split('?')[0]!)) return false;
    this.loadIndex();
    reply
      .status(200)
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(this.indexHtml ?? notBuiltPage);
    return true;
  }
}
