import 'reflect-metadata';
import { GATES } from '@jishi/domain';
import { ALLOWED_ROLES } from '../auth/access.decorators';
import { PERSON_ROLES, stepActors } from '../auth/principal';
import { CasesController } from '../cases/cases.controller';
import { ENDPOINT_STEPS, ParticipationController } from './participation.controller';

const handlerOf = (controller: { prototype: object }, name: string): object =>
  (controller.prototype as unknown as Record<string, object>)[name] as object;
const allowed = (controller: { prototype: object }, name: string): unknown =>
  Reflect.getMetadata(ALLOWED_ROLES, handlerOf(controller, name));

/** Who may act is said once, in the domain: the gateway has no list of its own. */
describe('who may act, at the gateway', () => {
  it('allows each form endpoint exactly the people of the step it feeds, and each ballot endpoint the voters', () => {
    const handlers = Object.getOwnPropertyNames(ParticipationController.prototype).filter(
      (name) => name !== 'constructor' && name !== 'forward',
    );
    const writes = handlers.filter((name) => {
      const method: unknown = Reflect.getMetadata('method', handlerOf(ParticipationController, name));
      return method !== undefined && method !== 0; // RequestMethod.GET is 0
    });
    expect(writes.length).toBeGreaterThan(7);
    for (const name of writes) {
      const step = (ENDPOINT_STEPS as Record<string, string>)[name];
      expect({ name, allowed: allowed(ParticipationController, name) }).toEqual({
        name,
        allowed: step ? stepActors(step) : ['voter'],
      });
    }
  });

  it('lets every person reach the step endpoint, where the rules say whose each step is', () => {
    expect(allowed(CasesController, 'submitStep')).toEqual([...PERSON_ROLES]);
  });

  it('derives the step endpoints’ people from steps that services bring', () => {
    for (const step of Object.values(ENDPOINT_STEPS)) {
      const spec = GATES.flatMap((g) => g.steps).find((s) => s.id === step);
      expect(spec?.arrives).not.toBe('person');
      expect(stepActors(step).length).toBeGreaterThan(0);
    }
  });
});
