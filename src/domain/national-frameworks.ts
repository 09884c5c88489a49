/**
 * National and international frameworks a plan, goal or measure can link to
 * (shared/reference/frameworks.md §2). Organizations add local frameworks (their own
 * programmes and goals) as data. A framework item is addressed as "<framework>:<code>".
 */
export interface FrameworkDefinition {
  code: string;
  sv: string;
  en: string;
  items: readonly { code: string; sv: string; en: string }[];
}

export const nationalFrameworks: readonly FrameworkDefinition[] = [
  {
    code: 'agenda2030',
    sv: 'Agenda 2030',
    en: 'Agenda 2030',
    items: [
      { code: '3', sv: 'Mål 3 God hälsa och välbefinnande', en: 'Goal 3 Good health and well-being' },
      { code: '5', sv: 'Mål 5 Jämställdhet', en: 'Goal 5 Gender equality' },
      { code: '10', sv: 'Mål 10 Minskad ojämlikhet', en: 'Goal 10 Reduced inequalities' },
      { code: '16', sv: 'Mål 16 Fredliga och inkluderande samhällen', en: 'Goal 16 Peace, justice and strong institutions' },
      { code: '5.1', sv: 'Avskaffa alla former av diskriminering av alla kvinnor och flickor överallt', en: 'End all forms of discrimination against all women and girls everywhere' },
      { code: '5.2', sv: 'Avskaffa alla former av våld mot alla kvinnor och flickor i det offentliga och privata rummet, inklusive människohandel, sexuellt utnyttjande och andra typer av exploatering', en: 'Eliminate all forms of violence against all women and girls in the public and private spheres, including trafficking and sexual and other types of exploitation' },
      { code: '5.3', sv: 'Avskaffa alla skadliga sedvänjor, såsom barnäktenskap, tidiga äktenskap och tvångsäktenskap samt kvinnlig könsstympning', en: 'Eliminate all harmful practices, such as child, early and forced marriage and female genital mutilation' },
      { code: '8.7', sv: 'Avskaffa tvångsarbete, modernt slaveri och människohandel', en: 'End forced labour, modern slavery and human trafficking' },
      { code: '11.7', sv: 'Säkra och inkluderande offentliga platser, särskilt för kvinnor och barn, äldre och personer med funktionsnedsättning', en: 'Safe, inclusive and accessible public spaces, in particular for women and children, older persons and persons with disabilities' },
      { code: '16.1', sv: 'Avsevärt minska alla former av våld och dödligt våld överallt', en: 'Significantly reduce all forms of violence and related death rates everywhere' },
      { code: '16.2', sv: 'Eliminera övergrepp, utnyttjande, människohandel och alla former av våld eller tortyr mot barn', en: 'End abuse, exploitation, trafficking and all forms of violence against and torture of children' },
    ],
  },
  {
    code: 'gender_equality',
    sv: 'Jämställdhetspolitiska delmål',
    en: 'Gender equality policy sub-goals',
    items: [
      { code: '1', sv: 'En jämn fördelning av makt och inflytande', en: 'Equal division of power and influence' },
      { code: '2', sv: 'Ekonomisk jämställdhet', en: 'Economic equality' },
      { code: '3', sv: 'Jämställd utbildning', en: 'Equal education' },
      { code: '4', sv: 'Jämn fördelning av det obetalda hem- och omsorgsarbetet', en: 'Equal distribution of unpaid housework and provision of care' },
      { code: '5', sv: 'Jämställd hälsa', en: 'Equal health' },
      { code: '6', sv: 'Mäns våld mot kvinnor ska upphöra', en: 'Men’s violence against women must stop' },
    ],
  },
  {
    code: 'national_strategy',
    sv: 'Nationella strategin mot mäns våld mot kvinnor (skr. 2016/17:10)',
    en: 'National strategy to prevent and combat men’s violence against women (skr. 2016/17:10)',
    items: [
      { code: '1', sv: 'Ett utökat och verkningsfullt förebyggande arbete mot våld', en: 'Increased and effective prevention of violence' },
      { code: '2', sv: 'Förbättrad upptäckt av våld och starkare skydd och stöd för våldsutsatta kvinnor och barn', en: 'Improved detection of violence and stronger protection and support for women and children subjected to violence' },
      { code: '3', sv: 'Effektivare brottsbekämpning', en: 'More effective law enforcement' },
      { code: '4', sv: 'Förbättrad kunskap och metodutveckling', en: 'Improved knowledge and methods development' },
    ],
  },
  {
    code: 'istanbul',
    sv: 'Istanbulkonventionen',
    en: 'Istanbul Convention',
    items: [
      { code: 'I', sv: 'Syften, definitioner, jämställdhet och icke-diskriminering, allmänna skyldigheter', en: 'Purposes, definitions, equality and non-discrimination, general obligations' },
      { code: 'II', sv: 'Samordnad politik och datainsamling', en: 'Integrated policies and data collection' },
      { code: 'III', sv: 'Förebyggande åtgärder', en: 'Prevention' },
      { code: 'IV', sv: 'Skydd och stöd', en: 'Protection and support' },
      { code: 'V', sv: 'Materiell rätt', en: 'Substantive law' },
      { code: 'VI', sv: 'Utredning, lagföring, processrätt och skyddsåtgärder', en: 'Investigation, prosecution, procedural law and protective measures' },
      { code: 'VII', sv: 'Migration och asyl', en: 'Migration and asylum' },
    ],
  },
];
