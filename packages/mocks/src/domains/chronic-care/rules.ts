/**
 * The chronic-care rules (PLATFORM.md §8): which measurements are out of range, and what follows.
 * Each rule is decided here and only here; the service applies the effects.
 */
import { DomainError, invalidTransition, validationFailed, type FieldError } from '../../engine/problem.js';
import type { EnrolmentRecord, MeasurementType, ProgrammeRecord, Reading } from './model.js';

export const UNIT_OF: Record<MeasurementType, 'mmol/L' | 'mmHg' | '%'> = { glucose: 'mmol/L', 'blood-pressure': 'mmHg', hba1c: '%' };

/** An out-of-range measurement's follow-up is due within a day. */
export const OUT_OF_RANGE_FOLLOW_UP_MS = 24 * 3600 * 1000;

/**
 * BR-CHR-1: an out-of-range measurement creates a follow-up task at once, whoever recorded it.
 * The thresholds: glucose below 3.9 or above 10.0 mmol/L; blood pressure systolic ≥ 140 or
 * diastolic ≥ 90 mmHg (high), systolic < 90 or diastolic < 60 (low); HbA1c above 7.0 %.
 */
export function isOutOfRange(reading: Reading): boolean {
  switch (reading.type) {
    case 'glucose':
      return reading.value < 3.9 || reading.value > 10.0;
    case 'hba1c':
      return reading.value > 7.0;
    case 'blood-pressure':
      return reading.systolic >= 140 || reading.diastolic >= 90 || reading.systolic < 90 || reading.diastolic < 60;
  }
}

export interface MeasurementInput {
  type: MeasurementType;
  value?: number;
  systolic?: number;
  diastolic?: number;
  measuredAtMs: number;
}

/** The reading the body describes: the type's fields only, a type the programme follows, not in the future. */
export function readingOf(programme: ProgrammeRecord, input: MeasurementInput, nowMs: number): Reading {
  const errors: FieldError[] = [];
  const field = (name: string, message: string, code = 'invalid') => errors.push({ pointer: `/body/${name}`, code, message });
  if (!programme.measurementTypes.includes(input.type)) field('type', `${programme.id} does not follow ${input.type}`, 'not_followed');
  if (input.measuredAtMs > nowMs) field('measuredAt', 'measuredAt is in the future', 'in_future');
  const bloodPressure = input.type === 'blood-pressure';
  if (bloodPressure) {
    if (input.systolic === undefined) field('systolic', 'blood-pressure needs systolic', 'required');
    if (input.diastolic === undefined) field('diastolic', 'blood-pressure needs diastolic', 'required');
    if (input.value !== undefined) field('value', 'blood-pressure takes systolic and diastolic, not value', 'not_allowed');
  } else {
    if (input.value === undefined) field('value', `${input.type} needs value`, 'required');
    if (input.systolic !== undefined) field('systolic', `${input.type} takes value only`, 'not_allowed');
    if (input.diastolic !== undefined) field('diastolic', `${input.type} takes value only`, 'not_allowed');
  }
  if (errors.length > 0) throw validationFailed(errors);
  if (input.type === 'blood-pressure') return { type: 'blood-pressure', systolic: input.systolic ?? 0, diastolic: input.diastolic ?? 0 };
  return { type: input.type, value: input.value ?? 0 };
}

/** One active enrolment per patient and programme. */
export function assertNotEnrolled(existing: EnrolmentRecord | undefined, programmeId: string, patientId: string): void {
  if (existing) throw new DomainError(409, 'ALREADY_ENROLLED', `${patientId} is already enrolled in ${programmeId} (${existing.id}).`);
}

export function assertActive(enrolment: EnrolmentRecord): void {
  if (enrolment.status !== 'active') throw invalidTransition('care programme enrolment', enrolment.status, 'active');
}
