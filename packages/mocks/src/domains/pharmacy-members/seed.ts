/** Seeded memberships at Jiuzhou: Lina (silver, points to spend) and Zhao Lei (bronze, a small balance). */
import type { MembershipRecord } from './model.js';
import type { MembershipStore } from './store.js';

const at = (iso: string) => Date.parse(iso);

const MEMBERSHIPS: MembershipRecord[] = [
  {
    id: 'mbr_lina_jiuzhou',
    pharmacyId: 'org_jiuzhou',
    patientId: 'pat_lina',
    tier: 'silver',
    points: 1200,
    lifetimePoints: 1500,
    totalSpentFen: 152000,
    enrolledAtMs: at('2025-03-12T10:00:00+08:00'),
    updatedAtMs: at('2026-05-20T16:30:00+08:00'),
  },
  {
    id: 'mbr_zhaolei_jiuzhou',
    pharmacyId: 'org_jiuzhou',
    patientId: 'pat_zhaolei',
    tier: 'bronze',
    points: 80,
    lifetimePoints: 80,
    totalSpentFen: 8000,
    enrolledAtMs: at('2026-04-02T09:30:00+08:00'),
    updatedAtMs: at('2026-05-28T11:00:00+08:00'),
  },
];

export function seedMemberships(store: MembershipStore): void {
  for (const membership of MEMBERSHIPS) store.add({ ...membership });
}
