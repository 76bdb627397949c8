import { z } from 'zod';

/** Incoming messages from a client (renderer side) on any transport, checked before use. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    method: z.string().max(100),
    args: z.unknown(),
  }),
  z.object({ type: z.literal('subscribe'), topic: z.string().max(100) }),
  z.object({ type: z.literal('unsubscribe'), topic: z.string().max(100) }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Messages from the host to a client. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: z.unknown() }),
  z.object({ type: z.literal('event'), topic: z.string(), payload: z.unknown() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;
