import { serverSentEvents, type ServerSentEvent } from "@news-graph/client";

export interface Stream {
  response: Response;
  events: AsyncGenerator<ServerSentEvent>;
  /** Hangs up, as a closed tab does. */
  close: () => Promise<void>;
}

/** A subscription over real HTTP, as a browser's fetch or EventSource opens one. */
export async function subscribe(
  url: string,
  query: string,
  { variables = {}, headers = {} }: { variables?: object; headers?: Record<string, string> } = {},
): Promise<Stream> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const reader = response.body!.getReader();
  return { response, events: serverSentEvents(reader), close: () => reader.cancel() };
}

/** The stream's next `count` results (`next` events), with their ids. */
export async function nextResults(stream: Stream, count: number) {
  const results: { id: string | undefined; data: any; errors?: any[] }[] = [];
  for await (const event of stream.events) {
    if (event.event !== "next") continue;
    results.push({ id: event.id, ...JSON.parse(event.data) });
    if (results.length === count) break;
  }
  return results;
}
