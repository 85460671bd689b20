import { chinaDateOf, chinaDayEndMs, chinaDayStartMs } from './china-time';

describe('dates in China', () => {
  it('is a day ahead of UTC from 16:00 UTC, whatever zone the process runs in', () => {
    expect(chinaDateOf(Date.parse('2026-11-26T15:59:59.999Z'))).toBe('2026-11-26');
    expect(chinaDateOf(Date.parse('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
    // 07:30 in China on 1 Jan is still 31 Dec in UTC: the date must be China's.
    expect(chinaDateOf(Date.parse('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('begins and ends a China date at midnight China time', () => {
    expect(new Date(chinaDayStartMs('2027-01-04')).toISOString()).toBe('2027-01-03T16:00:00.000Z');
    expect(new Date(chinaDayEndMs('2027-01-04')).toISOString()).toBe('2027-01-04T16:00:00.000Z');
    expect(chinaDateOf(chinaDayEndMs('2027-01-04') - 1)).toBe('2027-01-04');
    expect(chinaDateOf(chinaDayEndMs('2027-01-04'))).toBe('2027-01-05');
  });
});
