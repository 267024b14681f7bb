import { randomUUID } from "node:crypto";
import { getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Log } from "../log.js";

/** Yoga's server context for one request: its id and what the log line will say of it. */
export interface RequestLogContext {
  requestLog?: { id: string; started: number; operation?: string };
}

const REQUEST_ID = "x-request-id";
/** An id a proxy or client may hand in: short, and only characters safe in a log and a header. */
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's own X-Request-Id when well-formed (nginx's, a client's), or a new UUID. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get(REQUEST_ID);
  return given && WELL_FORMED_ID.test(given) ? given : randomUUID();
}

/**
 * Every request gets an id, echoed in the X-Request-Id response header, and one log line (id,
 * operation, status, duration). Two plugins: `first` goes before the HTTP caching layer, which
 * may answer a repeated request before later plugins hear of it; `last` goes after every plugin
 * that may replace the response, so the header is not kept in a cached answer for the next
 * request and the line has the status the client gets.
 */
export function requestLogPlugins(log: Log): {
  first: Plugin<{}, RequestLogContext>;
  last: Plugin<{}, RequestLogContext>;
} {
  return {
    first: {
      onRequest({ request, serverContext }) {
        serverContext.requestLog = { id: requestIdOf(request), started: performance.now() };
      },
      onExecute({ args }) {
        const entry = (args.contextValue as RequestLogContext).requestLog;
        const operation = getOperationAST(args.document, args.operationName);
        if (entry) entry.operation = operation?.name?.value ?? "Anonymous";
      },
    },
    last: {
      onResponse({ request, response, serverContext }) {
        const entry = serverContext.requestLog;
        if (!entry) return;
        response.headers.set(REQUEST_ID, entry.id);
        log.request({
          requestId: entry.id,
          method: request.method,
          path: new URL(request.url).pathname,
          ...(entry.operation && { operation: entry.operation }),
          status: response.status,
          durationMs: Math.round((performance.now() - entry.started) * 10) / 10,
        });
      },
    },
  };
}
