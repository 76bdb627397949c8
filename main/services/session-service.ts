import { randomUUID } from 'node:crypto';
import type { IdentityCard } from '../../drivers/idcard/identity';
import type { SessionView } from '../contract/views';
import { maskIdNumber, maskName } from '../../rules/masking';

export interface Session {
  readonly id: string;
  readonly identity: IdentityCard;
  readonly startedAtMono: number;
}

const cardTypeNames: Record<IdentityCard['cardType'], string> = {
  resident: '居民身份证',
  hk_mo_tw_residence: '港澳台居民居住证',
  foreign_permanent_2017: '外国人永久居留证',
  foreign_permanent_2023: '外国人永久居留身份证',
};

/**
 * The villager currently at the terminal. The identity lives only in memory, only for the
 * session; ending it drops every reference (idle timeout, 返回首页, a new card).
 */
export class SessionService {
  #current: Session | null = null;
  readonly #listeners = new Set<(view: SessionView | null) => void>();

  constructor(private readonly monoNow: () => number = () => performance.now()) {}

  get current(): Session | null {
    return this.#current;
  }

  start(identity: IdentityCard): Session {
    const session = { id: randomUUID(), identity, startedAtMono: this.monoNow() };
    this.#current = session;
    this.#notify();
    return session;
  }

  end(): boolean {
    if (!this.#current) return false;
    this.#current = null;
    this.#notify();
    return true;
  }

  /** Ends a session left open longer than maxAgeMs (a second line of defence behind the UI's idle timer). */
  expire(maxAgeMs: number): boolean {
    if (this.#current && this.monoNow() - this.#current.startedAtMono > maxAgeMs) return this.end();
    return false;
  }

  view(): SessionView | null {
    return this.#current ? toView(this.#current) : null;
  }

  onChange(listener: (view: SessionView | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    const view = this.view();
    for (const l of this.#listeners) l(view);
  }
}

export function toView(session: Session): SessionView {
  const id = session.identity;
  return {
    sessionId: session.id,
    maskedName: maskName(id.name),
    maskedIdNumber: maskIdNumber(id.idNumber),
    honorific: id.gender === 'male' ? '先生' : id.gender === 'female' ? '女士' : '',
    cardType: cardTypeNames[id.cardType],
    warnings: [...id.warnings],
  };
}
