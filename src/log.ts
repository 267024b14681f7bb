import { pino } from "pino";

/** What one request did, as its log line says it. */
export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  /** The GraphQL operation's name, "Anonymous" for an unnamed one; absent when none ran. */
  operation?: string;
  status: number;
  durationMs: number;
}

/**
 * Where the server's messages go. In production one JSON object a line (pino), requests included,
 * for a log pipeline to index; in development plain text for a person, without request lines.
 */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  request(line: RequestLine): void;
}

/** One JSON object a line on stdout: time, level, msg and the line's own fields. */
export function jsonLog(destination?: NodeJS.WritableStream): Log {
  const logger = pino(
    { base: { service: "news-graph" }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? process.stdout,
  );
  return {
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message, error) => logger.error(error === undefined ? {} : { err: error }, message),
    request: (line) => logger.info(line, "request"),
  };
}

/** Plain text on the console, as a developer reads it; requests are not logged. */
export const consoleLog: Log = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, error) =>
    error === undefined ? console.error(message) : console.error(message, error),
  request: () => undefined,
};
