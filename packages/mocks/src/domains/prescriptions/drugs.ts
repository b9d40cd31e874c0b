/**
 * The seeded drug catalogue. The controlled-drug rule (BR-RX-3) and the online-sale rule (BR-RX-9)
 * read each drug's flags — `controlClass` and `onlineSale` — never its name: adding a drug to the
 * prohibited list is a change of data, not of rules.
 */

/** 特殊管理药品: anything but `none` cannot be prescribed online (BR-RX-3). */
export type ControlClass = 'none' | 'narcotic' | 'psychotropic-1' | 'psychotropic-2' | 'toxic' | 'radioactive';

/** Why a drug is on the online-sale prohibited list (BR-RX-9). */
export type OnlineSaleRestriction = 'vaccine' | 'blood-product' | 'injection' | 'narrow-therapeutic-index' | 'controlled-drug';

export type DrugRoute = 'oral' | 'injection' | 'inhalation';

export interface Drug {
  id: string;
  /** Brand or common name as dispensed. */
  name: string;
  genericName: string;
  form: string;
  strength: string;
  route: DrugRoute;
  /** The unit a prescription counts (tablet, pen, inhaler, vial). */
  unit: string;
  /** National drug approval number (国药准字). */
  approvalNumber: string;
  controlClass: ControlClass;
  /** BR-RX-9: prohibited drugs are never delivered; `reason` says which list entry applies. */
  onlineSale: { prohibited: boolean; reason: OnlineSaleRestriction | null };
}

const allowed = { prohibited: false, reason: null } as const;
const prohibited = (reason: OnlineSaleRestriction) => ({ prohibited: true, reason });

export const SEED_DRUGS: readonly Drug[] = [
  { id: 'drg_metformin_500', name: 'Metformin 500 mg tablets', genericName: 'metformin hydrochloride', form: 'tablet', strength: '500 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H20023370', controlClass: 'none', onlineSale: allowed },
  { id: 'drg_acarbose_50', name: 'Acarbose 50 mg tablets', genericName: 'acarbose', form: 'tablet', strength: '50 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H19990205', controlClass: 'none', onlineSale: allowed },
  // An injection, but a hypoglycaemic: the exception that may be delivered.
  { id: 'drg_insulin_glargine', name: 'Insulin glargine 300 U/3 ml pen', genericName: 'insulin glargine', form: 'injection pen', strength: '100 U/ml', route: 'injection', unit: 'pen', approvalNumber: 'S20130050', controlClass: 'none', onlineSale: allowed },
  { id: 'drg_amlodipine_5', name: 'Amlodipine 5 mg tablets', genericName: 'amlodipine besylate', form: 'tablet', strength: '5 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H20093352', controlClass: 'none', onlineSale: allowed },
  { id: 'drg_losartan_50', name: 'Losartan 50 mg tablets', genericName: 'losartan potassium', form: 'tablet', strength: '50 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H20030654', controlClass: 'none', onlineSale: allowed },
  { id: 'drg_atorvastatin_20', name: 'Atorvastatin 20 mg tablets', genericName: 'atorvastatin calcium', form: 'tablet', strength: '20 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H20051407', controlClass: 'none', onlineSale: allowed },
  { id: 'drg_salbutamol_inhaler', name: 'Salbutamol 100 µg inhaler', genericName: 'salbutamol sulfate', form: 'aerosol', strength: '100 µg/dose', route: 'inhalation', unit: 'inhaler', approvalNumber: 'H20150191', controlClass: 'none', onlineSale: allowed },
  { id: 'drg_amoxicillin_susp', name: 'Amoxicillin 125 mg/5 ml suspension', genericName: 'amoxicillin', form: 'oral suspension', strength: '125 mg/5 ml', route: 'oral', unit: 'bottle', approvalNumber: 'H44021351', controlClass: 'none', onlineSale: allowed },
  { id: 'drg_montelukast_4', name: 'Montelukast 4 mg chewable tablets', genericName: 'montelukast sodium', form: 'chewable tablet', strength: '4 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H20083372', controlClass: 'none', onlineSale: allowed },
  { id: 'drg_warfarin_3', name: 'Warfarin 3 mg tablets', genericName: 'warfarin sodium', form: 'tablet', strength: '3 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H20040156', controlClass: 'none', onlineSale: prohibited('narrow-therapeutic-index') },
  { id: 'drg_digoxin_025', name: 'Digoxin 0.25 mg tablets', genericName: 'digoxin', form: 'tablet', strength: '0.25 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H31020678', controlClass: 'none', onlineSale: prohibited('narrow-therapeutic-index') },
  { id: 'drg_lithium_250', name: 'Lithium carbonate 250 mg tablets', genericName: 'lithium carbonate', form: 'tablet', strength: '250 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H32020930', controlClass: 'none', onlineSale: prohibited('narrow-therapeutic-index') },
  { id: 'drg_ceftriaxone_inj', name: 'Ceftriaxone 1 g for injection', genericName: 'ceftriaxone sodium', form: 'powder for injection', strength: '1 g', route: 'injection', unit: 'vial', approvalNumber: 'H20033405', controlClass: 'none', onlineSale: prohibited('injection') },
  { id: 'drg_hepb_vaccine', name: 'Hepatitis B vaccine 10 µg', genericName: 'recombinant hepatitis B vaccine', form: 'injection', strength: '10 µg/0.5 ml', route: 'injection', unit: 'vial', approvalNumber: 'S10970001', controlClass: 'none', onlineSale: prohibited('vaccine') },
  { id: 'drg_albumin_10g', name: 'Human albumin 10 g/50 ml', genericName: 'human albumin', form: 'solution for infusion', strength: '20%', route: 'injection', unit: 'bottle', approvalNumber: 'S20060065', controlClass: 'none', onlineSale: prohibited('blood-product') },
  { id: 'drg_morphine_10', name: 'Morphine sulfate 10 mg tablets', genericName: 'morphine sulfate', form: 'tablet', strength: '10 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H20065236', controlClass: 'narcotic', onlineSale: prohibited('controlled-drug') },
  { id: 'drg_diazepam_25', name: 'Diazepam 2.5 mg tablets', genericName: 'diazepam', form: 'tablet', strength: '2.5 mg', route: 'oral', unit: 'tablet', approvalNumber: 'H31021401', controlClass: 'psychotropic-2', onlineSale: prohibited('controlled-drug') },
];
