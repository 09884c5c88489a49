import type { UnitKind } from '../src/domain/vocabulary.js';

/** Word lists the benchmark composes its Swedish plan text from. */

export interface UnitTemplate {
  name: string | ((organization: string) => string);
  kind: UnitKind;
  shortName?: string;
  aliases?: string[];
}

/** Exactly 40 units per organization: boards, administrations, companies, councils, external parties and groups. */
export const unitTemplates: readonly UnitTemplate[] = [
  { name: 'Kommunstyrelsen', kind: 'board', shortName: 'KS' },
  { name: 'Socialnämnden', kind: 'board', shortName: 'SN' },
  { name: 'Utbildningsnämnden', kind: 'board' },
  { name: 'Barn- och ungdomsnämnden', kind: 'board', shortName: 'BUN' },
  { name: 'Kultur- och fritidsnämnden', kind: 'board' },
  { name: 'Vård- och omsorgsnämnden', kind: 'board', shortName: 'VON' },
  { name: 'Arbetsmarknadsnämnden', kind: 'board' },
  { name: 'Samhällsbyggnadsnämnden', kind: 'board' },
  { name: 'Miljö- och hälsoskyddsnämnden', kind: 'board' },
  { name: 'Tekniska nämnden', kind: 'board' },
  { name: 'Överförmyndarnämnden', kind: 'board' },
  { name: 'Gymnasienämnden', kind: 'board' },
  { name: 'Kommunledningsförvaltningen', kind: 'administration', shortName: 'KLF' },
  { name: 'Socialförvaltningen', kind: 'administration', aliases: ['Socialtjänsten'] },
  { name: 'Utbildningsförvaltningen', kind: 'administration' },
  { name: 'Kultur- och fritidsförvaltningen', kind: 'administration' },
  { name: 'Vård- och omsorgsförvaltningen', kind: 'administration' },
  { name: 'Arbetsmarknadsförvaltningen', kind: 'administration' },
  { name: 'Samhällsbyggnadsförvaltningen', kind: 'administration' },
  { name: 'Individ- och familjeomsorgen', kind: 'administration', shortName: 'IFO' },
  { name: 'Elevhälsan', kind: 'administration' },
  { name: 'Ungdomsmottagningen', kind: 'administration' },
  { name: 'Familjecentralen', kind: 'administration' },
  { name: 'Stödcentrum för brottsutsatta', kind: 'administration' },
  { name: 'HR-avdelningen', kind: 'administration' },
  { name: 'Kommunikationsavdelningen', kind: 'administration' },
  { name: 'Socialjouren', kind: 'administration' },
  { name: 'Äldreomsorgen', kind: 'administration' },
  { name: 'Funktionsstödsförvaltningen', kind: 'administration', aliases: ['LSS-verksamheten'] },
  { name: 'Fritidsgårdarna', kind: 'administration' },
  { name: (org) => `${org} Bostäder AB`, kind: 'company', aliases: ['Bostadsbolaget'] },
  { name: 'Räddningstjänstförbundet', kind: 'federation' },
  { name: 'Brottsförebyggande rådet', kind: 'council', shortName: 'BRÅ' },
  { name: 'Jämställdhetsrådet', kind: 'council' },
  { name: 'Polisen', kind: 'external', aliases: ['Polismyndigheten'] },
  { name: 'Hälso- och sjukvården i regionen', kind: 'external', aliases: ['Regionen'] },
  { name: 'Kvinnojouren', kind: 'external', aliases: ['Kvinno- och tjejjouren'] },
  { name: 'Kriminalvården', kind: 'external' },
  { name: 'Civilsamhällets organisationer', kind: 'group' },
  { name: 'Alla förvaltningar', kind: 'group' },
];

export const goalTexts: readonly string[] = [
  'Våldsutsatta ska få ett tidigt, samordnat och ändamålsenligt stöd',
  'Barn som upplever våld ska uppmärksammas och få stöd',
  'Våld ska förebyggas genom tidiga och främjande insatser',
  'Personer som utövar våld ska erbjudas insatser för att upphöra med våldet',
  'Medarbetare ska ha kunskap om våld och dess konsekvenser',
  'Hedersrelaterat våld och förtryck ska förebyggas och upptäckas',
  'Prostitution och människohandel för sexuella ändamål ska motverkas',
  'Samverkan mellan kommun, region, polis och civilsamhälle ska stärkas',
  'Unga ska ha kunskap om sexualitet, samtycke och jämställda relationer',
  'Äldre och personer med funktionsnedsättning ska skyddas mot våld',
  'Arbetet ska vara kunskapsbaserat och systematiskt följas upp',
  'Våldsutsatta ska ha tillgång till trygga och långsiktiga boendelösningar',
];

export const goalDescriptions: readonly string[] = [
  'Målet utgår från de nationella jämställdhetspolitiska delmålen och kommunens övergripande mål.',
  'Arbetet ska bedrivas utifrån ett barnrättsperspektiv och med den våldsutsattas säkerhet i centrum.',
  'Insatserna ska nå både kvinnor och män, flickor och pojkar, i alla delar av kommunen.',
  'Målet följs upp genom nyckeltal i Kolada och kommunens egen uppföljning.',
];

export const conditionTexts: readonly string[] = [
  'Kunskap och kompetens hos medarbetare och chefer',
  'Tydliga rutiner och ansvarsfördelning',
  'Systematisk uppföljning och statistik',
  'Samverkan och informationsutbyte inom ramen för sekretess',
  'Långsiktig finansiering av stödinsatser',
  'Tillgång till tolk och anpassad information',
];

export const goalLabels: readonly string[] = ['Fokusområde', 'Inriktningsmål', 'Målområde', 'Utvecklingsområde'];

export const actions: readonly (readonly [string, readonly string[]])[] = [
  [
    'Genomföra',
    [
      'utbildning om våld i nära relationer',
      'utbildningsinsatser om hedersrelaterat våld och förtryck',
      'föräldrastödsprogram med fokus på våldsprevention',
      'kampanjer mot sexuella trakasserier',
      'samtalsgrupper för barn som upplevt våld',
      'en kartläggning av våldsutsatthet',
    ],
  ],
  [
    'Utveckla',
    [
      'rutiner för att fråga om våldsutsatthet',
      'samverkan med polisen och regionen',
      'stödet till våldsutsatta äldre',
      'arbetet med skyddade personuppgifter',
      'metoder för att nå våldsutövare',
      'arbetet mot ekonomiskt våld',
    ],
  ],
  [
    'Erbjuda',
    [
      'stödsamtal till våldsutsatta vuxna',
      'behandling till personer som utövar våld',
      'skyddat boende med särskild kompetens',
      'krissamtal till barn och unga',
      'tolk vid samtal om våld',
      'rådgivning om ekonomiskt våld',
    ],
  ],
  [
    'Införa',
    [
      'metoden Mentorer i våldsprevention (MVP)',
      'en modell för tidig upptäckt av våld',
      'FREDA-bedömningsmetoder i hela socialtjänsten',
      'en gemensam riskbedömning',
      'en kontaktperson för våldsfrågor på varje enhet',
    ],
  ],
  [
    'Sprida',
    [
      'information om stödmöjligheter',
      'kunskap om eftervåld och olaga förföljelse',
      'material om digitalt våld till unga',
      'informationsmaterial på flera språk',
    ],
  ],
  [
    'Säkerställa',
    [
      'att barn som upplever våld får stöd',
      'att medarbetare vet hur de ska agera vid misstanke om våld',
      'att våldsutsatta i hemlöshet får boende',
      'att våldsutsatta med funktionsnedsättning får anpassat stöd',
    ],
  ],
  [
    'Samordna',
    [
      'insatser mot prostitution och människohandel',
      'arbetet i det lokala brottsförebyggande rådet',
      'stödet mellan socialtjänst och skola',
      'nätverket för våldsförebyggande arbete',
    ],
  ],
  [
    'Kartlägga',
    [
      'förekomsten av hedersrelaterat våld',
      'behovet av skyddat boende',
      'ungas utsatthet för sexuell exploatering',
      'medarbetares kunskap om våld',
    ],
  ],
];

export const contexts: readonly string[] = [
  'inom socialtjänsten',
  'i grundskolan och gymnasieskolan',
  'inom äldreomsorgen',
  'på fritidsgårdarna',
  'i samverkan med civilsamhället',
  'inom LSS-verksamheterna',
  'för nyanlända',
  'i kommunens samtliga förvaltningar',
  'vid ungdomsmottagningen',
  'inom elevhälsan',
  'i samverkan med polisen',
  'för kommunens chefer',
  '',
  '',
];

export const aims: readonly string[] = [
  'tidigt upptäcka våld och erbjuda rätt stöd',
  'öka kunskapen om våldets mekanismer och konsekvenser',
  'förebygga att våld uppstår',
  'stärka våldsutsattas säkerhet',
  'minska risken för upprepat våld',
  'ge barn och unga en röst i arbetet',
  'skapa en gemensam bild av läget i kommunen',
  'förbättra samordningen kring enskilda ärenden',
];

export const followUps: readonly string[] = [
  'Insatsen följs upp årligen i verksamhetsberättelsen.',
  'Arbetet sker i nära samverkan med regionen.',
  'Resultaten redovisas för kommunstyrelsen.',
  'Insatsen bygger på Socialstyrelsens föreskrifter och allmänna råd om våld i nära relationer.',
  'Kostnaden ryms inom befintlig budget.',
  '',
];

export const examples: readonly string[] = [
  'Utbildning via Länsstyrelsens webbkurs',
  'Temadag för skolkuratorer',
  'Föreläsning under Orange Day',
  'Informationsfolder i väntrummen',
  'Nätverksträff två gånger per år',
  'Samtalsmaterialet Våga fråga',
];

export const timeFrames: readonly string[] = ['2025', '2025–2026', '2026–2027', 'Löpande', 'Årligen', 'Hösten 2025', 'Under planperioden'];

/** Query words for the measure search: all occur in the generated text (search is case- and diacritic-insensitive). */
export const searchWords: readonly string[] = [
  'utbildning',
  'samverkan',
  'barn',
  'vald',
  'rutiner',
  'stod',
  'skolan',
  'hedersrelaterat',
  'polisen',
  'unga',
  'kartlaggning',
  'aldreomsorgen',
  'vald barn',
];
