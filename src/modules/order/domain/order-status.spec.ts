import { expect } from 'expect';
import { describe, it } from 'node:test';
import { ALL_STATUSES, awaitsPayment, DeliveryMethod, expiresUnpaid, OrderAction, OrderStatus, transition } from './order-status';

const S = OrderStatus;
const M = DeliveryMethod;
const A = OrderAction;

/** Every allowed (method, from, action) -> to; anything not listed must be refused. */
const ALLOWED: [DeliveryMethod, OrderStatus, OrderAction, OrderStatus][] = [
  ...[M.Express, M.SameCity].flatMap((m): [DeliveryMethod, OrderStatus, OrderAction, OrderStatus][] => [
    [m, S.PendingPayment, A.Pay, S.Paid],
    [m, S.PendingPayment, A.Cancel, S.Cancelled],
    [m, S.Paid, A.Ship, S.Shipped],
    [m, S.Shipped, A.Complete, S.Completed],
  ]),
  [M.Pickup, S.PendingPayment, A.Pay, S.Paid],
  [M.Pickup, S.PendingPayment, A.Cancel, S.Cancelled],
  [M.Pickup, S.Paid, A.MarkReadyForPickup, S.ReadyForPickup],
  [M.Pickup, S.ReadyForPickup, A.Complete, S.Completed],
  [M.Cod, S.PendingPayment, A.Ship, S.Shipped],
  [M.Cod, S.PendingPayment, A.Cancel, S.Cancelled],
  [M.Cod, S.Shipped, A.Complete, S.Completed],
];

describe('order state machine', () => {
  it('allows exactly the listed transitions, for every method, status and action', () => {
    for (const method of Object.values(M)) {
      for (const status of ALL_STATUSES) {
        for (const action of Object.values(A)) {
          const expected = ALLOWED.find(([m, s, a]) => m === method && s === status && a === action);
          const result = transition(status, method, action);
          expect({ method, status, action, result }).toEqual({
            method,
            status,
            action,
            result: expected ? { ok: true, from: status, to: expected[3] } : { ok: false },
          });
        }
      }
    }
  });

  it('never leaves a final status', () => {
    for (const method of Object.values(M)) {
      for (const action of Object.values(A)) {
        expect(transition(S.Cancelled, method, action).ok).toBe(false);
        expect(transition(S.Completed, method, action).ok).toBe(false);
      }
    }
  });

  it('has cash on delivery skip online payment: it ships unpaid and never times out', () => {
    expect(awaitsPayment(S.PendingPayment, M.Cod)).toBe(false);
    expect(expiresUnpaid(M.Cod)).toBe(false);
    expect(awaitsPayment(S.PendingPayment, M.Express)).toBe(true);
    expect(expiresUnpaid(M.Pickup)).toBe(true);
    expect(transition(S.PendingPayment, M.Express, A.Ship).ok).toBe(false);
    expect(transition(S.Paid, M.Pickup, A.Ship).ok).toBe(false);
  });
});
