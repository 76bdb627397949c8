import { describe, expect, it } from 'vitest';
import { withCheckCharacter } from '../../rules/citizen-id';
import { REDACTION_MARKS, redactPersonalData, totalHits } from '../../rules/personal-data-scan';

const id = withCheckCharacter('43012119480315001');
const idWithX = withCheckCharacter('11010519491231002');

describe('finding personal data before it leaves the terminal', () => {
  it('redacts ID numbers whose check character is right, and only those', () => {
    const wrong = `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`;
    const r = redactPersonalData(`card ${id} read; seq ${wrong}; lower ${idWithX.toLowerCase()}`);
    expect(r.text).toBe(`card ${REDACTION_MARKS.id_number} read; seq ${wrong}; lower ${REDACTION_MARKS.id_number}`);
    expect(r.hits.id_number).toBe(2);
  });

  it('leaves an 18-digit run that is part of a longer number alone', () => {
    const r = redactPersonalData(`ts=9${id}7`);
    expect(r.hits.id_number).toBe(0);
    expect(r.text).toBe(`ts=9${id}7`);
  });

  it('redacts mobile numbers, with or without +86 and separators', () => {
    const r = redactPersonalData('call 13800138000, +86 139-0013-9000 or 186 1234 5678; hotline 12345; port 9100');
    expect(r.hits.phone).toBe(3);
    expect(r.text).toBe(
      `call ${REDACTION_MARKS.phone}, ${REDACTION_MARKS.phone} or ${REDACTION_MARKS.phone}; hotline 12345; port 9100`,
    );
  });

  it('redacts the names and addresses it is given, the longest first', () => {
    const r = redactPersonalData('李示范 湖南省长沙县示例镇样板村三组18号 李示', [
      '李示',
      '李示范',
      '湖南省长沙县示例镇样板村三组18号',
      '王',
    ]);
    expect(r.text).toBe(`${REDACTION_MARKS.name} ${REDACTION_MARKS.name} ${REDACTION_MARKS.name}`);
    expect(r.hits.name).toBe(3);
    expect(totalHits(r)).toBe(3);
  });

  it('finds names written with characters outside the BMP', () => {
    const r = redactPersonalData('applicant 𠈌明 done', ['𠈌明']);
    expect(r.text).toBe(`applicant ${REDACTION_MARKS.name} done`);
  });

  it('leaves clean text as it was', () => {
    const text = '{"level":30,"msg":"sync: batch acked","count":12,"disk_free_mb":20480}';
    const r = redactPersonalData(text, ['李示范']);
    expect(r.text).toBe(text);
    expect(totalHits(r)).toBe(0);
  });
});
