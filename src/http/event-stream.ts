import { GraphQLError, type ExecutionResult } from "graphql";
import { isAsyncIterable, type FetchAPI, type Plugin } from "graphql-yoga";
import type { ErrorCode } from "../errors.js";

/**
 * A comment line this often keeps an idle stream alive through proxies and balancers, which
 * close connections silent for about a minute (nginx's proxy_read_timeout is 60 s).
 */
export const HEARTBEAT_MS = 15_000;

/**
 * Subscriptions' answers as server-sent events: yoga's own SSE answer (graphql-sse's "distinct
 * connections" framing: `event: next` per result, `event: complete` at the end, a comment as the
 * heartbeat), plus what yoga's cannot do: an `id:` line per event (the result's
 * `extensions.changeCounter`), so a browser's EventSource sends Last-Event-ID when it
 * reconnects; `X-Accel-Buffering: no`, so nginx passes each event on at once; a heartbeat
 * interval of our choosing (yoga's is fixed at 12 s, 300 ms under NODE_ENV=test); and an error
 * that ends a stream (STREAM_TOO_SLOW, CHANGES_EXPIRED) sent as a last `next` event with its
 * code, instead of a broken connection. Incremental answers (@defer, @stream) keep yoga's.
 */
export function useEventStream({ heartbeatMs = HEARTBEAT_MS } = {}): Plugin {
  const subscriptions = new WeakSet<Request>();
  return {
    onSubscribe({ context }) {
      const request = (context as { request?: Request }).request;
      if (request) subscriptions.add(request);
    },
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      // yoga has chosen its SSE answer, the only one that streams a subscription: take it over.
      if (!subscriptions.has(request) || !isAsyncIterable(result) || !resultProcessor) return;
      setResultProcessor(
        (results, fetchAPI) =>
          new fetchAPI.Response(
            eventStream(results as AsyncIterable<ExecutionResult>, fetchAPI, heartbeatMs),
            { status: 200, headers: EVENT_STREAM_HEADERS },
          ),
        "text/event-stream",
      );
    },
  };
}

const EVENT_STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store",
  "x-accel-buffering": "no",
  connection: "keep-alive",
};

/** One result as an event: its id when it has one, then the result without yoga's internals. */
function frame(result: ExecutionResult): string {
  const {
    http: _http,
    changeCounter,
    ...extensions
  } = (result.extensions ?? {}) as Record<string, unknown>;
  const id = typeof changeCounter === "number" ? `id: ${changeCounter}\n` : "";
  const body = { ...result, extensions: { ...extensions, ...(id && { changeCounter }) } };
  if (Object.keys(body.extensions).length === 0) delete (body as ExecutionResult).extensions;
  return `${id}event: next\ndata: ${JSON.stringify(body)}\n\n`;
}

/** An error that ends a stream, as the client should see it: coded ones as they are, others masked. */
function closingError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError && error.extensions["code"]) {
    return new GraphQLError(error.message, { extensions: { code: error.extensions["code"] } });
  }
  return new GraphQLError("Unexpected error.", {
    extensions: { code: "INTERNAL_SERVER_ERROR" satisfies ErrorCode },
  });
}

function eventStream(
  results: AsyncIterable<ExecutionResult>,
  fetchAPI: FetchAPI,
  heartbeatMs: number,
): ReadableStream<Uint8Array> {
  const encoder = new fetchAPI.TextEncoder();
  const iterator = results[Symbol.asyncIterator]();
  let heartbeat: NodeJS.Timeout | undefined;
  const end = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    clearInterval(heartbeat);
    controller.enqueue(encoder.encode("event: complete\ndata:\n\n"));
    controller.close();
  };
  return new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      // Sent at once: some browsers and proxies hold the headers back until a first byte comes.
      controller.enqueue(encoder.encode(":\n\n"));
      heartbeat = setInterval(() => {
        // Only into an empty queue: a client that does not read is not sent more and more.
        if ((controller.desiredSize ?? 0) > 0) controller.enqueue(encoder.encode(":\n\n"));
      }, heartbeatMs);
    },
    async pull(controller) {
      try {
        const { done, value } = await iterator.next();
        if (done) return end(controller);
        controller.enqueue(encoder.encode(frame(value)));
      } catch (error) {
        controller.enqueue(encoder.encode(frame({ errors: [closingError(error)] })));
        end(controller);
      }
    },
    async cancel() {
      clearInterval(heartbeat);
      await iterator.return?.();
    },
  });
}
