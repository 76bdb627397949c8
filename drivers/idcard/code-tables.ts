import type { Gender } from './identity';

/** GB/T 2261.1 gender codes as stored on the card. */
export const GENDER_BY_CODE: Readonly<Record<string, Gender>> = {
  '0': 'unknown',
  '1': 'male',
  '2': 'female',
  '9': 'unspecified',
};

export const GENDER_CODE: Readonly<Record<Gender, string>> = {
  unknown: '0',
  male: '1',
  female: '2',
  unspecified: '9',
};

/** GB 3304 nation codes (two digits) used on resident cards, plus 97 and 98. */
const NATIONS = [
  '汉',
  '蒙古',
  '回',
  '藏',
  '维吾尔',
  '苗',
  '彝',
  '壮',
  '布依',
  '朝鲜',
  '满',
  '侗',
  '瑶',
  '白',
  '土家',
  '哈尼',
  '哈萨克',
  '傣',
  '黎',
  '傈僳',
  '佤',
  '畲',
  '高山',
  '拉祜',
  '水',
  '东乡',
  '纳西',
  '景颇',
  '柯尔克孜',
  '土',
  '达斡尔',
  '仫佬',
  '羌',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '塔吉克',
  '怒',
  '乌孜别克',
  '俄罗斯',
  '鄂温克',
  '德昂',
  '保安',
  '裕固',
  '京',
  '塔塔尔',
  '独龙',
  '鄂伦春',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
] as const;

export const NATION_BY_CODE: ReadonlyMap<string, string> = new Map<string, string>([
  ...NATIONS.map((name, i) => [String(i + 1).padStart(2, '0'), name] as [string, string]),
  ['97', '其他'],
  ['98', '外国血统中国籍人士'],
]);

export const NATION_CODE_BY_NAME: ReadonlyMap<string, string> = new Map(
  [...NATION_BY_CODE].map(([code, name]) => [name, code]),
);
