import {
  createSourceEventStream,
  execute,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
} from "graphql";
import { isAsyncIterable, mapAsyncIterator, type Plugin } from "graphql-yoga";
import { createContext, type Context } from "../context.js";
import type { ErrorCode } from "../errors.js";
import { acceptsMediaType } from "../http/negotiation.js";
import type { ArticleEvent } from "../schema/subscription.js";

const EVENT_STREAM = "text/event-stream";

const cannotStream = () =>
  new GraphQLError(
    "A subscription is answered as a stream of server-sent events: send Accept: text/event-stream.",
    { extensions: { code: "NOT_ACCEPTABLE" satisfies ErrorCode, http: { status: 406 } } },
  );

/**
 * How subscriptions run here. A request that cannot take a stream is refused before a stream
 * opens. Each event then executes with a context of its own: the request's loaders would keep
 * the first event's records for the stream's whole life, and its cache tags would grow with
 * every event. Each event's result says in `extensions.changeCounter` up to which change of the
 * store the stream has sent everything: the SSE id (see http/event-stream.ts).
 */
export function useLiveEvents(): Plugin<Context> {
  return {
    onSubscribe({ args, context, setSubscribeFn, setResultAndStopExecution }) {
      const accept = (context as { request?: Request }).request?.headers.get("accept") ?? null;
      if (!acceptsMediaType(accept, EVENT_STREAM)) {
        setResultAndStopExecution({ errors: [cannotStream()] });
        return;
      }
      setSubscribeFn(async (subscribeArgs) => {
        const source = await createSourceEventStream(subscribeArgs as ExecutionArgs);
        if (!isAsyncIterable(source)) return source;
        const store = (args.contextValue as Context).live!.hub.store;
        return mapAsyncIterator(source, (event) =>
          executeEvent(subscribeArgs, event as ArticleEvent, store),
        );
      });
    },
  };
}

async function executeEvent(
  args: object,
  event: ArticleEvent,
  store: Context["store"],
): Promise<ExecutionResult> {
  const result = await execute({
    ...(args as ExecutionArgs),
    rootValue: event,
    contextValue: createContext(store),
  });
  return { ...result, extensions: { ...result.extensions, changeCounter: event.counter } };
}
