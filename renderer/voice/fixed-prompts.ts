import { errorText, zhCN } from '../i18n/zh-CN';
import type { ErrorCode } from '../../main/contract/error-codes';

/** A catalogue field as far as its spoken prompt goes. */
export interface PromptField {
  readonly label: string;
  readonly type: string;
}

/** What the voice guide says when a form asks for this field (the form screen's prompt). */
export function fieldPrompt(f: PromptField): string {
  if (f.type === 'checkbox') return zhCN.form.promptCheckbox(f.label);
  return f.type === 'select' || f.type === 'multiselect' ? zhCN.form.promptSelect(f.label) : zhCN.form.prompt(f.label);
}

/**
 * Every prompt the voice guide speaks that is the same for every villager: the host renders
 * these at start so the first tap is answered from the cache. Prompts with a name, a number or a
 * service's status are rendered when asked for.
 */
export function fixedPrompts(fields: readonly PromptField[] = []): string[] {
  const prompts = [
    zhCN.home.prompt,
    zhCN.form.noFields,
    zhCN.review.prompt,
    zhCN.done.notPrintedPrompt,
    zhCN.progressEntry.prompt,
    zhCN.idle.prompt,
    zhCN.scan.unrecognised,
    zhCN.scan.enrolment,
    zhCN.scanScreen.prompt,
    zhCN.scanScreen.unrecognisedVoice,
    ...Object.values(zhCN.cameraErrors),
    ...(Object.keys(zhCN.errors) as ErrorCode[]).map((code) => errorText({ code, message: '' })),
    ...fields.map(fieldPrompt),
  ];
  return [...new Set(prompts.filter((p) => p !== ''))];
}
