import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type Random, createRandom } from './random.js';

/**
 * Invented master patient indexes (MPIs), reproducible from a seed: a realistic spread of names
 * (a few common family names shared by thousands, a long tail of rare ones), and the look-alikes
 * that make patient matching hard: the same name with different birth dates, twins, hyphenated,
 * apostrophe and accented names. No row describes a real person.
 */

export interface MpiPatient {
  mrn: string;
  family: string;
  given: string;
  middle: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  encounter: string | null;
  phone: string | null;
  address: string | null;
}

// Common names come first: the draw favours the head of each list (Zipf-like), as real MPIs do.
// SMYTH and JOHNSTON are left out on purpose: tests use them as typos of SMITH and JOHNSON.
const COMMON_FAMILY = [
  'Smith',
  'Jones',
  'Williams',
  'Brown',
  'Taylor',
  'Davies',
  'Wilson',
  'Evans',
  'Thomas',
  'Johnson',
  'Roberts',
  'Walker',
  'Wright',
  'Robinson',
  'Thompson',
  'White',
  'Hughes',
  'Edwards',
  'Green',
  'Hall',
  'Wood',
  'Harris',
  'Lewis',
  'Martin',
  'Jackson',
  'Clarke',
  'Clark',
  'Turner',
  'Hill',
  'Scott',
  'Cooper',
  'Morris',
  'Ward',
  'Moore',
  'King',
  'Watson',
  'Baker',
  'Harrison',
  'Morgan',
  'Patel',
  'Young',
  'Allen',
  'Mitchell',
  'James',
  'Anderson',
  'Phillips',
  'Lee',
  'Bell',
  'Parker',
  'Davis',
  "O'Brien",
  "O'Connor",
  "O'Neill",
  "D'Angelo",
  "O'Sullivan",
  'McCarthy',
  'MacDonald',
  'McAllister',
  'Murphy',
  'Kelly',
  'Walsh',
  'Byrne',
  'Ryan',
  'Doyle',
  'Nguyen',
  'Tran',
  'Chen',
  'Wang',
  'Li',
  'Zhang',
  'Kim',
  'Park',
  'Singh',
  'Kaur',
  'Khan',
  'Ali',
  'Ahmed',
  'Hussain',
  'Shah',
  'Begum',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Garcia',
  'Martínez',
  'Rodríguez',
  'López',
  'González',
  'Pérez',
  'Sánchez',
  'Ramírez',
  'Núñez',
  'Müller',
  'Schröder',
  'Bäcker',
  'Jäger',
  'Köhler',
  'Weiß',
  'Fischer',
  'Schneider',
  'Meyer',
  'Wagner',
  'Dvořák',
  'Novák',
  'Łukasiewicz',
  'Wójcik',
  'Kowalski',
  'Nowak',
  'Søndergaard',
  'Åberg',
  'Lindqvist',
  'Jensen',
  'Van der Berg',
  'De Vries',
  'Van Dijk',
  'Janssen',
  'Dubois',
  'Lefèvre',
  'Gagné',
  'Côté',
  'Rossi',
  'Russo',
  'Smith-Jones',
  'Garcia-Lopez',
  'Hughes-Wright',
  'Taylor-Brown',
  'Evans-Pritchard',
  'Bowes-Lyon',
  'Lloyd-Webber',
  'Ibrahim',
  'Hassan',
  'Mohamed',
  'Yilmaz',
  'Kaya',
  'Demir',
  'Papadopoulos',
  'Ivanov',
  'Petrov',
  'Kovács',
] as const;

const FEMALE_GIVEN = [
  'Mary',
  'Sarah',
  'Emma',
  'Olivia',
  'Sophie',
  'Jessica',
  'Emily',
  'Hannah',
  'Grace',
  'Amelia',
  'Elizabeth',
  'Margaret',
  'Susan',
  'Patricia',
  'Linda',
  'Barbara',
  'Jennifer',
  'Karen',
  'Helen',
  'Anne',
  'Catherine',
  'Jane',
  'Rachel',
  'Laura',
  'Charlotte',
  'Lucy',
  'Chloe',
  'Megan',
  'Isla',
  'Ava',
  'Fatima',
  'Aisha',
  'Priya',
  'Mei',
  'Yuki',
  'Siobhan',
  'Aoife',
  'Niamh',
  'Zoë',
  'Chloé',
  'Anne-Marie',
  'Mary-Kate',
  'Léa',
  'Inès',
  'María',
  'Sofía',
  'Ana',
  'Agnieszka',
  'Małgorzata',
  'Ingrid',
] as const;

const MALE_GIVEN = [
  'John',
  'David',
  'Michael',
  'James',
  'Robert',
  'William',
  'Peter',
  'Paul',
  'Thomas',
  'Richard',
  'Mark',
  'Andrew',
  'Daniel',
  'Christopher',
  'Joseph',
  'Stephen',
  'George',
  'Edward',
  'Henry',
  'Oliver',
  'Jack',
  'Harry',
  'Charlie',
  'Noah',
  'Liam',
  'Mohammed',
  'Ahmed',
  'Omar',
  'Raj',
  'Wei',
  'Hiroshi',
  'Sean',
  'Patrick',
  'Declan',
  'Ciarán',
  'Jean-Luc',
  "D'Andre",
  'José',
  'Jürgen',
  'Søren',
  'François',
  'Björn',
  'Łukasz',
  'Piotr',
  'Jan',
  'Pieter',
  'Kwame',
  'Chinedu',
  'Dmitri',
  'Ivan',
] as const;

// Rare names come from syllables, so a million patients have a long tail of distinct names as a
// real MPI does, not a million copies of 150.
const ONSETS = ['b', 'br', 'd', 'dr', 'f', 'g', 'gr', 'h', 'k', 'kr', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'st', 't', 'tr', 'v', 'w', 'z', 'ch', 'sh', 'th'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'y'];
const CODAS = ['', 'n', 'r', 'l', 'm', 'k', 'st', 'nd', 'rk', 'ss', 'x'];
const ENDINGS = ['', 'son', 'ley', 'ton', 'ford', 'wick', 'berg', 'ski', 'ova', 'ez', 'ini', 'ard', 'ow', 'ham', 'ett'];

const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Park Avenue', 'Victoria Road', 'Green Lane', 'Manor Way'];
const TOWNS = ['Ashford', 'Brookfield', 'Carlton', 'Dunmore', 'Eastleigh', 'Fairview', 'Glenwood', 'Hillcrest'];

/** Index into a list favouring the head: weight 1/(rank + flatten). */
function zipfPick<T>(random: Random, items: readonly T[], flatten: number): T {
  // Inverse of the continuous approximation of the harmonic weights: cheap and close enough.
  const a = Math.log(flatten);
  const b = Math.log(items.length + flatten);
  const rank = Math.floor(Math.exp(a + random.next() * (b - a)) - flatten);
  return items[Math.min(items.length - 1, Math.max(0, rank))]!;
}

function syllableName(random: Random): string {
  let name = '';
  const syllables = random.int(2, 3);
  for (let i = 0; i < syllables; i++) name += random.pick(ONSETS) + random.pick(VOWELS) + (i === syllables - 1 ? random.pick(CODAS) : '');
  name += random.pick(ENDINGS);
  return name[0]!.toUpperCase() + name.slice(1);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function birthDate(random: Random): string {
  const year = random.int(1925, 2024);
  const month = random.int(1, 12);
  const day = random.int(1, [31, year % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!);
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * Distinct nine-digit MRNs: i maps to (i * A + offset) mod 10^8, a bijection because A is
 * coprime with 10, behind a leading 1 so none starts with 0 and none collides with LOOK_ALIKES.
 */
function generatedMrn(i: number, offset: number): string {
  return '1' + pad((i * 48_271 + offset) % 100_000_000, 8);
}

/**
 * Rare family names are drawn from a fixed pool: a real MPI of a million patients has some
 * 150,000 distinct family names, not a new one for every second patient.
 */
function rareNamePool(seed: number, count: number): string[] {
  const random = createRandom(seed).fork('rare-names');
  const size = Math.min(150_000, Math.max(500, Math.ceil(count / 4)));
  return Array.from({ length: size }, () => syllableName(random));
}

function generatedPatient(random: Random, i: number, offset: number, rareNames: readonly string[]): MpiPatient {
  const sex: MpiPatient['sex'] = random.chance(0.01) ? random.pick(['other', 'unknown'] as const) : random.chance(0.5) ? 'female' : 'male';
  const givens = sex === 'female' ? FEMALE_GIVEN : sex === 'male' ? MALE_GIVEN : random.chance(0.5) ? FEMALE_GIVEN : MALE_GIVEN;
  const given = random.chance(0.93) ? zipfPick(random, givens, 6) : random.pick(rareNames);
  return {
    mrn: generatedMrn(i, offset),
    family: random.chance(0.45) ? zipfPick(random, COMMON_FAMILY, 12) : random.pick(rareNames),
    given,
    middle: random.chance(0.35) ? zipfPick(random, givens, 6) : null,
    birthDate: birthDate(random),
    sex,
    encounter: random.chance(0.6) ? `E${random.digits(7)}` : null,
    phone: random.chance(0.8) ? `07${random.digits(3)} ${random.digits(6)}` : null,
    address: random.chance(0.85) ? `${random.int(1, 240)} ${random.pick(STREETS)}, ${random.pick(TOWNS)}` : null,
  };
}

/**
 * A million patients and more without holding them: each comes from the seed and its position.
 * Look-alikes occur naturally (common names), but the fixed LOOK_ALIKES are not included.
 */
export function* fakeMpiPatients(options: { seed: number; count: number }): Generator<MpiPatient> {
  const random = createRandom(options.seed);
  const offset = random.int(0, 99_999_999);
  const rareNames = rareNamePool(options.seed, options.count);
  for (let i = 0; i < options.count; i++) yield generatedPatient(random, i, offset, rareNames);
}

const patient = (mrn: string, family: string, given: string, birthDate: string, sex: MpiPatient['sex'], middle: string | null = null): MpiPatient => ({
  mrn,
  family,
  given,
  middle,
  birthDate,
  sex,
  encounter: null,
  phone: null,
  address: null,
});

/** Known hard cases, with fixed MRNs the tests refer to. */
export const LOOK_ALIKES = {
  maryOBrien: patient('00123456', "O'Brien", 'Mary', '1984-03-07', 'female', 'Bridget'),
  /** Same name as maryOBrien, another birth date. */
  maryOBrienYounger: patient('00123457', "O'Brien", 'Mary', '1991-11-23', 'female'),
  /** Twins: same family name and birth date. */
  twinMary: patient('00234567', 'Smith-Jones', 'Mary', '2001-06-02', 'female'),
  twinMark: patient('00234568', 'Smith-Jones', 'Mark', '2001-06-02', 'male'),
  jurgenMuller: patient('00345678', 'Müller', 'Jürgen', '1957-12-24', 'male'),
  /** Written without the umlaut by the registering clerk. */
  annaMuller: patient('00345679', 'Muller', 'Anna', '1962-04-11', 'female'),
  johnSmith: patient('00456789', 'Smith', 'John', '1950-01-15', 'male'),
  peterJohnson: patient('00456790', 'Johnson', 'Peter', '1975-08-30', 'male'),
  anneMarieDAngelo: patient('00567890', "D'Angelo", 'Anne-Marie', '1968-02-29', 'female'),
  pieterVanDerBerg: patient('00567891', 'Van der Berg', 'Pieter', '1944-10-10', 'male'),
  joseNunezGarcia: patient('00678901', 'Núñez García', 'José', '1990-05-05', 'male'),
  siobhanOBrienWalsh: patient('00678902', "O'Brien-Walsh", 'Siobhan', '1979-09-09', 'female'),
} as const satisfies Record<string, MpiPatient>;

/**
 * A small MPI for tests and demos: generated patients, the fixed LOOK_ALIKES, and more look-alikes
 * made from generated ones (the same name born on another day; twins).
 */
export function fakeMpi(options: { seed: number; count: number; lookAlikes?: boolean }): MpiPatient[] {
  const random = createRandom(options.seed).fork('look-alikes');
  const out = [...fakeMpiPatients(options)];
  if (options.lookAlikes === false) return out;
  const extra: MpiPatient[] = [];
  let serial = 0;
  const nextMrn = () => `2${pad(options.seed % 1000, 3)}${pad(serial++, 5)}`;
  for (const p of out) {
    if (random.chance(0.03)) extra.push({ ...p, mrn: nextMrn(), birthDate: birthDate(random), middle: null });
    else if (random.chance(0.01)) {
      const givens = p.sex === 'female' ? FEMALE_GIVEN : MALE_GIVEN;
      const twin = givens.filter((g) => g !== p.given);
      extra.push({ ...p, mrn: nextMrn(), given: random.pick(twin), middle: null });
    }
  }
  return [...out, ...extra, ...Object.values(LOOK_ALIKES)];
}

const CSV_COLUMNS = ['mrn', 'family', 'given', 'middle', 'birthDate', 'sex', 'encounter', 'phone', 'address'] as const;

function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const SEX_CODE = { female: 'F', male: 'M', other: 'O', unknown: 'U' } as const;

/** CSV lines (header first), each ending in CRLF as spreadsheet exports do. */
export function* mpiCsvLines(patients: Iterable<MpiPatient>): Generator<string> {
  yield CSV_COLUMNS.join(',') + '\r\n';
  for (const p of patients) {
    yield CSV_COLUMNS.map((c) => csvField(c === 'sex' ? SEX_CODE[p.sex] : p[c])).join(',') + '\r\n';
  }
}

export function mpiCsv(patients: Iterable<MpiPatient>): string {
  return [...mpiCsvLines(patients)].join('');
}

/** Streams an MPI to a CSV file without building it in memory. */
export async function writeMpiCsv(path: string, patients: Iterable<MpiPatient>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of mpiCsvLines(patients)) {
    buffer += line;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

export const MRN_IDENTIFIER_SYSTEM = 'urn:oid:2.16.840.1.113883.19.5';

/** A FHIR R4 Bundle (collection) of Patient resources, MRNs typed MR as hospital feeds send them. */
export function mpiFhirBundle(patients: Iterable<MpiPatient>): Record<string, unknown> {
  const entry = [...patients].map((p) => ({
    fullUrl: `urn:uuid:patient-${p.mrn}`,
    resource: {
      resourceType: 'Patient',
      identifier: [
        { system: 'https://example.org/national-id', value: `N${p.mrn}` },
        { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: MRN_IDENTIFIER_SYSTEM, value: p.mrn },
      ],
      name: [{ use: 'official', family: p.family, given: [p.given, ...(p.middle ? [p.middle] : [])] }],
      gender: p.sex,
      birthDate: p.birthDate,
      ...(p.phone ? { telecom: [{ system: 'phone', value: p.phone, use: 'mobile' }] } : {}),
      ...(p.address ? { address: [{ text: p.address }] } : {}),
    },
  }));
  return { resourceType: 'Bundle', type: 'collection', entry };
}
