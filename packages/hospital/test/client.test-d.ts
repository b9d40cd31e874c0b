import { describe, expectTypeOf, it } from 'vitest';
import { createHospitalClient, type Schedule, type Slot } from '../src/index.js';

const hospital = createHospitalClient({ auth: { clientId: 'cli_qtph', clientSecret: 'sk_sandbox_qtph' } });

describe('hospital SDK types', () => {
  it('has the hospital operations and their bodies', () => {
    expectTypeOf(hospital.schedules.suspend('sch_x', { reason: 'x' }).unwrap()).resolves.toEqualTypeOf<Schedule>();
    expectTypeOf(hospital.slots.release('slt_x', { releasedCount: 3 }).unwrap()).resolves.toEqualTypeOf<Slot>();
    // @ts-expect-error — suspending needs a reason
    hospital.schedules.suspend('sch_x', {});
    // @ts-expect-error — holding a number is a patient operation
    hospital.slots.hold;
  });
});
