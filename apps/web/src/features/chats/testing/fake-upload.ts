import { vi } from 'vitest';

/**
 * A stand-in for XMLHttpRequest, enough for uploads: the test sees each request sent and decides
 * when its bytes progress and how (or whether) it is answered.
 */
export class FakeUploadRequest {
  method = '';
  url = '';
  readonly headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  private responseHeaders: Record<string, string> = {};
  readonly upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  onloadend: (() => void) | null = null;

  constructor(private readonly sent: FakeUploadRequest[]) {}

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name] ?? null;
  }

  send(body: FormData) {
    this.body = body;
    this.sent.push(this);
  }

  abort() {
    this.aborted = true;
    this.onabort?.();
    this.onloadend?.();
  }

  /** The uploaded file, as the form carries it. */
  get file(): File {
    return this.body?.get('file') as File;
  }

  // What the test drives:

  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }

  respond(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders = headers;
    this.onload?.();
    this.onloadend?.();
  }

  /** No answer at all (the network is gone). */
  fail() {
    this.onerror?.();
    this.onloadend?.();
  }
}

/** Replaces the global XMLHttpRequest for this test; returns the requests as they are sent. */
export function fakeUploads() {
  const sent: FakeUploadRequest[] = [];
  vi.stubGlobal(
    'XMLHttpRequest',
    class extends FakeUploadRequest {
      constructor() {
        super(sent);
      }
    },
  );
  return sent;
}

/** A local file as a picker, a drop or the clipboard hands it over. */
export function localFile(name: string, type: string, size = 1000): File {
  return new File([new Uint8Array(size)], name, { type });
}
