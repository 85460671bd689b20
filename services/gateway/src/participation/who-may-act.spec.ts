import 'reflect-metadata';
import { anySpecStep, DATA_ITEMS } from '@jishi/domain';
import { AppModule } from '../app.module';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from '../auth/access.decorators';
import type { GatewayConfig } from '../config/gateway.config';
import { PERSON_ROLES, stepActors } from '../auth/principal';
import { CasesController } from '../cases/cases.controller';
import { DecisionController } from './decision.controller';
import { ENDPOINT_STEPS } from './endpoint-steps';
import { InspectionController } from './inspection.controller';
import { NominationController } from './nomination.controller';
import { RecordController } from './record.controller';

/** The participation endpoints, one controller per gate. */
const CONTROLLERS = [NominationController, InspectionController, DecisionController, RecordController];

const handlerOf = (controller: { prototype: object }, name: string): object =>
  (controller.prototype as unknown as Record<string, object>)[name] as object;
const allowed = (controller: { prototype: object }, name: string): unknown =>
  Reflect.getMetadata(ALLOWED_ROLES, handlerOf(controller, name));

/** Who may act is said once, in the domain: the gateway has no list of its own. */
describe('who may act, at the gateway', () => {
  it('allows each form endpoint exactly the people of the step it feeds, and each ballot endpoint the voters', () => {
    const writes = CONTROLLERS.flatMap((controller) =>
      Object.getOwnPropertyNames(controller.prototype)
        .filter((name) => name !== 'constructor')
        .filter((name) => {
          const method: unknown = Reflect.getMetadata('method', handlerOf(controller, name));
          return method !== undefined && method !== 0; // RequestMethod.GET is 0
        })
        .map((name) => [controller, name] as const),
    );
    expect(writes.length).toBeGreaterThan(8);
    for (const [controller, name] of writes.filter(([, n]) => n !== 'upload')) {
      const step = (ENDPOINT_STEPS as Record<string, string>)[name];
      expect({ name, allowed: allowed(controller, name) }).toEqual({
        name,
        allowed: step ? stepActors(step) : ['voter'],
      });
    }
  });

  it('lets exactly the people of the steps that name a file upload one: no voter, member unit, supervisor or administrator', () => {
    const expected = new Set(
      // Steps a person posts through the gateway; a member unit's answer comes over Kafka.
      DATA_ITEMS.filter((i) => i.type === 'attachment' && anySpecStep(i.step)?.arrives === 'person').flatMap(
        (i) => stepActors(i.step),
      ),
    );
    const uploaders = allowed(RecordController, 'upload') as string[];
    expect(new Set(uploaders)).toEqual(expected);
    for (const role of ['voter', 'member_unit', 'supervisor', 'org_admin'])
      expect(uploaders).not.toContain(role);
    expect(uploaders).toEqual(expect.arrayContaining(['org_staff', 'recorder', 'department_officer']));
  });

  it('lets every person reach the step endpoint, where the rules say whose each step is', () => {
    expect(allowed(CasesController, 'submitStep')).toEqual([...PERSON_ROLES]);
  });

  it('derives the step endpoints’ people from steps that services bring', () => {
    for (const step of Object.values(ENDPOINT_STEPS)) {
      const spec = anySpecStep(step);
      expect(spec).toBeDefined();
      expect(spec?.arrives).not.toBe('person');
      expect(stepActors(step).length).toBeGreaterThan(0);
    }
  });
});

/** Every route of the gateway says who may use it: the guard refuses a route that does not, to everyone. */
describe('deny by default', () => {
  it('gives every route of every controller an @Allow list or marks it public, with each role known', () => {
    const module = AppModule.of({} as GatewayConfig);
    const routes: string[] = [];
    const unsaid: string[] = [];
    for (const controller of module.controllers ?? []) {
      const { name: className, prototype } = controller as {
        name: string;
        prototype: Record<string, object>;
      };
      for (const name of Object.getOwnPropertyNames(prototype).filter((n) => n !== 'constructor')) {
        const handler = prototype[name] as object;
        if (Reflect.getMetadata('path', handler) === undefined) continue;
        routes.push(`${className}.${name}`);
        const roles = (Reflect.getMetadata(ALLOWED_ROLES, handler) ??
          Reflect.getMetadata(ALLOWED_ROLES, controller)) as string[] | undefined;
        if (Reflect.getMetadata(PUBLIC_ROUTE, handler) !== true && (roles?.length ?? 0) === 0)
          unsaid.push(`${className}.${name}`);
        for (const role of roles ?? []) expect(PERSON_ROLES).toContain(role);
      }
    }
    expect(routes.length).toBeGreaterThan(40);
    expect(unsaid).toEqual([]);
  });
});
