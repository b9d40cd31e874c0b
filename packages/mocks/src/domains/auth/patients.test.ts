import { isValidResidentId, maskResidentId, parseResidentId } from '@careloop/core';
import { describe, expect, it } from 'vitest';
import { PatientRegistry } from './patients.js';

describe('seeded patients', () => {
  it('hold valid resident ID numbers (core’s GB 11643 check) that encode their birth dates', () => {
    const registry = new PatientRegistry();
    const withIds = [...registry.all()].filter((patient) => patient.residentId !== null);
    expect(withIds.length).toBeGreaterThan(20);
    for (const patient of withIds) {
      const residentId = patient.residentId ?? '';
      expect(isValidResidentId(residentId), patient.id).toBe(true);
      expect(parseResidentId(residentId)).toMatchObject({ regionCode: residentId.slice(0, 6), birthDate: patient.birthDate });
    }
  });

  it('encode the named characters’ sex in the sequence number, and mask as the platform shows them', () => {
    const registry = new PatientRegistry();
    const sexOf = (id: string) => parseResidentId(registry.get(id)?.residentId ?? '').sex;
    expect(sexOf('pat_lina')).toBe('female');
    expect(sexOf('pat_wangfang')).toBe('female');
    expect(sexOf('pat_chenjian')).toBe('male');
    expect(sexOf('pat_zhouxiaoming')).toBe('male');
    expect(maskResidentId(registry.get('pat_lina')?.residentId ?? '')).toMatch(/^3301\*{10}024[0-9X]$/);
  });
});
