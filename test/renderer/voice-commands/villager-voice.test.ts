import { describe, expect, it } from 'vitest';
import type { FormView, ServiceSummary } from '../../../main/contract/views';
import { setValue, startForm, type FormProgress } from '../../../renderer/logic/form-steps';
import type { FormValue } from '../../../renderer/logic/form-value';
import { buildGrammar, commandFor } from '../../../renderer/voice-commands/grammar';
import {
  performOnVillager,
  villagerVocabulary,
  type VillagerPort,
} from '../../../renderer/voice-commands/villager-voice';

const service = (code: string, name: string): ServiceSummary => ({
  code,
  name,
  category: '社会保障',
  description: '',
  offlineAllowed: true,
  materials: [],
  timeLimitDays: 5,
  proxyAllowed: false,
  fee: null,
});

const form: FormView = {
  serviceCode: 'YB-CB',
  serviceName: '城乡居民医保参保登记',
  formId: 'form-yb-cb',
  fields: [
    { id: 'phone', label: '联系电话', type: 'phone', required: true, maxLength: 13 },
    {
      id: 'category',
      label: '参保人员类别',
      type: 'select',
      required: true,
      options: [
        { value: 'general', label: '普通居民' },
        { value: 'low_income', label: '低保对象' },
      ],
    },
    {
      id: 'hardships',
      label: '困难情形',
      type: 'multiselect',
      required: false,
      options: [
        { value: 'ill', label: '重病' },
        { value: 'old', label: '高龄（80岁以上）' },
      ],
    },
    { id: 'consent', label: '同意核对家庭经济状况', type: 'checkbox', required: true },
  ],
} as FormView;

/** A villager controller reduced to state and a log of what was done. */
function port(screen: string, step = 0) {
  let progress: FormProgress = { ...startForm(form), index: step };
  const done: string[] = [];
  const v: VillagerPort = {
    screenName: () => screen,
    services: () => [service('YB-CB', '城乡居民医保参保登记'), service('GL-JT', '高龄津贴申请')],
    form: () => progress,
    goHome: () => done.push('home'),
    repeatPrompt: () => done.push('repeat'),
    chooseService: (code) => done.push(`service ${code}`),
    answer: (id: string, value: FormValue) => {
      progress = setValue(progress, id, value);
      done.push(`${id}=${JSON.stringify(value)}`);
    },
    nextStep: () => done.push('next'),
    previousStep: () => done.push('previous'),
    reviewBack: () => done.push('reviewBack'),
    submit: () => done.push('submit'),
  };
  /** Says `text` the way the recogniser would hand it over, against this screen's grammar. */
  const say = (text: string): boolean => {
    const command = commandFor(buildGrammar(villagerVocabulary(v)), text);
    return command !== null && performOnVillager(v, command);
  };
  return { v, done, say, values: () => progress.values };
}

describe('voice commands on the villager screens', () => {
  it('services: a service by its name; 是 means nothing there', () => {
    const p = port('services');
    expect(p.say('高 龄 津 贴 申 请')).toBe(true);
    expect(p.say('是')).toBe(false);
    expect(p.done).toEqual(['service GL-JT']);
  });

  it('phone step: digits as spoken (幺 for 1) go through the keypad rules; 下一步 moves on', () => {
    const p = port('form', 0);
    for (const d of ['幺', '三', '八', '零', '零', '幺', '三', '八', '零', '零', '零', '九']) p.say(d);
    expect(p.values().phone).toBe('13800138000'); // the 12th digit is refused like on the keypad
    expect(p.say('下 一 步')).toBe(true);
    expect(p.done.at(-1)).toBe('next');
  });

  it('select and multiselect: option labels (brackets not said); multiselect toggles', () => {
    const p = port('form', 1);
    expect(p.say('低 保 对 象')).toBe(true);
    expect(p.values().category).toBe('low_income');
    expect(p.say('三')).toBe(false); // no keypad on this step
    const m = port('form', 2);
    expect(m.say('高 龄 八 十 岁 以 上')).toBe(true);
    expect(m.say('重 病')).toBe(true);
    expect(m.values().hardships).toEqual(['old', 'ill']);
    expect(m.say('高 龄 八 十 岁 以 上')).toBe(true);
    expect(m.values().hardships).toEqual(['ill']);
  });

  it('checkbox: 是 / 否; review: 确认 submits, 返回 goes back; 回首页 and 再说一遍 everywhere', () => {
    const p = port('form', 3);
    p.say('是');
    expect(p.values().consent).toBe(true);
    p.say('不 是');
    expect(p.values().consent).toBe(false);
    const r = port('review');
    r.say('确 认');
    r.say('返 回');
    r.say('再 说 一 遍');
    r.say('回 首 页');
    expect(r.done).toEqual(['submit', 'reviewBack', 'repeat', 'home']);
    expect(port('home').say('下 一 步')).toBe(false);
  });
});
