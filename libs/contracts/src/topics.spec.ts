import { Topics, TOPIC_SPECS } from './index';

describe('topic manifest', () => {
  it('names every topic exactly once, versioned', () => {
    const names = TOPIC_SPECS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^jishi\.[a-z]+\.[a-z]+\.v[0-9]+$/);
  });

  it('gives every role in Topics a topic of the manifest, and leaves no manifest topic without a role', () => {
    expect(new Set(Object.values(Topics))).toEqual(new Set(TOPIC_SPECS.map((t) => t.name)));
  });
});
