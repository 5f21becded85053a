import type { ServerResponse } from 'node:http';
import type { RouteMeter } from '../metrics/index.ts';
import { ResponseRelay, type OnUpstreamFailure, type RelayFactory } from './forward.ts';
import { SESSION_BAR_TAG } from './session-bar.ts';

/** `</head` or `</body` followed by `>` or white space (so `</header>` does not match). */
const INSERT_BEFORE = /<\/(?:head|body)[\s>]/i;
/** Bytes held back between chunks so a closing tag split across two chunks is still found. */
const CARRY = '</head>'.length;
const TAG = Buffer.from(SESSION_BAR_TAG);

/**
 * For resources that opt into the session bar: asks the upstream for an uncompressed answer, so the one
 * tag can be inserted into HTML as it streams (the alternative, decompressing and recompressing, costs
 * every byte twice). Replaces any Accept-Encoding the browser sent.
 */
export function askForIdentity(headers: string[]): void {
  for (let i = headers.length - 2; i >= 0; i -= 2) {
    if (headers[i] === 'accept-encoding') headers.splice(i, 2);
  }
  headers.push('accept-encoding', 'identity');
}

function headerValue(flat: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i < flat.length; i += 2) if (flat[i]?.toLowerCase() === lowerName) return flat[i + 1];
  return undefined;
}

/**
 * Relays an answer, inserting the session bar's `<script>` before the first `</head>` (or `</body>`, or at
 * the end) of an uncompressed `text/html` body. Content-Length is dropped (the body grows; Node sends it
 * chunked); nothing else in the page is touched. Any other answer passes through as the plain relay does.
 */
export class InjectingRelay extends ResponseRelay {
  private injecting = false;
  private carry: Buffer | undefined;

  constructor(
    res: ServerResponse,
    onFailure: OnUpstreamFailure,
    portalHost: string,
    requestId: string,
    meter: RouteMeter,
    private readonly headRequest: boolean,
  ) {
    super(res, onFailure, portalHost, requestId, meter);
  }

  override onHeaders(
    statusCode: number,
    rawHeaders: Buffer[],
    resume: () => void,
    statusText: string,
  ): boolean {
    if (statusCode < 200) return true;
    this.resume = resume;
    let headers = this.answerHeaders(statusCode, rawHeaders);
    const type = headerValue(headers, 'content-type') ?? '';
    const encoding = (headerValue(headers, 'content-encoding') ?? 'identity').trim().toLowerCase();
    if (
      !this.headRequest &&
      statusCode !== 204 &&
      statusCode !== 304 &&
      /^\s*text\/html\b/i.test(type) &&
      encoding === 'identity'
    ) {
      this.injecting = true;
      headers = dropPairs(headers, 'content-length');
    }
    this.res.writeHead(statusCode, statusText, headers);
    return true;
  }

  override onData(chunk: Buffer): boolean {
    if (!this.injecting) return this.write(chunk);
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const match = INSERT_BEFORE.exec(buf.toString('latin1'));
    if (match) {
      this.injecting = false;
      this.carry = undefined;
      return this.write(Buffer.concat([buf.subarray(0, match.index), TAG, buf.subarray(match.index)]));
    }
    const keep = Math.min(buf.length, CARRY);
    this.carry = Buffer.from(buf.subarray(buf.length - keep));
    return this.write(buf.subarray(0, buf.length - keep));
  }

  override onComplete(): void {
    if (this.injecting) {
      // No closing head or body tag: the script still runs at the end of the document.
      this.injecting = false;
      this.res.write(this.carry ? Buffer.concat([this.carry, TAG]) : TAG);
    }
    this.res.end();
  }
}

function dropPairs(flat: readonly string[], lowerName: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    if (flat[i]?.toLowerCase() !== lowerName) out.push(flat[i] as string, flat[i + 1] as string);
  }
  return out;
}

/** The relay factory `forwardRequest` takes for an opted-in resource. */
export function injectingRelay(headRequest: boolean): RelayFactory {
  return (res, onFailure, portalHost, requestId, meter) =>
    new InjectingRelay(res, onFailure, portalHost, requestId, meter, headRequest);
}
