import { withCheckCharacter } from '../../rules/citizen-id';
import type { SimCard } from './idcard-encoder';

/**
 * Synthetic cards for tests, the demo panel and technician training. Every person here is
 * invented; ID numbers carry a valid GB 11643 check character over invented digits, and the birth
 * date and sequence parity agree with the card fields.
 */
export interface SampleCard {
  readonly id: string;
  readonly label: string;
  readonly card: SimCard;
}

export const SAMPLE_CARDS: readonly SampleCard[] = [
  {
    id: 'resident-long-term',
    label: '示例居民身份证（长期）',
    card: {
      cardType: 'resident',
      name: '李示范',
      gender: 'male',
      nation: '汉',
      birthDate: '1948-03-15',
      address: '湖南省长沙县示例镇样板村三组18号',
      idNumber: withCheckCharacter('43012119480315001'),
      issuer: '长沙县公安局',
      validFrom: '2012-06-01',
      validUntil: null,
      fingerprints: 2,
    },
  },
  {
    id: 'resident-twenty-years',
    label: '示例居民身份证（二十年）',
    card: {
      cardType: 'resident',
      name: '王测试',
      gender: 'female',
      nation: '苗',
      birthDate: '1979-11-02',
      address: '贵州省雷山县演示乡虚构村五组',
      idNumber: withCheckCharacter('52263419791102002'),
      issuer: '雷山县公安局',
      validFrom: '2019-08-20',
      validUntil: '2039-08-20',
      fingerprints: 1,
      appendedAddress: '贵州省凯里市样例街道试点社区9栋',
    },
  },
  {
    id: 'resident-rare-character',
    label: '示例居民身份证（生僻字姓名）',
    card: {
      cardType: 'resident',
      name: '赵𠈌䶮',
      gender: 'male',
      nation: '壮',
      birthDate: '2001-07-09',
      address: '广西壮族自治区示例县模拟村',
      idNumber: withCheckCharacter('45010220010709003'),
      issuer: '示例县公安局',
      validFrom: '2021-01-05',
      validUntil: '2031-01-05',
      fingerprints: 0,
    },
  },
  {
    id: 'hk-mo-tw-residence',
    label: '示例港澳台居民居住证',
    card: {
      cardType: 'hk_mo_tw_residence',
      name: '陈样本',
      gender: 'female',
      birthDate: '1985-04-21',
      address: '广东省深圳市示例区演练路1号',
      idNumber: withCheckCharacter('81000019850421002'),
      issuer: '深圳市公安局示例分局',
      validFrom: '2022-05-10',
      validUntil: '2027-05-10',
      extra: { passNumber: 'H90000001', issueCount: '01' },
    },
  },
  {
    id: 'foreign-permanent-2017',
    label: '示例外国人永久居留证（2017版）',
    card: {
      cardType: 'foreign_permanent_2017',
      name: '安示例',
      gender: 'male',
      birthDate: '1970-01-30',
      idNumber: 'CAN310070013001',
      validFrom: '2018-02-01',
      validUntil: '2028-02-01',
      extra: {
        englishName: 'SAMPLE, ANDREW EXAMPLE',
        nationality: 'CAN',
        cardVersion: '01',
        acceptingAuthorityCode: '3100',
      },
    },
  },
  {
    id: 'foreign-permanent-2023',
    label: '示例外国人永久居留身份证（2023版）',
    card: {
      cardType: 'foreign_permanent_2023',
      name: '玛丽测试',
      gender: 'female',
      birthDate: '1990-12-24',
      idNumber: withCheckCharacter('93125019901224004'),
      validFrom: '2024-03-01',
      validUntil: '2034-03-01',
      extra: {
        englishName: 'TESTPERSON, MARIE EXAMPLE FICTIONAL NAME',
        nationality: 'FRA',
        renewalCount: '00',
        previousPermitLink: '',
      },
    },
  },
  // The demo's two station agents (main/host/demo-agents.ts): they sign in with these cards.
  {
    id: 'agent-liu',
    label: '示例工作人员证件（刘帮办）',
    card: {
      cardType: 'resident',
      name: '刘帮办',
      gender: 'male',
      nation: '汉',
      birthDate: '1985-06-12',
      address: '湖南省长沙县示例镇样板村一组6号',
      idNumber: withCheckCharacter('43012119850612013'),
      issuer: '长沙县公安局',
      validFrom: '2015-01-10',
      validUntil: '2035-01-10',
      fingerprints: 2,
    },
  },
  {
    id: 'agent-zhou',
    label: '示例工作人员证件（周代办）',
    card: {
      cardType: 'resident',
      name: '周代办',
      gender: 'female',
      nation: '汉',
      birthDate: '1990-09-09',
      address: '湖南省长沙县示例镇样板村二组12号',
      idNumber: withCheckCharacter('43012119900909024'),
      issuer: '长沙县公安局',
      validFrom: '2020-03-05',
      validUntil: '2040-03-05',
      fingerprints: 2,
    },
  },
];

export function sampleCard(id: string): SimCard {
  const found = SAMPLE_CARDS.find((s) => s.id === id);
  if (!found) throw new RangeError(`no sample card ${id}`);
  return found.card;
}
