import type { z } from 'zod';
import type { sessionState } from '../../api/schemas-auth';

/*
 * The session outside React: the API client needs the CSRF token and must be able to ask for a
 * renewed sign-in while a request waits, and neither may depend on a component being mounted.
 * SessionProvider (session.tsx) loads into this store and renders from it.
 */

export type SessionState = z.infer<typeof sessionState>;

const anonymousState: SessionState = { user: null, csrfToken: null, expiresAt: null, idleExpiresAt: null, idleMinutes: 0 };

let state: SessionState | null = null;
let resolveReady: () => void = () => {};
/** Settles once the first GET /auth/session has answered (or failed): until then nobody knows who is signed in. */
const ready = new Promise<void>((resolve) => {
  resolveReady = resolve;
});
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export const sessionStore = {
  /** The last known session; null before the first load. */
  get: (): SessionState | null => state,
  set(next: SessionState): void {
    state = next;
    resolveReady();
    emit();
  },
  /** The session is gone on the server (a 401, a logout): the public from now on. */
  clear(): void {
    state = { ...anonymousState, idleMinutes: state?.idleMinutes ?? 0 };
    resolveReady();
    emit();
  },
  ready: (): Promise<void> => ready,
  csrfToken: (): string | null => state?.csrfToken ?? null,
  isSignedIn: (): boolean => Boolean(state?.user),
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/*
 * Signing in again while requests wait. Every request that meets a 401 for a signed-in person waits
 * on the same promise; the SessionExpiredDialog settles it: resolved after a successful sign-in (the
 * requests are then sent again with the new CSRF token), rejected when the person gives up.
 */
interface PendingSignIn {
  promise: Promise<void>;
  resolve: () => void;
  reject: (reason: unknown) => void;
}

let pending: PendingSignIn | null = null;
const signInListeners = new Set<() => void>();

export const signInAgain = {
  /** Whether the dialog should be open. */
  isPending: (): boolean => pending !== null,
  /** Asks for a new sign-in; concurrent callers share one dialog. */
  request(): Promise<void> {
    if (!pending) {
      let resolve!: () => void;
      let reject!: (reason: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      pending = { promise, resolve, reject };
      for (const listener of signInListeners) listener();
    }
    return pending.promise;
  },
  succeeded(): void {
    const current = pending;
    pending = null;
    for (const listener of signInListeners) listener();
    current?.resolve();
  },
  abandoned(reason: unknown): void {
    const current = pending;
    pending = null;
    for (const listener of signInListeners) listener();
    current?.reject(reason);
  },
  subscribe(listener: () => void): () => void {
    signInListeners.add(listener);
    return () => signInListeners.delete(listener);
  },
};
