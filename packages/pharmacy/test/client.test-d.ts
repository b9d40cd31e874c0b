import { describe, expectTypeOf, it } from 'vitest';
import { createPharmacyClient, type Organization } from '../src/index.js';

const pharmacy = createPharmacyClient({ auth: { clientId: 'cli_jiuzhou', clientSecret: 'sk_sandbox_jiuzhou' } });

describe('pharmacy SDK types', () => {
  it('holds only the directory and event operations for now', () => {
    expectTypeOf(pharmacy.organizations.get('org_x').unwrap()).resolves.toEqualTypeOf<Organization>();
    // @ts-expect-error — scheduling is not a pharmacy operation
    pharmacy.slots;
    // @ts-expect-error — appointments are not a pharmacy operation
    pharmacy.appointments;
  });
});
