/**
 * SD-JWT VC Type Metadata (draft-ietf-oauth-sd-jwt-vc-13 §6) of the three FairLedger credential types:
 * display names and claim labels in the languages of the corridors' workers and officers — English,
 * Tagalog, Hindi and Arabic — so a foreign wallet shows the papers in the worker's language. The labels
 * are data, here in the protocol package, so the issuer service serves them at each `vct` URL and
 * FairLedger's wallet can show the same words (`claimLabel`).
 *
 * Every claim of every type's subject schema (common/src/claim-schemas.ts) has a label in every locale:
 * common/test/type-metadata.test.ts and the served documents' test hold it to that.
 */
import { z } from "zod";
import { ALWAYS_VISIBLE_CLAIMS, type CredentialType } from "./credential-types.ts";
import { SUBJECT_SCHEMAS } from "./claim-schemas.ts";

export const DISPLAY_LOCALES = ["en", "tl", "hi", "ar"] as const;
export type DisplayLocale = (typeof DISPLAY_LOCALES)[number];
type Localised = Record<DisplayLocale, string>;

/** Each type's name and a one-line description for its holder, per locale. */
export const TYPE_DISPLAY: Record<CredentialType, { name: Localised; description: Localised }> = {
  EmploymentContractCredential: {
    name: { en: "Employment contract", tl: "Kontrata sa trabaho", hi: "रोज़गार अनुबंध", ar: "عقد العمل" },
    description: {
      en: "The employment contract a licensed recruitment agency arranged for the worker, recorded on FairLedger.",
      tl: "Ang kontrata sa trabaho na inayos ng lisensyadong ahensya para sa manggagawa, nakatala sa FairLedger.",
      hi: "लाइसेंस प्राप्त भर्ती एजेंसी द्वारा कामगार के लिए तय किया गया रोज़गार अनुबंध, FairLedger पर दर्ज।",
      ar: "عقد العمل الذي رتّبته وكالة توظيف مرخّصة للعامل، مسجّل في FairLedger.",
    },
  },
  RecruitmentFeeStatement: {
    name: {
      en: "Recruitment fee statement",
      tl: "Pahayag ng bayad sa recruitment",
      hi: "भर्ती शुल्क विवरण",
      ar: "بيان رسوم التوظيف",
    },
    description: {
      en: "What the worker paid in recruitment fees for the case, from receipts recorded on FairLedger.",
      tl: "Ang ibinayad ng manggagawa sa recruitment para sa kaso, batay sa mga resibong nakatala sa FairLedger.",
      hi: "इस मामले में कामगार द्वारा चुकाया गया भर्ती शुल्क, FairLedger पर दर्ज रसीदों के आधार पर।",
      ar: "ما دفعه العامل من رسوم توظيف في هذه الحالة، استنادًا إلى إيصالات مسجّلة في FairLedger.",
    },
  },
  AgencyLicenceCredential: {
    name: {
      en: "Recruitment agency licence",
      tl: "Lisensya ng ahensya sa recruitment",
      hi: "भर्ती एजेंसी लाइसेंस",
      ar: "ترخيص وكالة التوظيف",
    },
    description: {
      en: "A licensing authority's licence for a recruitment agency, recorded on FairLedger.",
      tl: "Lisensyang ibinigay ng awtoridad sa isang ahensya sa recruitment, nakatala sa FairLedger.",
      hi: "किसी लाइसेंस प्राधिकरण द्वारा भर्ती एजेंसी को दिया गया लाइसेंस, FairLedger पर दर्ज।",
      ar: "ترخيص صادر عن جهة الترخيص لوكالة توظيف، مسجّل في FairLedger.",
    },
  },
};

/**
 * Claim labels by claim path within `credentialSubject` (nested claims joined with "."), shared by the
 * types that have the claim; TYPE_CLAIM_LABELS overrides one where a type means something else by it.
 */
export const CLAIM_LABELS: Record<string, Localised> = {
  id: { en: "Holder", tl: "May-hawak", hi: "धारक", ar: "الحامل" },
  caseCommitment: {
    en: "Case reference (commitment)",
    tl: "Sanggunian ng kaso (commitment)",
    hi: "मामले का संदर्भ (प्रतिबद्धता)",
    ar: "مرجع الحالة (التزام)",
  },
  corridor: { en: "Migration corridor", tl: "Koridor ng migrasyon", hi: "प्रवास गलियारा", ar: "ممر الهجرة" },
  contractHash: {
    en: "Contract fingerprint",
    tl: "Fingerprint ng kontrata",
    hi: "अनुबंध का फ़िंगरप्रिंट",
    ar: "بصمة العقد",
  },
  contractSalt: {
    en: "Contract proof secret",
    tl: "Lihim na patunay ng kontrata",
    hi: "अनुबंध प्रमाण का गुप्त कोड",
    ar: "رمز إثبات العقد السري",
  },
  employerName: { en: "Employer", tl: "Pangalan ng employer", hi: "नियोक्ता का नाम", ar: "اسم صاحب العمل" },
  employerId: {
    en: "Employer account",
    tl: "Account ng employer",
    hi: "नियोक्ता का खाता",
    ar: "حساب صاحب العمل",
  },
  jobTitle: { en: "Job title", tl: "Posisyon sa trabaho", hi: "पद का नाम", ar: "المسمى الوظيفي" },
  worksiteCountry: { en: "Country of work", tl: "Bansang pagtatrabahuhan", hi: "कार्यस्थल का देश", ar: "بلد العمل" },
  contractStart: {
    en: "Contract start date",
    tl: "Petsa ng simula ng kontrata",
    hi: "अनुबंध आरंभ तिथि",
    ar: "تاريخ بدء العقد",
  },
  contractMonths: {
    en: "Contract length (months)",
    tl: "Haba ng kontrata (buwan)",
    hi: "अनुबंध की अवधि (महीने)",
    ar: "مدة العقد (بالأشهر)",
  },
  workerName: { en: "Worker's name", tl: "Pangalan ng manggagawa", hi: "कामगार का नाम", ar: "اسم العامل" },
  passportNumber: { en: "Passport number", tl: "Numero ng pasaporte", hi: "पासपोर्ट संख्या", ar: "رقم جواز السفر" },
  birthDate: { en: "Date of birth", tl: "Petsa ng kapanganakan", hi: "जन्म तिथि", ar: "تاريخ الميلاد" },
  nationality: { en: "Nationality", tl: "Nasyonalidad", hi: "राष्ट्रीयता", ar: "الجنسية" },
  monthlyWage: { en: "Monthly wage", tl: "Buwanang sahod", hi: "मासिक वेतन", ar: "الأجر الشهري" },
  "monthlyWage.amount": {
    en: "Amount (in the currency's smallest unit)",
    tl: "Halaga (sa pinakamaliit na yunit ng pera)",
    hi: "राशि (मुद्रा की सबसे छोटी इकाई में)",
    ar: "المبلغ (بأصغر وحدة للعملة)",
  },
  "monthlyWage.currency": { en: "Currency", tl: "Uri ng pera", hi: "मुद्रा", ar: "العملة" },
  currency: { en: "Currency", tl: "Uri ng pera", hi: "मुद्रा", ar: "العملة" },
  workerPaidTotal: {
    en: "Total fees paid by the worker (in the currency's smallest unit)",
    tl: "Kabuuang bayad ng manggagawa (sa pinakamaliit na yunit ng pera)",
    hi: "कामगार द्वारा चुकाया गया कुल शुल्क (मुद्रा की सबसे छोटी इकाई में)",
    ar: "إجمالي الرسوم التي دفعها العامل (بأصغر وحدة للعملة)",
  },
  feesChargedToWorker: {
    en: "Fees charged to the worker",
    tl: "May siningil na bayad sa manggagawa",
    hi: "कामगार से शुल्क लिया गया",
    ar: "رسوم فُرضت على العامل",
  },
  receiptsRoot: {
    en: "Receipts fingerprint",
    tl: "Fingerprint ng mga resibo",
    hi: "रसीदों का फ़िंगरप्रिंट",
    ar: "بصمة الإيصالات",
  },
  receiptCount: { en: "Number of receipts", tl: "Bilang ng mga resibo", hi: "रसीदों की संख्या", ar: "عدد الإيصالات" },
  caseStatus: { en: "Case outcome", tl: "Kinalabasan ng kaso", hi: "मामले का परिणाम", ar: "نتيجة الحالة" },
  jurisdiction: {
    en: "Licensing country",
    tl: "Bansang nagbigay ng lisensya",
    hi: "लाइसेंस देने वाला देश",
    ar: "بلد الترخيص",
  },
  agencyName: { en: "Agency name", tl: "Pangalan ng ahensya", hi: "एजेंसी का नाम", ar: "اسم الوكالة" },
  licenceNumber: { en: "Licence number", tl: "Numero ng lisensya", hi: "लाइसेंस संख्या", ar: "رقم الترخيص" },
  validFrom: {
    en: "Licence start date",
    tl: "May bisa ang lisensya mula",
    hi: "लाइसेंस मान्य (से)",
    ar: "الترخيص ساري من",
  },
  validUntil: {
    en: "Licence expiry date",
    tl: "May bisa ang lisensya hanggang",
    hi: "लाइसेंस मान्य (तक)",
    ar: "الترخيص ساري حتى",
  },
};

/** Where a type means something else by a shared claim name. */
export const TYPE_CLAIM_LABELS: Partial<Record<CredentialType, Record<string, Localised>>> = {
  AgencyLicenceCredential: {
    id: { en: "Licensed agency", tl: "Lisensyadong ahensya", hi: "लाइसेंस प्राप्त एजेंसी", ar: "الوكالة المرخّصة" },
  },
};

/** The claim paths of a type's subject within `credentialSubject`, nested objects' claims after their parent. */
export function subjectClaimPaths(type: CredentialType): string[][] {
  const paths: string[][] = [];
  const walk = (shape: Record<string, unknown>, prefix: string[]) => {
    for (const [name, schema] of Object.entries(shape)) {
      paths.push([...prefix, name]);
      if (schema instanceof z.ZodObject) walk(schema.shape, [...prefix, name]);
    }
  };
  walk(SUBJECT_SCHEMAS[type].shape, []);
  return paths;
}

/** The label of a subject claim (path within `credentialSubject`) in `locale`, or undefined when none. */
export function claimLabel(type: CredentialType, path: readonly string[], locale: DisplayLocale): string | undefined {
  const key = path.join(".");
  return (TYPE_CLAIM_LABELS[type]?.[key] ?? CLAIM_LABELS[key])?.[locale];
}

/** The Type Metadata document (draft-ietf-oauth-sd-jwt-vc-13 §6.2) of `type`, served at `vct`. */
export interface TypeMetadataDocument {
  vct: string;
  name: string;
  description: string;
  display: { locale: DisplayLocale; name: string; description: string }[];
  claims: {
    path: string[];
    display: { locale: DisplayLocale; label: string }[];
    sd?: "always" | "never";
  }[];
}

export function typeMetadata(type: CredentialType, vct: string): TypeMetadataDocument {
  // Which claims the issuer packs as disclosures (issuer-service/src/credentials/sd-jwt-vc.ts): all but
  // the subject id and the commitments; a nested claim goes with its parent, so it gets no `sd` of its own.
  const alwaysVisible = new Set(["id", ...ALWAYS_VISIBLE_CLAIMS[type]]);
  return {
    vct,
    name: `FairLedger ${type}`,
    description: TYPE_DISPLAY[type].description.en,
    display: DISPLAY_LOCALES.map((locale) => ({
      locale,
      name: TYPE_DISPLAY[type].name[locale],
      description: TYPE_DISPLAY[type].description[locale],
    })),
    claims: subjectClaimPaths(type).map((path) => ({
      path: ["credentialSubject", ...path],
      display: DISPLAY_LOCALES.map((locale) => ({ locale, label: claimLabel(type, path, locale) ?? path.join(".") })),
      ...(path.length === 1
        ? { sd: alwaysVisible.has(path[0] as string) ? ("never" as const) : ("always" as const) }
        : {}),
    })),
  };
}
