import type { AddressInfo } from "node:net";

/**
 * The line every benchmark server prints once it listens: the bench reads the port from it
 * (servers listen on port 0, so the system picks a free one).
 */
export function announce(name: string, address: AddressInfo | string | null): void {
  if (!address || typeof address === "string") throw new Error(`${name}: not listening on TCP`);
  console.log(`${name} listening at http://127.0.0.1:${address.port}/graphql`);
}

/** Ends the process on SIGTERM/SIGINT, after `close` when it finishes in time. */
export function closeOnSignal(close: () => Promise<unknown>): void {
  const stop = () => {
    setTimeout(() => process.exit(0), 2000).unref();
    close().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
