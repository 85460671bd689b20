import { refuse, type Refusal } from '../../errors/refusal';

/**
 * What in a candidate's recorded four musts (`inspection.four_musts` items) bars their promotion: a
 * concealed personal matter (INSP.CONCEALMENT), or the discipline organ's opinion that it affects
 * their use (INSP.AFFECTS_USE). Undefined when nothing does.
 */
export function fourMustsBar(items: Readonly<Record<string, unknown>>): Refusal | undefined {
  if (items['inspection.four_musts.personal_matters'] === 'concealed') {
    return refuse(
      'INSP.CONCEALMENT',
      '个人有关事项报告存在隐瞒不报，不得提拔',
      'the personal-matters report concealed facts: no promotion',
    );
  }
  if (items['inspection.four_musts.affects_use'] === 'yes') {
    const outcome = String(items['inspection.four_musts.discipline_outcome'] ?? '');
    return refuse(
      'INSP.AFFECTS_USE',
      `纪检监察机关意见认为影响使用：${outcome}`,
      `the discipline organ’s opinion is that it affects the candidate’s use: ${outcome}`,
    );
  }
  return undefined;
}
