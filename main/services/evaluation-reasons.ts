import { z } from 'zod';
import { evaluationReasonViewSchema, type EvaluationReasonView } from '../contract/villager-views';

const reasonList = z.array(evaluationReasonViewSchema).min(1);

/**
 * The reason list for low ratings: the platform's `config` setting `evaluation_reasons` once it
 * arrived and fits, else the shipped seed's list (both come from the same catalogue).
 */
export function evaluationReasons(synced: unknown, seed: readonly EvaluationReasonView[]): EvaluationReasonView[] {
  const parsed = reasonList.safeParse(synced);
  return parsed.success ? parsed.data : [...seed];
}
