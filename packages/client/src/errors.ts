import type { NewsErrorCode } from "./error-codes.js";

/** One GraphQL error of a response, as the server sent it. */
export interface NewsGraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  /** `code` is absent only on graphql-js's own variable errors (a missing or mistyped variable). */
  extensions?: { code?: NewsErrorCode; [key: string]: unknown };
}

interface NewsClientErrorInit {
  message: string;
  status: number;
  errors?: readonly NewsGraphQLError[];
  data?: unknown;
  cause?: unknown;
}

/**
 * A request that did not return data: the GraphQL errors, the HTTP status (0 when no response
 * arrived), and the partial data when the server resolved some fields before an error.
 */
export class NewsClientError extends Error {
  override readonly name = "NewsClientError";
  readonly status: number;
  readonly errors: readonly NewsGraphQLError[];
  readonly data: unknown;

  constructor({ message, status, errors = [], data, cause }: NewsClientErrorInit) {
    super(message, cause === undefined ? undefined : { cause });
    this.status = status;
    this.errors = errors;
    this.data = data;
  }

  /** The errors' codes, in order, without duplicates. */
  get codes(): NewsErrorCode[] {
    const codes = this.errors.map((error) => error.extensions?.code);
    return [...new Set(codes.filter((code): code is NewsErrorCode => code !== undefined))];
  }

  /** True when any error carries this code. */
  hasCode(code: NewsErrorCode): boolean {
    return this.errors.some((error) => error.extensions?.code === code);
  }
}
