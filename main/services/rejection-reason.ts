import type { FormDefinition } from './catalog-schema';

/** What the platform's rejection codes mean for the agent, and what to do next. */
const byCode: Record<string, string> = {
  validation_failed: '平台检查发现有几项填得不对，请核对后修改，再重新提交',
  service_unknown: '平台上已经没有这项业务，请联系县里的业务窗口',
  catalog_outdated: '这项业务的表格已经更新，请按新表格修改后重新提交',
  payload_mismatch: '这份申请和平台上已有的记录不一致，请联系技术员',
  dependency_rejected: '它所依赖的申请已被退回，请先处理那一件',
  payload_hash_invalid: '申请在传送中出了错，请联系技术员',
};

const fieldProblem = /^([A-Za-z0-9_]+):\s*(.+)$/;

/**
 * The platform's reason in plain Chinese: the code's meaning, then each field problem with the
 * field's label instead of its key (the platform names fields, never their values).
 */
export function rejectionReason(code: string | null, message: string | null, form: FormDefinition | null): string {
  const head = (code && byCode[code]) ?? '平台退回了这份申请，请核对后修改，再重新提交';
  if (!message) return head;
  const labels = new Map((form?.fields ?? []).map((f) => [f.key, f.label]));
  const details = message
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const m = fieldProblem.exec(part);
      if (!m) return part;
      const label = labels.get(m[1]!);
      return label ? `${label}：${m[2]!}` : part;
    });
  return `${head}（${details.join('；')}）`;
}
