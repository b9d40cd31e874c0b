// TEMPORARY STUB until the x-pii branch lands.
export type PiiCategory = 'name' | 'resident-id' | 'mobile' | 'address' | 'credential';
export const PII_FIELDS: Readonly<Record<string, PiiCategory>> = { name: 'name', mobile: 'mobile', residentId: 'resident-id', address: 'address' };
