/**
 * Patient accounts. A first mobile one-time-code login creates one. Resident ID numbers are stored
 * for identity checks and are never returned unmasked.
 */
import { residentIdCheckCharacter } from '@careloop/core';
import type { IdFactory } from '../../engine/ids.js';

export interface PriorDiagnosis {
  icd10: string;
  display: string;
  organizationId: string;
  diagnosedOn: string;
}

export interface Patient {
  id: string;
  name: string | null;
  mobile: string | null;
  residentId: string | null;
  birthDate: string | null;
  guardianId: string | null;
  priorDiagnoses: PriorDiagnosis[];
  /** Insurer ids whose ACO-style membership this patient holds. */
  acoMemberships: string[];
}

/** A seeded patient's resident ID number: region code, birth date, sequence (odd: male, even: female), check character. */
function makeResidentId(region: string, birthDate: string, sequence: number): string {
  const first17 = `${region}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** The named characters of the seeded world. */
const NAMED_PATIENTS: readonly Patient[] = [
  {
    id: 'pat_lina',
    name: 'Li Na',
    mobile: '13800000001',
    residentId: makeResidentId('330102', '1968-04-12', 24),
    birthDate: '1968-04-12',
    guardianId: null,
    priorDiagnoses: [{ icd10: 'E11.9', display: 'Type 2 diabetes mellitus', organizationId: 'org_qtph', diagnosedOn: '2025-11-18' }],
    acoMemberships: [],
  },
  {
    id: 'pat_wangfang',
    name: 'Wang Fang',
    mobile: '13800000002',
    residentId: makeResidentId('330106', '1991-09-23', 42),
    birthDate: '1991-09-23',
    guardianId: null,
    priorDiagnoses: [],
    acoMemberships: [],
  },
  {
    id: 'pat_chenjian',
    name: 'Chen Jian',
    mobile: '13800000003',
    residentId: makeResidentId('330105', '1990-11-02', 17),
    birthDate: '1990-11-02',
    guardianId: null,
    priorDiagnoses: [],
    acoMemberships: [],
  },
  {
    id: 'pat_chenxiaoyu',
    name: 'Chen Xiaoyu',
    mobile: null,
    residentId: makeResidentId('330105', '2022-03-15', 36),
    birthDate: '2022-03-15',
    guardianId: 'pat_chenjian',
    priorDiagnoses: [],
    acoMemberships: [],
  },
  {
    id: 'pat_zhouxiaoming',
    name: 'Zhou Xiaoming',
    mobile: null,
    residentId: makeResidentId('330106', '2023-01-09', 63),
    birthDate: '2023-01-09',
    // A child under 6 with no guardian on record: prescriptions for him need one first (BR-RX-4).
    guardianId: null,
    priorDiagnoses: [],
    acoMemberships: [],
  },
  {
    id: 'pat_zhaolei',
    name: 'Zhao Lei',
    mobile: '13800000004',
    residentId: makeResidentId('330185', '1975-07-30', 51),
    birthDate: '1975-07-30',
    guardianId: null,
    priorDiagnoses: [{ icd10: 'I10', display: 'Essential hypertension', organizationId: 'org_linan', diagnosedOn: '2023-05-06' }],
    acoMemberships: ['org_anxin'],
  },
];

/** Other patients who already hold numbers in the seeded schedules. */
const BACKGROUND_NAMES = [
  'Zhou Yan', 'Wu Hao', 'Xu Mei', 'Sun Qiang', 'Ma Li', 'Hu Jun', 'Guo Ying', 'He Xiao',
  'Luo Jie', 'Liang Yu', 'Song Jia', 'Tang Hao', 'Han Xue', 'Feng Lei', 'Dong Qing', 'Xiao Bo',
];

function backgroundPatients(): Patient[] {
  return BACKGROUND_NAMES.map((name, i) => {
    const birthYear = 1950 + ((i * 7) % 50);
    const birthDate = `${birthYear}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
    return {
      id: `pat_${name.toLowerCase().replace(/\s+/g, '')}`,
      name,
      mobile: `138000001${String(i + 1).padStart(2, '0')}`,
      residentId: makeResidentId('330104', birthDate, 100 + i),
      birthDate,
      guardianId: null,
      priorDiagnoses: [],
      acoMemberships: [],
    };
  });
}

/** The sandbox one-time code: every patient login accepts it, and only it. */
export const SANDBOX_OTP = '123456';

export class PatientRegistry {
  private readonly byId = new Map<string, Patient>();
  private readonly byMobile = new Map<string, Patient>();
  readonly named: readonly Patient[];
  readonly background: readonly Patient[];

  constructor() {
    this.named = structuredClone(NAMED_PATIENTS) as Patient[];
    this.background = backgroundPatients();
    for (const patient of [...this.named, ...this.background]) this.add(patient);
  }

  private add(patient: Patient): void {
    this.byId.set(patient.id, patient);
    if (patient.mobile !== null) this.byMobile.set(patient.mobile, patient);
  }

  get(id: string): Patient | undefined {
    return this.byId.get(id);
  }

  /** The account of this mobile number, created on first login. */
  findOrCreateByMobile(mobile: string, ids: IdFactory): Patient {
    const existing = this.byMobile.get(mobile);
    if (existing) return existing;
    const patient: Patient = {
      id: ids.next('pat'),
      name: null,
      mobile,
      residentId: null,
      birthDate: null,
      guardianId: null,
      priorDiagnoses: [],
      acoMemberships: [],
    };
    this.add(patient);
    return patient;
  }

  all(): IterableIterator<Patient> {
    return this.byId.values();
  }
}
