import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { z } from 'zod';
import type { sessionUser } from '../../api/schemas-auth';
import { roleIn as roleOf, type Role } from '../../domain/access';
import { api, reloadSession } from '../api/client';
import { actorOf, decide, type Capability, type PlanOwnership } from '../components/capabilities';
import { SessionExpiredDialog } from '../components/SessionExpiredDialog';
import { currentLanguage, setLanguage } from '../i18n';
import { sessionStore, signInAgain, type SessionState } from './session-store';

export type SessionUser = z.infer<typeof sessionUser>;
export type { Capability } from '../components/capabilities';

export interface Session {
  user: SessionUser | null;
  /** True until the first session read has answered. */
  loading: boolean;
  /** Reads the session again (after a change of memberships, name or language). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
  /** The person's role in the organization; 'admin' everywhere for a system administrator. */
  roleIn(organizationId: string): Role | null;
  can(capability: Capability, organizationId?: string, plan?: PlanOwnership): boolean;
}

const SessionContext = createContext<Session | null>(null);

let firstLoad: Promise<void> | null = null;
/** Reads the session once per page load; a failed read leaves the visitor as the public. */
function loadOnce(): Promise<void> {
  firstLoad ??= reloadSession().catch(() => sessionStore.clear());
  return firstLoad;
}

/**
 * Signs in with e-mail and password and takes over the new session (and the person's preferred
 * language). Throws the API's refusal (401 invalid_credentials, 429 …) for the form to show.
 */
export async function signIn(email: string, password: string): Promise<SessionUser> {
  const state = await api<SessionState>('/auth/login', { method: 'POST', body: { email, password }, signInAgain: false });
  sessionStore.set(state);
  const preferred = state.user?.preferredLanguage;
  if (preferred && preferred !== currentLanguage()) setLanguage(preferred);
  return state.user!;
}

export async function signOut(): Promise<void> {
  try {
    await api('/auth/logout', { method: 'POST', signInAgain: false });
  } finally {
    // Whatever the server said, this browser no longer acts as the person.
    await reloadSession().catch(() => sessionStore.clear());
  }
}

/**
 * Who is signed in, for the whole app: loads GET /auth/session once at start and keeps it; pages ask
 * `can(…)`/`roleIn(…)`. Also hosts the dialog that renews an ended session while requests wait.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const state = useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
  const signingInAgain = useSyncExternalStore(signInAgain.subscribe, signInAgain.isPending);
  useEffect(() => {
    void loadOnce();
  }, []);
  const user = state?.user ?? null;
  const refresh = useCallback(() => reloadSession(), []);
  const value = useMemo<Session>(() => {
    const actor = actorOf(user);
    return {
      user,
      loading: state === null,
      refresh,
      signOut,
      roleIn: (organizationId) => roleOf(actor, organizationId),
      can: (capability, organizationId, plan) => decide(user, capability, organizationId, plan),
    };
  }, [user, state, refresh]);
  return (
    <SessionContext.Provider value={value}>
      {/* Pages render once it is known who is asking, so actions do not flash in and out. */}
      {state !== null && children}
      {signingInAgain && <SessionExpiredDialog email={user?.email ?? ''} />}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
