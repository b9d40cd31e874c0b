import { describe, expect, it } from 'vitest';
import { call, orgToken, patientLogin, testPlatform, walk, MOBILE } from '../../../test/helpers.js';

describe('directory', () => {
  it('serves the seeded organizations, alliance, departments and practitioners to every authenticated caller', async () => {
    const platform = testPlatform();
    const renhe = await orgToken(platform, 'renhe');
    const patient = (await patientLogin(platform, MOBILE.wangfang)).token;
    const organizations = (await walk(platform, '/v1/organizations', renhe)) as unknown as { id: string; type: string; bookingPolicy?: unknown }[];
    expect(organizations.map((o) => o.id)).toEqual([
      'org_anxin', 'org_gongshu', 'org_huadong', 'org_jiuzhou', 'org_kangning', 'org_linan', 'org_qtih', 'org_qtph', 'org_renai', 'org_renhe', 'org_xixi',
    ]);
    expect(organizations.filter((o) => o.bookingPolicy).map((o) => o.type).sort()).toEqual(['hospital', 'hospital', 'internet-hospital', 'primary-care', 'primary-care']);
    const qtph = await call(platform, 'GET', '/v1/organizations/org_qtph', { token: patient });
    expect(qtph.body).toMatchObject({ name: "Qiantang Provincial People's Hospital", level: 'tertiary', bookingPolicy: { holdMinutes: 10, cancellationCutoffMinutes: 120 } });
    expect((await call(platform, 'GET', '/v1/organizations/org_qtih', { token: patient })).body.partOf).toBe('org_qtph');
    expect((await call(platform, 'GET', '/v1/alliances/all_qiantang', { token: renhe })).body.leadOrganizationId).toBe('org_qtph');
    expect((await call(platform, 'GET', '/v1/departments/dep_qtph_endo', { token: renhe })).body).toEqual({
      id: 'dep_qtph_endo', organizationId: 'org_qtph', name: 'Endocrinology', insuranceDepartmentCode: 'A03.06',
    });
    expect((await call(platform, 'GET', '/v1/practitioners/prc_zhangwei', { token: patient })).body).toMatchObject({
      name: 'Zhang Wei', title: 'chief-physician', specialties: ['diabetes', 'thyroid disease'], onlineEnabled: true, realNameVerified: true,
    });
    const practitioners = (await walk(platform, '/v1/practitioners', patient, 5)) as unknown as { onlineEnabled: boolean; realNameVerified: boolean }[];
    expect(practitioners.length).toBeGreaterThanOrEqual(20);
    expect(practitioners.some((p) => !p.realNameVerified)).toBe(true);
    expect(practitioners.some((p) => !p.onlineEnabled)).toBe(true);
  });

  it('filters lists', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform, 'jiuzhou');
    const ids = async (path: string) => ((await call(platform, 'GET', path, { token })).body.data as { id: string }[]).map((i) => i.id);
    expect(await ids('/v1/organizations?type=pharmacy')).toEqual(['org_jiuzhou', 'org_kangning', 'org_renai']);
    expect(await ids('/v1/organizations?allianceId=all_qiantang&type=pharmacy')).toEqual(['org_jiuzhou']);
    expect(await ids('/v1/alliances?organizationId=org_linan')).toEqual(['all_qiantang']);
    expect(await ids('/v1/alliances?organizationId=org_renai')).toEqual([]);
    expect(await ids('/v1/departments?organizationId=org_linan')).toEqual(['dep_linan_im', 'dep_linan_paed']);
    expect(await ids('/v1/practitioners?departmentId=dep_qtph_endo')).toEqual(['prc_liuyang', 'prc_sunli', 'prc_zhangwei']);
    expect(await ids('/v1/practitioners?specialty=Diabetes&onlineEnabled=true&organizationId=org_qtph')).toEqual(['prc_sunli', 'prc_zhangwei']);
  });

  it('answers unknown ids with 404', async () => {
    const platform = testPlatform();
    const token = await orgToken(platform);
    for (const path of ['/v1/organizations/org_none', '/v1/alliances/all_none', '/v1/departments/dep_none', '/v1/practitioners/prc_none']) {
      expect((await call(platform, 'GET', path, { token })).status).toBe(404);
    }
  });
});
