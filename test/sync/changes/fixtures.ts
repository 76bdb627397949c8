import type { Change } from '../../../sync/client/wire';

export function catalogEntry(code: string, version = 1) {
  return {
    code,
    name: `服务${code}`,
    category: '社保',
    description: '测试用',
    offline_allowed: true,
    proxy_allowed: true,
    identification: ['id_card'],
    form_id: `F-${code}`,
    materials: [{ name: '身份证', required: true }],
    time_limit_days: 5,
    version,
  };
}

export function change(
  dataset: Change['dataset'],
  key: string,
  value: unknown,
  version = 1,
  op: Change['op'] = 'upsert',
): Change {
  return { dataset, key, op, value, version };
}
