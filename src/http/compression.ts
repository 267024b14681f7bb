import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Coding } from "./negotiation.js";

/** Smaller answers gain less from compression than its headers and CPU cost. */
export const COMPRESS_FROM_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The body in `coding`, compressed on libuv's thread pool so the event loop keeps serving.
 * Brotli at quality 4: most of its gain over gzip for JSON, at gzip's speed (11, its default,
 * costs tens of milliseconds per answer).
 */
export function compress(body: Buffer, coding: Coding): Promise<Buffer> {
  return coding === "br"
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
    : gzipAsync(body, { level: 6 });
}
