import type { FieldProblem, FieldRule } from './field-rules';

/** "12到19位" for a plain digit-count pattern such as `\d{12,19}` or `\d{18}`; null for anything else. */
function digitCount(pattern: string | undefined): string | null {
  const m = pattern === undefined ? null : /^\\d\{(\d+)(?:,(\d+))?\}$/.exec(pattern);
  if (!m) return null;
  return m[2] === undefined ? `${m[1]}位` : `${m[1]}到${m[2]}位`;
}

/**
 * The one Chinese wording of every field problem, shown on the villager's screen whether the screen
 * or the host found it. Each says what to do; none repeats the value (it may be personal data).
 * Pure module (rules/).
 */
export function fieldProblemMessage(problem: FieldProblem, rule: FieldRule): string {
  const label = rule.label;
  switch (problem) {
    case 'required':
      return rule.type === 'select' || rule.type === 'multiselect' ? `请选择${label}` : `请填写${label}`;
    case 'consent':
      return `需要选“是”才能办理：${label}`;
    case 'yes_no':
      return `请选择“是”或“否”：${label}`;
    case 'option':
      return `请从按钮中选择${label}`;
    case 'not_text':
      return `${label}填写有误，请重新填写`;
    case 'too_long':
      return `${label}最多${rule.maxLength ?? 0}个字，请删掉一些`;
    case 'number':
      return `${label}请只输入数字`;
    case 'too_small':
      return `${label}不能小于${rule.min ?? 0}，请重新填写`;
    case 'too_large':
      return `${label}不能大于${rule.max ?? 0}，请重新填写`;
    case 'date':
      return `${label}不是有效的日期，请按 年年年年月月日日 重新输入`;
    case 'id_number':
      return `${label}不正确，请核对每一位（最后一位可能是X）`;
    case 'phone':
      return '请填写11位手机号码，或带区号的座机号码';
    case 'pattern': {
      const digits = digitCount(rule.pattern);
      return digits ? `${label}应为${digits}数字，请核对后重新输入` : `${label}格式不对，请核对后重新输入`;
    }
  }
}
