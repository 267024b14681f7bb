/**
 * Server-sent events read from a fetch body, as the HTML standard's EventSource parses them
 * (lines of `field: value`, an event dispatched at each blank line, comments ignored), so the
 * same code runs in Node and in browsers, with any header (Last-Event-ID, auth) and over POST,
 * which EventSource itself cannot send.
 */

/** One event as the stream framed it. */
export interface ServerSentEvent {
  /** `event:`, "message" when absent. */
  event: string;
  /** `data:` lines joined by newlines. */
  data: string;
  /** The last `id:` seen on the stream so far, as EventSource's lastEventId is. */
  id: string | undefined;
}

/** The little of a fetch body's reader the parser uses. */
export interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
  cancel(): Promise<void>;
}

declare const TextDecoder: new () => {
  decode(bytes?: Uint8Array, options?: { stream: boolean }): string;
};

/** The events of a stream, in order; cancelling the iteration cancels the reader. */
export async function* serverSentEvents(reader: ByteReader): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffered = "";
  let lastId: string | undefined;
  let event = "";
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffered.split(/\r\n|\r|\n/);
      // The last piece may be half a line, unless the stream has ended.
      buffered = done ? "" : lines.pop()!;
      for (const line of lines) {
        if (line === "") {
          if (data.length > 0)
            yield { event: event || "message", data: data.join("\n"), id: lastId };
          [event, data] = ["", []];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
        else if (field === "id" && !value.includes("\0")) lastId = value;
      }
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
