/**
 * A fact that happened in one module and that others may react to. Payload types live with the
 * module that owns the event (`order.events.ts`); the envelope is the same for all of them.
 */
export interface DomainEvent<T = unknown> {
  /** The outbox row id: stable across redeliveries, so handlers can dedupe on it. */
  id: string;
  /** `module.past-tense-verb`, e.g. `order.paid`. */
  type: string;
  /** When the transaction that wrote the event started. */
  occurredAt: Date;
  /** The entity the event is about (an order id), when there is one. */
  aggregateId: string | null;
  payload: T;
}

/** The event as it travels through the `domain-events` queue (JSON, so the date is a string). */
export interface DomainEventJob {
  id: string;
  type: string;
  occurredAt: string;
  aggregateId: string | null;
  payload: unknown;
}

// `module.verb` or `module.sub.verb`, lower case with dashes: the job name and the subscription key.
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;
