import { z } from 'zod';

/**
 * Push-to-talk availability (`voice.status`): `off` without `voice.modelPath`, `ready` when the
 * model folder passed its check, `problem` with the check's code and the technician's Chinese fix.
 * The villager screens show 按住说话 only when `ready`; nothing else depends on it.
 */
export const voiceStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({ state: z.literal('ready'), modelBytes: z.number().int().nonnegative() }),
  z.object({ state: z.literal('problem'), code: z.string(), message: z.string() }),
]);
export type VoiceStatus = z.infer<typeof voiceStatusSchema>;
