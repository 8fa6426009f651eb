import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvent, EVENT_TYPE_PATTERN } from './domain-event';

/**
 * Runs in its own transaction with `em`, together with the row that marks the event handled for
 * this consumer: its writes happen exactly once. Side effects outside the database (an SMS) must be
 * idempotent on `event.id` themselves.
 */
export type DomainEventHandler<T = unknown> = (event: DomainEvent<T>, em: EntityManager) => Promise<void>;

export interface Subscription {
  consumer: string;
  handler: DomainEventHandler;
}

const CONSUMER_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

/** Who reacts to which event. Modules subscribe from their onModuleInit. */
@Injectable()
export class EventBus implements OnApplicationBootstrap {
  private readonly byType = new Map<string, Map<string, DomainEventHandler>>();
  private started = false;

  /**
   * `consumer` names the reaction (`membership.award-points`) and is its dedupe key: keep it stable,
   * or every past event looks new to it.
   */
  subscribe<T = unknown>(type: string, consumer: string, handler: DomainEventHandler<T>): void {
    // Workers start consuming at bootstrap; a later subscription would silently miss events.
    if (this.started) throw new Error(`Subscribe ${consumer} to ${type} from onModuleInit, before the application starts`);
    if (!EVENT_TYPE_PATTERN.test(type)) throw new Error(`Event type "${type}" must look like module.verb`);
    if (!CONSUMER_PATTERN.test(consumer)) throw new Error(`Consumer "${consumer}" must look like module.verb-noun`);
    const handlers = this.byType.get(type) ?? new Map<string, DomainEventHandler>();
    if (handlers.has(consumer)) throw new Error(`${consumer} is already subscribed to ${type}`);
    handlers.set(consumer, handler as DomainEventHandler);
    this.byType.set(type, handlers);
  }

  subscriptions(type: string): Subscription[] {
    return [...(this.byType.get(type) ?? [])].map(([consumer, handler]) => ({ consumer, handler }));
  }

  onApplicationBootstrap(): void {
    this.started = true;
  }
}
