import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleSpec, REPO_ROOT, type Document } from '@careloop/codegen';
import { checkGate, compareSpecs, findBreakingChanges, majorReleases, type SpecChange } from '../scripts/spec-breaking.js';
import { readReleasedSpec } from '../scripts/spec-snapshot.js';

type Json = Record<string, unknown>;

let released: Document;
beforeAll(async () => {
  released = await readReleasedSpec();
});

/** The node at a `#/…` pointer of `doc` (path segments escaped as in JSON pointers). */
function at(doc: Document, pointer: string): Json {
  const node = pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((parent, key) => (parent as Json)[key], doc);
  if (node === null || typeof node !== 'object') throw new Error(`No object at ${pointer}`);
  return node as Json;
}

/** Applies `edit` to a deep copy of the released spec and compares the copy against it. */
function afterEdit(edit: (doc: Document) => void): { breaking: SpecChange[]; warnings: SpecChange[] } {
  const current = structuredClone(released);
  edit(current);
  return compareSpecs(released, current);
}

const HOLD = '#/paths/~1v1~1slots~1{slotId}~1hold/post';
const LIST_SLOTS = '#/paths/~1v1~1slots/get';
const SLOT = '#/components/schemas/Slot';
const CANCEL_BODY = '#/components/schemas/CancelAppointmentRequest';
const RELEASE_BODY = '#/components/schemas/ReleaseSlotRequest';
const queryParameter = (name: string, required: boolean): Json => ({ name, in: 'query', required, schema: { type: 'string' } });

describe('findBreakingChanges: each kind is detected with its operations, pointer and audiences', () => {
  it('removed-operation: an operation deleted from the spec', () => {
    const { breaking } = afterEdit((doc) => {
      delete doc.paths['/v1/slots/{slotId}/hold']?.post;
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'removed-operation', operationIds: ['holdSlot'], pointer: HOLD, audiences: ['patient'] }),
    ]);
  });

  it('removed-operation: an operation dropped from an audience SDK', () => {
    const { breaking } = afterEdit((doc) => {
      at(doc, '#/paths/~1v1~1slots/get')['x-audiences'] = ['hospital'];
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'removed-operation', operationIds: ['listSlots'], pointer: `${LIST_SLOTS}/x-audiences`, audiences: ['patient'] }),
    ]);
  });

  it('removed-path: the operation answers on another path (renaming a path parameter is not a change)', () => {
    const { breaking } = afterEdit((doc) => {
      const item = doc.paths['/v1/slots/{slotId}/hold'];
      delete doc.paths['/v1/slots/{slotId}/hold'];
      doc.paths['/v1/slots/{slotId}/holds'] = item ?? {};
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'removed-path', operationIds: ['holdSlot'], pointer: HOLD, audiences: ['patient'] }),
    ]);
    const renamedParameter = afterEdit((doc) => {
      const item = structuredClone(doc.paths['/v1/slots/{slotId}/hold'] ?? {});
      delete doc.paths['/v1/slots/{slotId}/hold'];
      doc.paths['/v1/slots/{id}/hold'] = item;
      Object.assign(at(doc, '#/paths/~1v1~1slots~1{id}~1hold/post/parameters/0'), { name: 'id' });
    });
    expect(renamedParameter.breaking).toEqual([]);
  });

  it('renamed-sdk-method: x-sdk-method changed', () => {
    const { breaking } = afterEdit((doc) => {
      at(doc, HOLD)['x-sdk-method'] = 'slots.reserve';
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'renamed-sdk-method', operationIds: ['holdSlot'], pointer: `${HOLD}/x-sdk-method`, audiences: ['patient'] }),
    ]);
  });

  it('removed-success-status: 201 became 200', () => {
    const { breaking } = afterEdit((doc) => {
      const responses = at(doc, `${HOLD}/responses`);
      responses['200'] = responses['201'];
      delete responses['201'];
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'removed-success-status', operationIds: ['holdSlot'], pointer: `${HOLD}/responses/201`, audiences: ['patient'] }),
    ]);
  });

  it('new-required-parameter: a new required query parameter, and an optional one made required', () => {
    const added = afterEdit((doc) => {
      (at(doc, LIST_SLOTS)['parameters'] as Json[]).push(queryParameter('region', true));
    });
    expect(added.breaking).toEqual([
      expect.objectContaining({ kind: 'new-required-parameter', operationIds: ['listSlots'], pointer: `${LIST_SLOTS}/parameters/9`, audiences: ['patient', 'hospital'] }),
    ]);
    const madeRequired = afterEdit((doc) => {
      at(doc, `${LIST_SLOTS}/parameters/6`)['required'] = true;
    });
    expect(madeRequired.breaking).toEqual([
      expect.objectContaining({ kind: 'new-required-parameter', operationIds: ['listSlots'], pointer: `${LIST_SLOTS}/parameters/6`, message: 'query parameter available is now required' }),
    ]);
  });

  it('removed-parameter: a query parameter removed (the validator rejects unknown query parameters)', () => {
    const { breaking } = afterEdit((doc) => {
      (at(doc, LIST_SLOTS)['parameters'] as Json[]).splice(6, 1);
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'removed-parameter', operationIds: ['listSlots'], pointer: `${LIST_SLOTS}/parameters/6`, audiences: ['patient', 'hospital'] }),
    ]);
  });

  it('removed-request-field: a property of a closed request body removed; an open body may lose one', () => {
    const { breaking } = afterEdit((doc) => {
      delete (at(doc, CANCEL_BODY)['properties'] as Json)['note'];
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'removed-request-field', operationIds: ['cancelAppointment'], pointer: `${CANCEL_BODY}/properties/note`, audiences: ['patient', 'hospital'] }),
    ]);
    const open = afterEdit((doc) => {
      delete (at(doc, CANCEL_BODY)['properties'] as Json)['note'];
      at(doc, CANCEL_BODY)['additionalProperties'] = true;
    });
    expect(open.breaking).toEqual([]);
  });

  it('new-required-request-field: an optional body property made required, and a new required one', () => {
    const madeRequired = afterEdit((doc) => {
      at(doc, CANCEL_BODY)['required'] = ['note'];
    });
    expect(madeRequired.breaking).toEqual([
      expect.objectContaining({ kind: 'new-required-request-field', operationIds: ['cancelAppointment'], pointer: `${CANCEL_BODY}/properties/note`, message: 'request property note is now required' }),
    ]);
    const added = afterEdit((doc) => {
      (at(doc, RELEASE_BODY)['properties'] as Json)['reason'] = { type: 'string' };
      (at(doc, RELEASE_BODY)['required'] as string[]).push('reason');
    });
    expect(added.breaking).toEqual([
      expect.objectContaining({ kind: 'new-required-request-field', operationIds: ['releaseSlot'], pointer: `${RELEASE_BODY}/properties/reason`, audiences: ['hospital'] }),
    ]);
  });

  it('removed-response-field: a property of a response schema removed, found through $ref and arrays', () => {
    const { breaking } = afterEdit((doc) => {
      delete (at(doc, SLOT)['properties'] as Json)['referralQuota'];
      at(doc, SLOT)['required'] = (at(doc, SLOT)['required'] as string[]).filter((name) => name !== 'referralQuota');
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'removed-response-field', pointer: `${SLOT}/properties/referralQuota`, audiences: ['patient', 'hospital'] }),
    ]);
    // getSlot and releaseSlot answer a Slot; listSlots reaches it through SlotList.data.items.
    expect(breaking[0]?.operationIds).toEqual(expect.arrayContaining(['listSlots', 'getSlot', 'releaseSlot']));
  });

  it('removed-response-field: a property of an allOf base schema is reported where it is declared', () => {
    const base = at(released, '#/components/schemas/CommandBase');
    const name = Object.keys(base['properties'] as Json)[0] ?? '';
    const { breaking } = afterEdit((doc) => {
      const edited = at(doc, '#/components/schemas/CommandBase');
      delete (edited['properties'] as Json)[name];
      edited['required'] = (edited['required'] as string[] | undefined)?.filter((required) => required !== name) ?? [];
    });
    const removed = breaking.filter((change) => change.kind === 'removed-response-field');
    expect(removed.map((change) => change.pointer)).toEqual([`#/components/schemas/CommandBase/properties/${name}`]);
    expect(breaking.every((change) => change.kind === 'removed-response-field')).toBe(true);
    expect(removed[0]?.audiences).toContain('hospital');
  });

  it('response-field-optional: a response property no longer required', () => {
    const { breaking } = afterEdit((doc) => {
      at(doc, SLOT)['required'] = (at(doc, SLOT)['required'] as string[]).filter((name) => name !== 'remaining');
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'response-field-optional', pointer: `${SLOT}/properties/remaining`, audiences: ['patient', 'hospital'] }),
    ]);
  });

  it('narrowed-enum: a value removed from an enum read and sent (AppointmentStatus)', () => {
    const { breaking } = afterEdit((doc) => {
      const status = at(doc, '#/components/schemas/AppointmentStatus');
      status['enum'] = (status['enum'] as string[]).filter((value) => value !== 'noshow');
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'narrowed-enum', pointer: '#/components/schemas/AppointmentStatus', message: expect.stringContaining('"noshow"') }),
    ]);
    expect(breaking[0]?.operationIds).toEqual(expect.arrayContaining(['listAppointments', 'holdSlot', 'bookAppointment']));
    expect(breaking[0]?.audiences).toEqual(expect.arrayContaining(['patient', 'hospital']));
  });

  it('narrowed-enum: a value removed from a request-only enum', () => {
    const { breaking } = afterEdit((doc) => {
      at(doc, '#/components/schemas/TriageRequest/properties/sex')['enum'] = ['female'];
    });
    expect(breaking).toEqual([expect.objectContaining({ kind: 'narrowed-enum', pointer: '#/components/schemas/TriageRequest/properties/sex' })]);
  });

  it('changed-type: a request property, a response property and a parameter change type', () => {
    const request = afterEdit((doc) => {
      at(doc, `${RELEASE_BODY}/properties/releasedCount`)['type'] = 'string';
    });
    expect(request.breaking).toEqual([
      expect.objectContaining({ kind: 'changed-type', operationIds: ['releaseSlot'], pointer: `${RELEASE_BODY}/properties/releasedCount`, audiences: ['hospital'] }),
    ]);
    const response = afterEdit((doc) => {
      at(doc, `${SLOT}/properties/remaining`)['type'] = 'string';
    });
    expect(response.breaking).toEqual([expect.objectContaining({ kind: 'changed-type', pointer: `${SLOT}/properties/remaining`, audiences: ['patient', 'hospital'] })]);
    const parameter = afterEdit((doc) => {
      at(doc, `${LIST_SLOTS}/parameters/6/schema`)['type'] = 'string';
    });
    expect(parameter.breaking).toEqual([expect.objectContaining({ kind: 'changed-type', operationIds: ['listSlots'], pointer: `${LIST_SLOTS}/parameters/6/schema` })]);
  });

  it('changed-type: null no longer accepted in a request; null now possible in a response', () => {
    const request = afterEdit((doc) => {
      at(doc, '#/components/schemas/UpdateWebhookEndpointRequest/properties/description')['type'] = 'string';
    });
    expect(request.breaking).toEqual([
      expect.objectContaining({ kind: 'changed-type', pointer: '#/components/schemas/UpdateWebhookEndpointRequest/properties/description', message: expect.stringContaining('null no longer accepted') }),
    ]);
    const response = afterEdit((doc) => {
      at(doc, `${SLOT}/properties/remaining`)['type'] = ['integer', 'null'];
    });
    expect(response.breaking).toEqual([expect.objectContaining({ kind: 'changed-type', pointer: `${SLOT}/properties/remaining`, message: expect.stringContaining('may now be null') })]);
    const wrapped = afterEdit((doc) => {
      const properties = at(doc, SLOT)['properties'] as Json;
      properties['fee'] = { oneOf: [properties['fee'], { type: 'null' }] };
    });
    expect(wrapped.breaking).toEqual([expect.objectContaining({ kind: 'changed-type', pointer: `${SLOT}/properties/fee`, message: 'may now be null' })]);
  });

  it('new-required-scope: the operation needs a scope the released one did not', () => {
    const { breaking } = afterEdit((doc) => {
      at(doc, HOLD)['security'] = [{ patientToken: ['appointments:write', 'appointments:hold'] }];
    });
    expect(breaking).toEqual([
      expect.objectContaining({ kind: 'new-required-scope', operationIds: ['holdSlot'], pointer: `${HOLD}/security`, audiences: ['patient'] }),
    ]);
  });

  it('webhooks: a removed webhook, and a payload change, affect every audience (each SDK types the webhooks)', () => {
    const [name, item] = Object.entries(released.webhooks ?? {})[0] ?? [];
    const pointer = `#/webhooks/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}/post`;
    const removed = afterEdit((doc) => {
      delete doc.webhooks?.[String(name)];
    });
    expect(removed.breaking).toEqual([
      expect.objectContaining({ kind: 'removed-operation', operationIds: [item?.post?.operationId], pointer, audiences: ['patient', 'hospital', 'pharmacy', 'insurer'] }),
    ]);
    const payload = afterEdit((doc) => {
      delete (at(doc, '#/components/schemas/Event')['properties'] as Json)['createdAt'];
    });
    const change = payload.breaking.find((candidate) => candidate.pointer === '#/components/schemas/Event/properties/createdAt');
    expect(change).toMatchObject({ kind: 'removed-response-field', audiences: ['patient', 'hospital', 'pharmacy', 'insurer'] });
    expect(change?.operationIds).toContain(item?.post?.operationId);
  });

  it('terminates on recursive schemas and reports a change inside them once', () => {
    const { breaking } = afterEdit((doc) => {
      (at(doc, SLOT)['properties'] as Json)['next'] = { $ref: '#/components/schemas/Slot' };
      delete (at(doc, SLOT)['properties'] as Json)['capacity'];
    });
    const recursive = structuredClone(released);
    (at(recursive, SLOT)['properties'] as Json)['next'] = { $ref: '#/components/schemas/Slot' };
    expect(breaking.filter((change) => change.kind === 'removed-response-field')).toHaveLength(1);
    expect(findBreakingChanges(recursive, recursive)).toEqual([]);
  });
});

describe('findBreakingChanges: additive changes report nothing', () => {
  it('new optional request property, new response property, new operation, new optional parameter', () => {
    const { breaking, warnings } = afterEdit((doc) => {
      (at(doc, CANCEL_BODY)['properties'] as Json)['reason'] = { type: 'string' };
      (at(doc, SLOT)['properties'] as Json)['note'] = { type: 'string' };
      (at(doc, LIST_SLOTS)['parameters'] as Json[]).push(queryParameter('region', false));
      doc.paths['/v1/slots/{slotId}/peek'] = { get: { ...structuredClone(at(doc, '#/paths/~1v1~1slots~1{slotId}/get')), operationId: 'peekSlot', 'x-sdk-method': 'slots.peek' } as never };
    });
    expect(breaking).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('a request-only enum widened and a request integer that now accepts any number or null', () => {
    const { breaking, warnings } = afterEdit((doc) => {
      at(doc, '#/components/schemas/TriageRequest/properties/sex')['enum'] = ['female', 'male', 'unknown'];
      at(doc, `${RELEASE_BODY}/properties/releasedCount`)['type'] = ['number', 'null'];
    });
    expect(breaking).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('a response enum widened is a warning, not a breaking change', () => {
    const { breaking, warnings } = afterEdit((doc) => {
      (at(doc, '#/components/schemas/AppointmentStatus')['enum'] as string[]).push('transferred');
    });
    expect(breaking).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({ kind: 'response-enum-widened', severity: 'warning', pointer: '#/components/schemas/AppointmentStatus', message: expect.stringContaining('"transferred"') }),
    ]);
  });
});

describe('checkGate', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
    directory = undefined;
  });
  const changeset = (releases: Record<string, string>) =>
    `---\n${Object.entries(releases).map(([name, type]) => `"${name}": ${type}`).join('\n')}\n---\n\nRemoved slots.hold.\n`;
  const removedHold = () =>
    afterEdit((doc) => {
      delete doc.paths['/v1/slots/{slotId}/hold']?.post;
    }).breaking;

  it('fails naming every affected package without a major changeset', async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'careloop-changesets-'));
    await writeFile(path.join(directory, 'README.md'), '# Changesets\n');
    await writeFile(path.join(directory, 'minor.md'), changeset({ '@careloop/patient': 'minor' }));
    const gate = await checkGate(removedHold(), directory);
    expect(gate.ok).toBe(false);
    expect(gate.affected).toEqual(['@careloop/patient', '@careloop/mocks']);
    expect(gate.missing).toEqual(['@careloop/patient', '@careloop/mocks']);
    expect(gate.message).toContain('need a major changeset for @careloop/patient, @careloop/mocks');
    expect(gate.message).toContain(`removed-operation ${HOLD}`);
  });

  it('fails for the packages a partial major changeset leaves out, and passes once all are major', async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'careloop-changesets-'));
    await writeFile(path.join(directory, 'patient.md'), changeset({ '@careloop/patient': 'major' }));
    const partial = await checkGate(removedHold(), directory);
    expect(partial).toMatchObject({ ok: false, missing: ['@careloop/mocks'] });
    await writeFile(path.join(directory, 'mocks.md'), changeset({ '@careloop/mocks': 'major', '@careloop/core': 'patch' }));
    const gate = await checkGate(removedHold(), directory);
    expect(gate).toMatchObject({ ok: true, missing: [] });
    expect(gate.message).toContain('covered by major changesets for @careloop/patient, @careloop/mocks');
  });

  it('passes without looking for changesets when nothing breaks', async () => {
    const gate = await checkGate([], path.join(tmpdir(), 'careloop-no-such-directory'));
    expect(gate).toEqual({ ok: true, affected: [], missing: [], message: 'No breaking change against the released spec.' });
  });

  it("parses every pending changeset of the repository (a malformed one would only surface on the next breaking change)", async () => {
    const majors = await majorReleases(path.join(REPO_ROOT, '.changeset'));
    expect([...majors].every((name) => name.startsWith('@careloop/'))).toBe(true);
  });

  it("the repository's spec against spec/released/ passes the gate with the repository's changesets", async () => {
    const breaking = findBreakingChanges(released, await bundleSpec());
    const gate = await checkGate(breaking, path.join(REPO_ROOT, '.changeset'));
    expect(gate.message).toBeTypeOf('string');
    expect(gate.ok, gate.message).toBe(true);
  });
});
