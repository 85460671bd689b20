import {
  caseProfile,
  DEFAULT_PROFILE,
  filedNominationSubject,
  firstNominator,
  type Nominator,
} from './classification';

const base: Nominator = {
  subject: 'individual',
  signerId: 'signer',
  unitPrincipalLeaderId: 'unit-principal',
  organizationDepartmentPrincipalId: 'org-principal',
};

describe('classification (分类纪实)', () => {
  it('files a party secretary’s nomination as the organization’s', () => {
    expect(filedNominationSubject({ ...base, subject: 'leader', signerIsPartySecretary: true })).toBe(
      'organization_department',
    );
    expect(filedNominationSubject({ ...base, subject: 'leader' })).toBe('leader');
  });

  it('names the first nominator of each nomination subject', () => {
    expect(firstNominator({ ...base, subject: 'individual' })).toBe('signer');
    expect(firstNominator({ ...base, subject: 'leader' })).toBe('signer');
    expect(firstNominator({ ...base, subject: 'unit_party_organization' })).toBe('unit-principal');
    expect(firstNominator({ ...base, subject: 'organization_department' })).toBe('org-principal');
    // The secretary signed, but the organization department's principal answers for it.
    expect(firstNominator({ ...base, subject: 'leader', signerIsPartySecretary: true })).toBe(
      'org-principal',
    );
  });

  it('builds a profile from the defaults and the facts given', () => {
    expect(caseProfile({ postCategory: 'key' })).toEqual({ ...DEFAULT_PROFILE, postCategory: 'key' });
  });
});
