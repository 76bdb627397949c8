import { z } from 'zod';
import { errorCodeSchema } from './error-codes';
import {
  noticesViewSchema,
  deviceNameSchema,
  deviceStateSchema,
  scanOutcomeSchema,
  sessionViewSchema,
  syncStatusViewSchema,
  agentViewSchema,
} from './views';
import { progressPushedSchema } from './villager-views';
import { queueChangedSchema } from './agent-queue-views';

/** Event topics the renderer may subscribe to, with their payloads. */
export const topics = {
  /** A villager identified (card read) or the session ended (null). */
  'session.changed': sessionViewSchema.nullable(),
  /** A card could not be read; message says what to do. */
  'idcard.error': z.object({ code: z.string(), message: z.string() }),
  'device.status': z.object({ device: deviceNameSchema, status: deviceStateSchema }),
  /** A hardware scanner read a code. */
  'scan.result': scanOutcomeSchema,
  'sync.status': syncStatusViewSchema,
  /** The service host is restarting (Electron shows 系统正在恢复). */
  /** `reason`: why the host refuses to start (it will not recover by itself; the screen says so). */
  'host.recovering': z.object({ recovering: z.boolean(), reason: errorCodeSchema.nullable().optional() }),
  /** The platform moved an application of the card now in the reader on (sent only while that card is there). */
  'progress.pushed': progressPushedSchema,
  /** The current 政务公开 notices changed (a sync brought or withdrew one, or one started or expired). */
  'notices.changed': noticesViewSchema,
  /** A station agent signed in (their masked view) or out (null). */
  'agent.changed': agentViewSchema.nullable(),
  /** Applications whose queue state moved (a save, a sync round); agent screens re-read their page. */
  'queue.changed': queueChangedSchema,
} as const;

export type Topics = typeof topics;
export type TopicName = keyof Topics;
export type TopicPayload<T extends TopicName> = z.infer<Topics[T]>;

export const topicNames = Object.keys(topics) as TopicName[];

export function isTopicName(name: unknown): name is TopicName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(topics, name);
}
