/** Who acts in a case. Each step names the roles that may do it. */
export const ROLES = [
  'department_officer',
  'org_staff',
  'recorder',
  'reviewer',
  'cadre_section_chief',
  'supervision_section_chief',
  'deputy_minister',
  'minister',
  'inspection_team_member',
  'unit_leader',
  'member_unit',
  'supervisor',
  'service',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, { zh: string; en: string }>> = {
  department_officer: { zh: '用人单位组织人事部门', en: 'department officer' },
  org_staff: { zh: '组织部干部科工作人员', en: 'organization department staff' },
  recorder: { zh: '记录人', en: 'recorder' },
  reviewer: { zh: '复核人', en: 'reviewer' },
  cadre_section_chief: { zh: '干部科科长', en: 'cadre section chief' },
  supervision_section_chief: { zh: '干部监督科科长', en: 'supervision section chief' },
  deputy_minister: { zh: '分管副部长', en: 'deputy minister in charge' },
  minister: { zh: '组织部部长', en: 'minister' },
  inspection_team_member: { zh: '考察组成员', en: 'inspection team member' },
  unit_leader: { zh: '选任责任单位领导', en: 'leader of the responsible unit' },
  member_unit: { zh: '联席会议成员单位', en: 'joint-meeting member unit' },
  supervisor: { zh: '干部监督机构', en: 'supervisor' },
  service: { zh: '系统服务', en: 'system service' },
};
