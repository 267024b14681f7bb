import { link, readFile, rm, writeFile } from "node:fs/promises";
import { constants } from "node:os";

/** The lock file that marks a store as being written. */
export const lockPathOf = (storePath: string) => `${storePath}.lock`;

export class StoreLockedError extends Error {
  override name = "StoreLockedError";
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(
      `another ingest (pid ${pid}) is writing this store; wait for it to finish ` +
        `(or delete ${lockPath} if no such process is running)`,
    );
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** The pid a lock file names, or undefined when it names none. */
async function holderOf(lockPath: string): Promise<number | undefined> {
  const text = await readFile(lockPath, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Creates the lock with our pid already in it: the pid goes into a private file that is then
 * hard-linked to the lock's name, which fails if the lock exists. So a lock file is never seen
 * empty, even if its writer is killed at any moment.
 */
async function tryCreate(lockPath: string): Promise<boolean> {
  const mine = `${lockPath}.${process.pid}`;
  await writeFile(mine, `${process.pid}\n`);
  try {
    await link(mine, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(mine, { force: true });
  }
}

/**
 * Takes the store's single-writer lock, or throws StoreLockedError naming the live holder. A lock
 * left by a dead process (killed mid-ingest) is removed and taken. Returns the release function.
 */
export async function acquireStoreLock(storePath: string): Promise<() => Promise<void>> {
  const lockPath = lockPathOf(storePath);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(lockPath)) {
      return async () => {
        if ((await holderOf(lockPath)) === process.pid) await rm(lockPath, { force: true });
      };
    }
    const holder = await holderOf(lockPath);
    if (holder !== undefined && isAlive(holder)) throw new StoreLockedError(lockPath, holder);
    await rm(lockPath, { force: true });
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

/**
 * Ctrl-C or a kill while a writer holds the lock: the store file is still the old one (a write
 * is a rename), so only the lock needs removing before leaving.
 */
export function releaseOnSignal(release: () => Promise<void>): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void release().finally(() => process.exit(128 + constants.signals[signal]));
    });
  }
}
