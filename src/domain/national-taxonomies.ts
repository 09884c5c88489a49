import type { TaxonomyKind } from './vocabulary.js';

/**
 * National default terms shipped with Fridplan (see shared/reference/frameworks.md §2.7 and the
 * seed plans). Organizations may add their own terms beside these; codes are stable identifiers.
 */
export interface TermDefinition {
  code: string;
  sv: string;
  en: string;
}

export const nationalTaxonomies: Record<TaxonomyKind, readonly TermDefinition[]> = {
  prevention_level: [
    { code: 'universal', sv: 'Universell', en: 'Universal' },
    { code: 'selective', sv: 'Selektiv', en: 'Selective' },
    { code: 'indicated', sv: 'Indikerad', en: 'Indicated' },
  ],
  violence_form: [
    { code: 'physical', sv: 'Fysiskt våld', en: 'Physical violence' },
    { code: 'psychological', sv: 'Psykiskt våld', en: 'Psychological violence' },
    { code: 'sexual', sv: 'Sexuellt våld', en: 'Sexual violence' },
    { code: 'economic', sv: 'Ekonomiskt våld', en: 'Economic violence' },
    { code: 'material', sv: 'Materiellt våld', en: 'Material violence' },
    { code: 'latent', sv: 'Latent våld', en: 'Latent violence' },
    { code: 'neglect', sv: 'Försummelse', en: 'Neglect' },
    { code: 'digital', sv: 'Digitalt våld', en: 'Digital violence' },
    { code: 'stalking', sv: 'Olaga förföljelse', en: 'Stalking' },
    { code: 'honour', sv: 'Hedersrelaterat våld och förtryck', en: 'Honour-related violence and oppression' },
    { code: 'child_marriage', sv: 'Barnäktenskap', en: 'Child marriage' },
    { code: 'forced_marriage', sv: 'Tvångsäktenskap', en: 'Forced marriage' },
    { code: 'fgm', sv: 'Könsstympning', en: 'Female genital mutilation' },
    { code: 'virginity_norms', sv: 'Oskuldsnormer och oskuldskontroller', en: 'Virginity norms and virginity checks' },
    { code: 'abduction', sv: 'Bortförande och kvarhållande utomlands', en: 'Abduction and being kept abroad' },
    { code: 'prostitution', sv: 'Prostitution och sex mot ersättning', en: 'Prostitution and sex for compensation' },
    { code: 'trafficking', sv: 'Människohandel för sexuella ändamål', en: 'Trafficking for sexual purposes' },
    { code: 'sexual_violence_any_relation', sv: 'Sexuellt våld oberoende av relation', en: 'Sexual violence regardless of relationship' },
    { code: 'sexual_harassment', sv: 'Sexuella trakasserier', en: 'Sexual harassment' },
    { code: 'grooming', sv: 'Grooming', en: 'Grooming' },
    { code: 'child_sexual_exploitation', sv: 'Sexuell exploatering av barn', en: 'Sexual exploitation of children' },
    { code: 'children_experiencing_violence', sv: 'Barn som upplever våld', en: 'Children experiencing violence' },
    { code: 'youth_relationship_violence', sv: 'Våld i ungas parrelationer', en: 'Violence in young people’s relationships' },
    { code: 'elder_abuse', sv: 'Våld mot äldre', en: 'Violence against older people' },
    { code: 'same_sex_relationships', sv: 'Våld i samkönade relationer', en: 'Violence in same-sex relationships' },
    { code: 'post_separation', sv: 'Eftervåld', en: 'Post-separation violence' },
  ],
  target_group: [
    { code: 'victims_adults', sv: 'Våldsutsatta vuxna', en: 'Adult victims' },
    { code: 'victims_children', sv: 'Våldsutsatta barn och unga', en: 'Child and young victims' },
    { code: 'children_experiencing_violence', sv: 'Barn som upplever våld', en: 'Children experiencing violence' },
    { code: 'perpetrators', sv: 'Våldsutövare', en: 'Perpetrators' },
    { code: 'children_and_young', sv: 'Barn och unga', en: 'Children and young people' },
    { code: 'adults', sv: 'Vuxna', en: 'Adults' },
    { code: 'older_people', sv: 'Äldre', en: 'Older people' },
    { code: 'parents', sv: 'Föräldrar', en: 'Parents' },
    { code: 'men_and_boys', sv: 'Män och pojkar', en: 'Men and boys' },
    { code: 'women_and_girls', sv: 'Kvinnor och flickor', en: 'Women and girls' },
    { code: 'sex_buyers', sv: 'Sexköpare', en: 'Sex buyers' },
    { code: 'professionals', sv: 'Yrkesverksamma', en: 'Professionals' },
    { code: 'employees', sv: 'Medarbetare', en: 'Employees' },
    { code: 'managers', sv: 'Chefer', en: 'Managers' },
    { code: 'public', sv: 'Allmänheten', en: 'The public' },
    { code: 'civil_society', sv: 'Civilsamhället', en: 'Civil society' },
  ],
  vulnerable_group: [
    { code: 'lgbtqi', sv: 'Hbtqi-personer', en: 'LGBTQI people' },
    { code: 'young_women', sv: 'Unga kvinnor', en: 'Young women' },
    { code: 'older_people', sv: 'Äldre', en: 'Older people' },
    { code: 'disability', sv: 'Personer med funktionsnedsättning', en: 'People with disabilities' },
    { code: 'substance_use', sv: 'Personer med skadligt bruk eller beroende', en: 'People with harmful use or addiction' },
    { code: 'mental_illness', sv: 'Personer med psykisk ohälsa', en: 'People with mental ill-health' },
    { code: 'homelessness', sv: 'Personer i hemlöshet', en: 'People experiencing homelessness' },
    { code: 'prostitution', sv: 'Personer i prostitution eller utsatta för människohandel', en: 'People in prostitution or trafficked' },
    { code: 'honour_context', sv: 'Personer i hederskontext', en: 'People in an honour context' },
    { code: 'foreign_background', sv: 'Personer med utländsk bakgrund eller migrationserfarenhet', en: 'People with a foreign background or migration experience' },
    { code: 'language_barriers', sv: 'Personer med bristande kunskaper i svenska språket', en: 'People with limited Swedish' },
    { code: 'national_minorities', sv: 'Personer från nationella minoriteter', en: 'People from national minorities' },
    { code: 'children_experiencing_violence', sv: 'Barn som upplever våld', en: 'Children experiencing violence' },
  ],
  perspective: [
    { code: 'gender_equality', sv: 'Jämställdhetsperspektiv', en: 'Gender equality perspective' },
    { code: 'child_rights', sv: 'Barnrättsperspektiv', en: 'Child rights perspective' },
    { code: 'child', sv: 'Barnperspektiv', en: 'Child perspective' },
    { code: 'intersectional', sv: 'Intersektionellt perspektiv', en: 'Intersectional perspective' },
    { code: 'norm_critical', sv: 'Normkritiskt perspektiv', en: 'Norm-critical perspective' },
    { code: 'equity', sv: 'Jämlikhetsperspektiv', en: 'Equity perspective' },
    { code: 'human_rights', sv: 'Mänskliga rättigheter', en: 'Human rights' },
    { code: 'victim_safety', sv: 'Den våldsutsattas säkerhet i centrum', en: 'Victim safety first' },
    { code: 'employer', sv: 'Arbetsgivarperspektiv', en: 'Employer perspective' },
  ],
};
